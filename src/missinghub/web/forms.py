"""The police report and return forms (their date boxes come from `kit.forms`)."""

import datetime as dt
import uuid
from typing import Any

from django import forms

from missinghub.children.models import Sex
from missinghub.episodes.models import GRADES, EpisodeCategory, ReturnMethod
from missinghub.episodes.rules import category_after_grading, day_problem, moment_problem
from missinghub.kit.forms import LONDON, DateTimePartsForm


class EpisodeDatesForm(DateTimePartsForm):
    """Date boxes checked by the date rules of every way in (`episodes.rules`)."""

    def check_rules(self, prefix: str, label: str, value: dt.date | None) -> None:
        """A broken rule as a GOV.UK error message on the date's first box."""
        if value is None:
            return
        problem = moment_problem(value) if isinstance(value, dt.datetime) else day_problem(value)
        if problem:
            sentence = problem[0].lower() + problem[1:].rstrip(".")
            self.add_error(f"{prefix}_day", f"{label.capitalize()}: {sentence}")


class ReportMissingForm(EpisodeDatesForm):
    submission_id = forms.UUIDField(widget=forms.HiddenInput)
    given_name = forms.CharField(max_length=100, required=False)
    family_name = forms.CharField(max_length=100, required=False)
    sex = forms.ChoiceField(choices=Sex.choices, required=False, initial=Sex.NOT_KNOWN)
    category = forms.ChoiceField(choices=EpisodeCategory.choices, initial=EpisodeCategory.MISSING)
    risk_level = forms.ChoiceField(choices=GRADES)
    risk_reason = forms.CharField(widget=forms.Textarea, max_length=2000)
    police_reference = forms.CharField(max_length=64, required=False)
    exploitation_flag = forms.BooleanField(required=False)

    def __init__(self, *args: Any, known_child: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.known_child = known_child
        if not known_child:
            self.add_date_parts("date_of_birth", with_time=False)
        self.add_date_parts("last_seen", with_time=True)
        self.add_date_parts("reported", with_time=True)
        self.fields["risk_level"].error_messages["required"] = "Select the risk level"
        self.fields["risk_reason"].error_messages["required"] = "Enter why you chose that level"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.known_child:
            for name, label in (("given_name", "first name"), ("family_name", "last name")):
                if not str(data.get(name) or "").strip():
                    self.add_error(name, f"Enter the child's {label}")
            data["date_of_birth"] = self.combine_date("date_of_birth", "the date of birth")
        data["last_seen_at"] = self.combine_date_time("last_seen", "when the child was last seen")
        data["reported_at"] = self.combine_date_time("reported", "the report")
        self.check_rules("date_of_birth", "the date of birth", data.get("date_of_birth"))
        self.check_rules("last_seen", "when the child was last seen", data["last_seen_at"])
        self.check_rules("reported", "the report", data["reported_at"])
        category, level = data.get("category"), data.get("risk_level")
        if category and level and category_after_grading(category, level) != category:
            self.add_error(
                "risk_level",
                "An absent child has no apparent risk: choose No apparent risk, or report the "
                "child as missing",
            )
        last_seen, reported = data["last_seen_at"], data["reported_at"]
        if last_seen and reported and reported < last_seen:
            self.add_error("reported_day", "The report cannot be before the child was last seen")
        return data

    @staticmethod
    def new_submission_id() -> uuid.UUID:
        return uuid.uuid4()


class RecordReturnForm(EpisodeDatesForm):
    return_method = forms.ChoiceField(choices=ReturnMethod.choices)
    where_found = forms.CharField(max_length=300, required=False)

    def __init__(
        self, *args: Any, last_seen_at: dt.datetime, reported_at: dt.datetime, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.last_seen_at = last_seen_at
        self.reported_at = reported_at
        self.add_date_parts("returned", with_time=True)
        self.fields["return_method"].error_messages["required"] = "Select how the child returned"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        returned = self.combine_date_time("returned", "the return")
        self.check_rules("returned", "the return", returned)
        if returned is not None and returned < self.last_seen_at:
            seen = self.last_seen_at.astimezone(LONDON).strftime("%-d %B %Y %H:%M")
            self.add_error(
                "returned_day", f"The return must be after the child was last seen ({seen})"
            )
        elif returned is not None and returned < self.reported_at:
            reported = self.reported_at.astimezone(LONDON).strftime("%-d %B %Y %H:%M")
            self.add_error(
                "returned_day", f"The return must be after the child was reported ({reported})"
            )
        data["returned_at"] = returned
        return data

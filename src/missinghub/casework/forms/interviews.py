"""Forms of the return interview pages: assignment, contact attempts, the interview itself and
its outcome. The interview form carries the version the page was opened at, so a stale save is
refused by the service rather than overwriting a colleague's work."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from missinghub.accounts.models import User
from missinghub.casework.config import casework_config
from missinghub.casework.forms.once import OnceOnly
from missinghub.casework.models import (
    ContactMethod,
    ContactOutcome,
    InterviewOutcome,
    ReturnInterview,
)
from missinghub.casework.services.interviews import InterviewContent
from missinghub.kit.forms import DateTimePartsForm, initial_date_parts

TEXT_FIELDS = (
    "place",
    "present",
    "carers_account",
    "factors_notes",
    "stayed_where",
    "stayed_with",
    "harm_suffered",
    "disclosures",
    "child_voice",
)
SAVE, COMPLETE = "save", "complete"


def optional_date_time(form: DateTimePartsForm, prefix: str, label: str) -> dt.datetime | None:
    """None when every box is empty; otherwise the combined date and time (or a form error)."""
    parts = [form.cleaned_data.get(f"{prefix}_{p}") for p in ("day", "month", "year", "time")]
    if all(part in (None, "") for part in parts):
        return None
    return form.combine_date_time(prefix, label)


class AssignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    worker = forms.ModelChoiceField(queryset=User.objects.none(), empty_label=None)

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers  # type: ignore[attr-defined]
        self.fields["worker"].error_messages["required"] = "Select who will do the interview"


class ContactAttemptForm(OnceOnly, DateTimePartsForm):
    method = forms.ChoiceField(choices=ContactMethod.choices)
    outcome = forms.ChoiceField(choices=ContactOutcome.choices)
    notes = forms.CharField(widget=forms.Textarea, required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_date_parts("attempted", with_time=True)
        self.fields["method"].error_messages["required"] = "Select how you tried to make contact"
        self.fields["outcome"].error_messages["required"] = "Select what happened"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["attempted_at"] = self.combine_date_time("attempted", "the contact attempt")
        return data


class InterviewForm(DateTimePartsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[(SAVE, SAVE), (COMPLETE, COMPLETE)], initial=SAVE)
    place = forms.CharField(max_length=200, required=False)
    present = forms.CharField(max_length=300, required=False)
    child_declined = forms.BooleanField(required=False)
    carers_account = forms.CharField(widget=forms.Textarea, required=False)
    push_factors = forms.MultipleChoiceField(required=False)
    pull_factors = forms.MultipleChoiceField(required=False)
    factors_notes = forms.CharField(widget=forms.Textarea, required=False)
    stayed_where = forms.CharField(widget=forms.Textarea, required=False)
    stayed_with = forms.CharField(widget=forms.Textarea, required=False)
    harm_suffered = forms.CharField(widget=forms.Textarea, required=False)
    disclosures = forms.CharField(widget=forms.Textarea, required=False)
    child_voice = forms.CharField(widget=forms.Textarea, required=False)
    outcome = forms.ChoiceField(choices=InterviewOutcome.choices, required=False)
    signposted_service = forms.ChoiceField(required=False)
    outcome_notes = forms.CharField(widget=forms.Textarea, required=False)
    late_reason = forms.CharField(widget=forms.Textarea, required=False, max_length=2000)

    def __init__(self, *args: Any, due_at: dt.datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.due_at = due_at
        config = casework_config()
        self.add_date_parts("interviewed", with_time=True)
        self.fields["push_factors"].choices = [(c.code, c.label) for c in config.push_factors]  # type: ignore[attr-defined]
        self.fields["pull_factors"].choices = [(c.code, c.label) for c in config.pull_factors]  # type: ignore[attr-defined]
        self.fields["signposted_service"].choices = [  # type: ignore[attr-defined]
            (s.code, f"{s.name}: {s.offers}" if s.offers else s.name) for s in config.services
        ]

    @classmethod
    def initial_for(cls, interview: ReturnInterview) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(interview, name) for name in TEXT_FIELDS}
        initial.update(
            version=interview.version,
            action=SAVE,
            child_declined=interview.child_declined,
            push_factors=interview.push_factors,
            pull_factors=interview.pull_factors,
        )
        if interview.interviewed_at is not None:
            initial.update(initial_date_parts("interviewed", interview.interviewed_at))
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["interviewed_at"] = optional_date_time(self, "interviewed", "the interview")
        if data.get("action") == COMPLETE:
            self._check_completion(data)
        return data

    def _check_completion(self, data: dict[str, Any]) -> None:
        if data["interviewed_at"] is None and "interviewed_day" not in self.errors:
            self.add_error(
                "interviewed_day", "Enter when the interview (or the talk with the carers) was"
            )
        if data.get("child_declined") and not data.get("carers_account", "").strip():
            self.add_error("carers_account", "Enter what the parents or carers said")
        if not data.get("outcome"):
            self.add_error("outcome", "Select the outcome of the interview")
        elif data["outcome"] == InterviewOutcome.SIGNPOSTING and not data.get("signposted_service"):
            self.add_error("signposted_service", "Select the service you signposted to")
        held = data["interviewed_at"]
        late = held is not None and self.due_at is not None and held > self.due_at
        if late and not str(data.get("late_reason") or "").strip():
            due = timezone.localtime(self.due_at).strftime("%-d %B %Y %H:%M")
            self.add_error(
                "late_reason", f"Enter why the interview took place after its deadline ({due})"
            )

    def content(self) -> InterviewContent:
        data = self.cleaned_data
        return InterviewContent(
            interviewed_at=data["interviewed_at"],
            child_declined=bool(data.get("child_declined")),
            push_factors=list(data.get("push_factors") or []),
            pull_factors=list(data.get("pull_factors") or []),
            **{name: data.get(name) or "" for name in TEXT_FIELDS},
        )

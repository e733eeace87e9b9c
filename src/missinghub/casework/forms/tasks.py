"""Forms of the task pages: the youth-worker visit, and an alert acknowledged."""

from typing import Any

from django import forms

from missinghub.casework.forms.interventions import TOOK_UP
from missinghub.casework.forms.once import OnceOnly
from missinghub.casework.models import VisitOutcome
from missinghub.episodes.rules import moment_problem
from missinghub.kit.forms import DateTimePartsForm

SEEN = [("yes", "Yes"), ("no", "No")]


class VisitForm(OnceOnly, DateTimePartsForm):
    seen = forms.ChoiceField(choices=SEEN)
    support_taken_up = forms.ChoiceField(choices=TOOK_UP, required=False)
    outcome = forms.ChoiceField(choices=VisitOutcome.choices)
    notes = forms.CharField(widget=forms.Textarea, required=False, max_length=4000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_date_parts("visited", with_time=False)
        self.fields["seen"].error_messages["required"] = "Select whether you saw the child"
        self.fields["outcome"].error_messages["required"] = "Select the outcome of the visit"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["visited_on"] = self.combine_date("visited", "the date of the visit")
        if data.get("seen") == "no" and data.get("outcome") not in (None, VisitOutcome.NOT_SEEN):
            self.add_error("outcome", "Select 'Not seen' when you did not see the child")
        if data.get("seen") == "yes" and not data.get("support_taken_up"):
            self.add_error("support_taken_up", "Select whether the child took up further support")
        return data


class AcknowledgeForm(OnceOnly):
    what_was_done = forms.CharField(widget=forms.Textarea, max_length=4000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["what_was_done"].error_messages["required"] = "Enter what was done"


class PoliceReviewForm(OnceOnly, DateTimePartsForm):
    progress = forms.CharField(widget=forms.Textarea, max_length=4000)
    next_steps = forms.CharField(widget=forms.Textarea, max_length=4000)
    risk_level_right = forms.ChoiceField(choices=SEEN)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_date_parts("reviewed", with_time=True)
        errors = {
            "progress": "Enter what the investigation has done and found",
            "next_steps": "Enter what happens next",
            "risk_level_right": "Select whether the risk level is still right",
        }
        for name, message in errors.items():
            self.fields[name].error_messages["required"] = message

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reviewed = self.combine_date_time("reviewed", "the review")
        problem = moment_problem(reviewed) if reviewed is not None else None
        if problem:
            self.add_error("reviewed_day", f"The review: {problem[0].lower()}{problem[1:-1]}")
        data["reviewed_at"] = reviewed
        return data

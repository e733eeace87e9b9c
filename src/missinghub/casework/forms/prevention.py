"""Forms of the prevent-and-learn pages: a managed risk assessment, a prevention activity, a
return-interview quality audit."""

from typing import Any

from django import forms

from missinghub.casework.config import casework_config
from missinghub.casework.forms.once import OnceOnly
from missinghub.casework.models import AuditGrade, PreventionAudience, PreventionKind, ReportWhen
from missinghub.kit.forms import DateTimePartsForm


class AssessmentForm(OnceOnly, DateTimePartsForm):
    before_reporting = forms.CharField(max_length=4000)
    report_when = forms.ChoiceField(choices=ReportWhen.choices)
    report_after_hours = forms.IntegerField(min_value=1, max_value=72, required=False)
    conditions = forms.CharField(max_length=4000, required=False)
    who_to_tell = forms.CharField(max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_date_parts("review_by", with_time=False)
        errors = {
            "before_reporting": "Say what the home does before reporting the child",
            "report_when": "Select when the home reports the child",
            "who_to_tell": "Say who the home tells",
        }
        for name, message in errors.items():
            self.fields[name].error_messages["required"] = message

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["review_by"] = self.combine_date("review_by", "the review date")
        when, hours = data.get("report_when"), data.get("report_after_hours")
        if when == ReportWhen.AFTER_HOURS and hours is None:
            self.add_error("report_after_hours", "Enter the hours before the home reports")
        if when != ReportWhen.AFTER_HOURS:
            data["report_after_hours"] = None
        if when == ReportWhen.ON_CONDITIONS and not str(data.get("conditions") or "").strip():
            self.add_error("conditions", "Write the conditions on which the home reports")
        return data


class ActivityForm(OnceOnly, DateTimePartsForm):
    kind = forms.ChoiceField(choices=PreventionKind.choices)
    audience = forms.ChoiceField(choices=PreventionAudience.choices)
    reached = forms.IntegerField(min_value=1, max_value=100_000)
    setting = forms.CharField(max_length=200, required=False)
    materials = forms.CharField(max_length=300, required=False)
    notes = forms.CharField(max_length=4000, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_date_parts("held", with_time=False)
        self.fields["kind"].error_messages["required"] = "Select the kind of work"
        self.fields["audience"].error_messages["required"] = "Select who it was for"
        self.fields["reached"].error_messages["required"] = "Enter the number of people reached"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["held_on"] = self.combine_date("held", "the date")
        return data


class AuditForm(OnceOnly):
    criteria_met = forms.MultipleChoiceField(required=False)
    grade = forms.ChoiceField(choices=AuditGrade.choices)
    learning = forms.CharField(max_length=4000)
    child_view_summary = forms.CharField(max_length=2000, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rubric = casework_config().interview_audit
        self.fields["criteria_met"].choices = [(c.code, c.label) for c in rubric.criteria]  # type: ignore[attr-defined]
        self.fields["grade"].error_messages["required"] = "Select a grade"
        self.fields["learning"].error_messages["required"] = "Write the learning for the team"

from django import forms

from missinghub.exports.reasons import reason_problem

PERIODS = [("3", "The last 3 months"), ("12", "The last 12 months"), ("", "Everything held")]


class ExportForm(forms.Form):
    reason = forms.CharField(
        min_length=10,
        max_length=500,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter why you need this export",
            "min_length": "Say why you need this export in at least 20 characters and 4 words",
        },
    )
    period = forms.ChoiceField(choices=PERIODS, required=False, initial="12")

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"])
        problem = reason_problem(reason)
        if problem is not None:
            raise forms.ValidationError(problem)
        return reason

    @property
    def months(self) -> int | None:
        value = self.cleaned_data.get("period")
        return int(value) if value else None


class SubjectAccessForm(forms.Form):
    child_number = forms.IntegerField(
        min_value=1, error_messages={"required": "Enter the child's number"}
    )
    reason = forms.CharField(
        min_length=5,
        max_length=500,
        error_messages={"required": "Enter the subject-access request's reference"},
    )


class ReachRequestForm(forms.Form):
    child_number = forms.IntegerField(
        min_value=1, error_messages={"required": "Enter the child's number"}
    )
    reason = forms.CharField(
        min_length=10,
        max_length=500,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the subject-access request and why your agency answers it",
            "min_length": "Say why in at least 10 characters",
        },
    )

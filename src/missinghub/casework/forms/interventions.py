"""Forms of the intervention pages: start one, record take-up and sessions, end it."""

from typing import Any

from django import forms

from missinghub.accounts.models import User
from missinghub.casework.forms.once import OnceOnly
from missinghub.casework.models import InterventionEndReason, InterventionType
from missinghub.kit.forms import DateTimePartsForm

TOOK_UP = [("yes", "Yes"), ("no", "No"), ("unknown", "Not known yet")]


def took_up(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def took_up_choice(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "unknown")  # type: ignore[arg-type]


class StartInterventionForm(OnceOnly, DateTimePartsForm):
    intervention_type = forms.ChoiceField(choices=InterventionType.choices)
    worker = forms.ModelChoiceField(queryset=User.objects.none(), empty_label=None)
    sessions_planned = forms.IntegerField(min_value=0, max_value=200, initial=6)

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers  # type: ignore[attr-defined]
        self.fields["intervention_type"].error_messages["required"] = "Select the type"
        self.add_date_parts("start", with_time=False)
        self.add_date_parts("planned_end", with_time=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["start_date"] = self.combine_date("start", "the start date")
        data["planned_end_date"] = self.combine_date("planned_end", "the planned end date")
        start, end = data["start_date"], data["planned_end_date"]
        if start and end and end < start:
            self.add_error("planned_end_day", "The planned end must be on or after the start")
        return data


class TakeUpForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    child_took_up = forms.ChoiceField(choices=TOOK_UP)
    family_took_up = forms.ChoiceField(choices=TOOK_UP)
    sessions_attended = forms.IntegerField(min_value=0, max_value=200)

    def __init__(self, *args: Any, planned: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.planned = planned

    def clean_sessions_attended(self) -> int:
        attended: int = self.cleaned_data["sessions_attended"]
        if attended > self.planned:
            raise forms.ValidationError(
                f"Sessions attended must be {self.planned} or fewer (the sessions planned)"
            )
        return attended


class EndInterventionForm(DateTimePartsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    end_reason = forms.ChoiceField(choices=InterventionEndReason.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_date_parts("ended", with_time=False)
        self.fields["end_reason"].error_messages["required"] = "Select why it ended"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["ended_on"] = self.combine_date("ended", "the end date")
        return data

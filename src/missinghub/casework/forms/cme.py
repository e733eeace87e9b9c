"""Forms of the children-missing-education pages."""

from typing import Any

from django import forms

from missinghub.accounts.models import Agency
from missinghub.casework.forms.once import OnceOnly
from missinghub.casework.models import CmeGround, CmeStatus
from missinghub.kit.forms import DateTimePartsForm


class ReferralForm(OnceOnly, DateTimePartsForm):
    ground = forms.ChoiceField(choices=CmeGround.choices)
    referred_to = forms.ModelChoiceField(queryset=Agency.objects.none(), empty_label=None)
    parent_name = forms.CharField(max_length=200, required=False)
    address = forms.CharField(widget=forms.Textarea, max_length=1000, required=False)
    phone = forms.CharField(max_length=40, required=False)
    next_school_or_address = forms.CharField(widget=forms.Textarea, max_length=1000, required=False)

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referred_to"].queryset = teams  # type: ignore[attr-defined]
        self.fields["ground"].error_messages["required"] = "Select the ground for removal"
        self.add_date_parts("referred", with_time=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["referred_on"] = self.combine_date("referred", "the date of referral")
        return data


class EnquiryForm(OnceOnly, DateTimePartsForm):
    made_with = forms.CharField(max_length=200)
    result = forms.CharField(widget=forms.Textarea, max_length=4000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["made_with"].error_messages["required"] = "Enter who you asked"
        self.fields["result"].error_messages["required"] = "Enter what you found out"
        self.add_date_parts("made", with_time=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["made_on"] = self.combine_date("made", "the date of the enquiry")
        return data


class CloseForm(DateTimePartsForm):
    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in CmeStatus if s != CmeStatus.ONGOING]
    )
    where = forms.CharField(widget=forms.Textarea, max_length=1000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].error_messages["required"] = "Select how the referral ends"
        self.fields["where"].error_messages["required"] = (
            "Enter where the child was located, or who it was passed on to"
        )
        self.add_date_parts("closed", with_time=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["closed_on"] = self.combine_date("closed", "the closing date")
        return data

"""Forms of the Philomena pages. The profile form carries the version the page was opened at, so
a save from a stale page is refused rather than overwriting a colleague's changes."""

from typing import Any

from django import forms

from missinghub.casework.forms.once import OnceOnly
from missinghub.casework.models import PROFILE_FIELDS
from missinghub.casework.services.philomena import ProfileContent
from missinghub.kit.forms import DateTimePartsForm

PROFILE_LABELS = {
    "description": "Description",
    "associates": "Associates",
    "places_frequented": "Places frequented",
    "phone_and_social_media": "Phone and social media",
    "medical_needs": "Medical needs",
    "missing_history": "Missing history",
}
PROFILE_HINTS = {
    "description": "Height, build, hair, marks, tattoos, accent, how they usually dress.",
    "associates": "Friends, family and adults the child may go to; any concerns about them.",
    "places_frequented": "Addresses, areas and places the child has been found before.",
    "phone_and_social_media": "Phone numbers and social media names.",
    "medical_needs": "Conditions and medicines the child needs while missing.",
    "missing_history": "Patterns: when they go, how long for, where found.",
}


class ProfileForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in PROFILE_FIELDS:
            self.fields[name] = forms.CharField(
                widget=forms.Textarea, max_length=4000, required=False
            )

    def content(self) -> ProfileContent:
        return ProfileContent(**{name: self.cleaned_data[name] for name in PROFILE_FIELDS})


class PhotoForm(DateTimePartsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    photo = forms.FileField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photo"].error_messages["required"] = "Choose a photo"
        self.add_date_parts("taken", with_time=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = [data.get(f"taken_{p}") for p in ("day", "month", "year")]
        data["taken_on"] = (
            None if all(p is None for p in parts) else self.combine_date("taken", "the date taken")
        )
        return data


class GrabPackForm(OnceOnly):
    last_seen_clothing = forms.CharField(widget=forms.Textarea, max_length=2000)
    last_seen_details = forms.CharField(widget=forms.Textarea, max_length=2000, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["last_seen_clothing"].error_messages["required"] = (
            "Enter what the child was last seen wearing"
        )

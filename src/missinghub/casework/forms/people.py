"""Form of the child's people pages: one person (allocated social worker or named contact)."""

from typing import Any

from django import forms

from missinghub.casework.forms.once import OnceOnly
from missinghub.children.models import ContactRole
from missinghub.children.services import ContactDetails


class ContactForm(OnceOnly, forms.Form):
    role = forms.ChoiceField(choices=ContactRole.choices)
    name = forms.CharField(max_length=200)
    agency = forms.CharField(max_length=200, required=False)
    phone = forms.CharField(max_length=40, required=False)
    email = forms.EmailField(max_length=254, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].error_messages["required"] = "Select who they are to the child"
        self.fields["name"].error_messages["required"] = "Enter their name"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.org"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("phone", "").strip() or data.get("email")):
            self.add_error("phone", "Enter a phone number or an email address")
        return data

    def details(self) -> ContactDetails:
        data = self.cleaned_data
        return ContactDetails(
            role=ContactRole(data["role"]),
            name=data["name"],
            agency=data["agency"],
            phone=data["phone"],
            email=data["email"],
        )

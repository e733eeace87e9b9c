"""Administration forms (GOV.UK patterns; every choice shown in words)."""

from django import forms

from missinghub.accounts.models import Agency, AgencyKind, Role, User


class AgencyForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the agency's name"})
    kind = forms.ChoiceField(
        choices=AgencyKind.choices, error_messages={"required": "Select the kind of agency"}
    )
    area = forms.CharField(
        max_length=100, error_messages={"required": "Enter the council area the agency serves"}
    )


class UserForm(forms.Form):
    username = forms.CharField(max_length=150, error_messages={"required": "Enter a username"})
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(is_active=True).order_by("area", "name"),
        error_messages={"required": "Select the user's agency"},
    )
    role = forms.ChoiceField(choices=Role.choices, error_messages={"required": "Select a role"})

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"]).strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("A user with this username already exists")
        return username


class DisableForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        error_messages={"required": "Enter why the account is disabled (for the audit trail)"},
    )

"""Forms of the panel pages: a new panel, a meeting, the discussion, an action."""

import datetime as dt
from typing import Any

from django import forms

from missinghub.accounts.models import User
from missinghub.casework.forms.once import OnceOnly
from missinghub.casework.models import PanelKind
from missinghub.kit.forms import DateTimePartsForm


class PanelForm(OnceOnly):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=PanelKind.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Enter the panel's name"
        self.fields["kind"].error_messages["required"] = "Select the kind of panel"


class MemberForm(forms.Form):
    username = forms.CharField(max_length=150)

    def clean_username(self) -> User:
        user = User.objects.filter(username=self.cleaned_data["username"].strip(), is_active=True)
        found = user.first()
        if found is None:
            raise forms.ValidationError("No active user has that username")
        return found


class MeetingForm(OnceOnly, DateTimePartsForm):
    location = forms.CharField(max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_date_parts("meets", with_time=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["meets_at"] = self.combine_date_time("meets", "the meeting")
        return data


class DiscussionForm(forms.Form):
    discussion = forms.CharField(widget=forms.Textarea, max_length=10000)
    child_voice = forms.CharField(widget=forms.Textarea, max_length=10000, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["discussion"].error_messages["required"] = "Enter what the panel discussed"


class ActionForm(OnceOnly, DateTimePartsForm):
    description = forms.CharField(max_length=500)
    owner = forms.ModelChoiceField(queryset=User.objects.none(), empty_label=None)

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["description"].error_messages["required"] = "Enter what is to be done"
        self.fields["owner"].error_messages["required"] = "Select who owns the action"
        self.add_date_parts("due", with_time=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        due: dt.date | None = self.combine_date("due", "the due date")
        data["due_date"] = due
        return data

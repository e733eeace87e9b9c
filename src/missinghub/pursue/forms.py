"""Forms: record a person, place, phone, vehicle or handle of concern for a child; a disruption
action and its outcome. GOV.UK error messages; the value is checked by the same normalising the
service uses, so a wrong phone number or postcode is named at the field."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from missinghub.accounts.models import User
from missinghub.children.models import Child
from missinghub.kit.forms import DateTimePartsForm
from missinghub.pursue.models import (
    ActionKind,
    EntityKind,
    HandlingCode,
    IntelligenceAssessment,
    LinkSource,
    SourceEvaluation,
)
from missinghub.pursue.normalise import NotRecognised
from missinghub.pursue.services import Grading, Mention, entity_key

REQUIRED = {
    "kind": "Select what you are recording",
    "source": "Select where this came from",
    "source_evaluation": "Select how reliable the source is",
    "intelligence_assessment": "Select how the source knows it",
    "handling_code": "Select whether it may be shared",
}


class LinkForm(DateTimePartsForm):
    kind = forms.ChoiceField(choices=EntityKind.choices)
    value = forms.CharField(max_length=300, required=False)
    postcode = forms.CharField(max_length=10, required=False)
    aliases = forms.CharField(max_length=300, required=False)
    relationship = forms.CharField(max_length=200, required=False)
    source = forms.ChoiceField(choices=LinkSource.choices)
    source_evaluation = forms.ChoiceField(choices=SourceEvaluation.choices)
    intelligence_assessment = forms.ChoiceField(choices=IntelligenceAssessment.choices)
    handling_code = forms.ChoiceField(choices=HandlingCode.choices)
    note = forms.CharField(widget=forms.Textarea, max_length=5000, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, message in REQUIRED.items():
            self.fields[name].error_messages["required"] = message
        self.add_date_parts("seen", with_time=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen: dt.date | None = self.combine_date("seen", "when it was")
        if seen is not None and seen > timezone.localdate():
            self.add_error("seen_day", "The date must be today or in the past")
            seen = None
        data["seen_on"] = seen
        if "kind" not in data:
            return data
        mention = self.mention()
        if data["kind"] != EntityKind.PLACE and not mention.value.strip():
            self.add_error("value", "Enter the name, number or registration")
            return data
        try:
            entity_key(mention)
        except NotRecognised as error:
            on_postcode = data["kind"] == EntityKind.PLACE and "postcode" in str(error)
            field = "postcode" if on_postcode else "value"
            self.add_error(field, f"Enter a real one: {error}")
        return data

    def mention(self) -> Mention:
        data = self.cleaned_data
        aliases = tuple(a.strip() for a in data.get("aliases", "").split(",") if a.strip())
        return Mention(
            kind=data["kind"],
            value=data.get("value", ""),
            postcode=data.get("postcode", ""),
            aliases=aliases,
        )

    def grading(self) -> Grading:
        data = self.cleaned_data
        return Grading(
            data["source_evaluation"], data["intelligence_assessment"], data["handling_code"]
        )


class ActionForm(DateTimePartsForm):
    kind = forms.ChoiceField(choices=ActionKind.choices)
    description = forms.CharField(max_length=500)
    owner = forms.ModelChoiceField(queryset=User.objects.none(), empty_label=None)
    child = forms.ModelChoiceField(queryset=Child.objects.none(), required=False)

    def __init__(self, *args: Any, owners: Any, children: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["child"].queryset = children  # type: ignore[attr-defined]
        self.fields["kind"].error_messages["required"] = "Select the kind of action"
        self.fields["description"].error_messages["required"] = "Enter what is to be done"
        self.fields["owner"].error_messages["required"] = "Select who owns the action"
        self.add_date_parts("due", with_time=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["due_date"] = self.combine_date("due", "the due date")
        return data


class OutcomeForm(forms.Form):
    outcome = forms.CharField(widget=forms.Textarea, max_length=5000)
    done = forms.BooleanField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].error_messages["required"] = "Enter the outcome"

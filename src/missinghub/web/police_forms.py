"""Forms of the police's part of an episode: regrade risk, log an enquiry, action or sighting,
the prevention (safe and well) interview. Each carries a one-time token (Back, then send again,
makes nothing twice) and checks its time by the date rules of every way in."""

import datetime as dt
from typing import Any

from django import forms

from missinghub.casework.forms.once import OnceOnly
from missinghub.episodes.models import PoliceLogKind, RiskLevel
from missinghub.web.forms import EpisodeDatesForm

YES_NO = [("yes", "Yes"), ("no", "No")]


class TimedForm(OnceOnly, EpisodeDatesForm):
    """One date-and-time question (`moment_prefix`), not before `not_before`: else the error
    says the label and `after_what`."""

    moment_prefix = "when"
    label = "the time"

    def __init__(self, *args: Any, not_before: dt.datetime, after_what: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.not_before, self.after_what = not_before, after_what
        self.add_date_parts(self.moment_prefix, with_time=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        moment = self.combine_date_time(self.moment_prefix, self.label)
        self.check_rules(self.moment_prefix, self.label, moment)
        if moment is not None and moment < self.not_before:
            problem = f"{self.label.capitalize()} {self.after_what}"
            self.add_error(f"{self.moment_prefix}_day", problem)
        data["moment"] = moment
        return data


class RegradeRiskForm(TimedForm):
    moment_prefix = "graded"
    label = "the regrading"
    level = forms.ChoiceField(choices=RiskLevel.choices)
    reason = forms.CharField(widget=forms.Textarea, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].error_messages["required"] = "Select the new risk level"
        self.fields["reason"].error_messages["required"] = "Enter why the risk level changes"


class PoliceLogForm(TimedForm):
    moment_prefix = "occurred"
    label = "when it happened"
    kind = forms.ChoiceField(choices=PoliceLogKind.choices)
    text = forms.CharField(widget=forms.Textarea, max_length=4000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = (
            "Select whether this is an enquiry, an action or a sighting"
        )
        self.fields["text"].error_messages["required"] = "Enter what was done or seen"


class PreventionInterviewForm(TimedForm):
    moment_prefix = "interviewed"
    label = "the interview"
    seen_in_person = forms.ChoiceField(choices=YES_NO)
    harm_disclosed = forms.ChoiceField(choices=YES_NO)
    harm_details = forms.CharField(widget=forms.Textarea, required=False, max_length=4000)
    where_they_had_been = forms.CharField(widget=forms.Textarea, required=False, max_length=4000)
    who_they_were_with = forms.CharField(widget=forms.Textarea, required=False, max_length=4000)
    exploitation_concern = forms.ChoiceField(choices=YES_NO)
    for_the_return_interviewer = forms.CharField(
        widget=forms.Textarea, required=False, max_length=4000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        messages = {
            "seen_in_person": "Select whether you saw the child in person",
            "harm_disclosed": "Select whether harm was seen or disclosed",
            "exploitation_concern": "Select whether there is an exploitation concern",
        }
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("harm_disclosed") == "yes" and not str(data.get("harm_details", "")).strip():
            self.add_error("harm_details", "Describe the harm seen or disclosed")
        return data

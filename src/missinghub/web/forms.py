"""GOV.UK-pattern forms: dates as day, month and year boxes (never month-first), UK times."""

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

from missinghub.children.models import Sex
from missinghub.episodes.models import EpisodeCategory, ReturnMethod, RiskLevel

LONDON = ZoneInfo("Europe/London")


class DateTimePartsForm(forms.Form):
    """Adds `<prefix>_day/_month/_year/_time` fields and combines them into an aware datetime."""

    def add_date_parts(self, prefix: str, *, with_time: bool) -> None:
        fields = self.fields
        fields[f"{prefix}_day"] = forms.IntegerField(min_value=1, max_value=31, required=False)
        fields[f"{prefix}_month"] = forms.IntegerField(min_value=1, max_value=12, required=False)
        fields[f"{prefix}_year"] = forms.IntegerField(
            min_value=1900, max_value=2100, required=False
        )
        if with_time:
            fields[f"{prefix}_time"] = forms.CharField(required=False, max_length=5)

    def combine_date(self, prefix: str, label: str) -> dt.date | None:
        data = self.cleaned_data
        parts = [data.get(f"{prefix}_{part}") for part in ("day", "month", "year")]
        if any(part is None for part in parts):
            self.add_error(f"{prefix}_day", f"Enter {label} as a day, month and year")
            return None
        day, month, year = (int(str(part)) for part in parts)
        try:
            return dt.date(year, month, day)
        except ValueError:
            self.add_error(f"{prefix}_day", f"{label.capitalize()} must be a real date")
            return None

    def combine_date_time(self, prefix: str, label: str) -> dt.datetime | None:
        day = self.combine_date(prefix, label)
        raw_time = str(self.cleaned_data.get(f"{prefix}_time") or "").strip()
        try:
            time = dt.time.fromisoformat(raw_time.replace(".", ":").zfill(5))
        except ValueError:
            self.add_error(
                f"{prefix}_time", f"Enter the time of {label} as hours and minutes, like 21:30"
            )
            return None
        if day is None:
            return None
        return dt.datetime.combine(day, time, tzinfo=LONDON)


def initial_date_parts(prefix: str, moment: dt.datetime) -> dict[str, Any]:
    local = moment.astimezone(LONDON)
    return {
        f"{prefix}_day": local.day,
        f"{prefix}_month": local.month,
        f"{prefix}_year": local.year,
        f"{prefix}_time": local.strftime("%H:%M"),
    }


class ReportMissingForm(DateTimePartsForm):
    submission_id = forms.UUIDField(widget=forms.HiddenInput)
    given_name = forms.CharField(max_length=100, required=False)
    family_name = forms.CharField(max_length=100, required=False)
    sex = forms.ChoiceField(choices=Sex.choices, required=False, initial=Sex.NOT_KNOWN)
    category = forms.ChoiceField(choices=EpisodeCategory.choices, initial=EpisodeCategory.MISSING)
    risk_level = forms.ChoiceField(choices=RiskLevel.choices)
    risk_reason = forms.CharField(widget=forms.Textarea, max_length=2000)
    police_reference = forms.CharField(max_length=64, required=False)
    exploitation_flag = forms.BooleanField(required=False)

    def __init__(self, *args: Any, known_child: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.known_child = known_child
        if not known_child:
            self.add_date_parts("date_of_birth", with_time=False)
        self.add_date_parts("last_seen", with_time=True)
        self.add_date_parts("reported", with_time=True)
        self.fields["risk_level"].error_messages["required"] = "Select the risk level"
        self.fields["risk_reason"].error_messages["required"] = "Enter why you chose that level"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.known_child:
            for name, label in (("given_name", "first name"), ("family_name", "last name")):
                if not str(data.get(name) or "").strip():
                    self.add_error(name, f"Enter the child's {label}")
            data["date_of_birth"] = self.combine_date("date_of_birth", "the date of birth")
        data["last_seen_at"] = self.combine_date_time("last_seen", "when the child was last seen")
        data["reported_at"] = self.combine_date_time("reported", "the report")
        last_seen, reported = data["last_seen_at"], data["reported_at"]
        if last_seen and reported and reported < last_seen:
            self.add_error("reported_day", "The report cannot be before the child was last seen")
        return data

    @staticmethod
    def new_submission_id() -> uuid.UUID:
        return uuid.uuid4()


class RecordReturnForm(DateTimePartsForm):
    return_method = forms.ChoiceField(choices=ReturnMethod.choices)
    where_found = forms.CharField(max_length=300, required=False)

    def __init__(
        self, *args: Any, last_seen_at: dt.datetime, reported_at: dt.datetime, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.last_seen_at = last_seen_at
        self.reported_at = reported_at
        self.add_date_parts("returned", with_time=True)
        self.fields["return_method"].error_messages["required"] = "Select how the child returned"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        returned = self.combine_date_time("returned", "the return")
        if returned is not None and returned < self.last_seen_at:
            seen = self.last_seen_at.astimezone(LONDON).strftime("%-d %B %Y %H:%M")
            self.add_error(
                "returned_day", f"The return must be after the child was last seen ({seen})"
            )
        elif returned is not None and returned < self.reported_at:
            reported = self.reported_at.astimezone(LONDON).strftime("%-d %B %Y %H:%M")
            self.add_error(
                "returned_day", f"The return must be after the child was reported ({reported})"
            )
        data["returned_at"] = returned
        return data

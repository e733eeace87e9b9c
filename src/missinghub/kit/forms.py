"""GOV.UK-pattern form helpers shared by every app: dates as day, month and year boxes (never
month-first), UK times. No domain models here (the kit is the bottom layer)."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

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

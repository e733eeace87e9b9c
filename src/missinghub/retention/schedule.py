"""The retention schedule: read from YAML, checked, with the shipped file as the default."""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SHIPPED = Path(__file__).with_name("schedule.yaml")
ACTIONS = ("delete", "anonymise")


@dataclass(frozen=True)
class Schedule:
    keep_until_age: int
    keep_years_after_last_contact: int
    child_action: str
    notification_days_after_expiry: int
    audit_keep_years: int


def schedule_path() -> Path:
    configured = getattr(settings, "MISSINGHUB_RETENTION_SCHEDULE", "") or os.environ.get(
        "MISSINGHUB_RETENTION_SCHEDULE", ""
    )
    return Path(configured) if configured else SHIPPED


def _years(section: dict[str, Any], key: str, low: int) -> int:
    value = section.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise ImproperlyConfigured(f"Retention schedule: {key} must be a whole number >= {low}.")
    return value


def parse_schedule(data: dict[str, Any]) -> Schedule:
    children = data.get("children") or {}
    action = children.get("action", "delete")
    if action not in ACTIONS:
        raise ImproperlyConfigured(f"Retention schedule: action must be one of {ACTIONS}.")
    return Schedule(
        keep_until_age=_years(children, "keep_until_age", 18),
        keep_years_after_last_contact=_years(children, "keep_years_after_last_contact", 1),
        child_action=action,
        notification_days_after_expiry=_years(
            data.get("notifications") or {}, "delete_days_after_expiry", 0
        ),
        audit_keep_years=_years(data.get("audit") or {}, "keep_years", 1),
    )


def load_schedule(path: Path | None = None) -> Schedule:
    with (path or schedule_path()).open(encoding="utf-8") as handle:
        return parse_schedule(yaml.safe_load(handle) or {})

"""Optimistic concurrency: a save names the version it started from; the UPDATE checks it in its
WHERE clause and adds one. A save from a stale page matches no row and is refused (and the
refusal audited), so two people editing the same record never silently overwrite each other."""

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.db import models, transaction
from django.db.models import F

from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event

P = ParamSpec("P")
R = TypeVar("R")


class EditConflict(Exception):
    """Someone else saved this record after you opened it; nothing of yours was saved."""

    def __init__(self, what: str, *, instance: models.Model, expected_version: int) -> None:
        super().__init__(
            f"Someone else saved this {what} after you opened it, so your changes were not "
            "saved. Open it again to see their changes, then make yours."
        )
        self.instance = instance
        self.expected_version = expected_version


def update_if_current(
    *, instance: models.Model, expected_version: int, changes: dict[str, Any], what: str
) -> int:
    """Apply `changes` to `instance`'s row only if its version is still `expected_version`;
    return the new version. Raises EditConflict otherwise. Call it from a service decorated
    with `refuses_stale_saves`."""
    model = type(instance)
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        **changes, version=F("version") + 1
    )
    if not updated:
        raise EditConflict(what, instance=instance, expected_version=expected_version)
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.version = expected_version + 1  # type: ignore[attr-defined]
    return expected_version + 1


def refuses_stale_saves(service: Callable[P, R]) -> Callable[P, R]:
    """Run the service in its own transaction; a stale save rolls all of it back, then the
    refusal is audited (outside the rolled-back work, so it stays in the trail)."""

    @wraps(service)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            with transaction.atomic():
                return service(*args, **kwargs)
        except EditConflict as conflict:
            record_event(
                verb=AuditVerb.STALE_EDIT_REFUSED,
                actor=kwargs.get("actor"),  # type: ignore[arg-type]
                target=conflict.instance,
                child_id=getattr(conflict.instance, "child_id", None),
                detail={"expected_version": conflict.expected_version},
            )
            raise

    return run

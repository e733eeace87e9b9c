"""Casework's reactions to other apps' records. A protocol task that refers a child to a panel
goes straight onto the next scheduled meeting's agenda (services.panels.place_referral).

Placing it must never undo the report or return that created the task: it runs in its own
savepoint, and a failure is logged; the referral then waits on the panel's page for the next
meeting, so nothing is lost."""

import logging
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models.signals import post_save

from missinghub.casework.services.panels import PanelError, panel_kinds_for, place_referral
from missinghub.protocols.models import ProtocolTask

logger = logging.getLogger(__name__)


def place_new_referral(
    sender: type[ProtocolTask], instance: ProtocolTask, created: bool, **kwargs: Any
) -> None:
    if not created or kwargs.get("raw") or not panel_kinds_for(instance.kind):
        return
    try:
        with transaction.atomic():
            place_referral(instance)
    except (DatabaseError, PanelError, LookupError):
        logger.exception("Referral task %s could not be put on an agenda; it waits", instance.pk)


def connect_receivers() -> None:
    post_save.connect(
        place_new_referral, sender=ProtocolTask, dispatch_uid="casework.place_new_referral"
    )

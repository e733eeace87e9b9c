"""Casework's reactions to other apps' records, registered on their named hooks in
`CaseworkConfig.ready()`. A protocol task that refers a child to a panel goes straight onto the
next scheduled meeting's agenda (services.panels.place_referral). A care placement, and each
return of a child in one, asks the home for its managed risk assessment
(services.risk_assessments); a new placement hands the child's Philomena profile on to its care
provider (services.philomena.hand_on_profile).

Placing it must never undo the report or return that created the task: it runs in its own
savepoint, and a failure is logged; the referral then waits on the panel's page for the next
meeting, so nothing is lost."""

import logging

from django.db import DatabaseError, transaction

from missinghub.casework.services.panels import PanelError, panel_kinds_for, place_referral
from missinghub.casework.services.philomena import hand_on_profile
from missinghub.casework.services.risk_assessments import ask_for_review, ask_on_placement
from missinghub.children import hooks as children_hooks
from missinghub.episodes import hooks as episode_hooks
from missinghub.protocols import hooks as protocol_hooks
from missinghub.protocols.models import ProtocolTask

logger = logging.getLogger(__name__)


def place_new_referral(*, task: ProtocolTask) -> None:
    if not panel_kinds_for(task.kind):
        return
    try:
        with transaction.atomic():
            place_referral(task)
    except (DatabaseError, PanelError, LookupError):
        logger.exception("Referral task %s could not be put on an agenda; it waits", task.pk)


def register_reactions() -> None:
    protocol_hooks.task_created.register(place_new_referral)
    # Managed risk assessments: asked for when a care placement starts, reviewed after a return.
    children_hooks.placement_started.register(ask_on_placement)
    # A Philomena profile goes with the child to the new placement's care provider.
    children_hooks.placement_started.register(hand_on_profile)
    episode_hooks.episode_returned.register(ask_for_review)

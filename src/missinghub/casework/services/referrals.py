"""Tasks casework raises for children's social care: a referral (from an interview outcome or a
high exploitation screening) and child protection procedures (an urgent task, the duty team
alerted at once, and the police child protection unit told by a notification they acknowledge).
They are ProtocolTasks of kind `social_care_alert` with protocol `casework`, so they appear in
the owner team's task list with their deadline like any other."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from missinghub.accounts.models import Agency, AgencyKind, Role, User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.casework.config import casework_config
from missinghub.children.models import LegalStatus
from missinghub.episodes.models import Episode, Notification
from missinghub.episodes.services import notify_agency
from missinghub.protocols.models import ProtocolTask, TaskKind

logger = logging.getLogger(__name__)
CASEWORK_PROTOCOL = "casework"
DUTY_TEAM = "Children's social care duty team"


def social_care_agency_for(*, episode: Episode, actor: User) -> Agency | None:
    """The social care team holding the child, else the one told about the episode, else the
    one serving the actor's area."""
    holders = Agency.objects.filter(kind=AgencyKind.CHILDRENS_SOCIAL_CARE, is_active=True)
    status = (
        LegalStatus.objects.filter(
            child_id=episode.child_id,
            end_date__isnull=True,
            responsible_authority__in=holders,
        )
        .select_related("responsible_authority")
        .first()
    )
    if status is not None:
        return status.responsible_authority
    told = holders.filter(notifications__episode_id=episode.pk).first()
    return told or holders.filter(area=actor.agency.area).order_by("name").first()


def _share_with(agency: Agency, *, episode: Episode, actor: User, purpose: str) -> None:
    already = Notification.objects.filter(
        child_id=episode.child_id, to_agency=agency, expires_at__gt=timezone.now()
    ).exists()
    if not already and agency.pk != actor.agency_id:
        _tell(agency, episode=episode, actor=actor, purpose=purpose)


def _tell(agency: Agency, *, episode: Episode, actor: User, purpose: str) -> Notification:
    """A notification of the episode's child from the actor's agency (its usual expiry)."""
    return notify_agency(
        actor=actor,
        child=episode.child,
        episode=episode,
        from_agency=actor.agency,
        to_agency=agency,
        purpose=purpose,
        lawful_basis=settings.MISSINGHUB_NOTIFICATION_LAWFUL_BASIS,
    )


def _create_task(
    *, episode: Episode, agency: Agency | None, rule: str, key: str, urgent: bool
) -> ProtocolTask:
    config = casework_config()
    hours = config.child_protection_hours if urgent else config.social_care_referral_hours
    now = timezone.now()
    return ProtocolTask.objects.create(
        child_id=episode.child_id,
        episode=episode,
        kind=TaskKind.SOCIAL_CARE_ALERT,
        owner_team=DUTY_TEAM,
        owner_agency=agency,
        triggered_at=now,
        due_at=now + timedelta(hours=hours),
        rule=rule,
        protocol_name=CASEWORK_PROTOCOL,
        protocol_version="1",
        decision_key=key,
    )


@transaction.atomic
def raise_social_care_task(
    *, actor: User, episode: Episode, rule: str, source: str, urgent: bool
) -> ProtocolTask:
    """One task for social care about the episode's child; idempotent per `source`."""
    key = f"{CASEWORK_PROTOCOL}:{rule}:{source}"
    existing = ProtocolTask.objects.filter(decision_key=key).first()
    if existing is not None:
        return existing
    agency = social_care_agency_for(episode=episode, actor=actor)
    task = _create_task(episode=episode, agency=agency, rule=rule, key=key, urgent=urgent)
    record_event(
        verb=AuditVerb.PROTOCOL_TASK_CREATED,
        actor=actor,
        target=task,
        child_id=episode.child_id,
        detail={"kind": task.kind, "rule": rule, "owner_agency_id": task.owner_agency_id},
    )
    record_event(
        verb=AuditVerb.CHILD_PROTECTION_RAISED if urgent else AuditVerb.SOCIAL_CARE_REFERRAL_RAISED,
        actor=actor,
        target=task,
        child_id=episode.child_id,
        detail={"source": source},
    )
    if agency is not None:
        purpose = "Child protection procedures" if urgent else "Referral to social care"
        _share_with(agency, episode=episode, actor=actor, purpose=purpose)
    if urgent:
        alert_police_child_protection(actor=actor, episode=episode)
        transaction.on_commit(lambda: alert_duty_team(task=task))
    return task


POLICE_CHILD_PROTECTION = (
    "Child protection procedures started: for the police child protection unit"
)


def police_force_for(*, episode: Episode, actor: User) -> Agency | None:
    """The force that reported the episode, else the one serving the actor's area."""
    if episode.reporting_agency.kind == AgencyKind.POLICE_FORCE:
        return episode.reporting_agency
    forces = Agency.objects.filter(kind=AgencyKind.POLICE_FORCE, is_active=True)
    return forces.filter(area=actor.agency.area).order_by("name").first()


def alert_police_child_protection(*, actor: User, episode: Episode) -> Notification | None:
    """A notification to the police force (its child protection unit works from its home page
    until someone acknowledges it), with its purpose and expiry like every notification; sent
    even when the force already sees the child, since it asks for action."""
    force = police_force_for(episode=episode, actor=actor)
    if force is None or force.pk == actor.agency_id:
        return None
    return _tell(force, episode=episode, actor=actor, purpose=POLICE_CHILD_PROTECTION)


def alert_duty_team(*, task: ProtocolTask) -> int:
    """E-mail the duty team at once (ids only, never a name): the configured address, else the
    social workers of the owner agency. Returns how many addresses were sent to."""
    configured = casework_config().duty_team_email
    recipients = [configured] if configured else []
    if not recipients and task.owner_agency is not None:
        recipients = list(
            task.owner_agency.staff.filter(is_active=True, role=Role.SOCIAL_WORKER)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    if not recipients:
        logger.error("Child protection task %s: no duty team address to alert", task.pk)
        return 0
    send_mail(
        f"URGENT child protection: child {task.child_id}",
        f"Child protection procedures were started for child {task.child_id} "
        f"(episode {task.episode_id}) from a return interview or screening.\n"
        f"Task {task.pk} is due now. Open MissingHub to see the record.\n",
        None,
        recipients,
    )
    return len(recipients)

"""The police's part of an episode beside its gradings: the log of enquiries, actions and
sightings while the child is missing, and the prevention (safe and well) interview on return.
Each write is one transaction with its audit event (regrading is `services.regrade_risk`)."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.episodes.intake import mark_exploitation
from missinghub.episodes.models import Episode, PoliceLogEntry, PoliceLogKind, PreventionInterview
from missinghub.episodes.rules import moment_problem


class PoliceRecordError(ValueError):
    """The entry or interview cannot be recorded that way; the message says why."""


@transaction.atomic
def log_police_entry(
    *, actor: User, episode: Episode, kind: PoliceLogKind, occurred_at: datetime, text: str
) -> PoliceLogEntry:
    """One enquiry, action or sighting. It may be logged after the return (written up later),
    but it cannot have happened before the child was last seen, or in the future."""
    if not text.strip():
        raise PoliceRecordError("Enter what was done or seen.")
    _check_moment(occurred_at, episode, "It cannot have happened before the child was last seen.")
    entry = PoliceLogEntry.objects.create(
        episode=episode,
        kind=kind,
        occurred_at=occurred_at,
        text=text.strip(),
        recorded_by=actor,
        recorded_by_name=actor.get_full_name() or actor.get_username(),
    )
    record_event(
        verb=AuditVerb.POLICE_LOG_ENTRY_RECORDED,
        actor=actor,
        target=entry,
        child_id=episode.child_id,
        detail={"episode_id": episode.pk, "kind": str(kind)},
    )
    return entry


@dataclass(frozen=True)
class PreventionAnswers:
    """What the officer found in the prevention (safe and well) interview."""

    interviewed_at: datetime
    seen_in_person: bool
    harm_disclosed: bool
    harm_details: str = ""
    where_they_had_been: str = ""
    who_they_were_with: str = ""
    exploitation_concern: bool = False
    for_the_return_interviewer: str = ""


def record_prevention_interview(
    *, actor: User, episode: Episode, answers: PreventionAnswers
) -> PreventionInterview:
    """The one prevention interview of a returned episode. A second (Back, then send again)
    is refused with `PoliceRecordError` and creates nothing."""
    try:
        with transaction.atomic():
            return _record_prevention_interview(actor, episode, answers)
    except IntegrityError:
        if PreventionInterview.objects.filter(episode=episode).exists():
            raise PoliceRecordError("The prevention interview is already recorded.") from None
        raise


def _record_prevention_interview(
    actor: User, episode: Episode, answers: PreventionAnswers
) -> PreventionInterview:
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if episode.returned_at is None:
        raise PoliceRecordError("Record the child's return before the prevention interview.")
    if PreventionInterview.objects.filter(episode=episode).exists():
        raise PoliceRecordError("The prevention interview is already recorded.")
    if answers.interviewed_at < episode.returned_at:
        raise PoliceRecordError("The interview cannot be before the child returned.")
    _check_moment(answers.interviewed_at, episode, "")
    if answers.harm_disclosed and not answers.harm_details.strip():
        raise PoliceRecordError("Describe the harm seen or disclosed.")
    interview = PreventionInterview.objects.create(
        episode=episode,
        interviewed_at=answers.interviewed_at,
        seen_in_person=answers.seen_in_person,
        harm_disclosed=answers.harm_disclosed,
        harm_details=answers.harm_details.strip() if answers.harm_disclosed else "",
        where_they_had_been=answers.where_they_had_been.strip(),
        who_they_were_with=answers.who_they_were_with.strip(),
        exploitation_concern=answers.exploitation_concern,
        for_the_return_interviewer=answers.for_the_return_interviewer.strip(),
        interviewed_by=actor,
        interviewed_by_name=actor.get_full_name() or actor.get_username(),
    )
    if answers.exploitation_concern:
        detail = {"prevention_interview_id": interview.pk}
        mark_exploitation(
            actor=actor, episode=episode, source="prevention_interview", detail=detail
        )
    record_event(
        verb=AuditVerb.PREVENTION_INTERVIEW_RECORDED,
        actor=actor,
        target=interview,
        child_id=episode.child_id,
        detail={
            "episode_id": episode.pk,
            "harm_disclosed": answers.harm_disclosed,
            "exploitation_concern": answers.exploitation_concern,
        },
    )
    return interview


def _check_moment(moment: datetime, episode: Episode, before_last_seen: str) -> None:
    problem = moment_problem(moment)
    if problem:
        raise PoliceRecordError(problem)
    if before_last_seen and moment < episode.last_seen_at:
        raise PoliceRecordError(before_last_seen)

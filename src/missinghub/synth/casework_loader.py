"""Load the synthetic CME referrals and casework (DIR/truth) after the episodes, for the demo.

- CME referrals: referred by the inactive user `synthetic.school` of Northdale Academy to the
  missing team; the generator's grounds mapped to the model's legal grounds.
- Return interviews: every returned episode gets the `return_interview` protocol task that the
  active protocol's return-interview rule would create (same decision key, so a later
  `protocol apply` adds no second task), open while recent, else done. An interview row exists
  where work started (a contact attempt or the interview); assigned to, and completed by, the
  inactive user `synthetic.missing.team`. Its contact attempts, screenings and interventions
  follow. Everything is inserted with bulk_create.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from missinghub.accounts.models import Agency, User
from missinghub.casework.models import (
    CmeGround,
    CmeReferral,
    CmeStatus,
    ContactAttempt,
    ExploitationScreening,
    Intervention,
    InterviewStatus,
    ReturnInterview,
)
from missinghub.episodes.models import Episode
from missinghub.protocols.engine.evaluate import due_at
from missinghub.protocols.engine.model import Protocol, Rule, decision_key
from missinghub.protocols.models import ProtocolTask, TaskKind, TaskStatus
from missinghub.protocols.registry import active_protocol, get_protocol

BATCH = 2000
STATUTORY = "england-statutory"
# A task for a return this long before the end of the period is closed; later ones stay open.
OPEN_FOR = timedelta(days=14)
GROUNDS = {
    "moved_away_address_unknown": CmeGround.MOVED_AWAY,
    "not_returned_after_holiday": CmeGround.NOT_RETURNED_LEAVE,
    "continuous_absence_20_days": CmeGround.ABSENT_20_DAYS,
    "new_school_not_confirmed": CmeGround.OTHER_SCHOOL_UNCONFIRMED,
    "home_education_concern": CmeGround.ELECTIVE_HOME_EDUCATION,
    "other": CmeGround.OTHER,
}
LOCATED = "Located: on roll at a new school or at a confirmed address (synthetic record)."
CARERS = "The child declined; the carers' account was taken instead (synthetic record)."


@dataclass
class CaseworkCounts:
    cme_referrals: int = 0
    interview_tasks: int = 0
    interviews: int = 0
    contact_attempts: int = 0
    screenings: int = 0
    interventions: int = 0


def moment_or_none(text: str) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def day_or_none(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _codes(text: str) -> list[str]:
    return text.split(";") if text else []


def load_cme(
    rows: Iterator[dict[str, str]],
    children: dict[str, int],
    agencies: dict[str, Agency],
    school_user: User,
) -> int:
    made = CmeReferral.objects.bulk_create(
        (
            CmeReferral(
                child_id=children[row["child_id"]],
                school=agencies["school"],
                referred_by=school_user,
                referred_on=date.fromisoformat(row["referred_at"]),
                referred_to=agencies["missing_team"],
                ground=GROUNDS[row["ground"]],
                status=CmeStatus(row["status"]),
                closed_on=day_or_none(row["closed_at"]),
                where_located=LOCATED if row["status"] == CmeStatus.LOCATED_CLOSED else "",
            )
            for row in rows
        ),
        batch_size=BATCH,
    )
    return len(made)


def return_interview_rule() -> tuple[Protocol, Rule]:
    """The active protocol's return-interview rule (the statutory one if it has none)."""
    for protocol in (active_protocol(), get_protocol(STATUTORY)):
        for rule in protocol.rules:
            if rule.task == TaskKind.RETURN_INTERVIEW and rule.trigger == "returned":
                return protocol, rule
    raise LookupError("No protocol has a return-interview rule")


@dataclass
class CaseworkLoad:
    """What the casework rows hang on: loaded episodes by truth id, the author, the period."""

    episodes: dict[str, Episode]
    agencies: dict[str, Agency]
    worker: User
    period_end: datetime


def _task(row: dict[str, str], load: CaseworkLoad, protocol: Protocol, rule: Rule) -> ProtocolTask:
    episode = load.episodes[row["episode_id"]]
    returned = datetime.fromisoformat(row["returned_at"])
    due = due_at(rule, returned)
    held = moment_or_none(row["interviewed_at"])
    open_now = held is None and returned >= load.period_end - OPEN_FOR
    ideal = rule.deadline.ideally_within_hours
    return ProtocolTask(
        child_id=episode.child_id,
        episode=episode,
        kind=TaskKind.RETURN_INTERVIEW,
        owner_team=rule.owner_team,
        owner_agency=load.agencies["missing_team"],
        triggered_at=returned,
        due_at=due,
        ideally_by=returned + timedelta(hours=ideal) if ideal is not None else None,
        status=TaskStatus.OPEN if open_now else TaskStatus.DONE,
        closed_at=None if open_now else (held or due),
        rule=rule.id,
        protocol_name=protocol.name,
        protocol_version=protocol.version,
        decision_key=decision_key(protocol, rule, str(episode.child_id), str(episode.pk)),
    )


def _interview(
    row: dict[str, str], task: ProtocolTask, first_try: datetime, worker: User
) -> ReturnInterview:
    held = moment_or_none(row["interviewed_at"])
    declined = row["declined"] == "true"
    return ReturnInterview(
        task=task,
        child_id=task.child_id,
        episode_id=task.episode_id,
        returned_at=task.triggered_at,
        status=InterviewStatus.COMPLETED if held else InterviewStatus.ASSIGNED,
        assigned_to=worker,
        assigned_at=first_try,
        interviewed_at=held,
        place="Home or placement (synthetic record)" if held else "",
        child_declined=declined,
        carers_account=CARERS if declined and held else "",
        push_factors=_codes(row["push_factors"]),
        pull_factors=_codes(row["pull_factors"]),
        outcome=row["outcome"],
        signposted_service=row["signposted_service"],
        completed_at=held,
        completed_by=worker if held else None,
    )


def load_interviews(
    rows: list[dict[str, str]],
    attempts: list[dict[str, str]],
    load: CaseworkLoad,
    counts: CaseworkCounts,
) -> dict[str, ReturnInterview]:
    """A task per return; an interview where work started; its contact attempts."""
    protocol, rule = return_interview_rule()
    tasks = ProtocolTask.objects.bulk_create(
        (_task(row, load, protocol, rule) for row in rows), batch_size=BATCH
    )
    first_try: dict[str, datetime] = {}
    for attempt in attempts:  # in interview order, then time order
        first_try.setdefault(
            attempt["interview_id"], datetime.fromisoformat(attempt["attempted_at"])
        )
    started = [
        (row, task)
        for row, task in zip(rows, tasks, strict=True)
        if row["interview_id"] in first_try
    ]
    made = ReturnInterview.objects.bulk_create(
        (
            _interview(row, task, first_try[row["interview_id"]], load.worker)
            for row, task in started
        ),
        batch_size=BATCH,
    )
    interviews = {row["interview_id"]: made for (row, _), made in zip(started, made, strict=True)}
    tries = ContactAttempt.objects.bulk_create(
        (
            ContactAttempt(
                interview=interviews[attempt["interview_id"]],
                attempted_at=datetime.fromisoformat(attempt["attempted_at"]),
                method=attempt["method"],
                outcome=attempt["outcome"],
                recorded_by=load.worker,
            )
            for attempt in attempts
        ),
        batch_size=BATCH,
    )
    counts.interview_tasks, counts.interviews = len(tasks), len(made)
    counts.contact_attempts = len(tries)
    return interviews


def load_screenings(
    rows: Iterator[dict[str, str]], interviews: dict[str, ReturnInterview], load: CaseworkLoad
) -> int:
    made = ExploitationScreening.objects.bulk_create(
        (
            ExploitationScreening(
                child_id=load.episodes[row["episode_id"]].child_id,
                episode=load.episodes[row["episode_id"]],
                interview=interviews.get(row["interview_id"]),
                kind=row["kind"],
                screened_at=datetime.fromisoformat(row["screened_at"]),
                screened_by=load.worker,
                child_age=int(row["child_age"]),
                score=Decimal(row["score"]),
                level=row["level"],
                level_reason=f"Score {row['score']}: {row['level']} (synthetic screening)",
            )
            for row in rows
        ),
        batch_size=BATCH,
    )
    return len(made)


def load_interventions(
    rows: Iterator[dict[str, str]], interviews: dict[str, ReturnInterview], load: CaseworkLoad
) -> int:
    made = Intervention.objects.bulk_create(
        (
            Intervention(
                child_id=interviews[row["interview_id"]].child_id,
                interview=interviews[row["interview_id"]],
                intervention_type=row["intervention_type"],
                worker=load.worker,
                start_date=date.fromisoformat(row["start_date"]),
                planned_end_date=date.fromisoformat(row["planned_end_date"]),
                sessions_planned=int(row["sessions_planned"]),
                sessions_attended=int(row["sessions_attended"]),
                child_took_up=row["child_took_up"] == "true",
                family_took_up=row["family_took_up"] == "true",
                ended_on=day_or_none(row["ended_on"]),
                end_reason=row["end_reason"],
            )
            for row in rows
        ),
        batch_size=BATCH,
    )
    return len(made)

"""The one intake of reported episodes: the only code that writes a reported `Episode`.

Two forms, the same rules:

- **One report** (`take_missing_report`): the web form (`report_child_missing`), the API and the
  demo data. One transaction, few statements (`missinghub.statements`, written once): the child
  when new, the episode, its first grading, one notification per agency (one insert) and every
  audit event (one insert). The answer is built from the rows written (ADR 0002).
- **A batch** (`BatchIntake`, `take_reports`): importers, which keep their own bulk SQL for
  speed but take every decision below from here, a batch at a time, with set queries only.

The rules, in this module and nowhere else:

1. **Who is told** is `selectors.agencies_to_notify` (the area's missing team and the holders of
   the child's current legal status and placement); a caller (an import mapping's `notify`) may
   add agencies, never replace the rule.
2. **One open episode per child**: a report for a child who is already missing is refused
   (`AlreadyMissing`, naming the open episode); the database refuses it too
   (`episode_one_open_per_child`).
3. **The protocol**: a report is stored with `protocol_pending` and the `protocol_pending` hook
   is called (the protocols app queues the background run); the web form asks for it at once
   instead (the `episode_reported` hook). An import marks only its recent episodes
   (`protocol_wanted`), and none when run with `--no-apply-protocol`.
4. **Linkage at the door**: a report that names no stored child asks the `match_child` hook
   whether the person is one. A batch asks `match_children` once for all its people, those an
   identifier of the file's agency names included: linkage answers who is a stored child and
   which references name a child whose details disagree beyond the model's threshold (held for
   review: their rows attach nothing). With nothing registered the identifiers decide alone.
5. **Dates**: `episodes.rules`, checked by each way in where it reads its input.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from missinghub.accounts.models import Agency, User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.audit.services import audit_event, record_events
from missinghub.children.models import Child
from missinghub.children.services import store_child
from missinghub.episodes import hooks
from missinghub.episodes.models import (
    Episode,
    EpisodeCategory,
    EpisodeStatus,
    Notification,
    RiskGrading,
    RiskLevel,
)
from missinghub.episodes.selectors import agencies_to_notify, agencies_to_notify_each
from missinghub.episodes.services import REPORT_PURPOSE, child_shared_event, placement_on
from missinghub.statements import insert

WEB_SOURCE_SYSTEM = "missinghub-web"
# An imported episode wants the area protocol when reported or returned this recently: tasks
# for older episodes would be overdue the moment they were made (their history still counts).
PROTOCOL_WINDOW = timedelta(days=7)


class AlreadyMissing(ValueError):
    """The child has an open episode: a second one is refused until the return is recorded."""

    def __init__(self, episode_id: int, last_seen_at: datetime) -> None:
        self.episode_id, self.last_seen_at = episode_id, last_seen_at
        super().__init__(f"The child is already missing: episode {episode_id} is open.")


@dataclass(frozen=True, kw_only=True)
class Person:
    """What a report says about a child it does not name by id (for linkage at the door)."""

    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""
    postcode: str = ""


@dataclass(frozen=True, kw_only=True)
class ReportedFacts:
    """What a report may say beside its times: where the child went missing from (looked after
    or not, the placement's type and whether it is in the council's area, the placing or
    responsible authority), a county lines or criminal exploitation concern, where the child
    was found and who reported them. `None` and blanks: the report did not say."""

    looked_after: bool | None = None
    placement_type: str = ""
    placement_area: str = ""
    responsible_authority: str = ""
    exploitation_flag: bool = False
    where_found: str = ""
    reported_by: str = ""

    def episode_fields(self) -> dict[str, Any]:
        """The facts as `Episode` fields (`EPISODE_FACT_FIELDS`, in order)."""
        return {
            "looked_after_when_missing": self.looked_after,
            "reported_placement_type": self.placement_type,
            "reported_placement_area": self.placement_area,
            "responsible_authority": self.responsible_authority,
            "exploitation_flag": self.exploitation_flag,
            "where_found": self.where_found,
            "reported_by": self.reported_by,
        }


# The `Episode` fields a report's facts fill (an importer's bulk SQL writes exactly these).
EPISODE_FACT_FIELDS = tuple(ReportedFacts().episode_fields())


@dataclass(frozen=True, kw_only=True)
class MissingReport:
    """One report; `child` is a visible known child, else `new_child` holds the fields of a new
    record. `notify` adds agencies to those the rule names; `reporting_agency` defaults to the
    actor's."""

    category: EpisodeCategory
    last_seen_at: datetime
    reported_at: datetime
    source_system: str
    source_reference: str
    risk_level: RiskLevel
    risk_reason: str
    police_reference: str = ""
    exploitation_flag: bool = False  # county lines or criminal exploitation suspected
    facts: ReportedFacts = ReportedFacts()  # where from, where found, who reported
    child: Child | None = None
    new_child: dict[str, Any] | None = None
    notify: tuple[Agency, ...] = ()
    reporting_agency: Agency | None = None
    link: bool = True  # ask linkage (the `match_child` hook) whether a new record is known


def take_missing_report(
    *, actor: User | None, report: MissingReport, protocol_at_once: bool = False
) -> Episode:
    """Store the report as `actor`, audited, in the caller's transaction (or one of its own);
    the answer is the episode with its gradings and notifications loaded. Raises
    `AlreadyMissing` when the child has an open episode."""
    agency = report.reporting_agency or _agency_of(actor)
    stored = _known_child(report)
    if stored is not None:  # before the transaction: a refusal leaves the caller's usable
        refuse_second_open(stored.pk)
    known = stored is not None
    with transaction.atomic(savepoint=False):
        events: list[AuditEvent] = []
        if stored is None:
            child = store_child(**(report.new_child or {}))
            events.append(_event(AuditVerb.CHILD_CREATED, actor, child, child.pk))
        else:
            child = stored
        notify = agencies_to_notify(child_id=child.pk if known else None, reporting_agency=agency)
        notify += [a for a in report.notify if a.pk != agency.pk and a not in notify]
        episode = _new_episode(report, child, known, agency, pending=not protocol_at_once)
        detail = {"category": str(report.category), "reporting_agency_id": agency.pk}
        events.append(_event(AuditVerb.EPISODE_REPORTED, actor, episode, child.pk, detail))
        grading = _first_grading(actor, report, episode)
        detail = {"episode_id": episode.pk, "level": str(report.risk_level)}
        events.append(_event(AuditVerb.RISK_GRADED, actor, grading, child.pk, detail))
        notifications = _notify(agency, episode, notify)
        events += [child_shared_event(actor=actor, notification=n) for n in notifications]
        record_events(events)
        _loaded(episode, "risk_gradings", [grading])
        _loaded(episode, "notifications", notifications)
        if protocol_at_once:
            hooks.episode_reported.call(episode=episode, actor=actor)
        else:
            hooks.protocol_pending.call()
    return episode


def report_missing(
    *, actor: User | None, child: Child, reporting_agency: Agency, **report: Any
) -> Episode:
    """One report of a known child with the protocol applied at once (demo data, tests): the
    keyword arguments are `MissingReport`'s."""
    whole = MissingReport(child=child, reporting_agency=reporting_agency, **report)
    with transaction.atomic():
        return take_missing_report(actor=actor, report=whole, protocol_at_once=True)


def report_child_missing(*, actor: User, submission_id: str, **report: Any) -> tuple[Episode, bool]:
    """The report-missing form: the protocol applied at once, so the page shows the tasks. The
    form's submission id is the source reference, so submitting the same form twice gives back
    the first episode (`created=False`). Raises `AlreadyMissing`."""
    existing = Episode.objects.filter(
        source_system=WEB_SOURCE_SYSTEM, source_reference=submission_id
    ).first()
    if existing is not None:
        return existing, False
    whole = MissingReport(source_system=WEB_SOURCE_SYSTEM, source_reference=submission_id, **report)
    try:
        with transaction.atomic():
            return take_missing_report(actor=actor, report=whole, protocol_at_once=True), True
    except IntegrityError:  # another report of the child committed first
        if whole.child is not None:
            refuse_second_open(whole.child.pk)
        raise


def refuse_second_open(child_id: int) -> None:
    """Raise `AlreadyMissing` when the child has an open episode (one indexed query)."""
    found = open_episodes_of([child_id]).get(child_id)
    if found is not None:
        raise AlreadyMissing(found.episode_id, found.last_seen_at)


def _agency_of(actor: User | None) -> Agency:
    if actor is None or actor.agency is None:
        raise ValueError("A report needs a reporting agency.")
    return actor.agency


def _known_child(report: MissingReport) -> Child | None:
    """The named child; else the stored child linkage recognises (None: a new record)."""
    if report.child is not None:
        return report.child
    if not report.link:
        return None
    fields = report.new_child or {}
    person = Person(
        given_name=fields.get("given_name", ""),
        family_name=fields.get("family_name", ""),
        date_of_birth=fields.get("date_of_birth"),
        sex=str(fields.get("sex") or ""),
        postcode=fields.get("home_postcode", ""),
    )
    matched = hooks.match_child.first(person=person)
    return Child.objects.filter(pk=matched).first() if matched is not None else None


def _new_episode(
    report: MissingReport, child: Child, known: bool, agency: Agency, *, pending: bool
) -> Episode:
    [episode] = insert(
        Episode(
            child=child,
            category=report.category,
            status=EpisodeStatus.OPEN,
            last_seen_at=report.last_seen_at,
            reported_at=report.reported_at,
            # A new record has no placements yet.
            missing_from=placement_on(child, report.last_seen_at) if known else None,
            police_reference=report.police_reference,
            **{
                **report.facts.episode_fields(),
                "exploitation_flag": report.exploitation_flag or report.facts.exploitation_flag,
            },
            reporting_agency=agency,
            source_system=report.source_system,
            source_reference=report.source_reference,
            protocol_pending=pending,
        )
    )
    return episode


def _first_grading(actor: User | None, report: MissingReport, episode: Episode) -> RiskGrading:
    reason = report.risk_reason.strip()
    if not reason:
        raise ValueError("A risk grading needs a reason.")
    [grading] = insert(
        RiskGrading(
            episode=episode,
            level=report.risk_level,
            reason=reason,
            graded_at=report.reported_at,
            graded_by=actor,
            graded_by_name=actor.get_full_name() if actor is not None else "",
        )
    )
    return grading


def _notify(sender: Agency, episode: Episode, agencies: list[Agency]) -> list[Notification]:
    sent_at = episode.reported_at
    expires_at = sent_at + timedelta(days=settings.MISSINGHUB_NOTIFICATION_DAYS)
    return insert(
        *(
            Notification(
                child_id=episode.child_id,
                episode=episode,
                from_agency=sender,
                to_agency=agency,
                purpose=REPORT_PURPOSE,
                lawful_basis=settings.MISSINGHUB_NOTIFICATION_LAWFUL_BASIS,
                sent_at=sent_at,
                expires_at=expires_at,
            )
            for agency in agencies
        )
    )


def _event(
    verb: AuditVerb,
    actor: User | None,
    target: models.Model,
    child_id: int,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    return audit_event(verb=verb, actor=actor, target=target, child_id=child_id, detail=detail)


def _loaded(episode: Episode, relation: str, objects: list[Any]) -> None:
    """Record `objects` as the episode's whole `relation`, as a prefetch would have."""
    queryset = getattr(episode, relation).all()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    cache = episode.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[relation] = queryset


# The batch form ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenEpisode:
    """A child's open episode: stored (`episode_id`) or made by the batch (`episode_id` 0)."""

    key: tuple[str, str]  # (source system, source reference)
    episode_id: int
    last_seen_at: datetime

    def refusal(self) -> str:
        """Why a second open episode is refused, naming this one (for a rejected row)."""
        if self.episode_id:
            seen = timezone.localtime(self.last_seen_at).strftime("%d/%m/%Y %H:%M")
            which = f"episode {self.episode_id} (last seen {seen})"
        else:
            which = f"occurrence {self.key[1]} earlier in this file"
        return (
            f"is already missing: {which} has no return yet, and a child has one open episode "
            "at a time (record that return first)"
        )


def open_episodes_of(child_ids: Collection[int]) -> dict[int, OpenEpisode]:
    """{child id: open episode} of these children: one query (the partial unique index)."""
    if not child_ids:
        return {}
    if connection.vendor == "postgresql":  # the ids as one array, not thousands of parameters
        table = connection.ops.quote_name(str(Episode._meta.db_table))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT child_id, source_system, source_reference, id, last_seen_at"  # noqa: S608
                f" FROM {table} WHERE returned_at IS NULL AND child_id = ANY(%s)",
                [list(child_ids)],
            )
            rows = cursor.fetchall()
    else:
        episodes = Episode.objects.filter(returned_at__isnull=True, child_id__in=child_ids)
        names = ("child_id", "source_system", "source_reference", "pk", "last_seen_at")
        rows = list(episodes.values_list(*names))
    return {c: OpenEpisode((system, ref), pk, seen) for c, system, ref, pk, seen in rows}


class BatchIntake:
    """The rules for one batch of reports that an importer writes with its own SQL.

    `look_up` asks the database two set queries for the batch's children; `admit` and
    `recipients` then decide each row in plain Python, in the file's order."""

    def __init__(self, *, reporting_agency: Agency, added: Iterable[int] = ()) -> None:
        self.agency = reporting_agency
        self.added = set(added) - {reporting_agency.pk}  # a mapping's `notify`: added only
        self.open: dict[int, OpenEpisode] = {}  # child id -> its open episode
        self.open_child: dict[tuple[str, str], int] = {}  # an open episode's key -> child id
        self.told: dict[int, set[int]] = {}

    def look_up(self, child_ids: Collection[int]) -> None:
        self.open = open_episodes_of(child_ids)
        self.open_child = {episode.key: child for child, episode in self.open.items()}
        self.told = agencies_to_notify_each(child_ids=child_ids, reporting_agency=self.agency)

    def admit(
        self, *, key: tuple[str, str], child_id: int, opens: bool, last_seen_at: datetime
    ) -> OpenEpisode | None:
        """The episode `key` is to be (or stay) the child's, open or not: None when that keeps
        one open episode per child (and it is remembered), else the open episode in the way."""
        holding = self.open.get(child_id)
        if opens and holding is not None and holding.key != key:
            return holding
        was = self.open_child.pop(key, None)  # this episode was open (perhaps another child's)
        if was is not None:
            self.open.pop(was, None)
        if opens:
            kept = holding.episode_id if holding is not None else 0
            self.open[child_id] = OpenEpisode(key, kept, last_seen_at)
            self.open_child[key] = child_id
        return None

    def recipients(self, child_id: int) -> set[int]:
        """The agencies to tell of a new episode of the child: the rule's, and those added."""
        return self.told.get(child_id, set()) | self.added


def protocol_wanted(reported_at: datetime, returned_at: datetime | None, since: datetime) -> bool:
    """Whether an imported episode is marked `protocol_pending`; `since` is now less
    `PROTOCOL_WINDOW` (computed once per batch)."""
    return reported_at >= since or (returned_at is not None and returned_at >= since)


@dataclass(frozen=True, kw_only=True)
class PeopleAtTheDoor:
    """The people of one imported batch, for linkage at the door (`match_children`)."""

    people: dict[str, Person]  # reference -> what the file says of the person
    named: dict[str, int]  # reference -> the stored child an identifier of the agency names
    agency_id: int
    identifier_kind: str
    source: str  # where the rows come from, for the reviewer ("import 12 of extract.csv")


@dataclass(frozen=True)
class Recognised:
    """Who the people of a batch are. `matched`: reference -> the stored child the person is;
    `held`: reference -> why its rows wait for a person (the details disagree with the child an
    identifier names); a reference in neither is a new child."""

    matched: dict[str, int] = field(default_factory=dict)
    held: dict[str, str] = field(default_factory=dict)


def recognise_people(door: PeopleAtTheDoor) -> Recognised:
    """Linkage's answer for the batch (one call); with nothing registered, the identifiers."""
    if not door.people and not door.named:
        return Recognised()
    answer = hooks.match_children.first(door=door)
    return answer if answer is not None else Recognised(matched=dict(door.named))


class ReportWriter(Protocol):
    """An importer's writer of one batch: its own SQL, the decisions of a `BatchIntake`."""

    protocol_pending: bool

    def save(self) -> list[int]: ...


def take_reports(writer: ReportWriter) -> list[int]:
    """Write a decided batch of reports in the caller's transaction; the ids written."""
    written = writer.save()
    if writer.protocol_pending:
        hooks.protocol_pending.call()
    return written


def mark_exploitation(
    *, actor: User | None, episode: Episode, source: str, detail: dict[str, Any] | None = None
) -> bool:
    """Mark a reported episode with a county lines or criminal exploitation concern (from an API
    update, a high screening): audited once; never cleared here. Whether it was newly marked."""
    marked = Episode.objects.filter(pk=episode.pk, exploitation_flag=False).update(
        exploitation_flag=True,
        updated_at=timezone.now(),  # a new version (the API's ETag)
    )
    if marked:
        episode.exploitation_flag = True
        record_events(
            [
                _event(
                    AuditVerb.EPISODE_EXPLOITATION_FLAGGED,
                    actor,
                    episode,
                    episode.child_id,
                    {"source": source, **(detail or {})},
                )
            ]
        )
    return bool(marked)

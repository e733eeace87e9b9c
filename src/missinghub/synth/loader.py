"""Load a generated TRUE population (DIR/truth/*.csv) into the database, for the demo.

Bulk inserts in one transaction; one audit event for the whole load. The faulty source extracts
are not loaded (they are for linkage and import scoring). CME referrals and casework (return
interviews with their protocol tasks and contact attempts, screenings, interventions) are loaded
by `casework_loader.py`.
"""

import csv
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from missinghub.accounts.demo import ensure_demo_agencies, ensure_synthetic_users
from missinghub.accounts.models import Agency
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.children.models import (
    Child,
    ChildIdentifier,
    IdentifierKind,
    LegalStatus,
    LegalStatusKind,
    Placement,
    PlacementArea,
)
from missinghub.episodes.models import (
    Episode,
    EpisodeStatus,
    Notification,
    RiskGrading,
    RiskLevel,
)
from missinghub.synth.area_loader import Council, ensure_councils
from missinghub.synth.casework_loader import (
    CaseworkCounts,
    CaseworkLoad,
    load_cme,
    load_interventions,
    load_interviews,
    load_screenings,
)
from missinghub.synth.casework_loader import day_or_none as _day
from missinghub.synth.casework_loader import moment_or_none as _moment
from missinghub.synth.pursue_loader import load_pursue_links

SOURCE_SYSTEM = "synthetic-police"
LONDON = ZoneInfo("Europe/London")
BATCH = 2000
# Returned episodes older than this at the end of the period are closed by the police.
CLOSE_AFTER = timedelta(days=3)
PROVIDER_KEY = {"childrens_home": "care_provider", "foster": "foster_agency"}
RISK_REASON = {
    RiskLevel.HIGH: "Graded high on report: risk of serious harm (synthetic police record).",
    RiskLevel.MEDIUM: "Graded medium on report: risk of harm likely (synthetic police record).",
    RiskLevel.LOW: "Graded low on report: no apparent immediate risk (synthetic police record).",
    RiskLevel.VERY_LOW: "Graded very low on report (synthetic police record).",
    RiskLevel.NO_APPARENT_RISK: "Recorded as absent, no apparent risk (synthetic police record).",
}


class AlreadyLoaded(Exception):
    pass


@dataclass
class LoadCounts(CaseworkCounts):
    children: int = 0
    identifiers: int = 0
    placements: int = 0
    legal_statuses: int = 0
    episodes: int = 0
    open_episodes: int = 0
    risk_gradings: int = 0
    notifications: int = 0
    pursue_links: int = 0


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def load_population(folder: Path) -> LoadCounts:
    """Load DIR/truth into the database; refuses to load on top of an earlier synthetic load."""
    truth = folder / "truth"
    if Episode.objects.filter(source_system=SOURCE_SYSTEM).exists():
        raise AlreadyLoaded("A synthetic population is already loaded; use a fresh database.")
    agencies = ensure_demo_agencies()
    counts = LoadCounts()
    with transaction.atomic():
        users = ensure_synthetic_users(agencies)
        councils = ensure_councils(truth, agencies)
        children = _load_children(truth, agencies, councils, counts)
        placements = _load_placements(truth, children, agencies, councils, counts)
        _load_legal_statuses(truth, children, councils, counts)
        episodes = _load_episodes(truth, children, placements, agencies, counts)
        counts.cme_referrals = load_cme(
            _rows(truth / "cme.csv"), children, agencies, users["school"]
        )
        load = CaseworkLoad(episodes, agencies, users["missing_team"], _period_end(truth))
        _load_casework(truth, load, counts)
        counts.pursue_links = load_pursue_links(truth, children, users["missing_team"])
        record_event(verb=AuditVerb.SYNTHETIC_DATA_LOADED, actor=None, detail=asdict(counts))
    return counts


def _load_casework(truth: Path, load: CaseworkLoad, counts: LoadCounts) -> None:
    interviews = load_interviews(
        list(_rows(truth / "return_interviews.csv")),
        list(_rows(truth / "contact_attempts.csv")),
        load,
        counts,
    )
    counts.screenings = load_screenings(_rows(truth / "screenings.csv"), interviews, load)
    counts.interventions = load_interventions(_rows(truth / "interventions.csv"), interviews, load)


def _load_children(
    truth: Path, agencies: dict[str, Agency], councils: dict[str, Council], counts: LoadCounts
) -> dict[str, int]:
    rows = list(_rows(truth / "children.csv"))
    made = Child.objects.bulk_create(
        (
            Child(
                given_name=row["given_name"],
                family_name=row["family_name"],
                date_of_birth=date.fromisoformat(row["date_of_birth"]),
                sex=row["sex"],
                ethnicity=row["ethnicity"],
                home_postcode=row["home_postcode"],
                home_area=_council(councils, row.get("home_area")).area,
            )
            for row in rows
        ),
        batch_size=BATCH,
    )
    ids = {row["child_id"]: child.pk for row, child in zip(rows, made, strict=True)}
    police = agencies["police"]
    identifiers = ChildIdentifier.objects.bulk_create(
        (
            ChildIdentifier(
                child_id=ids[row["child_id"]],
                agency=police,
                kind=IdentifierKind.POLICE_PERSON_REFERENCE,
                value=row["police_person_ref"],
            )
            for row in rows
            if row["police_person_ref"]
        ),
        batch_size=BATCH,
    )
    counts.children, counts.identifiers = len(made), len(identifiers)
    return ids


def _load_placements(
    truth: Path,
    children: dict[str, int],
    agencies: dict[str, Agency],
    councils: dict[str, Council],
    counts: LoadCounts,
) -> dict[str, int]:
    rows = list(_rows(truth / "placements.csv"))
    made = Placement.objects.bulk_create(
        (
            Placement(
                child_id=children[row["child_id"]],
                placement_type=row["placement_type"],
                area=(
                    PlacementArea.OUT_OF_BOROUGH
                    if row["placement_area"] == "out_of_borough"
                    else PlacementArea.IN_BOROUGH
                ),
                placing_authority=(
                    None
                    if row["placement_type"] == "family_home"
                    else _council(councils, row.get("placing_area")).social_care
                ),
                host_area=councils[row["host_area"]].area if row.get("host_area") else None,
                provider=(
                    agencies[PROVIDER_KEY[row["placement_type"]]]
                    if row["placement_type"] in PROVIDER_KEY
                    else None
                ),
                postcode=row["postcode"],
                start_date=date.fromisoformat(row["start_date"]),
                end_date=_day(row["end_date"]),
            )
            for row in rows
        ),
        batch_size=BATCH,
    )
    counts.placements = len(made)
    return {row["placement_id"]: made.pk for row, made in zip(rows, made, strict=True)}


def _load_legal_statuses(
    truth: Path, children: dict[str, int], councils: dict[str, Council], counts: LoadCounts
) -> None:
    made = LegalStatus.objects.bulk_create(
        (
            LegalStatus(
                child_id=children[row["child_id"]],
                status=LegalStatusKind.LOOKED_AFTER,
                start_date=date.fromisoformat(row["start_date"]),
                end_date=_day(row["end_date"]),
                responsible_authority=_council(councils, row.get("responsible_area")).social_care,
            )
            for row in _rows(truth / "legal_statuses.csv")
        ),
        batch_size=BATCH,
    )
    counts.legal_statuses = len(made)


def _council(councils: dict[str, Council], name: str | None) -> Council:
    """The council named (a population from before #25 names none: its one council)."""
    return councils[name] if name else next(iter(councils.values()))


def _episode_rows(truth: Path) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    details = _rows(truth / "episode_details.csv")
    for row, detail in zip(_rows(truth / "episodes.csv"), details, strict=True):
        if row["episode_id"] != detail["episode_id"]:
            raise ValueError(f"episode_details.csv is out of step at {row['episode_id']}")
        yield row, detail


def _period_end(truth: Path) -> datetime:
    plan = json.loads((truth / "manifest.json").read_text(encoding="utf-8"))
    return datetime.combine(date.fromisoformat(plan["end_date"]), time(), tzinfo=LONDON)


def _status(returned: datetime | None, period_end: datetime) -> str:
    if returned is None:
        return EpisodeStatus.OPEN
    return EpisodeStatus.CLOSED if returned < period_end - CLOSE_AFTER else EpisodeStatus.RETURNED


def _load_episodes(
    truth: Path,
    children: dict[str, int],
    placements: dict[str, int],
    agencies: dict[str, Agency],
    counts: LoadCounts,
) -> dict[str, Episode]:
    rows = list(_episode_rows(truth))
    period_end = _period_end(truth)
    episodes = Episode.objects.bulk_create(
        (_episode(row, detail, children, placements, agencies, period_end) for row, detail in rows),
        batch_size=BATCH,
    )
    gradings = RiskGrading.objects.bulk_create(
        (
            RiskGrading(
                episode=episode,
                level=detail["risk_level"],
                graded_at=episode.reported_at,
                graded_by_name="Northdale Police (synthetic extract)",
                reason=RISK_REASON[RiskLevel(detail["risk_level"])],
            )
            for episode, (_, detail) in zip(episodes, rows, strict=True)
        ),
        batch_size=BATCH,
    )
    notifications = Notification.objects.bulk_create(
        (_notification(episode, agencies) for episode in episodes), batch_size=BATCH
    )
    counts.episodes, counts.risk_gradings = len(episodes), len(gradings)
    counts.notifications = len(notifications)
    counts.open_episodes = sum(1 for episode in episodes if episode.returned_at is None)
    return {row["episode_id"]: episode for (row, _), episode in zip(rows, episodes, strict=True)}


def _episode(
    row: dict[str, str],
    detail: dict[str, str],
    children: dict[str, int],
    placements: dict[str, int],
    agencies: dict[str, Agency],
    period_end: datetime,
) -> Episode:
    returned = _moment(row["returned_at"])
    return Episode(
        child_id=children[row["child_id"]],
        category=row["category"],
        status=_status(returned, period_end),
        last_seen_at=datetime.fromisoformat(detail["last_seen_at"]),
        reported_at=datetime.fromisoformat(row["reported_at"]),
        returned_at=returned,
        return_method=detail["return_method"],
        missing_from_id=placements.get(detail["placement_id"]),
        police_reference=detail["occurrence_ref"],
        reporting_agency=agencies["police"],
        source_system=SOURCE_SYSTEM,
        source_reference=row["episode_id"],
    )


def _notification(episode: Episode, agencies: dict[str, Agency]) -> Notification:
    return Notification(
        child_id=episode.child_id,
        episode=episode,
        from_agency=agencies["police"],
        to_agency=agencies["missing_team"],
        purpose="Child reported missing: return interview and follow-up by the missing team.",
        lawful_basis=settings.MISSINGHUB_NOTIFICATION_LAWFUL_BASIS,
        sent_at=episode.reported_at,
        expires_at=episode.reported_at + timedelta(days=settings.MISSINGHUB_NOTIFICATION_DAYS),
    )

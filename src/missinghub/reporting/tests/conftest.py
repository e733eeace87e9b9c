"""A small hand-built area for report tests: every figure below is counted by hand.

Period: 1 April 2024 to 31 March 2025 (UK dates).
- Ada (family home, never looked after): missing x2 in the period, absent x1, missing x1 before.
- Ben (looked after, children's home in borough): missing x2, awol x1.
- Cal (looked after from 1 June 2024, foster out of borough; family home before): missing on
  10 May 2024 (not yet looked after), then missing x1 and awol x2 while looked after.
- Dee (family home): missing at 23:30 BST on 31 March 2025 (inside), one at 00:30 BST on
  1 April 2025 (outside: after the period).
CME: three referrals in the period (located and closed, ongoing, closed without locating) and
one before.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from missinghub.accounts.models import Agency, Role, User
from missinghub.accounts.tests.factories import UserFactory
from missinghub.casework.models import CmeGround, CmeReferral, CmeStatus
from missinghub.children.models import LegalStatus, LegalStatusKind, PlacementArea, PlacementType
from missinghub.children.tests.factories import ChildFactory, PlacementFactory
from missinghub.episodes.models import EpisodeCategory, EpisodeStatus
from missinghub.episodes.tests.factories import EpisodeFactory

LONDON = ZoneInfo("Europe/London")
EXPECTED_PUBLISHED = (
    '{"period":["2024-04-01","2025-03-31"],'
    '"all":{"missing":[7,4],"absent":[1,1],"awol":[3,2]},'
    '"lac_in_borough":{"missing":[2,1],"awol":[1,1]},'
    '"lac_out_of_borough":{"missing":[1,1],"awol":[2,1]},'
    '"cme":{"referrals":3,"located_closed":1,"ongoing":1}}'
)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)


def _episode(
    child: Any,
    agency: Agency,
    category: str,
    reported: str,
    hours: float | None,
    placement: Any = None,
) -> None:
    start = at(reported)
    returned = None if hours is None else start + dt.timedelta(hours=hours)
    EpisodeFactory(
        child=child,
        category=category,
        status=EpisodeStatus.OPEN if returned is None else EpisodeStatus.CLOSED,
        last_seen_at=start - dt.timedelta(minutes=30),
        reported_at=start,
        returned_at=returned,
        missing_from=placement,
        reporting_agency=agency,
    )


@pytest.fixture
def small_area(agencies: dict[str, Agency]) -> dict[str, Any]:
    police, care = agencies["police"], agencies["social_care"]
    miss, absent, awol = (
        EpisodeCategory.MISSING,
        EpisodeCategory.ABSENT,
        EpisodeCategory.AWAY_FROM_PLACEMENT,
    )
    ada = ChildFactory(given_name="Ada", family_name="Lovelace")
    home = PlacementFactory(
        child=ada, placement_type=PlacementType.FAMILY_HOME, start_date=dt.date(2010, 6, 1)
    )
    for reported, hours in (("2024-05-01 22:30", 3), ("2024-05-20 10:00", 30)):
        _episode(ada, police, miss, reported, hours, home)
    _episode(ada, police, absent, "2024-07-01 15:00", 2, home)
    _episode(ada, police, miss, "2024-03-01 22:00", 5, home)  # before the period
    ben = ChildFactory(given_name="Ben", family_name="Brook")
    ben_home = PlacementFactory(
        child=ben,
        placement_type=PlacementType.CHILDRENS_HOME,
        area=PlacementArea.IN_BOROUGH,
        provider=agencies["care_home"],
        start_date=dt.date(2023, 1, 1),
    )
    LegalStatus.objects.create(
        child=ben,
        status=LegalStatusKind.LOOKED_AFTER,
        start_date=dt.date(2023, 1, 1),
        responsible_authority=care,
    )
    for category, reported, hours in (
        (miss, "2024-06-07 23:15", 4),
        (miss, "2024-06-08 23:45", 6),
        (awol, "2024-06-09 22:10", None),
    ):
        _episode(ben, police, category, reported, hours, ben_home)
    cal = ChildFactory(given_name="Cal", family_name="Cole")
    cal_home = PlacementFactory(
        child=cal,
        placement_type=PlacementType.FAMILY_HOME,
        start_date=dt.date(2010, 6, 1),
        end_date=dt.date(2024, 6, 1),
    )
    cal_foster = PlacementFactory(
        child=cal,
        placement_type=PlacementType.FOSTER,
        area=PlacementArea.OUT_OF_BOROUGH,
        start_date=dt.date(2024, 6, 1),
    )
    LegalStatus.objects.create(
        child=cal,
        status=LegalStatusKind.LOOKED_AFTER,
        start_date=dt.date(2024, 6, 1),
        responsible_authority=care,
    )
    _episode(cal, police, miss, "2024-05-10 19:00", 1, cal_home)
    for category, reported, hours in (
        (miss, "2024-09-01 18:00", 80),
        (awol, "2024-10-01 21:00", 2),
        (awol, "2024-11-01 08:00", 1),
    ):
        _episode(cal, police, category, reported, hours, cal_foster)
    dee = ChildFactory(given_name="Dee", family_name="Dale")
    _episode(dee, police, miss, "2025-03-31 23:30", 1)
    _episode(dee, police, miss, "2025-04-01 00:30", 1)
    school_lead = UserFactory(agency=agencies["school"], role=Role.SCHOOL_SAFEGUARDING_LEAD)
    cme = (
        ("2024-05-01", CmeStatus.LOCATED_CLOSED, "2024-05-09"),
        ("2024-09-01", CmeStatus.ONGOING, None),
        ("2025-01-05", CmeStatus.CLOSED_NOT_LOCATED, "2025-02-01"),
        ("2024-02-01", CmeStatus.LOCATED_CLOSED, "2024-02-10"),
    )
    for referred, status, closed in cme:
        CmeReferral.objects.create(
            child=ChildFactory(),
            school=agencies["school"],
            referred_by=school_lead,
            referred_on=dt.date.fromisoformat(referred),
            ground=CmeGround.ABSENT_20_DAYS,
            status=status,
            closed_on=dt.date.fromisoformat(closed) if closed else None,
            where_located="Another school in the area"
            if status == CmeStatus.LOCATED_CLOSED
            else "",
            referred_to=agencies["missing_team"],
        )
    return {"ada": ada, "ben": ben, "cal": cal, "dee": dee}


@pytest.fixture
def analyst(make_user: Any) -> User:
    return make_user("missing_team", Role.ANALYST)

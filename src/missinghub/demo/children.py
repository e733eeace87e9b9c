"""A handful of fictional Northdale children, for a demo before any synthetic data is loaded.

Each is a pupil on Northdale Academy's roll (the school issued their unique pupil number), so the
school's safeguarding lead sees them and can start a child-missing-education referral."""

import datetime as dt
from typing import NamedTuple

from django.utils import timezone

from missinghub.accounts.demo import AREA, SECOND_COUNCIL
from missinghub.accounts.models import Agency, Area
from missinghub.children.models import (
    Child,
    ChildIdentifier,
    IdentifierKind,
    LegalStatusKind,
    PlacementArea,
    PlacementType,
    Sex,
)
from missinghub.children.services import (
    add_identifier,
    create_child,
    record_legal_status,
    record_placement,
)
from missinghub.episodes.intake import report_missing
from missinghub.episodes.models import EpisodeCategory, ReturnMethod, RiskLevel
from missinghub.episodes.services import record_return


class DemoChild(NamedTuple):
    given: str
    family: str
    born: dt.date
    sex: Sex
    placement_type: PlacementType
    looked_after: bool
    # (days ago, hours missing); None hours: still missing now.
    episodes: list[tuple[int, int | None]]


DEMO_CHILDREN = [
    DemoChild(
        "Tamsin",
        "Oakridge",
        dt.date(2011, 2, 14),
        Sex.FEMALE,
        PlacementType.CHILDRENS_HOME,
        True,
        [(40, 5), (25, 30), (6, 3), (0, None)],
    ),
    DemoChild(
        "Kieran",
        "Westbrook",
        dt.date(2009, 9, 3),
        Sex.MALE,
        PlacementType.FAMILY_HOME,
        False,
        [(80, 12), (2, None)],
    ),
    DemoChild(
        "Lily-Mae",
        "Ashdown",
        dt.date(2013, 6, 21),
        Sex.FEMALE,
        PlacementType.FOSTER,
        True,
        [(15, 4)],
    ),
    DemoChild(
        "Jayden",
        "Marlow",
        dt.date(2008, 11, 30),
        Sex.MALE,
        PlacementType.SEMI_INDEPENDENT,
        True,
        [(60, 72), (33, 2), (20, 6), (9, 10)],
    ),
]


def pupil_number(index: int) -> str:
    """A fictional unique pupil number: the 13-character UPN form (a letter, then 12 digits)."""
    return f"N{880000000000 + index:012d}"


def load_demo_children(agencies: dict[str, Agency]) -> int:
    now = timezone.now()
    for index, spec in enumerate(DEMO_CHILDREN):
        given, family, born, sex, placement_type, looked_after, episodes = spec
        child = create_child(
            actor=None, given_name=given, family_name=family, date_of_birth=born, sex=sex
        )
        add_identifier(
            actor=None,
            child=child,
            agency=agencies["police"],
            kind=IdentifierKind.POLICE_PERSON_REFERENCE,
            value=f"ND-P-{1000 + index}",
        )
        add_identifier(
            actor=None,
            child=child,
            agency=agencies["school"],
            kind=IdentifierKind.SCHOOL_UPN,
            value=pupil_number(index),
        )
        provider = {
            PlacementType.CHILDRENS_HOME: agencies["care_provider"],
            PlacementType.FOSTER: agencies["foster_agency"],
        }.get(placement_type)
        record_placement(
            actor=None,
            child=child,
            placement_type=placement_type,
            area=PlacementArea.IN_BOROUGH,
            start_date=(now - dt.timedelta(days=400)).date(),
            provider=provider,
        )
        if looked_after:
            record_legal_status(
                actor=None,
                child=child,
                status=LegalStatusKind.LOOKED_AFTER,
                start_date=(now - dt.timedelta(days=400)).date(),
                responsible_authority=agencies["social_care"],
            )
        for number, (days_ago, hours_missing) in enumerate(episodes):
            last_seen = now - dt.timedelta(days=days_ago, hours=3)
            episode = report_missing(
                actor=None,
                child=child,
                category=EpisodeCategory.MISSING,
                last_seen_at=last_seen,
                reported_at=last_seen + dt.timedelta(hours=1),
                reporting_agency=agencies["police"],
                source_system="demo",
                source_reference=f"ND-{index}-{number}",
                police_reference=f"ND/{index:03d}/{number:03d}",
                risk_level=RiskLevel.MEDIUM if hours_missing is None else RiskLevel.LOW,
                risk_reason="Demo grading: out of character for the time of night.",
                notify=(agencies["missing_team"],),
            )
            if hours_missing is not None:
                record_return(
                    actor=None,
                    episode=episode,
                    returned_at=last_seen + dt.timedelta(hours=hours_missing),
                    return_method=ReturnMethod.RETURNED_BY_SELF,
                )
    return len(DEMO_CHILDREN)


CROSS_BORDER_REFERENCE = "ND-P-2001"


def ensure_cross_border_child(agencies: dict[str, Agency]) -> Child:
    """A Northdale looked-after child living in an Eastmere children's home, not missing now:
    report them missing as Northdale Police to try the cross-border journey (Northdale's missing
    team gets the interview; Eastmere's team and the force are told). Made once."""
    known = ChildIdentifier.objects.filter(
        agency=agencies["police"], value=CROSS_BORDER_REFERENCE
    ).first()
    if known is not None:
        return known.child
    child = create_child(
        actor=None,
        given_name="Rowan",
        family_name="Penhallow",
        date_of_birth=dt.date(2010, 6, 14),
        sex=Sex.FEMALE,
    )
    child.home_area = Area.objects.get(name=AREA)
    child.save(update_fields=["home_area"])
    add_identifier(
        actor=None,
        child=child,
        agency=agencies["police"],
        kind=IdentifierKind.POLICE_PERSON_REFERENCE,
        value=CROSS_BORDER_REFERENCE,
    )
    since = (timezone.now() - dt.timedelta(days=200)).date()
    record_legal_status(
        actor=None,
        child=child,
        status=LegalStatusKind.LOOKED_AFTER,
        start_date=since,
        responsible_authority=agencies["social_care"],
    )
    record_placement(
        actor=None,
        child=child,
        placement_type=PlacementType.CHILDRENS_HOME,
        area=PlacementArea.OUT_OF_BOROUGH,
        start_date=since,
        provider=agencies["eastmere_home"],
        placing_authority=agencies["social_care"],
        host_area=Area.objects.get(name=SECOND_COUNCIL[0]),
    )
    return child

import datetime as dt

import pytest

from missinghub.accounts.models import Role
from missinghub.children.models import ChildIdentifier, IdentifierKind
from missinghub.children.tests.factories import ChildFactory, PlacementFactory
from missinghub.episodes.models import RiskGrading
from missinghub.episodes.tests.factories import EpisodeFactory

KEY = "exports-test-pseudonym-key-0123456789abcdef"


@pytest.fixture(autouse=True)
def _pseudonym_key(settings) -> None:
    settings.MISSINGHUB_PSEUDONYM_KEY = KEY


@pytest.fixture
def records(agencies):
    """A child the test police force reported, and one only another force knows."""
    ours = ChildFactory(
        given_name="Robin",
        family_name="Testkid",
        date_of_birth=dt.date(2011, 4, 3),
        home_postcode="TS24 8AB",
    )
    placement = PlacementFactory(child=ours, postcode="TS26 9QQ", provider=agencies["care_home"])
    episode = EpisodeFactory(
        child=ours,
        reporting_agency=agencies["police"],
        missing_from=placement,
        where_found='=HYPERLINK("http://evil.example/","click")',
        police_reference="+44 TS/001",
    )
    RiskGrading.objects.create(
        episode=episode, level="high", graded_at=episode.reported_at, reason="@SUM(A1:A9)"
    )
    ChildIdentifier.objects.create(
        child=ours, agency=agencies["social_care"], kind=IdentifierKind.SOCIAL_CARE_ID, value="SC1"
    )
    theirs = ChildFactory(given_name="Kim", family_name="Elsewhere")
    EpisodeFactory(child=theirs, reporting_agency=agencies["other_police"])
    return {"ours": ours, "episode": episode, "theirs": theirs}


@pytest.fixture
def supervisor(make_user):
    return make_user("police", Role.POLICE_SUPERVISOR)


@pytest.fixture
def analyst(make_user):
    return make_user("social_care", Role.ANALYST)


@pytest.fixture
def dpo(make_user):
    return make_user("social_care", Role.DATA_PROTECTION_OFFICER)

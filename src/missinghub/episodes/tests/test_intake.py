"""The one intake: who is told, one open episode per child, the protocol hooks, linkage at the
door (run on SQLite and PostgreSQL)."""

import datetime as dt
from collections.abc import Iterator

import pytest

from missinghub.accounts.models import Role
from missinghub.children.models import Child
from missinghub.children.tests.factories import ChildFactory, PlacementFactory
from missinghub.episodes import hooks
from missinghub.episodes.intake import (
    AlreadyMissing,
    BatchIntake,
    MissingReport,
    take_missing_report,
)
from missinghub.episodes.models import Episode, EpisodeCategory, RiskLevel
from missinghub.episodes.selectors import agencies_to_notify, agencies_to_notify_each

pytestmark = pytest.mark.django_db

LAST_SEEN = dt.datetime(2024, 7, 5, 21, 40, tzinfo=dt.UTC)


def _report(reference: str, **fields: object) -> MissingReport:
    values: dict = {
        "category": EpisodeCategory.MISSING,
        "last_seen_at": LAST_SEEN,
        "reported_at": LAST_SEEN + dt.timedelta(hours=1),
        "source_system": "test-api",
        "source_reference": reference,
        "risk_level": RiskLevel.MEDIUM,
        "risk_reason": "Out of character",
    }
    return MissingReport(**(values | fields))


@pytest.fixture
def officer(make_user):
    return make_user("police", Role.POLICE_OFFICER)


def test_a_child_already_missing_cannot_be_reported_again(officer):
    child = ChildFactory()
    first = take_missing_report(actor=officer, report=_report("A-1", child=child))
    with pytest.raises(AlreadyMissing) as refused:
        take_missing_report(actor=officer, report=_report("A-2", child=child))
    assert refused.value.episode_id == first.pk
    assert Episode.objects.filter(child=child).count() == 1


def test_the_batch_rule_tells_the_same_agencies_as_the_single_rule(agencies):
    held = ChildFactory()
    PlacementFactory(child=held, provider=agencies["care_home"], start_date=dt.date(2024, 1, 1))
    plain = ChildFactory()
    police = agencies["police"]
    each = agencies_to_notify_each(child_ids=[held.pk, plain.pk], reporting_agency=police)
    for child in (held, plain):
        single = agencies_to_notify(child_id=child.pk, reporting_agency=police)
        assert each[child.pk] == {agency.pk for agency in single}
    assert agencies["care_home"].pk in each[held.pk]


def test_a_batch_may_add_recipients_but_keeps_the_rule(agencies):
    child = ChildFactory()
    rules = BatchIntake(reporting_agency=agencies["police"], added=[agencies["school"].pk])
    rules.look_up([child.pk])
    assert rules.recipients(child.pk) == {agencies["missing_team"].pk, agencies["school"].pk}


def test_a_batch_keeps_one_open_episode_per_child_in_the_order_of_its_rows(agencies):
    child = ChildFactory()
    rules = BatchIntake(reporting_agency=agencies["police"])
    rules.look_up([child.pk])
    seen = LAST_SEEN
    assert rules.admit(key=("p", "1"), child_id=child.pk, opens=True, last_seen_at=seen) is None
    blocked = rules.admit(key=("p", "2"), child_id=child.pk, opens=True, last_seen_at=seen)
    assert blocked is not None and blocked.key == ("p", "1")
    assert rules.admit(key=("p", "1"), child_id=child.pk, opens=False, last_seen_at=seen) is None
    assert rules.admit(key=("p", "2"), child_id=child.pk, opens=True, last_seen_at=seen) is None


@pytest.fixture
def calls() -> Iterator[list[str]]:
    """Record the protocol hooks' calls (beside the protocols app's own implementations)."""
    made: list[str] = []
    hooks.protocol_pending.register(lambda: made.append("pending"), key="test-pending")
    hooks.episode_reported.register(
        lambda episode, actor: made.append(f"at once {episode.pk}"), key="test-at-once"
    )
    yield made
    hooks.protocol_pending._implementations.pop("test-pending")
    hooks.episode_reported._implementations.pop("test-at-once")


def test_a_report_marks_the_protocol_pending_unless_asked_for_at_once(officer, calls):
    lean = take_missing_report(actor=officer, report=_report("A-1", child=ChildFactory()))
    web = take_missing_report(
        actor=officer, report=_report("W-1", child=ChildFactory()), protocol_at_once=True
    )
    assert calls == ["pending", f"at once {web.pk}"]
    flags = dict(Episode.objects.values_list("pk", "protocol_pending"))
    # The worker (immediate in tests) applied the protocol and cleared the lean report's flag.
    assert flags == {lean.pk: False, web.pk: False}


@pytest.fixture
def linkage_says() -> Iterator[dict[str, int]]:
    """Stand in for the linkage app's `match_child`: answers the id stored under a name."""
    known: dict[str, int] = {}
    saved = dict(hooks.match_child._implementations)
    hooks.match_child._implementations.clear()
    hooks.match_child.register(lambda person: known.get(person.family_name), key="test")
    yield known
    hooks.match_child._implementations.clear()
    hooks.match_child._implementations.update(saved)


def test_a_new_record_that_linkage_recognises_is_reported_on_the_stored_child(
    officer, linkage_says
):
    stored = ChildFactory(family_name="Fernhollow")
    linkage_says["Fernhollow"] = stored.pk
    new_child = {
        "given_name": "Ada",
        "family_name": "Fernhollow",
        "date_of_birth": dt.date(2010, 4, 3),
    }
    episode = take_missing_report(actor=officer, report=_report("A-1", new_child=new_child))
    assert episode.child_id == stored.pk and Child.objects.count() == 1
    other = {"given_name": "Bo", "family_name": "Quill", "date_of_birth": dt.date(2011, 1, 2)}
    unknown = take_missing_report(actor=officer, report=_report("A-2", new_child=other))
    assert unknown.child_id != stored.pk and Child.objects.count() == 2

import datetime as dt

import pytest
from django.db import IntegrityError

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.children.tests.factories import ChildFactory, PlacementFactory
from missinghub.episodes.intake import report_missing
from missinghub.episodes.models import (
    Episode,
    EpisodeCategory,
    EpisodeStatus,
    ReturnMethod,
    RiskLevel,
)
from missinghub.episodes.services import (
    EpisodeStateError,
    ReturnBeforeReport,
    grade_risk,
    record_return,
)

pytestmark = pytest.mark.django_db

LAST_SEEN = dt.datetime(2024, 7, 5, 21, 40, tzinfo=dt.UTC)


@pytest.fixture
def officer(make_user):
    return make_user("police", Role.POLICE_OFFICER)


def report(officer, agencies, child=None, **overrides):
    arguments = {
        "actor": officer,
        "child": child or ChildFactory(),
        "category": EpisodeCategory.MISSING,
        "last_seen_at": LAST_SEEN,
        "reported_at": LAST_SEEN + dt.timedelta(hours=2),
        "reporting_agency": agencies["police"],
        "source_system": "testshire-police",
        "source_reference": "MP/24/0001",
        "risk_level": RiskLevel.MEDIUM,
        "risk_reason": "First time missing, out of character",
        "notify": (agencies["missing_team"],),
    }
    return report_missing(**(arguments | overrides))


def test_reporting_a_child_missing_opens_an_episode_grades_it_and_notifies(officer, agencies):
    child = ChildFactory()
    placement = PlacementFactory(child=child, start_date=dt.date(2024, 1, 1))
    episode = report(officer, agencies, child=child)
    assert episode.status == EpisodeStatus.OPEN
    assert episode.missing_from == placement
    grading = episode.risk_gradings.get()
    assert (grading.level, grading.graded_by) == (RiskLevel.MEDIUM, officer)
    notification = episode.notifications.get()
    assert notification.to_agency == agencies["missing_team"]
    assert notification.expires_at > notification.sent_at
    verbs = set(AuditEvent.objects.filter(child_id=child.pk).values_list("verb", flat=True))
    assert {AuditVerb.EPISODE_REPORTED, AuditVerb.RISK_GRADED, AuditVerb.CHILD_SHARED} <= verbs


def test_regrading_keeps_the_whole_history(officer, agencies):
    episode = report(officer, agencies)
    grade_risk(actor=officer, episode=episode, level=RiskLevel.HIGH, reason="Seen with older males")
    levels = list(episode.risk_gradings.values_list("level", flat=True))
    assert levels == [RiskLevel.MEDIUM, RiskLevel.HIGH]


def test_a_grading_without_a_reason_is_refused(officer, agencies):
    episode = report(officer, agencies)
    with pytest.raises(ValueError, match="reason"):
        grade_risk(actor=officer, episode=episode, level=RiskLevel.LOW, reason="  ")
    assert episode.risk_gradings.count() == 1


def test_recording_a_return_closes_the_missing_period(officer, agencies):
    episode = report(officer, agencies)
    returned = record_return(
        actor=officer,
        episode=episode,
        returned_at=LAST_SEEN + dt.timedelta(hours=9),
        return_method=ReturnMethod.FOUND_BY_POLICE,
        where_found="Friend's flat, Low Street",
    )
    assert returned.status == EpisodeStatus.RETURNED
    assert AuditEvent.objects.filter(verb=AuditVerb.EPISODE_RETURNED, target_id=str(episode.pk))


def test_a_return_before_last_seen_is_refused_and_nothing_changes(officer, agencies):
    episode = report(officer, agencies)
    with pytest.raises(ReturnBeforeReport):  # the database refuses it too (before last seen)
        record_return(
            actor=officer,
            episode=episode,
            returned_at=LAST_SEEN - dt.timedelta(hours=1),
            return_method=ReturnMethod.OTHER,
        )
    stored = Episode.objects.get(pk=episode.pk)
    assert (stored.status, stored.returned_at) == (EpisodeStatus.OPEN, None)
    assert not AuditEvent.objects.filter(verb=AuditVerb.EPISODE_RETURNED).exists()


def test_a_second_return_is_refused(officer, agencies):
    episode = report(officer, agencies)
    record_return(
        actor=officer,
        episode=episode,
        returned_at=LAST_SEEN + dt.timedelta(hours=3),
        return_method=ReturnMethod.RETURNED_BY_SELF,
    )
    with pytest.raises(EpisodeStateError):
        record_return(
            actor=officer,
            episode=episode,
            returned_at=LAST_SEEN + dt.timedelta(hours=5),
            return_method=ReturnMethod.RETURNED_BY_SELF,
        )
    assert Episode.objects.get(pk=episode.pk).returned_at == LAST_SEEN + dt.timedelta(hours=3)


def test_reporting_the_same_source_reference_twice_leaves_one_episode(officer, agencies):
    report(officer, agencies)
    with pytest.raises(IntegrityError):
        report(officer, agencies)
    assert Episode.objects.count() == 1
    assert AuditEvent.objects.filter(verb=AuditVerb.EPISODE_REPORTED).count() == 1

"""The police's part of an episode, through its services: a regrading (the one service of the
pages and the API) with category kept coherent, the police log, the prevention interview."""

import datetime as dt

import pytest
from django.utils import timezone

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.children.tests.factories import ChildFactory
from missinghub.episodes.intake import report_missing
from missinghub.episodes.models import (
    CategoryChange,
    Episode,
    EpisodeCategory,
    PoliceLogKind,
    ReturnMethod,
    RiskLevel,
)
from missinghub.episodes.police import (
    PoliceRecordError,
    PreventionAnswers,
    log_police_entry,
    record_prevention_interview,
)
from missinghub.episodes.services import (
    EpisodeStateError,
    GradingOutOfOrder,
    record_return,
    regrade_risk,
)

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


def _episode(agencies, category=EpisodeCategory.MISSING, level=RiskLevel.MEDIUM) -> Episode:
    reported = timezone.now() - 3 * HOUR
    return report_missing(
        actor=None,
        child=ChildFactory(given_name="Sam", family_name="Policefield"),
        category=category,
        last_seen_at=reported - HOUR,
        reported_at=reported,
        reporting_agency=agencies["police"],
        source_system="police-test",
        source_reference=f"P-{category}-{level}",
        risk_level=level,
        risk_reason="Not home by ten",
    )


def _verbs(episode: Episode) -> list[str]:
    return list(
        AuditEvent.objects.filter(child_id=episode.child_id)
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def test_raising_an_absent_episodes_risk_makes_it_missing_recorded(agencies, make_user):
    supervisor = make_user("police", Role.POLICE_SUPERVISOR)
    episode = _episode(agencies, EpisodeCategory.ABSENT, RiskLevel.NO_APPARENT_RISK)
    grading = regrade_risk(
        actor=supervisor, episode=episode, level=RiskLevel.HIGH, reason="Seen with older men"
    )
    episode.refresh_from_db()
    assert episode.category == EpisodeCategory.MISSING
    change = CategoryChange.objects.get(episode=episode)
    assert (change.from_category, change.to_category, change.grading) == (
        "absent",
        "missing",
        grading,
    )
    recategorised = AuditEvent.objects.get(verb=AuditVerb.EPISODE_RECATEGORISED)
    assert recategorised.detail == {"from": "absent", "to": "missing", "grading_id": grading.pk}
    assert _verbs(episode)[-2:] == [AuditVerb.RISK_GRADED, AuditVerb.EPISODE_RECATEGORISED]


def test_a_lower_grading_never_turns_a_missing_episode_into_absent(agencies, make_user):
    episode = _episode(agencies)
    regrade_risk(
        actor=make_user("police", Role.POLICE_SUPERVISOR),
        episode=episode,
        level=RiskLevel.NO_APPARENT_RISK,
        reason="Known to be at a friend's house",
    )
    episode.refresh_from_db()
    assert episode.category == EpisodeCategory.MISSING
    assert not CategoryChange.objects.exists()


def test_a_regrading_out_of_order_or_after_the_return_is_refused(agencies, make_user):
    supervisor = make_user("police", Role.POLICE_SUPERVISOR)
    episode = _episode(agencies)
    with pytest.raises(GradingOutOfOrder, match="last seen"):
        regrade_risk(
            actor=supervisor,
            episode=episode,
            level=RiskLevel.HIGH,
            reason="Late entry",
            graded_at=episode.last_seen_at - HOUR,
        )
    with pytest.raises(GradingOutOfOrder, match="latest grading"):
        regrade_risk(
            actor=supervisor,
            episode=episode,
            level=RiskLevel.HIGH,
            reason="Before the report's grading",
            graded_at=episode.reported_at - dt.timedelta(minutes=30),
        )
    record_return(
        actor=supervisor,
        episode=episode,
        returned_at=timezone.now(),
        return_method=ReturnMethod.RETURNED_BY_SELF,
    )
    with pytest.raises(EpisodeStateError):
        regrade_risk(actor=supervisor, episode=episode, level=RiskLevel.HIGH, reason="Too late")
    assert episode.risk_gradings.count() == 1


def test_the_police_log_keeps_time_kind_text_and_who(agencies, make_user):
    officer = make_user("police", Role.POLICE_OFFICER)
    episode = _episode(agencies)
    seen = timezone.now() - HOUR
    entry = log_police_entry(
        actor=officer,
        episode=episode,
        kind=PoliceLogKind.SIGHTING,
        occurred_at=seen,
        text="  Seen at the bus station with two adults  ",
    )
    assert (entry.kind, entry.occurred_at, entry.text, entry.recorded_by) == (
        "sighting",
        seen,
        "Seen at the bus station with two adults",
        officer,
    )
    event = AuditEvent.objects.get(verb=AuditVerb.POLICE_LOG_ENTRY_RECORDED)
    assert (event.child_id, event.detail["kind"]) == (episode.child_id, "sighting")
    for when, text, problem in [
        (episode.last_seen_at - HOUR, "Called the school", "before the child was last seen"),
        (timezone.now() + 2 * HOUR, "Called the school", "in the future"),
        (seen, "   ", "Enter what was done or seen"),
    ]:
        with pytest.raises(PoliceRecordError, match=problem):
            log_police_entry(
                actor=officer,
                episode=episode,
                kind=PoliceLogKind.ENQUIRY,
                occurred_at=when,
                text=text,
            )
    assert episode.police_log.count() == 1


def _answers(at: dt.datetime, **changes) -> PreventionAnswers:
    base = {
        "interviewed_at": at,
        "seen_in_person": True,
        "harm_disclosed": False,
        "where_they_had_been": "A flat in the town centre",
        "who_they_were_with": "Two older boys",
    }
    return PreventionAnswers(**{**base, **changes})


def test_the_prevention_interview_is_recorded_once_after_the_return(agencies, make_user):
    officer = make_user("police", Role.POLICE_OFFICER)
    episode = _episode(agencies)
    with pytest.raises(PoliceRecordError, match="Record the child's return"):
        record_prevention_interview(
            actor=officer, episode=episode, answers=_answers(timezone.now())
        )
    returned = timezone.now() - HOUR
    record_return(
        actor=officer,
        episode=episode,
        returned_at=returned,
        return_method=ReturnMethod.FOUND_BY_POLICE,
        where_found="Bus station",
    )
    with pytest.raises(PoliceRecordError, match="before the child returned"):
        record_prevention_interview(
            actor=officer, episode=episode, answers=_answers(returned - HOUR)
        )
    with pytest.raises(PoliceRecordError, match="Describe the harm"):
        record_prevention_interview(
            actor=officer, episode=episode, answers=_answers(returned, harm_disclosed=True)
        )
    interview = record_prevention_interview(
        actor=officer,
        episode=episode,
        answers=_answers(returned, exploitation_concern=True, for_the_return_interviewer="Ask"),
    )
    assert interview.interviewed_by == officer
    with pytest.raises(PoliceRecordError, match="already recorded"):
        record_prevention_interview(actor=officer, episode=episode, answers=_answers(returned))
    episode.refresh_from_db()
    assert episode.exploitation_flag is True  # the concern marks the episode, audited
    flagged = AuditEvent.objects.get(verb=AuditVerb.EPISODE_EXPLOITATION_FLAGGED)
    assert flagged.detail == {
        "source": "prevention_interview",
        "prevention_interview_id": interview.pk,
    }
    assert AuditEvent.objects.filter(verb=AuditVerb.PREVENTION_INTERVIEW_RECORDED).count() == 1

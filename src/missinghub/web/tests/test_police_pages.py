"""The police's pages on an episode: a supervisor regrades (an officer may not), the police log,
the prevention interview on return which the return interviewer then sees; each form sent twice
(Back, then send again) records once; the episode page shows the history."""

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from missinghub.accounts.models import Role
from missinghub.casework.services.interviews import open_interview
from missinghub.children.tests.factories import ChildFactory
from missinghub.episodes.intake import report_missing
from missinghub.episodes.models import (
    Episode,
    EpisodeCategory,
    PoliceLogEntry,
    PreventionInterview,
    ReturnMethod,
    RiskGrading,
    RiskLevel,
)
from missinghub.episodes.services import record_return
from missinghub.kit.forms import initial_date_parts
from missinghub.protocols.models import ProtocolTask, TaskKind
from missinghub.web.tests.test_actions import report_form

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


def _absent(agencies) -> Episode:
    reported = timezone.now() - 3 * HOUR
    return report_missing(
        actor=None,
        child=ChildFactory(given_name="Jess", family_name="Pagefield"),
        category=EpisodeCategory.ABSENT,
        last_seen_at=reported - HOUR,
        reported_at=reported,
        reporting_agency=agencies["police"],
        source_system="page-test",
        source_reference="PG-1",
        risk_level=RiskLevel.NO_APPARENT_RISK,
        risk_reason="Late back, known to be at the park",
        notify=(agencies["missing_team"],),
    )


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _now_parts(prefix: str) -> dict[str, object]:
    return initial_date_parts(prefix, timezone.now())


def test_a_supervisor_regrades_once_and_an_absent_episode_becomes_missing(agencies, make_user):
    episode = _absent(agencies)
    url = reverse("web:regrade-risk", args=[episode.pk])
    assert _as(make_user("police", Role.POLICE_OFFICER)).get(url).status_code == 403
    supervisor = _as(make_user("police", Role.POLICE_SUPERVISOR))
    page = supervisor.get(url).content.decode()
    assert "Any risk level other than no apparent risk makes it a missing episode" in page
    empty = supervisor.post(url, {"submission_id": str(uuid.uuid4()), **_now_parts("graded")})
    assert "Select the new risk level" in empty.content.decode()
    form = {
        "submission_id": str(uuid.uuid4()),
        "level": "high",
        "reason": "Seen getting into a car with two adults",
        **_now_parts("graded"),
    }
    first = supervisor.post(url, form, follow=True)
    again = supervisor.post(url, form, follow=True)  # Back, then send again
    assert RiskGrading.objects.filter(episode=episode).count() == 2
    assert again.redirect_chain[-1][0] == reverse("web:episode", args=[episode.pk])
    shown = first.content.decode()
    assert "Risk regraded." in shown
    assert "Category changed from absent to missing" in shown
    assert "Seen getting into a car with two adults" in shown
    episode.refresh_from_db()
    assert episode.category == EpisodeCategory.MISSING


def test_a_regrading_before_the_latest_is_refused_on_the_page(agencies, make_user):
    episode = _absent(agencies)
    supervisor = _as(make_user("police", Role.POLICE_SUPERVISOR))
    early = initial_date_parts("graded", episode.last_seen_at)
    refused = supervisor.post(
        reverse("web:regrade-risk", args=[episode.pk]),
        {"submission_id": str(uuid.uuid4()), "level": "high", "reason": "Late note", **early},
    )
    assert "The regrading must be after the latest grading" in refused.content.decode()
    assert RiskGrading.objects.filter(episode=episode).count() == 1


def test_an_officer_logs_a_sighting_once(agencies, make_user):
    episode = _absent(agencies)
    officer = _as(make_user("police", Role.POLICE_OFFICER))
    url = reverse("web:police-log", args=[episode.pk])
    form = {
        "submission_id": str(uuid.uuid4()),
        "kind": "sighting",
        "text": "Seen by a bus driver on the 42 towards the coast",
        **_now_parts("occurred"),
    }
    officer.post(url, form)
    page = officer.post(url, form, follow=True).content.decode()
    assert PoliceLogEntry.objects.filter(episode=episode).count() == 1
    assert "Seen by a bus driver on the 42 towards the coast" in page
    assert "Sighting" in page
    missing_team = _as(make_user("missing_team", Role.MISSING_TEAM_WORKER))
    assert missing_team.post(url, form).status_code == 403


def test_the_return_interviewer_sees_the_prevention_interview(agencies, make_user):
    episode = _absent(agencies)
    record_return(
        actor=None,
        episode=episode,
        returned_at=timezone.now() - HOUR,
        return_method=ReturnMethod.FOUND_BY_POLICE,
        where_found="Bus shelter on Coast Road",
    )
    officer = _as(make_user("police", Role.POLICE_OFFICER))
    url = reverse("web:prevention-interview", args=[episode.pk])
    form = {
        "submission_id": str(uuid.uuid4()),
        "seen_in_person": "yes",
        "harm_disclosed": "yes",
        "harm_details": "",
        "where_they_had_been": "A flat above the takeaway",
        "who_they_were_with": "An older man called Dee",
        "exploitation_concern": "yes",
        "for_the_return_interviewer": "Ask about the new phone",
        **_now_parts("interviewed"),
    }
    refused = officer.post(url, form)
    assert "Describe the harm seen or disclosed" in refused.content.decode()
    form["harm_details"] = "Bruise on the left arm"
    officer.post(url, form)
    officer.post(url, form)  # Back, then send again
    assert PreventionInterview.objects.filter(episode=episode).count() == 1

    worker = make_user("missing_team", Role.MISSING_TEAM_WORKER)
    task = ProtocolTask.objects.get(episode=episode, kind=TaskKind.RETURN_INTERVIEW)
    interview, _ = open_interview(actor=worker, task=task)
    page = _as(worker).get(reverse("casework:interview", args=[interview.pk])).content.decode()
    for shown in (
        "What the police found on return",
        "Bus shelter on Coast Road",
        "Yes: Bruise on the left arm",
        "A flat above the takeaway",
        "Ask about the new phone",
    ):
        assert shown in page


def test_the_report_form_refuses_an_absent_child_at_risk(agencies, make_user):
    officer = _as(make_user("police", Role.POLICE_OFFICER))
    refused = officer.post(
        reverse("web:report-missing"), report_form(category="absent", risk_level="high")
    )
    assert "An absent child has no apparent risk" in refused.content.decode()
    assert not Episode.objects.exists()

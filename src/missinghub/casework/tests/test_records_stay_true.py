"""Records stay true: a return before the report, more sessions attended than planned, a
screening with unanswered indicators and a late interview without its reason are refused with
GOV.UK error messages; every create form sent twice (Back then resubmit) makes one record."""

import datetime as dt
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from missinghub.accounts.models import Role
from missinghub.casework.models import (
    ContactAttempt,
    ExploitationScreening,
    Intervention,
    InterventionType,
    InterviewStatus,
    ReturnInterview,
)
from missinghub.casework.services.interventions import (
    InterventionError,
    record_take_up,
    start_intervention,
)
from missinghub.casework.tests.scenarios import report_episodes
from missinghub.casework.tests.test_screening import answers_for
from missinghub.casework.tests.test_views import PASSWORD, intervention_post, interview_post
from missinghub.children.tests.factories import ChildFactory
from missinghub.episodes.models import ReturnMethod
from missinghub.episodes.services import ReturnBeforeReport, record_return
from missinghub.kit.forms import initial_date_parts
from missinghub.protocols.models import ProtocolTask

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_client(client, worker, sign_in):
    sign_in(client, worker, PASSWORD)
    return client


def test_a_return_before_the_report_is_refused(client, sign_in, make_user, agencies):
    child = ChildFactory(given_name="Ash", family_name="Truefield")
    [episode] = report_episodes(child, agencies, [0], last_open=True)
    officer = make_user("police", Role.POLICE_OFFICER)
    sign_in(client, officer, PASSWORD)
    between = episode.last_seen_at + (episode.reported_at - episode.last_seen_at) / 2
    page = client.post(
        reverse("web:record-return", args=[episode.pk]),
        {**initial_date_parts("returned", between), "return_method": "returned_by_self"},
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "There is a problem" in text
    assert "The return must be after the child was reported" in text
    episode.refresh_from_db()
    assert episode.is_open
    with pytest.raises(ReturnBeforeReport):
        record_return(
            actor=officer,
            episode=episode,
            returned_at=between,
            return_method=ReturnMethod.RETURNED_BY_SELF,
        )


def test_more_sessions_attended_than_planned_are_refused(worker_client, worker, interview):
    today = timezone.localdate()
    intervention = start_intervention(
        actor=worker,
        child=interview.child,
        intervention_type=InterventionType.MENTORING,
        worker=worker,
        start_date=today,
        planned_end_date=today + dt.timedelta(days=30),
        sessions_planned=6,
    )
    page = worker_client.post(
        reverse("casework:intervention", args=[intervention.pk]),
        {
            "form": "take_up",
            "version": 1,
            "sessions_attended": 9,
            "child_took_up": "yes",
            "family_took_up": "yes",
        },
    )
    assert "Sessions attended must be 6 or fewer" in page.content.decode()
    with pytest.raises(InterventionError, match="more than the 6 planned"):
        record_take_up(
            actor=worker,
            intervention=intervention,
            expected_version=1,
            child_took_up=True,
            family_took_up=True,
            sessions_attended=9,
        )
    assert Intervention.objects.get().sessions_attended == 0


def test_the_screening_form_starts_unanswered_and_refuses_unanswered_indicators(
    worker_client, interview
):
    url = reverse("casework:screening-new", args=[interview.child_id, "cse"])
    form = worker_client.get(url).content.decode()
    first = answers_for("cse")[0].indicator
    assert f'name="{first}" type="radio" value="no">' in form  # not checked
    assert f'name="{first}" type="radio" value="no" checked' not in form

    page = worker_client.post(url, {"notes": "", "submission_id": str(uuid4())})
    assert page.status_code == 200
    assert "There is a problem" in page.content.decode()
    assert "Answer “" in page.content.decode()
    assert not ExploitationScreening.objects.exists()


def test_an_interview_after_its_deadline_asks_why(worker_client, interview):
    # The task was due an hour after the return; the interview was held three hours after.
    ProtocolTask.objects.filter(pk=interview.task_id).update(
        due_at=interview.returned_at + dt.timedelta(hours=1)
    )
    url = reverse("casework:interview", args=[interview.pk])
    data = interview_post(interview, "complete", outcome="no_further_action")
    page = worker_client.post(url, data)
    assert "Enter why the interview took place after its deadline" in page.content.decode()
    assert ReturnInterview.objects.get(pk=interview.pk).status != InterviewStatus.COMPLETED

    worker_client.post(url, {**data, "late_reason": "The child was in hospital until today."})
    done = ReturnInterview.objects.get(pk=interview.pk)
    assert done.status == InterviewStatus.COMPLETED
    assert done.late_reason == "The child was in hospital until today."


def test_an_interview_on_time_needs_no_reason(worker_client, interview):
    url = reverse("casework:interview", args=[interview.pk])
    worker_client.post(url, interview_post(interview, "complete", outcome="no_further_action"))
    assert ReturnInterview.objects.get(pk=interview.pk).status == InterviewStatus.COMPLETED


def test_back_then_resubmit_makes_one_record(worker_client, worker, interview):
    start = intervention_post(worker)
    url = reverse("casework:intervention-new", args=[interview.child_id])
    first, second = worker_client.post(url, start), worker_client.post(url, start)
    assert Intervention.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert worker_client.post(url, intervention_post(worker)).status_code == 302
    assert Intervention.objects.count() == 2  # a new form is a new record

    contact = reverse("casework:interview-contact", args=[interview.pk])
    attempt = {
        **initial_date_parts("attempted", interview.returned_at + dt.timedelta(hours=1)),
        "method": "phone",
        "outcome": "no_answer",
        "submission_id": str(uuid4()),
    }
    worker_client.post(contact, attempt)
    worker_client.post(contact, attempt)
    assert ContactAttempt.objects.count() == 1

    screening = reverse("casework:screening-new", args=[interview.child_id, "cce"])
    answers = {a.indicator: a.answer for a in answers_for("cce")}
    answers["submission_id"] = str(uuid4())
    worker_client.post(screening, answers)
    worker_client.post(screening, answers)
    assert ExploitationScreening.objects.count() == 1


def test_a_form_without_its_token_is_refused_with_a_message(worker_client, interview):
    url = reverse("casework:interview-contact", args=[interview.pk])
    page = worker_client.post(
        url,
        {
            **initial_date_parts("attempted", interview.returned_at + dt.timedelta(hours=1)),
            "method": "phone",
            "outcome": "no_answer",
        },
    )
    assert "This form has expired" in page.content.decode()
    assert not ContactAttempt.objects.exists()

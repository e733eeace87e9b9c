"""The casework pages: from the task to the interview, save, complete, a stale save refused with
its message, screening and interventions, need-to-know, and the child's timeline."""

import datetime as dt
from uuid import uuid4

import pytest
from django.urls import reverse

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.casework.models import (
    ExploitationScreening,
    Intervention,
    InterviewStatus,
    ReturnInterview,
)
from missinghub.casework.tests.test_screening import answers_for
from missinghub.kit.forms import LONDON
from missinghub.protocols.models import TaskStatus

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


@pytest.fixture
def worker_client(client, worker, sign_in):
    sign_in(client, worker, PASSWORD)
    return client


def interview_post(interview: ReturnInterview, action: str, **overrides) -> dict:
    when = (interview.returned_at + dt.timedelta(hours=3)).astimezone(LONDON)
    data = {
        "version": interview.version,
        "action": action,
        "interviewed_day": when.day,
        "interviewed_month": when.month,
        "interviewed_year": when.year,
        "interviewed_time": when.strftime("%H:%M"),
        "place": "Library meeting room",
        "present": "The child and the worker",
        "push_factors": ["conflict_at_home"],
        "pull_factors": ["friends"],
        "child_voice": "I went to my friend's because home was loud.",
    }
    data.update(overrides)
    return data


def intervention_post(worker, submission_id: str = "") -> dict:  # type: ignore[no-untyped-def]
    """A mentoring intervention from today for 60 days, 6 sessions."""
    today = dt.date.today()
    end = today + dt.timedelta(days=60)
    return {
        "intervention_type": "mentoring",
        "worker": worker.pk,
        "start_day": today.day,
        "start_month": today.month,
        "start_year": today.year,
        "planned_end_day": end.day,
        "planned_end_month": end.month,
        "planned_end_year": end.year,
        "sessions_planned": 6,
        "submission_id": submission_id or str(uuid4()),
    }


def test_the_task_link_opens_the_interview_once(worker_client, interview_task):
    url = reverse("casework:task-interview", args=[interview_task.pk])
    first = worker_client.get(url)
    interview = ReturnInterview.objects.get(task=interview_task)
    assert first.status_code == 302
    assert first["Location"] == reverse("casework:interview", args=[interview.pk])
    worker_client.get(url)
    assert ReturnInterview.objects.filter(task=interview_task).count() == 1
    page = worker_client.get(first["Location"])
    assert page.status_code == 200
    assert b"Complete interview" in page.content
    assert AuditEvent.objects.filter(verb=AuditVerb.INTERVIEW_VIEWED, child_id=interview.child_id)


def test_home_links_the_interview_task(worker_client, interview_task):
    page = worker_client.get(reverse("web:home"))
    assert reverse("casework:task-interview", args=[interview_task.pk]).encode() in page.content


def test_save_then_complete_closes_the_task(worker_client, interview, interview_task):
    url = reverse("casework:interview", args=[interview.pk])
    saved = worker_client.post(url, interview_post(interview, "save"))
    assert saved.status_code == 302
    interview.refresh_from_db()
    assert (interview.version, interview.status) == (2, InterviewStatus.AWAITING_ASSIGNMENT)
    missing_outcome = worker_client.post(url, interview_post(interview, "complete"))
    assert b"Select the outcome of the interview" in missing_outcome.content
    done = worker_client.post(
        url,
        interview_post(
            interview, "complete", outcome="signposting", signposted_service="youth_club"
        ),
        follow=True,
    )
    assert b"Interview completed and its task done" in done.content
    assert b"Youth service open access" in done.content
    interview_task.refresh_from_db()
    assert interview_task.status == TaskStatus.DONE


def test_a_stale_save_shows_the_refusal_and_keeps_the_text(worker_client, interview):
    url = reverse("casework:interview", args=[interview.pk])
    stale = interview_post(interview, "save", child_voice="Typed on a page opened earlier.")
    worker_client.post(url, interview_post(interview, "save"))
    refused = worker_client.post(url, stale)
    assert refused.status_code == 200
    assert b"Someone else saved this interview after you opened it" in refused.content
    assert b"Typed on a page opened earlier." in refused.content  # the worker's text is kept
    stored = ReturnInterview.objects.get(pk=interview.pk)
    assert stored.child_voice == "I went to my friend's because home was loud."
    assert stored.version == 2


def test_a_declined_interview_needs_what_the_carers_said(worker_client, interview):
    url = reverse("casework:interview", args=[interview.pk])
    data = interview_post(interview, "complete", outcome="no_further_action", child_declined="on")
    page = worker_client.post(url, data)
    assert b"Enter what the parents or carers said" in page.content
    data["carers_account"] = "She came home at six and went to bed."
    assert worker_client.post(url, data).status_code == 302
    assert ReturnInterview.objects.get(pk=interview.pk).child_declined


def test_a_worker_takes_the_interview_and_records_a_contact_attempt(
    worker_client, worker, interview
):
    assign = reverse("casework:interview-assign", args=[interview.pk])
    worker_client.post(assign, {"version": 1, "worker": worker.pk})
    interview.refresh_from_db()
    assert (interview.assigned_to, interview.status) == (worker, InterviewStatus.ASSIGNED)
    contact = reverse("casework:interview-contact", args=[interview.pk])
    assert worker_client.get(contact).status_code == 200
    when = (interview.returned_at + dt.timedelta(hours=1)).astimezone(LONDON)
    response = worker_client.post(
        contact,
        {
            "attempted_day": when.day,
            "attempted_month": when.month,
            "attempted_year": when.year,
            "attempted_time": when.strftime("%H:%M"),
            "method": "phone",
            "outcome": "interview_arranged",
            "submission_id": str(uuid4()),
        },
    )
    assert response.status_code == 302
    assert interview.contact_attempts.get().outcome == "interview_arranged"


def test_a_worker_cannot_assign_a_colleague(worker_client, interview, make_user):
    colleague = make_user("missing_team", Role.MISSING_TEAM_WORKER)
    assign = reverse("casework:interview-assign", args=[interview.pk])
    worker_client.post(assign, {"version": 1, "worker": colleague.pk})
    assert ReturnInterview.objects.get(pk=interview.pk).assigned_to is None


def test_another_agency_gets_not_found(client, sign_in, make_user, interview):
    outsider = make_user("other_police", Role.POLICE_OFFICER)
    sign_in(client, outsider, PASSWORD)
    assert client.get(reverse("casework:interview", args=[interview.pk])).status_code == 404
    task_url = reverse("casework:task-interview", args=[interview.task_id])
    assert client.get(task_url).status_code == 404
    new_screening = reverse("casework:screening-new", args=[interview.child_id, "cse"])
    assert client.get(new_screening).status_code == 404


def test_a_screening_from_the_interview(worker_client, interview):
    url = reverse("casework:screening-new", args=[interview.child_id, "cce"])
    url += f"?interview={interview.pk}"
    form = worker_client.get(url)
    assert b"Found in another town or county" in form.content
    data = {a.indicator: a.answer for a in answers_for("cce")}
    data.update(
        cce_found_out_of_area="yes", cce_drugs_found="yes", cce_debt="yes", cce_weapon="yes"
    )
    data["cce_weapon__when"] = "earlier"
    data["submission_id"] = str(uuid4())
    page = worker_client.post(url, data, follow=True)
    screening = ExploitationScreening.objects.get()
    assert screening.interview == interview
    assert screening.answers.get(indicator="cce_weapon").recent is False
    assert b"A referral task is with children&#x27;s social care" in page.content


def test_an_intervention_is_started_updated_and_ended(worker_client, worker, interview):
    url = reverse("casework:intervention-new", args=[interview.child_id])
    response = worker_client.post(url, intervention_post(worker))
    intervention = Intervention.objects.get()
    detail = reverse("casework:intervention", args=[intervention.pk])
    assert response["Location"] == detail
    take_up = {"form": "take_up", "version": 1, "sessions_attended": 2}
    worker_client.post(detail, {**take_up, "child_took_up": "yes", "family_took_up": "no"})
    stale = worker_client.post(detail, {**take_up, "child_took_up": "no", "family_took_up": "no"})
    assert b"Someone else saved this intervention" in stale.content
    intervention.refresh_from_db()
    assert (intervention.child_took_up, intervention.family_took_up) == (True, False)


def test_the_child_page_shows_the_timeline(worker_client, worker, interview):
    worker_client.post(
        reverse("casework:interview", args=[interview.pk]),
        interview_post(interview, "complete", outcome="no_further_action"),
    )
    page = worker_client.get(reverse("web:child", args=[interview.child_id]))
    text = page.content.decode()
    assert "Timeline" in text
    assert text.index("last seen") < text.index("Completed: No further action")


def test_a_police_officer_reads_the_interview_but_cannot_edit_it(
    client, sign_in, make_user, interview
):
    officer = make_user("police", Role.POLICE_OFFICER)  # the force that reported the episode
    sign_in(client, officer, PASSWORD)
    url = reverse("casework:interview", args=[interview.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b"Complete interview" not in page.content
    assert b"Start an intervention" not in page.content
    assert b"Screen for child sexual exploitation" in page.content
    assert client.post(url, interview_post(interview, "save")).status_code == 403
    assert ReturnInterview.objects.get(pk=interview.pk).version == 1
    assert AuditEvent.objects.filter(verb=AuditVerb.ACCESS_REFUSED, actor=officer).exists()

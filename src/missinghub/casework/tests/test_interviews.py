"""The return interview lifecycle, step by step, and every outcome."""

import datetime as dt
from uuid import uuid4

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.casework.models import (
    ContactMethod,
    ContactOutcome,
    Intervention,
    InterventionType,
    InterviewOutcome,
    InterviewStatus,
    ReturnInterview,
)
from missinghub.casework.services.interviews import (
    InterviewContent,
    InterviewError,
    assign_interview,
    complete_interview,
    open_interview,
    record_contact_attempt,
    save_interview,
)
from missinghub.casework.services.referrals import POLICE_CHILD_PROTECTION
from missinghub.episodes.models import Notification
from missinghub.protocols.models import ProtocolTask, TaskKind, TaskStatus

pytestmark = pytest.mark.django_db


def content_after(interview: ReturnInterview, **overrides) -> InterviewContent:
    values = {
        "interviewed_at": interview.returned_at + dt.timedelta(hours=5),
        "place": "Youth centre",
        "present": "Robin and the worker",
        "push_factors": ["conflict_at_home"],
        "pull_factors": ["friends", "older_adults"],
        "stayed_where": "A flat near the station",
        "stayed_with": "Two older men",
        "child_voice": "I just wanted to be somewhere nobody shouts.",
    }
    values.update(overrides)
    return InterviewContent(**values)


def test_opening_the_task_creates_one_interview_linked_to_it(worker, interview_task):
    interview, created = open_interview(actor=worker, task=interview_task)
    again, created_again = open_interview(actor=worker, task=interview_task)
    assert (created, created_again) == (True, False)
    assert again.pk == interview.pk
    assert interview.task == interview_task
    assert interview.status == InterviewStatus.AWAITING_ASSIGNMENT
    assert interview.returned_at == interview_task.episode.returned_at
    assert AuditEvent.objects.filter(verb=AuditVerb.INTERVIEW_OPENED, child_id=interview.child_id)


def test_only_a_return_interview_task_opens_an_interview(worker, interview_task):
    interview_task.kind = TaskKind.PANEL_REFERRAL
    with pytest.raises(InterviewError):
        open_interview(actor=worker, task=interview_task)


def test_assignment_to_a_worker_of_the_team(manager, worker, interview, make_user):
    assign_interview(actor=manager, interview=interview, worker=worker, expected_version=1)
    interview.refresh_from_db()
    assert (interview.status, interview.assigned_to, interview.version) == ("assigned", worker, 2)
    outsider = make_user("social_care", Role.SOCIAL_WORKER)
    with pytest.raises(InterviewError, match="your own team"):
        assign_interview(actor=manager, interview=interview, worker=outsider, expected_version=2)


def test_contact_attempts_are_kept_in_order(worker, interview):
    now = timezone.now()
    record_contact_attempt(
        actor=worker,
        interview=interview,
        attempted_at=now - dt.timedelta(hours=2),
        method=ContactMethod.PHONE,
        outcome=ContactOutcome.NO_ANSWER,
    )
    record_contact_attempt(
        actor=worker,
        interview=interview,
        attempted_at=now - dt.timedelta(hours=1),
        method=ContactMethod.VISIT,
        outcome=ContactOutcome.INTERVIEW_ARRANGED,
        notes="Seen at the children's home",
    )
    outcomes = [a.outcome for a in interview.contact_attempts.all()]
    assert outcomes == [ContactOutcome.NO_ANSWER, ContactOutcome.INTERVIEW_ARRANGED]
    with pytest.raises(InterviewError, match="future"):
        record_contact_attempt(
            actor=worker,
            interview=interview,
            attempted_at=now + dt.timedelta(days=1),
            method=ContactMethod.PHONE,
            outcome=ContactOutcome.NO_ANSWER,
        )


def test_saving_the_content_keeps_the_childs_voice(worker, interview):
    save_interview(
        actor=worker, interview=interview, content=content_after(interview), expected_version=1
    )
    stored = ReturnInterview.objects.get(pk=interview.pk)
    assert stored.child_voice == "I just wanted to be somewhere nobody shouts."
    assert stored.pull_factors == ["friends", "older_adults"]
    assert stored.version == 2
    assert stored.status == InterviewStatus.AWAITING_ASSIGNMENT  # saved, not completed


def test_factors_must_come_from_the_configured_list(worker, interview):
    with pytest.raises(InterviewError, match="from the list"):
        save_interview(
            actor=worker,
            interview=interview,
            content=content_after(interview, push_factors=["made_up"]),
            expected_version=1,
        )


def test_the_database_refuses_an_interview_before_the_return(interview):
    interview.interviewed_at = interview.returned_at - dt.timedelta(minutes=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        interview.save()


def test_the_database_refuses_an_outcome_without_completion(interview):
    interview.outcome = InterviewOutcome.NO_FURTHER_ACTION
    with pytest.raises(IntegrityError), transaction.atomic():
        interview.save()


def _complete(worker, interview, outcome, **kwargs):
    return complete_interview(
        actor=worker,
        interview=interview,
        content=kwargs.pop("content", content_after(interview)),
        outcome=outcome,
        expected_version=interview.version,
        **kwargs,
    )


@pytest.mark.parametrize(
    "outcome",
    [InterviewOutcome.NO_FURTHER_ACTION, InterviewOutcome.EARLY_HELP],
)
def test_completing_closes_the_protocol_task(worker, interview, interview_task, outcome):
    _complete(worker, interview, outcome)
    interview.refresh_from_db()
    interview_task.refresh_from_db()
    assert (interview.status, interview.outcome) == ("completed", outcome)
    assert interview.completed_by == worker
    assert interview_task.status == TaskStatus.DONE
    assert AuditEvent.objects.filter(
        verb=AuditVerb.PROTOCOL_TASK_DONE, target_id=str(interview_task.pk)
    )
    assert not ProtocolTask.objects.filter(protocol_name="casework").exists()
    with pytest.raises(InterviewError, match="completed"):
        save_interview(
            actor=worker,
            interview=interview,
            content=content_after(interview),
            expected_version=interview.version,
        )


def test_signposting_names_a_service_from_the_directory(worker, interview):
    with pytest.raises(InterviewError, match="signposted"):
        _complete(worker, interview, InterviewOutcome.SIGNPOSTING, signposted_service="nowhere")
    _complete(worker, interview, InterviewOutcome.SIGNPOSTING, signposted_service="youth_club")
    interview.refresh_from_db()
    assert interview.signposted_service == "youth_club"


def test_a_declined_interview_records_what_the_carers_said(worker, interview):
    content = content_after(
        interview, child_declined=True, child_voice="", carers_account="Came home at 6am, tired."
    )
    _complete(worker, interview, InterviewOutcome.NO_FURTHER_ACTION, content=content)
    interview.refresh_from_db()
    assert interview.child_declined and interview.carers_account == "Came home at 6am, tired."


def test_caf_starts_a_brief_intervention_of_up_to_three_months(worker, interview):
    _complete(worker, interview, InterviewOutcome.CAF_BRIEF_INTERVENTION)
    intervention = Intervention.objects.get(interview=interview)
    assert intervention.intervention_type == InterventionType.BRIEF_INTERVENTION
    assert (intervention.planned_end_date - intervention.start_date).days == 92
    assert intervention.worker == worker


def test_referral_to_social_care_raises_a_task_for_the_social_care_team(
    worker, interview, agencies
):
    _complete(worker, interview, InterviewOutcome.SOCIAL_CARE_REFERRAL)
    task = ProtocolTask.objects.get(protocol_name="casework")
    assert (task.kind, task.owner_agency) == (TaskKind.SOCIAL_CARE_ALERT, agencies["social_care"])
    assert task.due_at - task.triggered_at == dt.timedelta(hours=24)
    assert Notification.objects.filter(to_agency=agencies["social_care"], child=interview.child)
    assert len(mail.outbox) == 0  # not urgent: no immediate alert


def test_child_protection_raises_an_urgent_task_and_alerts_the_duty_team_at_once(
    worker, interview, agencies, make_user, django_capture_on_commit_callbacks
):
    duty_social_worker = make_user("social_care", Role.SOCIAL_WORKER)
    content = content_after(interview, disclosures="Said an adult hit them at the flat.")
    with django_capture_on_commit_callbacks(execute=True):
        _complete(worker, interview, InterviewOutcome.CHILD_PROTECTION, content=content)
    task = ProtocolTask.objects.get(protocol_name="casework", rule="child-protection")
    assert task.owner_agency == agencies["social_care"]
    assert task.status == TaskStatus.OPEN
    assert task.due_at == task.triggered_at  # due at once
    assert [m.to for m in mail.outbox] == [[duty_social_worker.email]]
    assert "URGENT" in mail.outbox[0].subject
    assert interview.child.family_name not in mail.outbox[0].body  # ids only, never a name
    assert AuditEvent.objects.filter(verb=AuditVerb.CHILD_PROTECTION_RAISED, child_id=task.child_id)


def test_child_protection_alerts_the_police_child_protection_unit_until_acknowledged(
    worker, interview, agencies, make_user, client
):
    _complete(worker, interview, InterviewOutcome.CHILD_PROTECTION)
    alert = Notification.objects.get(to_agency=agencies["police"], purpose=POLICE_CHILD_PROTECTION)
    assert (alert.child, alert.episode, alert.from_agency) == (
        interview.child,
        interview.episode,
        agencies["missing_team"],
    )
    assert alert.expires_at > alert.sent_at and alert.read_at is None
    officer = make_user("police", Role.POLICE_OFFICER)
    client.force_login(officer)
    acknowledge = reverse("casework:notification-acknowledge", args=[alert.pk])
    assert acknowledge in client.get(reverse("web:home")).content.decode()
    response = client.post(
        acknowledge,
        {"submission_id": str(uuid4()), "what_was_done": "Strategy discussion held with CSC."},
    )
    assert response["Location"] == reverse("web:home")
    alert.refresh_from_db()
    assert alert.read_at is not None
    assert acknowledge not in client.get(reverse("web:home")).content.decode()


def test_completing_needs_the_date_of_the_interview(worker, interview):
    with pytest.raises(InterviewError, match="when the interview"):
        _complete(
            worker,
            interview,
            InterviewOutcome.NO_FURTHER_ACTION,
            content=content_after(interview, interviewed_at=None),
        )
    assert ReturnInterview.objects.get(pk=interview.pk).status != InterviewStatus.COMPLETED

"""Managed risk assessments, prevention work and return-interview quality audits: the services,
their refusals, the selectors' scope and the pages (issue 28)."""

import datetime as dt
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from missinghub.accounts.models import Role
from missinghub.accounts.tests.factories import AgencyFactory, UserFactory
from missinghub.audit.models import AuditEvent
from missinghub.casework.config import SHIPPED_CONFIG, CaseworkConfigError, parse_config
from missinghub.casework.models import (
    AssessmentTaskReason,
    AuditGrade,
    InterviewAudit,
    InterviewOutcome,
    InterviewStatus,
    ManagedRiskAssessment,
    PreventionActivity,
    PreventionAudience,
    PreventionKind,
    ReportWhen,
    ReturnInterview,
    RiskAssessmentTask,
)
from missinghub.casework.selectors.prevention import audit_sample_for_user, prevention_for_user
from missinghub.casework.services.prevention import (
    ActivityContent,
    AuditContent,
    PreventionError,
    record_interview_audit,
    record_prevention_activity,
)
from missinghub.casework.services.risk_assessments import (
    AssessmentContent,
    AssessmentError,
    ask_on_placement,
    record_assessment,
)
from missinghub.casework.tests.returns import returned_ten_hours_ago
from missinghub.children.models import PlacementArea, PlacementType
from missinghub.children.services import record_placement
from missinghub.children.tests.factories import ChildFactory
from missinghub.protocols.engine import ProtocolError, parse_protocol
from missinghub.protocols.registry import get_protocol

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 2)
CONTENT = AssessmentContent(
    before_reporting="Ring their phone and their aunt; look in the park",
    report_when=ReportWhen.AFTER_HOURS,
    report_after_hours=3,
    who_to_tell="Police on 101; the social worker",
    review_by=TODAY + dt.timedelta(days=90),
)


def _place(child, agencies, placement_type=PlacementType.CHILDRENS_HOME, start=TODAY):
    return record_placement(
        actor=None,
        child=child,
        placement_type=placement_type,
        area=PlacementArea.IN_BOROUGH,
        start_date=start,
        provider=agencies["care_home"],
    )


def test_a_care_placement_asks_its_home_for_an_assessment_once(agencies) -> None:
    child = ChildFactory()
    placement = _place(child, agencies)
    (task,) = RiskAssessmentTask.objects.filter(child=child)
    assert (task.reason, task.owner_agency, task.due_on) == (
        AssessmentTaskReason.PLACEMENT_STARTED,
        agencies["care_home"],
        TODAY + dt.timedelta(days=1),
    )

    ask_on_placement(placement=placement)  # the same placement again: nothing new
    assert RiskAssessmentTask.objects.filter(child=child).count() == 1
    assert (
        AuditEvent.objects.filter(verb="risk_assessment.task_set", child_id=child.pk).count() == 1
    )


def test_a_family_home_asks_for_no_assessment(agencies) -> None:
    child = ChildFactory()
    _place(child, agencies, PlacementType.FAMILY_HOME)
    assert not RiskAssessmentTask.objects.filter(child=child).exists()


def test_recording_completes_the_task_and_a_return_asks_for_a_review(agencies, make_user) -> None:
    child = ChildFactory()
    _place(child, agencies, start=timezone.localdate() - dt.timedelta(days=5))
    staff = make_user("care_home", Role.CARE_HOME_STAFF)
    first = record_assessment(actor=staff, child=child, content=CONTENT)
    assert first.provider == agencies["care_home"]
    assert first.when_in_words == "Report after 3 hours if not back or found"
    assert RiskAssessmentTask.objects.get(child=child).assessment == first
    episode = returned_ten_hours_ago(agencies, child, "RA-1")
    review = RiskAssessmentTask.objects.get(child=child, status="open")
    assert (review.reason, review.episode) == (AssessmentTaskReason.AFTER_EPISODE, episode)
    second = record_assessment(actor=staff, child=child, content=CONTENT)
    review.refresh_from_db()
    assert (review.status, review.assessment) == ("done", second)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"report_after_hours": None}, "Give the hours only"),
        ({"report_when": ReportWhen.IMMEDIATELY}, "Give the hours only"),
        ({"report_after_hours": 80}, "between 1 and 72"),
        ({"who_to_tell": " "}, "who it tells"),
        (
            {"report_when": ReportWhen.ON_CONDITIONS, "report_after_hours": None},
            "Write the conditions",
        ),
    ],
)
def test_an_assessment_that_does_not_add_up_is_refused(change, message, make_user) -> None:
    content = AssessmentContent(**{**CONTENT.__dict__, **change})
    with pytest.raises(AssessmentError, match=message):
        record_assessment(
            actor=make_user("care_home", Role.CARE_HOME_STAFF),
            child=ChildFactory(),
            content=content,
        )


def test_the_database_refuses_hours_without_after_hours(make_user) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ManagedRiskAssessment.objects.create(
            child=ChildFactory(),
            before_reporting="x",
            report_when=ReportWhen.IMMEDIATELY,
            report_after_hours=2,
            who_to_tell="x",
            review_by=TODAY,
            recorded_by=make_user("care_home", Role.CARE_HOME_STAFF),
            recorded_at=timezone.now(),
        )


def test_the_protocol_says_managed_assessment_or_blanket_rule() -> None:
    assert get_protocol("lancashire").care_home_reporting.uses_assessment
    base = (
        "name: t\nversion: '1'\ntitle: T\nrules:\n  - {id: r, description: d, "
        "task: return_interview, owner_team: T, trigger: returned, due: {hours: 72}}\n"
    )
    blanket = parse_protocol(base + "care_home_reporting: {rule: blanket, blanket_hours: 2}\n")
    assert (
        blanket.care_home_reporting.uses_assessment,
        blanket.care_home_reporting.blanket_hours,
    ) == (False, 2)
    with pytest.raises(ProtocolError, match="blanket_hours"):
        parse_protocol(base + "care_home_reporting: {rule: blanket}\n")


def test_the_audit_rubric_is_configuration() -> None:
    import yaml

    raw = yaml.safe_load(SHIPPED_CONFIG.read_text(encoding="utf-8"))
    rubric = parse_config(raw).interview_audit
    assert rubric.monthly_sample == 5
    assert [c.code for c in rubric.criteria][:2] == ["child_voice", "push_pull_factors"]
    raw["interview_audit"]["monthly_sample"] = 0
    with pytest.raises(CaseworkConfigError, match="monthly_sample"):
        parse_config(raw)


def _activity(**change):
    values = {
        "held_on": TODAY,
        "kind": PreventionKind.SCHOOL_SESSION,
        "audience": PreventionAudience.PUPILS,
        "reached": 60,
    }
    return ActivityContent(**{**values, **change})


def test_prevention_work_is_recorded_in_the_area_and_listed_there(agencies, make_user) -> None:
    worker = make_user("missing_team", Role.MISSING_TEAM_WORKER)
    activity = record_prevention_activity(actor=worker, content=_activity())
    assert activity.area == agencies["missing_team"].area
    assert list(prevention_for_user(user=worker)) == [activity]
    elsewhere = UserFactory(agency=AgencyFactory(area="Elsewhere"), role=Role.POLICE_OFFICER)
    assert not prevention_for_user(user=elsewhere).exists()
    with pytest.raises(PreventionError, match="1 or more"):
        record_prevention_activity(actor=worker, content=_activity(reached=0))
    future = timezone.localdate() + dt.timedelta(days=2)
    with pytest.raises(PreventionError, match="today or in the past"):
        record_prevention_activity(actor=worker, content=_activity(held_on=future))


def _complete(interview: ReturnInterview, worker) -> ReturnInterview:
    interview.status = InterviewStatus.COMPLETED
    interview.assigned_to = worker
    interview.interviewed_at = interview.returned_at + dt.timedelta(hours=5)
    interview.completed_at = timezone.now()
    interview.completed_by = worker
    interview.outcome = InterviewOutcome.NO_FURTHER_ACTION
    interview.save()
    return interview


AUDIT = AuditContent(
    criteria_met=("child_voice", "timely"), grade=AuditGrade.GOOD, learning="Ask more"
)


def test_an_audit_scores_a_completed_interview_once(interview, worker, manager) -> None:
    with pytest.raises(PreventionError, match="completed"):
        record_interview_audit(actor=manager, interview=interview, content=AUDIT)
    _complete(interview, worker)
    month = timezone.localdate()
    assert audit_sample_for_user(user=manager, month=month, size=5) == [interview]
    wrong = AuditContent(criteria_met=("made_up",), grade=AuditGrade.GOOD, learning="x")
    with pytest.raises(PreventionError, match="made_up"):
        record_interview_audit(actor=manager, interview=interview, content=wrong)
    audit = record_interview_audit(actor=manager, interview=interview, content=AUDIT)
    assert (audit.score, audit.criteria_total) == (2, 5)
    assert audit_sample_for_user(user=manager, month=month, size=5) == []
    with pytest.raises(PreventionError, match="already"):
        record_interview_audit(actor=manager, interview=interview, content=AUDIT)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_assessment_form_sent_twice_saves_once(agencies, make_user) -> None:
    child = ChildFactory()
    _place(child, agencies, start=timezone.localdate())
    client = _client(make_user("care_home", Role.CARE_HOME_STAFF))
    form = {
        "submission_id": str(uuid.uuid4()),
        "before_reporting": "Ring them",
        "report_when": "immediately",
        "who_to_tell": "Police",
        "review_by_day": "1",
        "review_by_month": "3",
        "review_by_year": "2027",
    }
    url = reverse("casework:risk-assessment-edit", args=[child.pk])
    for _ in range(2):
        assert client.post(url, form).status_code == 302
    assert ManagedRiskAssessment.objects.filter(child=child).count() == 1
    page = client.get(reverse("casework:risk-assessment", args=[child.pk])).content.decode()
    assert "Report at once" in page and "immediately" not in page


def test_prevention_and_audit_pages(agencies, make_user, interview, worker, manager) -> None:
    client = _client(manager)
    home = client.get(reverse("web:home")).content.decode()
    assert reverse("casework:prevention") in home and reverse("casework:interview-audits") in home
    form = {
        "submission_id": str(uuid.uuid4()),
        "held_day": "2",
        "held_month": "11",
        "held_year": "2026",
        "kind": "carers_awareness",
        "audience": "parents_and_carers",
        "reached": "14",
    }
    for _ in range(2):
        assert client.post(reverse("casework:prevention-new"), form).status_code == 302
    assert PreventionActivity.objects.count() == 1
    page = client.get(reverse("casework:prevention")).content.decode()
    assert "Awareness session for parents and carers" in page and "carers_awareness" not in page
    _complete(interview, worker)
    listing = client.get(reverse("casework:interview-audits")).content.decode()
    assert reverse("casework:interview-audit-new", args=[interview.pk]) in listing
    audit = {
        "submission_id": str(uuid.uuid4()),
        "criteria_met": ["child_voice"],
        "grade": "requires_improvement",
        "learning": "Record the child's own words",
    }
    url = reverse("casework:interview-audit-new", args=[interview.pk])
    assert client.post(url, audit).status_code == 302
    assert InterviewAudit.objects.get().grade == AuditGrade.REQUIRES_IMPROVEMENT
    listing = client.get(reverse("casework:interview-audits")).content.decode()
    assert "Requires improvement" in listing and "1 of 5" in listing


def test_the_grab_pack_carries_the_assessment_on_one_page(agencies, make_user) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    from missinghub.casework.services.packs import grab_pack_pdf
    from missinghub.casework.services.philomena import (
        ProfileContent,
        produce_grab_pack,
        start_profile,
    )
    from missinghub.casework.tests.scenarios import looked_after_child, report_episodes

    carer = make_user("care_home", Role.CARE_HOME_STAFF)
    child = looked_after_child(agencies, given_name="Sky", family_name="Packford")
    long_text = "Slim, about 160 cm, short dyed red hair, scar on left eyebrow. " * 8
    start_profile(actor=carer, child=child, content=ProfileContent(description=long_text))
    record_assessment(actor=carer, child=child, content=CONTENT)
    *_, missing = report_episodes(child, agencies, [40, 10, 0], last_open=True)
    pack = produce_grab_pack(
        actor=make_user("police", Role.POLICE_OFFICER),
        episode=missing,
        last_seen_clothing="Black puffer jacket",
    )
    reader = PdfReader(BytesIO(grab_pack_pdf(pack)))
    text = " ".join(reader.pages[0].extract_text().split())
    assert len(reader.pages) == 1
    assert "Report after 3 hours if not back or found" in text
    assert "Ring their phone and their aunt" in text

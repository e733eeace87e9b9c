"""Children missing education: the school's referral with its ground tells the council team (who
can then see the child), enquiries, and the end: located and closed, closed without locating,
or still ongoing."""

import datetime as dt
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from missinghub.access.policy import visible_child_ids
from missinghub.accounts.models import AgencyKind, Role
from missinghub.accounts.tests.factories import AgencyFactory, UserFactory
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.casework.models import CmeGround, CmeReferral, CmeStatus
from missinghub.casework.selectors.cme import cme_referrals_for_user
from missinghub.casework.services.cme import (
    CmeDetails,
    CmeError,
    close_cme_referral,
    record_cme_enquiry,
    refer_child_missing_education,
)
from missinghub.children.models import IdentifierKind
from missinghub.children.tests.factories import ChildFactory, ChildIdentifierFactory
from missinghub.episodes.services import notify_agency


@pytest.fixture
def school_lead(make_user):
    return make_user("school", Role.SCHOOL_SAFEGUARDING_LEAD)


@pytest.fixture
def officer(make_user):
    return make_user("missing_team", Role.MISSING_TEAM_WORKER)


@pytest.fixture
def pupil(agencies):
    child = ChildFactory(given_name="Ari", family_name="Rollcall")
    ChildIdentifierFactory(
        child=child, agency=agencies["school"], kind=IdentifierKind.SCHOOL_UPN, value="A123"
    )
    return child


@pytest.fixture
def referral(school_lead, pupil, agencies):
    return refer_child_missing_education(
        actor=school_lead,
        child=pupil,
        referred_to=agencies["missing_team"],
        details=CmeDetails(
            ground=CmeGround.ABSENT_20_DAYS,
            referred_on=timezone.localdate() - dt.timedelta(days=5),
            parent_name="Pat Rollcall",
            address="1 Example Row, Testshire",
        ),
    )


def test_the_referral_tells_the_council_team_who_can_then_see_the_child(
    referral, officer, pupil, agencies
):
    assert referral.status == CmeStatus.ONGOING and referral.closed_on is None
    assert referral.school == agencies["school"]
    assert pupil.pk in set(visible_child_ids(officer).values_list("pk", flat=True))
    assert list(cme_referrals_for_user(user=officer)) == [referral]
    event = AuditEvent.objects.get(verb=AuditVerb.CME_REFERRED)
    assert event.detail == {
        "ground": "absent_20_days",
        "referred_to_id": agencies["missing_team"].pk,
    }


def test_a_referral_goes_to_a_council_team_only(school_lead, pupil, agencies):
    details = CmeDetails(ground=CmeGround.MOVED_AWAY, referred_on=timezone.localdate())
    with pytest.raises(CmeError, match="council"):
        refer_child_missing_education(
            actor=school_lead, child=pupil, referred_to=agencies["police"], details=details
        )


def test_one_ongoing_referral_per_child(referral, school_lead, pupil, agencies):
    with pytest.raises(CmeError, match="already has an ongoing referral"):
        refer_child_missing_education(
            actor=school_lead,
            child=pupil,
            referred_to=agencies["missing_team"],
            details=CmeDetails(ground=CmeGround.MOVED_AWAY, referred_on=timezone.localdate()),
        )


def test_enquiries_then_located_and_closed(referral, officer):
    record_cme_enquiry(
        actor=officer,
        referral=referral,
        made_on=timezone.localdate() - dt.timedelta(days=3),
        made_with="Health visitor",
        result="Family registered with a GP in Otherton",
    )
    with pytest.raises(CmeError, match="before the referral"):
        record_cme_enquiry(
            actor=officer,
            referral=referral,
            made_on=referral.referred_on - dt.timedelta(days=1),
            made_with="Housing",
            result="Nothing",
        )
    with pytest.raises(CmeError, match="where the child was located"):
        close_cme_referral(
            actor=officer,
            referral=referral,
            status=CmeStatus.LOCATED_CLOSED,
            closed_on=timezone.localdate(),
            where=" ",
        )
    closed = close_cme_referral(
        actor=officer,
        referral=referral,
        status=CmeStatus.LOCATED_CLOSED,
        closed_on=timezone.localdate(),
        where="On roll at Otherton High School from Monday",
    )
    assert closed.status == CmeStatus.LOCATED_CLOSED and closed.closed_on == timezone.localdate()
    assert closed.enquiries.count() == 1
    with pytest.raises(CmeError, match="closed"):
        record_cme_enquiry(
            actor=officer,
            referral=closed,
            made_on=timezone.localdate(),
            made_with="School",
            result="x",
        )
    verbs = list(
        AuditEvent.objects.filter(child_id=referral.child_id).values_list("verb", flat=True)
    )
    assert AuditVerb.CME_ENQUIRY_RECORDED in verbs and AuditVerb.CME_RESOLVED in verbs


def test_closed_without_locating_says_who_it_was_passed_to(referral, officer):
    closed = close_cme_referral(
        actor=officer,
        referral=referral,
        status=CmeStatus.CLOSED_NOT_LOCATED,
        closed_on=timezone.localdate(),
        where="Passed to Otherton Council CME officer",
    )
    assert closed.status == CmeStatus.CLOSED_NOT_LOCATED


def test_a_referral_with_no_result_stays_ongoing(referral, officer):
    record_cme_enquiry(
        actor=officer,
        referral=referral,
        made_on=timezone.localdate(),
        made_with="Police",
        result="Not known at the address",
    )
    referral.refresh_from_db()
    assert referral.status == CmeStatus.ONGOING and referral.closed_on is None
    with pytest.raises(CmeError, match="Choose located"):
        close_cme_referral(
            actor=officer,
            referral=referral,
            status=CmeStatus.ONGOING,
            closed_on=timezone.localdate(),
            where="x",
        )


@pytest.mark.parametrize(
    ("kind", "role", "id_kind"),
    [
        (AgencyKind.POLICE_FORCE, Role.POLICE_OFFICER, IdentifierKind.POLICE_PERSON_REFERENCE),
        (AgencyKind.HEALTH, Role.SAFEGUARDING_PRACTITIONER, IdentifierKind.NHS_NUMBER),
        (AgencyKind.HOUSING, Role.SAFEGUARDING_PRACTITIONER, None),
    ],
)
def test_health_police_and_housing_refer_from_the_child_page_too(
    client, agencies, kind, role, id_kind
):
    agency = AgencyFactory(kind=kind)
    child = ChildFactory(given_name="Ari", family_name="Outofschool")
    if id_kind is not None:
        ChildIdentifierFactory(child=child, agency=agency, kind=id_kind, value=f"{kind}-1")
    else:  # housing holds no identifier: it sees a child it was told about
        notify_agency(
            actor=None,
            child=child,
            from_agency=agencies["social_care"],
            to_agency=agency,
            purpose="Family placed in temporary accommodation",
            lawful_basis="Children Act 2004 s.11",
        )
    user = UserFactory(agency=agency, role=role)
    client.force_login(user)
    url = reverse("casework:cme-refer", args=[child.pk])
    assert url in client.get(reverse("web:child", args=[child.pk])).content.decode()
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "submission_id": str(uuid4()),
            "ground": "absent_20_days",
            "referred_to": agencies["missing_team"].pk,
            "referred_day": today.day,
            "referred_month": today.month,
            "referred_year": today.year,
        },
    )
    referral = CmeReferral.objects.get(child=child)
    assert response["Location"] == reverse("casework:cme", args=[referral.pk])
    assert (referral.school, referral.referred_by) == (agency, user)
    page = client.get(reverse("casework:cme", args=[referral.pk])).content.decode()
    assert "Referred by" in page and agency.name in page

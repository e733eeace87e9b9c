"""Reporting a child missing and recording a return through the pages (no JavaScript needed)."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.children.models import Child
from missinghub.episodes.models import Episode, EpisodeStatus
from missinghub.episodes.tests.factories import EpisodeFactory

pytestmark = pytest.mark.django_db


def date_parts(prefix, day, month, year, time=None):
    parts = {f"{prefix}_day": day, f"{prefix}_month": month, f"{prefix}_year": year}
    return parts | ({f"{prefix}_time": time} if time else {})


def report_form(**overrides):
    return {
        "submission_id": str(uuid.uuid4()),
        "given_name": "Rowan",
        "family_name": "Testbrook",
        "sex": "female",
        "category": "missing",
        "risk_level": "medium",
        "risk_reason": "Out of character; left without phone",
        "police_reference": "TS/123",
        **date_parts("date_of_birth", "3", "4", "2011"),
        **date_parts("last_seen", "5", "7", "2024", "21:30"),
        **date_parts("reported", "5", "7", "2024", "23:05"),
        **overrides,
    }


@pytest.fixture
def officer(client, make_user):
    user = make_user("police", Role.POLICE_OFFICER)
    client.force_login(user)
    return user


def test_an_officer_reports_a_new_child_missing_and_the_missing_team_is_told(
    client, officer, agencies
):
    agencies["missing_team"].area = officer.agency.area
    agencies["missing_team"].save()
    response = client.post(reverse("web:report-missing"), report_form(), follow=True)
    episode = Episode.objects.get()
    assert response.redirect_chain[-1][0] == reverse("web:episode", args=[episode.pk])
    assert "Rowan Testbrook is reported missing" in response.content.decode()
    child = Child.objects.get()
    assert child.date_of_birth == dt.date(2011, 4, 3)  # 3/4/2011 is 3 April: day first
    # 21:30 in July is British Summer Time: 20:30 UTC.
    assert episode.last_seen_at == dt.datetime(2024, 7, 5, 20, 30, tzinfo=dt.UTC)
    assert list(episode.notifications.values_list("to_agency", flat=True)) == [
        agencies["missing_team"].pk
    ]


def test_submitting_the_same_form_twice_reports_once(client, officer):
    form = report_form()
    client.post(reverse("web:report-missing"), form)
    client.post(reverse("web:report-missing"), form)
    assert Episode.objects.count() == 1
    assert Child.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (date_parts("date_of_birth", "31", "2", "2011"), "The date of birth must be a real date"),
        ({"given_name": ""}, "Enter the child&#x27;s first name"),
        ({"last_seen_time": "25:00"}, "Enter the time of when the child was last seen"),
        (date_parts("reported", "4", "7", "2024", "10:00"), "cannot be before the child was last"),
        ({"risk_reason": ""}, "Enter why you chose that level"),
        # The date rules of every way in (episodes.rules).
        (date_parts("date_of_birth", "1", "1", "2035"), "The date of birth: give a date between"),
        (date_parts("date_of_birth", "1", "1", "1989"), "The date of birth: give a date between"),
        (date_parts("date_of_birth", "1", "1", "1890"), "greater than or equal to 1900"),
        (date_parts("last_seen", "3", "4", "2030", "20:00"), "seen: this time is in the future"),
        (date_parts("reported", "3", "4", "2030", "21:00"), "report: this time is in the future"),
    ],
)
def test_bad_answers_are_explained_and_nothing_is_stored(client, officer, overrides, message):
    response = client.post(reverse("web:report-missing"), report_form(**overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert Episode.objects.count() == 0
    assert Child.objects.count() == 0


def test_a_child_already_missing_is_not_reported_twice_and_the_form_links_to_the_open_episode(
    client, officer, agencies
):
    open_one = EpisodeFactory(reporting_agency=agencies["police"])
    child = open_one.child
    child.identifiers.create(agency=agencies["police"], kind="police_person_reference", value="P1")
    url = reverse("web:report-child-missing", args=[child.pk])
    response = client.post(url, report_form())
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "This child is already missing" in page
    assert f'href="{reverse("web:episode", args=[open_one.pk])}"' in page
    assert Episode.objects.filter(child=child).count() == 1


def test_a_missing_team_worker_cannot_report_missing(client, make_user):
    client.force_login(make_user("missing_team", Role.MISSING_TEAM_WORKER))
    assert client.get(reverse("web:report-missing")).status_code == 403
    assert client.post(reverse("web:report-missing"), report_form()).status_code == 403
    assert Episode.objects.count() == 0
    assert AuditEvent.objects.filter(verb=AuditVerb.ACCESS_REFUSED).count() == 2


def test_recording_a_return(client, officer, agencies):
    episode = EpisodeFactory(
        reporting_agency=agencies["police"],
        last_seen_at=dt.datetime(2024, 12, 1, 21, 0, tzinfo=dt.UTC),
        reported_at=dt.datetime(2024, 12, 1, 22, 0, tzinfo=dt.UTC),
    )
    url = reverse("web:record-return", args=[episode.pk])
    response = client.post(
        url,
        {"return_method": "found_by_police", **date_parts("returned", "2", "12", "2024", "02:15")},
        follow=True,
    )
    assert "Return recorded" in response.content.decode()
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.RETURNED
    assert episode.returned_at == dt.datetime(2024, 12, 2, 2, 15, tzinfo=dt.UTC)  # GMT


def test_a_return_before_last_seen_is_explained(client, officer, agencies):
    episode = EpisodeFactory(
        reporting_agency=agencies["police"],
        last_seen_at=dt.datetime(2024, 12, 1, 21, 0, tzinfo=dt.UTC),
        reported_at=dt.datetime(2024, 12, 1, 22, 0, tzinfo=dt.UTC),
    )
    response = client.post(
        reverse("web:record-return", args=[episode.pk]),
        {"return_method": "other", **date_parts("returned", "1", "12", "2024", "20:00")},
    )
    assert "The return must be after the child was last seen (1 December 2024 21:00)" in (
        response.content.decode()
    )
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.OPEN


def test_a_school_cannot_record_a_return(client, make_user, agencies):
    episode = EpisodeFactory(reporting_agency=agencies["police"])
    client.force_login(make_user("school", Role.SCHOOL_SAFEGUARDING_LEAD))
    assert client.get(reverse("web:record-return", args=[episode.pk])).status_code == 403

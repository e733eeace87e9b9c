import datetime as dt

import pytest
from django.urls import reverse

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.children.models import ChildAlias
from missinghub.children.search import jaro_winkler, parse_query
from missinghub.episodes.tests.factories import EpisodeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, make_user):
    client.force_login(make_user("police", Role.POLICE_OFFICER))
    return client


@pytest.fixture
def jayden(agencies):
    return EpisodeFactory(
        reporting_agency=agencies["police"],
        police_reference="ND/001/002",
        child__given_name="Jayden",
        child__family_name="Marlow",
        child__date_of_birth=dt.date(2008, 11, 3),
    ).child


def results(client, query):
    response = client.get(reverse("web:search"), {"q": query})
    assert response.status_code == 200
    return [c.pk for c in response.context["results"]]


@pytest.mark.parametrize("query", ["Jayden Marlow", "jaydn marlowe", "Marlow", "ND/001/002"])
def test_names_as_heard_and_references_find_the_child(officer_client, jayden, query):
    assert results(officer_client, query) == [jayden.pk]


def test_a_date_of_birth_is_read_day_first(officer_client, jayden):
    assert results(officer_client, "03/11/2008") == [jayden.pk]
    assert results(officer_client, "11/03/2008") == []


def test_an_alias_finds_the_child(officer_client, jayden):
    ChildAlias.objects.create(child=jayden, given_name="JJ", family_name="Stone")
    assert results(officer_client, "Stone") == [jayden.pk]


def test_unrelated_names_and_other_agencies_children_are_not_found(officer_client, agencies):
    EpisodeFactory(reporting_agency=agencies["police"], child__family_name="Westbrook")
    EpisodeFactory(reporting_agency=agencies["other_police"], child__family_name="Marlow")
    assert results(officer_client, "Marlow") == []


def test_search_results_are_audited(officer_client, jayden):
    results(officer_client, "Jayden")
    event = AuditEvent.objects.get(verb=AuditVerb.CHILDREN_LISTED)
    assert (event.child_id, event.detail) == (jayden.pk, {"list": "search"})


def test_jaro_winkler_matches_the_published_examples():
    # Winkler (1990) examples: MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.840, DIXON/DICKSONX 0.813.
    assert jaro_winkler("martha", "marhta") == pytest.approx(0.961, abs=1e-3)
    assert jaro_winkler("dwayne", "duane") == pytest.approx(0.840, abs=1e-3)
    assert jaro_winkler("dixon", "dicksonx") == pytest.approx(0.813, abs=1e-3)


def test_an_impossible_date_is_not_a_date_search():
    assert parse_query("31/02/2010").date_of_birth is None

import datetime as dt

import pytest
from django.urls import reverse

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.children.models import ChildAlias
from missinghub.children.search import name_keys, parse_query, trigram_similarity
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


def test_trigram_similarity_is_pg_trgms():
    # pg_trgm: similarity('john smith', 'jon smyth') = 5 shared of 16 trigrams.
    assert trigram_similarity("John Smith", "Jon Smyth") == pytest.approx(5 / 16)
    assert trigram_similarity("word", "word") == 1.0
    assert trigram_similarity("", "word") == 0.0


def test_the_keys_are_the_names_normalised_and_their_sounds():
    assert name_keys("Zoë", "O'Brien") == ("zoe o brien", "BRN O S")
    assert name_keys("Jon", "Smyth")[1] == name_keys("John", "Smith")[1] == "JN SM0"


def test_an_impossible_date_is_not_a_date_search():
    assert parse_query("31/02/2010").date_of_birth is None


def test_a_name_as_heard_finds_the_child_on_every_write_path(officer_client, agencies):
    smith = EpisodeFactory(
        reporting_agency=agencies["police"], child__given_name="John", child__family_name="Smith"
    ).child
    assert (smith.search_name, smith.name_sounds) == ("john smith", "JN SM0")
    assert results(officer_client, "Jon Smyth") == [smith.pk]
    assert results(officer_client, "smith john") == [smith.pk]
    assert results(officer_client, "Jon Jones") == []


def test_a_renamed_child_is_found_by_the_new_name_only(officer_client, jayden):
    jayden.family_name = "Okafor"
    jayden.save()
    assert results(officer_client, "Jayden Okafor") == [jayden.pk]
    assert results(officer_client, "Marlow") == []


def test_closest_spelling_first_and_only_children_the_user_may_see(officer_client, agencies):
    def reported(given, family, agency="police"):
        return EpisodeFactory(
            reporting_agency=agencies[agency], child__given_name=given, child__family_name=family
        ).child

    exact, sounds_alike = reported("Tamsin", "Wood"), reported("Tamzin", "Wood")
    reported("Tamsin", "Wood", agency="other_police")
    assert results(officer_client, "Tamsin Wood") == [exact.pk, sounds_alike.pk]

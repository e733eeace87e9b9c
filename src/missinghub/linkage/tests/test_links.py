"""A nickname, a swapped day and month, a surname typo, one digit of the birth year wrong, and
given and family names swapped each still link; twins (same family name and date of birth,
different first names) do not merge."""

import datetime as dt

import pytest

from missinghub.children.models import Child, Sex
from missinghub.linkage.models import ChildMerge, ReviewPair, ReviewStatus
from missinghub.linkage.services import candidates_for, candidates_for_each, link_all_children
from missinghub.linkage.tests.people import create_background

WILLIAM = {
    "given_name": "William",
    "family_name": "Ashcombe",
    "date_of_birth": dt.date(2009, 4, 7),
    "sex": Sex.MALE,
    "home_postcode": "ND1 2AB",
}
OLIVIA = {
    "given_name": "Olivia",
    "family_name": "Brackenshaw",
    "date_of_birth": dt.date(2010, 3, 8),
    "sex": Sex.FEMALE,
    "home_postcode": "ND4 7QT",
}
HARRY = {
    "given_name": "Harry",
    "family_name": "Quincefield",
    "date_of_birth": dt.date(2008, 11, 23),
    "sex": Sex.MALE,
    "home_postcode": "ND9 1XZ",
}
VARIANTS = {
    "nickname": (WILLIAM, {**WILLIAM, "given_name": "Bill"}),
    "day and month swapped": (OLIVIA, {**OLIVIA, "date_of_birth": dt.date(2010, 8, 3)}),
    "surname typo": (HARRY, {**HARRY, "family_name": "Quincefeild"}),
    "one digit of the birth year": (HARRY, {**HARRY, "date_of_birth": dt.date(2006, 11, 23)}),
    "given and family names swapped": (
        OLIVIA,
        {**OLIVIA, "given_name": OLIVIA["family_name"], "family_name": OLIVIA["given_name"]},
    ),
}
TWIN_A = {
    "given_name": "Amelia",
    "family_name": "Thornbury",
    "date_of_birth": dt.date(2011, 6, 2),
    "sex": Sex.FEMALE,
    "home_postcode": "ND2 5LP",
}
TWIN_B = {**TWIN_A, "given_name": "Jessica"}


@pytest.mark.django_db
@pytest.mark.parametrize("fault", sorted(VARIANTS))
def test_a_variant_record_is_merged_into_the_child(fault: str) -> None:
    create_background()
    original, variant = (Child.objects.create(**values) for values in VARIANTS[fault])

    summary = link_all_children()

    assert not Child.objects.filter(pk=variant.pk).exists()
    merge = ChildMerge.objects.get(merged_child_id=variant.pk)
    assert merge.kept_child_id == original.pk
    assert merge.automatic and merge.match_probability >= 0.99
    assert summary.merges == 1


@pytest.mark.django_db
@pytest.mark.parametrize("fault", sorted(VARIANTS))
def test_intake_finds_the_child_behind_a_variant(fault: str) -> None:
    create_background()
    original = Child.objects.create(**VARIANTS[fault][0])
    variant = VARIANTS[fault][1]

    found = candidates_for(
        given_name=variant["given_name"],
        family_name=variant["family_name"],
        date_of_birth=variant["date_of_birth"],
        sex=variant["sex"],
        postcode=variant["home_postcode"],
    )

    assert found[0].child_id == original.pk
    assert found[0].match_probability >= 0.99


@pytest.mark.django_db
def test_twins_are_not_merged() -> None:
    create_background()
    first, second = Child.objects.create(**TWIN_A), Child.objects.create(**TWIN_B)

    summary = link_all_children()

    assert summary.merges == 0
    assert Child.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    # A person decides, with the pair shown side by side.
    pair = ReviewPair.objects.get(first_child_id=first.pk, second_child_id=second.pk)
    assert pair.status == ReviewStatus.PENDING


@pytest.mark.django_db
def test_intake_flags_a_twin() -> None:
    create_background()
    twin = Child.objects.create(**TWIN_A)

    found = candidates_for(
        given_name=TWIN_B["given_name"],
        family_name=TWIN_B["family_name"],
        date_of_birth=TWIN_B["date_of_birth"],
        sex=TWIN_B["sex"],
        postcode=TWIN_B["home_postcode"],
    )

    assert [c.child_id for c in found] == [twin.pk]
    assert found[0].looks_like_twins


@pytest.mark.django_db
def test_a_second_run_merges_nothing_more_and_queues_nothing_twice() -> None:
    create_background()
    Child.objects.create(**TWIN_A), Child.objects.create(**TWIN_B)
    link_all_children()

    again = link_all_children()

    assert (again.merges, again.queued) == (0, 0)
    assert ReviewPair.objects.count() == 1


@pytest.mark.django_db
def test_the_batch_form_for_imports_gives_each_rows_candidates() -> None:
    create_background()
    william, olivia = Child.objects.create(**WILLIAM), Child.objects.create(**OLIVIA)
    rows = [
        {
            "given_name": values["given_name"],
            "family_name": values["family_name"],
            "date_of_birth": values["date_of_birth"],
            "postcode": values["home_postcode"],
        }
        for values in (VARIANTS["nickname"][1], VARIANTS["day and month swapped"][1], TWIN_A)
    ]

    found = candidates_for_each(rows)

    assert [[c.child_id for c in each] for each in found] == [[william.pk], [olivia.pk], []]

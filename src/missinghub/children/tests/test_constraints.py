"""The database itself refuses impossible children's data (run on SQLite and PostgreSQL)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from missinghub.children.models import Placement
from missinghub.children.tests.factories import ChildFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def test_a_childs_placements_cannot_overlap():
    child = ChildFactory()
    PlacementFactory(child=child, start_date=dt.date(2024, 1, 1), end_date=dt.date(2024, 6, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementFactory(child=child, start_date=dt.date(2024, 5, 1), end_date=dt.date(2024, 9, 1))
    assert Placement.objects.filter(child=child).count() == 1


def test_a_placement_cannot_start_inside_an_open_placement():
    child = ChildFactory()
    PlacementFactory(child=child, start_date=dt.date(2024, 1, 1), end_date=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementFactory(child=child, start_date=dt.date(2025, 1, 1), end_date=None)


def test_an_update_that_would_overlap_is_refused():
    child = ChildFactory()
    PlacementFactory(child=child, start_date=dt.date(2024, 1, 1), end_date=dt.date(2024, 3, 1))
    later = PlacementFactory(child=child, start_date=dt.date(2024, 3, 1), end_date=None)
    later.start_date = dt.date(2024, 2, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        later.save()
    later.refresh_from_db()
    assert later.start_date == dt.date(2024, 3, 1)


def test_back_to_back_placements_and_other_childrens_placements_are_allowed():
    child, sibling = ChildFactory(), ChildFactory()
    PlacementFactory(child=child, start_date=dt.date(2024, 1, 1), end_date=dt.date(2024, 3, 1))
    PlacementFactory(child=child, start_date=dt.date(2024, 3, 1), end_date=None)
    PlacementFactory(child=sibling, start_date=dt.date(2024, 2, 1), end_date=None)
    assert Placement.objects.count() == 3


def test_a_placement_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementFactory(start_date=dt.date(2024, 5, 1), end_date=dt.date(2024, 4, 1))

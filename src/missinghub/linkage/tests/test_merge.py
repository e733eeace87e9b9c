"""Must-show 4: unmerge after merge restores the exact prior state (both children, their
episodes, and every other row that pointed at them)."""

import datetime as dt
from typing import Any

import pytest
from django.core import serializers

from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.children.models import Child, ChildAlias, LegalStatus, LegalStatusKind
from missinghub.children.tests.factories import (
    ChildFactory,
    ChildIdentifierFactory,
    PlacementFactory,
)
from missinghub.episodes.models import Notification
from missinghub.episodes.tests.factories import EpisodeFactory
from missinghub.linkage.merging import MergeRefused, _child_relations, merge_children, unmerge
from missinghub.linkage.models import ReviewPair, ReviewStatus


def snapshot() -> list[dict[str, Any]]:
    """Every row of `Child` and of every model pointing at it, as Django serialises them."""
    models = {Child, *(field.model for field in _child_relations())}
    rows = []
    for model in sorted(models, key=lambda m: m._meta.label):
        rows += serializers.serialize("python", model._default_manager.order_by("pk"))
    return rows


@pytest.fixture
def two_records(agencies):
    kept = ChildFactory(given_name="William", family_name="Ashcombe")
    merged = ChildFactory(given_name="Bill", family_name="Ashcombe")
    for child, agency in ((kept, "police"), (merged, "social_care")):
        ChildIdentifierFactory(child=child, agency=agencies[agency])
        # One of the two episodes has a return: one child has one open episode at a time.
        back = {"status": "returned", "returned_at": dt.datetime(2024, 3, 2, 9, 0, tzinfo=dt.UTC)}
        episode = EpisodeFactory(
            child=child, reporting_agency=agencies["police"], **(back if child is kept else {})
        )
        Notification.objects.create(
            child=child,
            episode=episode,
            from_agency=agencies["police"],
            to_agency=agencies["missing_team"],
            purpose="Return interview",
            lawful_basis="Children Act 1989 s.17",
            sent_at=episode.reported_at,
            expires_at=episode.reported_at + dt.timedelta(days=30),
        )
    PlacementFactory(child=merged, provider=agencies["care_home"])
    LegalStatus.objects.create(
        child=merged,
        status=LegalStatusKind.LOOKED_AFTER,
        start_date=dt.date(2023, 1, 1),
        responsible_authority=agencies["social_care"],
    )
    ChildAlias.objects.create(child=merged, given_name="Billy")
    return kept, merged


@pytest.mark.django_db
def test_unmerge_restores_the_exact_prior_state(two_records, make_user):
    kept, merged = two_records
    manager = make_user("missing_team", "missing_team_manager")
    before = snapshot()

    merge = merge_children(actor=manager, kept=kept, merged=merged, reason="Same child")
    assert not Child.objects.filter(pk=merged.pk).exists()
    assert kept.episodes.count() == 2 and kept.placements.count() == 1
    assert kept.aliases.filter(given_name="Bill").exists()

    restored = unmerge(actor=manager, merge=merge, reason="Twins, not one child")

    assert restored.pk == merged.pk
    assert snapshot() == before
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {AuditVerb.CHILDREN_MERGED, AuditVerb.CHILDREN_UNMERGED} <= verbs


@pytest.mark.django_db
def test_a_merge_is_undone_once_only(two_records):
    kept, merged = two_records
    merge = merge_children(actor=None, kept=kept, merged=merged, reason="Same child")
    unmerge(actor=None, merge=merge, reason="Wrong")

    with pytest.raises(MergeRefused):
        unmerge(actor=None, merge=merge, reason="Again")


@pytest.mark.django_db
def test_pairs_set_aside_by_a_merge_wait_again_after_unmerge(two_records):
    kept, merged = two_records
    other = ChildFactory()
    low, high = sorted((merged.pk, other.pk))
    waiting = ReviewPair.objects.create(
        first_child_id=low,
        second_child_id=high,
        match_probability=0.7,
        match_weight=1.2,
        model_label="children v1",
        found_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )
    merge = merge_children(actor=None, kept=kept, merged=merged, reason="Same child")
    waiting.refresh_from_db()
    assert waiting.status == ReviewStatus.SUPERSEDED

    unmerge(actor=None, merge=merge, reason="Wrong")

    waiting.refresh_from_db()
    assert waiting.status == ReviewStatus.PENDING

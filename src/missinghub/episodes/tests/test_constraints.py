"""The database itself refuses impossible episodes (run on SQLite and PostgreSQL)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from missinghub.episodes.models import Episode
from missinghub.episodes.tests.factories import EpisodeFactory

pytestmark = pytest.mark.django_db

LAST_SEEN = dt.datetime(2024, 3, 1, 22, 0, tzinfo=dt.UTC)


def test_a_return_before_last_seen_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        EpisodeFactory(
            last_seen_at=LAST_SEEN,
            status="returned",
            returned_at=LAST_SEEN - dt.timedelta(minutes=1),
        )
    assert Episode.objects.count() == 0


def test_a_return_before_last_seen_is_refused_on_update_too():
    episode = EpisodeFactory(last_seen_at=LAST_SEEN)
    Episode.objects.filter(pk=episode.pk).update(status="returned", returned_at=LAST_SEEN)
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.filter(pk=episode.pk).update(returned_at=LAST_SEEN - dt.timedelta(days=1))
    episode.refresh_from_db()
    assert episode.returned_at == LAST_SEEN


def test_a_report_before_last_seen_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        EpisodeFactory(last_seen_at=LAST_SEEN, reported_at=LAST_SEEN - dt.timedelta(hours=2))


def test_the_same_source_reference_twice_is_refused():
    EpisodeFactory(source_system="police-a", source_reference="MP-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        EpisodeFactory(source_system="police-a", source_reference="MP-1")
    assert Episode.objects.count() == 1


def test_the_same_reference_from_another_source_system_is_a_different_episode():
    EpisodeFactory(source_system="police-a", source_reference="MP-1")
    EpisodeFactory(source_system="police-b", source_reference="MP-1")
    assert Episode.objects.count() == 2


def test_an_open_episode_cannot_carry_a_return_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        EpisodeFactory(status="open", returned_at=LAST_SEEN + dt.timedelta(hours=1))


def test_a_returned_episode_must_say_when():
    with pytest.raises(IntegrityError), transaction.atomic():
        EpisodeFactory(status="returned", returned_at=None)


def test_a_second_open_episode_for_one_child_is_refused():
    first = EpisodeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        EpisodeFactory(child=first.child)
    assert Episode.objects.filter(child=first.child, returned_at__isnull=True).count() == 1


def test_a_child_may_go_missing_again_once_returned():
    first = EpisodeFactory(status="returned", returned_at=LAST_SEEN + dt.timedelta(hours=3))
    EpisodeFactory(child=first.child, last_seen_at=LAST_SEEN + dt.timedelta(days=2),
                   reported_at=LAST_SEEN + dt.timedelta(days=2, hours=1))  # fmt: skip
    assert Episode.objects.filter(child=first.child).count() == 2

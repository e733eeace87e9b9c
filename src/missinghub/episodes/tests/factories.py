import datetime as dt

import factory

from missinghub.accounts.models import AgencyKind
from missinghub.accounts.tests.factories import AgencyFactory
from missinghub.children.tests.factories import ChildFactory
from missinghub.episodes.models import Episode, EpisodeCategory, EpisodeStatus


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Episode

    child = factory.SubFactory(ChildFactory)
    category = EpisodeCategory.MISSING
    status = EpisodeStatus.OPEN
    last_seen_at = dt.datetime(2024, 3, 1, 22, 0, tzinfo=dt.UTC)
    reported_at = dt.datetime(2024, 3, 1, 23, 30, tzinfo=dt.UTC)
    returned_at = None
    reporting_agency = factory.SubFactory(AgencyFactory, kind=AgencyKind.POLICE_FORCE)
    source_system = "test-police"
    source_reference = factory.Sequence(lambda n: f"MP-{n:06d}")

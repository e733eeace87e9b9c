import datetime as dt

import factory

from missinghub.accounts.tests.factories import AgencyFactory
from missinghub.children.models import (
    Child,
    ChildIdentifier,
    IdentifierKind,
    Placement,
    PlacementArea,
    PlacementType,
    Sex,
)


class ChildFactory(factory.django.DjangoModelFactory):
    """Obviously fictional children: synthetic data only, ever."""

    class Meta:
        model = Child

    given_name = factory.Iterator(["Alex", "Jordan", "Casey", "Riley", "Morgan"])
    family_name = factory.Sequence(lambda n: f"Testchild{n}")
    date_of_birth = dt.date(2010, 5, 17)
    sex = Sex.NOT_KNOWN


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    child = factory.SubFactory(ChildFactory)
    placement_type = PlacementType.CHILDRENS_HOME
    area = PlacementArea.IN_BOROUGH
    start_date = dt.date(2024, 1, 1)
    end_date = None


class ChildIdentifierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildIdentifier

    child = factory.SubFactory(ChildFactory)
    agency = factory.SubFactory(AgencyFactory)
    kind = IdentifierKind.SOCIAL_CARE_ID
    value = factory.Sequence(lambda n: f"SC{n:06d}")

from typing import Any

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from missinghub.accounts.models import Agency, AgencyKind, Area, Role, User


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Test agency {n}")
    kind = AgencyKind.MISSING_TEAM
    area = "Testshire"


class UserFactory(factory.django.DjangoModelFactory):
    """A user with two-factor sign-in set up (as every real user must); `totp=False` for one
    who has not set it up yet. The secret is in `missinghub.accounts.totp.totp_secret(user)`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Worker{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    agency = factory.SubFactory(AgencyFactory)
    role = Role.MISSING_TEAM_WORKER
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def totp(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted is not False:
            TOTP.activate(self, generate_totp_secret())


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Testarea {n}")

"""`missinghub setup`: the first system administrator of an empty installation, and one way in."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from missinghub.accounts.models import AgencyKind
from missinghub.accounts.services import AdministrationError, create_first_administrator


class Command(BaseCommand):
    help = (
        "On an empty installation (after `missinghub migrate`): create the operating agency and "
        "its first system administrator, and print their one-time password and two-factor "
        "secret once. Refused when an administrator exists; they add everyone else."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="the agency that runs MissingHub")
        parser.add_argument(
            "--kind", default=AgencyKind.CHILDRENS_SOCIAL_CARE, choices=AgencyKind.values
        )
        parser.add_argument("--area", required=True, help="the area it serves, e.g. Northdale")
        parser.add_argument("--username", default="administrator")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user, password, secret = create_first_administrator(
                agency_name=options["agency"],
                agency_kind=AgencyKind(options["kind"]),
                area=options["area"],
                username=options["username"],
            )
        except AdministrationError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"System administrator {user.username} of {user.agency.name} created.\n"
            f"One-time password: {password}\n"
            f"Two-factor secret (add it to an authenticator app now): {secret}\n"
            "Neither is shown again. Sign in, then add agencies and users under Administration "
            "(or `missinghub agency add` and `missinghub user add`)."
        )

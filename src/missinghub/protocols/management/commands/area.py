"""`missinghub area set|list`: each council's area, its protocol and its police force."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from missinghub.accounts.models import Agency, Area
from missinghub.accounts.selectors import agency_named
from missinghub.accounts.services import AdministrationError
from missinghub.protocols.area_services import set_up_area


class Command(BaseCommand):
    help = "Set up an area (a council's): the protocol it follows and the force serving it."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        set_up = actions.add_parser("set", help="add an area, or change its protocol or force")
        set_up.add_argument("name")
        set_up.add_argument(
            "--protocol", help="the protocol's name; 'default' for MISSINGHUB_ACTIVE_PROTOCOL"
        )
        set_up.add_argument("--force", help="the police force serving the area (agency name)")
        actions.add_parser("list", help="every area, its protocol, its force and its agencies")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self._list()
            return
        protocol = options["protocol"]
        try:
            force = agency_named(options["force"]) if options["force"] else None
            area = set_up_area(
                actor=None,
                name=options["name"],
                protocol="" if protocol == "default" else protocol,
                police_force=force,
            )
        except AdministrationError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{area.name}: {_describe(area)}.")

    def _list(self) -> None:
        for area in Area.objects.select_related("police_force").order_by("name"):
            agencies = Agency.objects.filter(area=area.name).count()
            self.stdout.write(f"{area.name}\t{_describe(area)}\t{agencies} agencies")


def _describe(area: Area) -> str:
    protocol = area.protocol or f"{settings.MISSINGHUB_ACTIVE_PROTOCOL} (the default)"
    force = area.police_force.name if area.police_force else "no force recorded"
    return f"protocol {protocol}, served by {force}"

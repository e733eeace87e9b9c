"""`missinghub agency add|list|disable|enable`: the agencies that work together, audited."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from missinghub.accounts.models import Agency, AgencyKind
from missinghub.accounts.selectors import agency_named
from missinghub.accounts.services import AdministrationError, add_agency, set_agency_active


class Command(BaseCommand):
    help = "Add, list, disable or enable agencies (police forces, council teams, schools, ...)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="add an agency")
        add.add_argument("name")
        add.add_argument("--kind", required=True, choices=AgencyKind.values)
        add.add_argument("--area", required=True, help="the council area it serves")
        actions.add_parser("list", help="every agency, its kind, area and whether active")
        for name in ("disable", "enable"):
            action = actions.add_parser(name, help=f"{name} an agency by name")
            action.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "add":
                agency = add_agency(
                    actor=None,
                    name=options["name"],
                    kind=AgencyKind(options["kind"]),
                    area=options["area"],
                )
                self.stdout.write(f"Added {agency.name} ({agency.get_kind_display()}).")
            elif action == "list":
                self._list()
            else:
                agency = agency_named(options["name"])
                set_agency_active(actor=None, agency=agency, active=action == "enable")
                self.stdout.write(f"{agency.name}: {'active' if agency.is_active else 'disabled'}.")
        except AdministrationError as error:
            raise CommandError(str(error)) from error

    def _list(self) -> None:
        for agency in Agency.objects.order_by("area", "name"):
            state = "active" if agency.is_active else "disabled"
            self.stdout.write(f"{agency.name}\t{agency.get_kind_display()}\t{agency.area}\t{state}")

"""Set up the demo: Northdale's agencies, one user per role (passwords printed), demo data."""

import io
import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console
from rich.table import Table

from missinghub.accounts.demo import DEMO_USER_AGENCY, ensure_demo_agencies
from missinghub.accounts.models import Role
from missinghub.accounts.services import create_or_reset_user
from missinghub.children.models import Child


class Command(BaseCommand):
    help = (
        "Create the demo county's agencies and one demo user per role with a fresh random "
        "password (printed), and load a small set of fictional children when the database has none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-data", action="store_true", help="Only agencies and users; no children."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        agencies = ensure_demo_agencies()
        table = Table(title="Demo users (passwords change every time the demo starts)")
        for column in ("Role", "Agency", "Username", "Password"):
            table.add_column(column)
        for role, agency_key in DEMO_USER_AGENCY.items():
            password = secrets.token_urlsafe(12)
            user = create_or_reset_user(
                actor=None,
                username=role.value.replace("_", "."),
                agency=agencies[agency_key],
                role=role,
                password=password,
                first_name="Demo",
                last_name=Role(role).label,
            )
            table.add_row(Role(role).label, user.agency.name, user.username, password)
        if not options["no_data"] and not Child.objects.exists():
            from missinghub.accounts.demo_data import load_demo_children

            count = load_demo_children(agencies)
            self.stdout.write(f"Loaded {count} fictional children with their episodes.")
        console = Console(file=io.StringIO(), width=120, record=True)
        console.print(table)
        self.stdout.write(console.export_text())

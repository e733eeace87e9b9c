"""Set up the demo: Northdale's agencies, one user per role (passwords and TOTP secrets printed),
demo data. A demo user signs in with the password, then the code from
`missinghub demo_totp USERNAME` (or from an authenticator app given the printed secret)."""

import io
import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from missinghub.accounts.demo import DEMO_USER_AGENCY, SECOND_COUNCIL_USERS, ensure_demo_agencies
from missinghub.accounts.models import Role, User
from missinghub.accounts.services import create_or_reset_user, set_up_totp
from missinghub.children.models import Child

# Who sits on the demo VEMT panel besides its chair.
PANEL_MEMBERS = (
    Role.MISSING_TEAM_MANAGER,
    Role.POLICE_SUPERVISOR,
    Role.SOCIAL_WORKER,
    Role.SCHOOL_SAFEGUARDING_LEAD,
)


class Command(BaseCommand):
    help = (
        "Create the demo county's agencies and one demo user per role with a fresh random "
        "password and TOTP secret (printed), and load a small set of fictional children when "
        "the database has none, and the Northdale VEMT panel with an upcoming meeting."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-data", action="store_true", help="Only agencies and users; no children."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        agencies = ensure_demo_agencies()
        table = Table(title="Demo users (passwords and secrets change every time the demo starts)")
        for column in ("Role", "Agency", "Username", "Password", "TOTP secret"):
            table.add_column(column)
        every = [
            (role.value.replace("_", "."), role, key, Role(role).label)
            for role, key in DEMO_USER_AGENCY.items()
        ] + [
            (name, role, key, f"{role.label} (Eastmere)")
            for name, role, key in SECOND_COUNCIL_USERS
        ]
        users: dict[Role, User] = {}
        for username, role, agency_key, last_name in every:
            password = secrets.token_urlsafe(12)
            user = create_or_reset_user(
                actor=None,
                username=username,
                agency=agencies[agency_key],
                role=role,
                password=password,
                first_name="Demo",
                last_name=last_name,
            )
            users.setdefault(role, user)  # the panel is Northdale's: its users come first
            secret = set_up_totp(actor=None, user=user)
            table.add_row(Role(role).label, user.agency.name, user.username, password, secret)
        if not options["no_data"] and not Child.objects.exists():
            from missinghub.demo.children import load_demo_children

            count = load_demo_children(agencies)
            self.stdout.write(f"Loaded {count} fictional children with their episodes.")
        if not options["no_data"]:
            self._panel(users)
            from missinghub.demo.children import ensure_cross_border_child

            child = ensure_cross_border_child(agencies)
            self.stdout.write(
                f"{child.full_name}, looked after by Northdale, lives in Eastmere: report them "
                "missing as Northdale Police to try a cross-border journey."
            )
        console = Console(file=io.StringIO(), width=170, record=True)
        console.print(table)
        self.stdout.write(console.export_text())
        self.stdout.write(
            "Sign in with the username and password, then the code that "
            "`missinghub demo_totp USERNAME` prints (or add the secret to an authenticator app)."
        )

    def _panel(self, users: dict[Role, User]) -> None:
        from missinghub.demo.panels import ensure_demo_panel

        members = [users[role] for role in PANEL_MEMBERS]
        meeting = ensure_demo_panel(chair=users[Role.PANEL_CHAIR], members=members)
        self.stdout.write(
            f"{meeting.panel} meets {timezone.localtime(meeting.meets_at):%d/%m/%Y %H:%M} "
            f"with {meeting.items.count()} children on the agenda."
        )

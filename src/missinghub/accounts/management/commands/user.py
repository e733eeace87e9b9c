"""`missinghub user add|list|disable|enable|unlock|reset-two-factor`: people, audited."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from missinghub.accounts.models import Role, User
from missinghub.accounts.selectors import agency_named, user_named
from missinghub.accounts.services import (
    AdministrationError,
    RoleNotAllowedForAgency,
    create_or_reset_user,
    disable_user,
    enable_user,
    random_password,
    reset_two_factor,
    set_up_totp,
    unlock_user,
)


class Command(BaseCommand):
    help = (
        "Add users (printing a one-time password and two-factor secret once), list them, "
        "disable (signed out at their next request) or enable them, lift a lockout, or reset "
        "two-factor sign-in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="add a user to an agency in one role")
        add.add_argument("username")
        add.add_argument("--agency", required=True)
        add.add_argument("--role", required=True, choices=Role.values)
        add.add_argument("--first-name", default="")
        add.add_argument("--last-name", default="")
        listing = actions.add_parser("list", help="users, optionally of one agency")
        listing.add_argument("--agency", default="")
        disable = actions.add_parser("disable", help="disable a user")
        disable.add_argument("username")
        disable.add_argument("--reason", required=True)
        for name in ("enable", "unlock", "reset-two-factor"):
            actions.add_parser(name).add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self._do(options["action"], options)
        except (AdministrationError, RoleNotAllowedForAgency) as error:
            raise CommandError(str(error)) from error

    def _do(self, action: str, options: dict[str, Any]) -> None:
        if action == "add":
            return self._add(options)
        if action == "list":
            return self._list(options["agency"])
        user = user_named(options["username"])
        if action == "disable":
            disable_user(actor=None, user=user, reason=options["reason"])
            self.stdout.write(f"{user.username} disabled; their sessions end at once.")
        elif action == "enable":
            enable_user(actor=None, user=user)
            self.stdout.write(f"{user.username} enabled.")
        elif action == "unlock":
            lifted = unlock_user(actor=None, user=user)
            self.stdout.write(f"{user.username}: {lifted} lockout record(s) lifted.")
        else:
            secret = reset_two_factor(actor=None, user=user)
            self.stdout.write(f"{user.username}: new two-factor secret (shown once): {secret}")
        return None

    def _add(self, options: dict[str, Any]) -> None:
        if User.objects.filter(username__iexact=options["username"]).exists():
            raise AdministrationError(f"A user called {options['username']!r} already exists.")
        password = random_password()
        user = create_or_reset_user(
            actor=None,
            username=options["username"],
            agency=agency_named(options["agency"]),
            role=Role(options["role"]),
            password=password,
            first_name=options["first_name"],
            last_name=options["last_name"],
        )
        secret = set_up_totp(actor=None, user=user)
        self.stdout.write(
            f"Added {user.username} ({user.role_label}, {user.agency.name}).\n"
            f"One-time password: {password}\nTwo-factor secret: {secret}\n"
            "Hand both over in person; neither is shown again."
        )

    def _list(self, agency_name: str) -> None:
        users = User.objects.select_related("agency").order_by("agency__name", "username")
        if agency_name:
            users = users.filter(agency=agency_named(agency_name))
        for user in users:
            state = "active" if user.is_active else "disabled"
            self.stdout.write(f"{user.username}\t{user.role_label}\t{user.agency.name}\t{state}")

"""Issue, revoke and list API tokens for partner systems. The token is printed once, at issue.

    missinghub api_token issue --agency "Testshire Police" --role police_officer \\
        --scope episodes:write --scope episodes:read --name "Police RMS" [--days 365] [--rate 600]
    missinghub api_token revoke PREFIX
    missinghub api_token list
    missinghub api_token forget-keys [--days 30]   # stored Idempotency-Key answers older than that
"""

from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from missinghub.accounts.models import Agency, Role
from missinghub.api.models import ApiToken, IdempotentRequest
from missinghub.api.scopes import Scope
from missinghub.api.services import issue_token, revoke_token


class Command(BaseCommand):
    help = "Issue, revoke or list API tokens for partner systems."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        issue = commands.add_parser("issue", help="Issue a token (printed once).")
        issue.add_argument("--agency", required=True, help="The agency's name.")
        issue.add_argument("--role", required=True, choices=Role.values)
        issue.add_argument("--scope", action="append", required=True, choices=Scope.values)
        issue.add_argument("--name", required=True, help="The partner system.")
        issue.add_argument("--days", type=int, default=365)
        issue.add_argument("--rate", type=int, default=600, help="Requests a minute.")
        revoke = commands.add_parser("revoke", help="Revoke a token by its prefix.")
        revoke.add_argument("prefix")
        commands.add_parser("list", help="List tokens (never their secrets).")
        forget = commands.add_parser("forget-keys", help="Delete old Idempotency-Key answers.")
        forget.add_argument("--days", type=int, default=30)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "issue":
            self._issue(options)
        elif action == "revoke":
            try:
                token = revoke_token(actor=None, prefix=options["prefix"])
            except ApiToken.DoesNotExist:
                raise CommandError(f"No token has the prefix {options['prefix']}.") from None
            self.stdout.write(f"Revoked {token}.")
        elif action == "forget-keys":
            since = timezone.now() - timedelta(days=max(options["days"], 1))
            deleted, _ = IdempotentRequest.objects.filter(created_at__lt=since).delete()
            self.stdout.write(f"Forgot {deleted} stored answers.")
        else:
            for token in ApiToken.objects.select_related("agency"):
                state = "revoked" if token.revoked_at else f"expires {token.expires_at:%Y-%m-%d}"
                scopes = ",".join(token.scopes)
                self.stdout.write(
                    f"{token.prefix}  {token.agency}  {token.name}  {scopes}  {state}"
                )

    def _issue(self, options: dict[str, Any]) -> None:
        agency = Agency.objects.filter(name=options["agency"]).first()
        if agency is None:
            raise CommandError(f"No agency is called {options['agency']!r}.")
        try:
            issued = issue_token(
                actor=None,
                agency=agency,
                name=options["name"],
                role=Role(options["role"]),
                scopes=[Scope(scope) for scope in options["scope"]],
                days=options["days"],
                rate_per_minute=options["rate"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stderr.write(f"Issued {issued.token}. Keep the token safe: it is not shown again.")
        self.stdout.write(issued.secret)

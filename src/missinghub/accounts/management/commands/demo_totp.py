"""Print the two-factor code a demo user's authenticator app would show now."""

from typing import Any

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError, CommandParser

from missinghub.accounts.models import User
from missinghub.accounts.totp import current_code, totp_secret


class Command(BaseCommand):
    help = (
        "Print the current TOTP code of a demo user (set up by demo_setup), for signing in to "
        "the demo without an authenticator app. Refused outside the demo settings."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        if not getattr(settings, "MISSINGHUB_DEMO", False):
            raise CommandError(
                "demo_totp is for the demo only (DJANGO_SETTINGS_MODULE=missinghub.settings.demo)."
            )
        try:
            user = User.objects.get(username=options["username"])
            secret = totp_secret(user)
        except (User.DoesNotExist, Authenticator.DoesNotExist) as error:
            raise CommandError(
                f"No demo user {options['username']!r} with a TOTP device."
            ) from error
        self.stdout.write(current_code(secret))

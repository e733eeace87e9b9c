"""allauth adapters: nobody signs themselves up; accounts are made by administrators."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """No mail leaves MissingHub from sign-in flows (addresses may be placeholders)."""


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on signs in existing users only (matched by a connected account)."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False

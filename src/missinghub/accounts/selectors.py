"""Reads of agencies and users, for administrators (the CLI and the administration pages)."""

from missinghub.accounts.models import Agency, User
from missinghub.accounts.services import AdministrationError


def agency_named(name: str) -> Agency:
    """The agency with this name, whatever its letter case; a clear error when none is."""
    agency = Agency.objects.filter(name__iexact=name.strip()).first()
    if agency is None:
        raise AdministrationError(f"No agency is called {name!r} (`missinghub agency list`).")
    return agency


def user_named(username: str) -> User:
    """The user with this username, whatever its letter case; a clear error when none is."""
    user = User.objects.filter(username__iexact=username.strip()).select_related("agency").first()
    if user is None:
        raise AdministrationError(f"No user is called {username!r} (`missinghub user list`).")
    return user

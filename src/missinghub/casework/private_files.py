"""Private file storage (`PRIVATE_MEDIA_ROOT`): files that must never have a public URL, such as
Philomena photos. Reading one goes through an access-checked, audited view; `url()` refuses."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def url(self, name: str | None) -> str:
        raise NotImplementedError("Private files have no public URL; serve them through a view.")


def private_storage() -> PrivateStorage:
    """Read the setting at each call, so tests (and a moved folder) take effect at once."""
    return PrivateStorage(
        location=settings.PRIVATE_MEDIA_ROOT,
        base_url=None,
        file_permissions_mode=0o600,
        directory_permissions_mode=0o700,
    )

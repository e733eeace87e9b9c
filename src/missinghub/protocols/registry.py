"""The protocols this installation knows: every `protocols/*.yaml` at the repository root.

They are read and checked once, at start-up (`ProtocolsConfig.ready`), so a broken file stops
the service with its file and line rather than failing on the first return. Each area has its
active protocol (`Area.protocol`); an area that names none, and an installation with one area,
follow the setting `MISSINGHUB_ACTIVE_PROTOCOL` (the default). Several are active at once.
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from missinghub.accounts.models import Area
from missinghub.protocols.engine import Protocol, ProtocolError, load_protocol, load_protocol_folder

SHIPPED_PROTOCOLS_DIR = Path(__file__).resolve().parents[3] / "protocols"


def protocols_dir() -> Path:
    return Path(getattr(settings, "MISSINGHUB_PROTOCOLS_DIR", SHIPPED_PROTOCOLS_DIR))


@cache
def known_protocols() -> dict[str, Protocol]:
    return load_protocol_folder(protocols_dir())


def get_protocol(name_or_file: str) -> Protocol:
    """A known protocol by name, or any protocol file by its path."""
    if name_or_file in known_protocols():
        return known_protocols()[name_or_file]
    path = Path(name_or_file)
    if path.suffix in {".yaml", ".yml"} and path.exists():
        return load_protocol(path)
    raise LookupError(
        f"No protocol {name_or_file!r}: give a file, or one of {', '.join(known_protocols())}"
    )


def active_protocol() -> Protocol:
    """The installation's default protocol: every area that names none follows it."""
    return get_protocol(settings.MISSINGHUB_ACTIVE_PROTOCOL)


def protocol_of_area(area_name: str | None) -> Protocol:
    """The protocol active in the area called `area_name` (the default when the area names
    none, or is not recorded as an area)."""
    chosen = Area.objects.filter(name=area_name or "").values_list("protocol", flat=True).first()
    return get_protocol(chosen) if chosen else active_protocol()


def active_protocols() -> dict[str, Protocol]:
    """Every protocol active somewhere: the default and each area's, by name."""
    names = {settings.MISSINGHUB_ACTIVE_PROTOCOL}
    names |= set(Area.objects.exclude(protocol="").values_list("protocol", flat=True))
    return {name: get_protocol(name) for name in sorted(names)}


def check_protocols() -> None:
    """Refuse to start with a protocol file that is invalid, or an active protocol that is not
    there."""
    try:
        protocols = known_protocols()
    except ProtocolError as error:
        raise ImproperlyConfigured(f"Invalid protocol file: {error}") from error
    if settings.MISSINGHUB_ACTIVE_PROTOCOL not in protocols:
        raise ImproperlyConfigured(
            f"MISSINGHUB_ACTIVE_PROTOCOL is {settings.MISSINGHUB_ACTIVE_PROTOCOL!r}, but "
            f"{protocols_dir()} holds only {', '.join(protocols) or 'no protocols'}"
        )

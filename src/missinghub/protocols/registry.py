"""The protocols this installation knows: every `protocols/*.yaml` at the repository root.

They are read and checked once, at start-up (`ProtocolsConfig.ready`), so a broken file stops
the service with its file and line rather than failing on the first return. The active
protocol is the setting `MISSINGHUB_ACTIVE_PROTOCOL`.
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

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
    return get_protocol(settings.MISSINGHUB_ACTIVE_PROTOCOL)


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

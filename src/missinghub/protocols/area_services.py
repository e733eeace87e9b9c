"""Writes to areas: the protocol each area follows and the force that serves it, audited.

An area is a council's (accounts.Area). Its protocol must be one of the shipped or configured
protocols (`registry.known_protocols`), so a typing mistake is refused here, not on the next
return. See docs/protocols.md, "Areas".
"""

from django.db import transaction

from missinghub.accounts.models import Agency, AgencyKind, Area, User
from missinghub.accounts.services import AdministrationError, area_named_or_added
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.protocols.registry import known_protocols


@transaction.atomic
def set_up_area(
    *, actor: User | None, name: str, protocol: str | None, police_force: Agency | None
) -> Area:
    """Add the area called `name` when new, then set what is given: `protocol` (a protocol's
    name; "" for the installation's default) and the `police_force` serving it."""
    if not name.strip():
        raise AdministrationError("Enter the area's name.")
    area = area_named_or_added(actor=actor, name=name)
    changed: dict[str, str] = {}
    if protocol is not None and protocol != area.protocol:
        if protocol and protocol not in known_protocols():
            raise AdministrationError(
                f"No protocol called {protocol!r}: one of {', '.join(known_protocols())}."
            )
        area.protocol, changed["protocol"] = protocol, protocol or "default"
    if police_force is not None and police_force.pk != area.police_force_id:
        if police_force.kind != AgencyKind.POLICE_FORCE:
            raise AdministrationError(f"{police_force.name} is not a police force.")
        area.police_force, changed["police_force"] = police_force, police_force.name
    if changed:
        area.save(update_fields=["protocol", "police_force"])
        record_event(verb=AuditVerb.AREA_UPDATED, actor=actor, target=area, detail=changed)
    return area

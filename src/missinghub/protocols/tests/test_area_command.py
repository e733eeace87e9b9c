"""`missinghub area set|list`: an area's protocol and force, audited; mistakes refused."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from missinghub.accounts.models import AgencyKind, Area
from missinghub.accounts.tests.factories import AgencyFactory
from missinghub.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _area(*args: str) -> str:
    out = StringIO()
    call_command("area", *args, stdout=out)
    return out.getvalue()


def test_an_agency_adds_its_area_and_the_area_gets_a_protocol_and_a_force() -> None:
    call_command(
        "agency",
        "add",
        "Eastshire Police",
        "--kind",
        "police_force",
        "--area",
        "Eastshire",
        stdout=StringIO(),
    )
    call_command(
        "agency",
        "add",
        "Northdale Team",
        "--kind",
        "missing_team",
        "--area",
        "Northdale",
        stdout=StringIO(),
    )
    assert set(Area.objects.values_list("name", flat=True)) == {"Eastshire", "Northdale"}
    said = _area("set", "Northdale", "--protocol", "plymouth-2013", "--force", "eastshire police")
    assert "protocol plymouth-2013, served by Eastshire Police" in said
    area = Area.objects.get(name="Northdale")
    assert (area.protocol, area.police_force.name) == ("plymouth-2013", "Eastshire Police")
    event = AuditEvent.objects.get(verb="area.updated")
    assert event.detail == {"protocol": "plymouth-2013", "police_force": "Eastshire Police"}
    assert AuditEvent.objects.filter(verb="area.created").count() == 2
    _area("set", "Northdale", "--protocol", "default")
    assert Area.objects.get(name="Northdale").protocol == ""
    listing = _area("list")
    assert (
        "Northdale\tprotocol england-statutory (the default), served by Eastshire Police" in listing
    )
    assert "Eastshire\t" in listing


def test_an_unknown_protocol_or_a_force_that_is_not_police_is_refused() -> None:
    AgencyFactory(name="Northdale Team", kind=AgencyKind.MISSING_TEAM, area="Northdale")
    with pytest.raises(CommandError, match="No protocol called 'atlantis'"):
        _area("set", "Northdale", "--protocol", "atlantis")
    with pytest.raises(CommandError, match="Northdale Team is not a police force"):
        _area("set", "Northdale", "--force", "Northdale Team")
    with pytest.raises(CommandError, match="No agency is called 'Nobody'"):
        _area("set", "Northdale", "--force", "Nobody")
    assert not AuditEvent.objects.filter(verb="area.updated").exists()

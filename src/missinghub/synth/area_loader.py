"""The councils of a loaded synthetic population (the manifest's `areas`): an area for each,
its children's social care and missing team, and the force serving them all (`synth --load`).

The demo's Northdale agencies are Northdale's. With several councils (region scale) each area
gets the protocol the manifest names; with one, the area follows the installation's default.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from missinghub.accounts.models import Agency, AgencyKind, Area


@dataclass(frozen=True)
class Council:
    area: Area
    social_care: Agency
    missing_team: Agency


def ensure_councils(truth: Path, agencies: dict[str, Agency]) -> dict[str, Council]:
    """{council name: its area and teams}, created when missing."""
    plan = json.loads((truth / "manifest.json").read_text(encoding="utf-8"))
    councils = plan.get("areas", {}).get("councils", [{"name": "Northdale", "protocol": ""}])
    force = agencies["police"]
    found = {}
    for council in councils:
        name = council["name"]
        area, _ = Area.objects.get_or_create(name=name)
        area.police_force = force
        if len(councils) > 1:
            area.protocol = council["protocol"]
        area.save(update_fields=["police_force", "protocol"])
        if name == agencies["social_care"].area:
            found[name] = Council(area, agencies["social_care"], agencies["missing_team"])
        else:
            found[name] = Council(area, *_teams(name))
    return found


def _teams(name: str) -> tuple[Agency, Agency]:
    teams = []
    for kind, title in (
        (AgencyKind.CHILDRENS_SOCIAL_CARE, f"{name} Council Children's Social Care"),
        (AgencyKind.MISSING_TEAM, f"{name} Missing Team"),
    ):
        agency, _ = Agency.objects.get_or_create(name=title, defaults={"kind": kind, "area": name})
        teams.append(agency)
    return teams[0], teams[1]

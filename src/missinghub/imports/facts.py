"""What an episode file may say beside the times (docs/imports.md, "What every episode file may
carry"): the mapping's fields of the intake's `ReportedFacts`, and the episode fields they fill."""

from typing import Any

from missinghub.episodes.intake import ReportedFacts
from missinghub.imports.mapping import Mapping

# The mapping's field for each fact (`intake.ReportedFacts`) and its episode field.
FACT_FIELDS = {
    "looked_after": "looked_after_when_missing",
    "missing_from_type": "reported_placement_type",
    "missing_from_area": "reported_placement_area",
    "responsible_authority": "responsible_authority",
    "exploitation_flag": "exploitation_flag",
    "where_found": "where_found",
    "reported_by": "reported_by",
}


def facts_filled(mapping: Mapping) -> set[str]:
    """The episode fields of the facts a mapping fills: the others keep what is stored."""
    filled = mapping.filled()
    return {episode_field for name, episode_field in FACT_FIELDS.items() if name in filled}


def reported_facts(values: dict[str, Any]) -> dict[str, Any]:
    """The row's facts as episode fields, through the intake's `ReportedFacts`."""
    facts = ReportedFacts(
        looked_after=values.get("looked_after"),
        placement_type=values.get("missing_from_type") or "",
        placement_area=values.get("missing_from_area") or "",
        responsible_authority=values.get("responsible_authority") or "",
        exploitation_flag=bool(values.get("exploitation_flag")),
        where_found=values.get("where_found") or "",
        reported_by=values.get("reported_by") or "",
    )
    return facts.episode_fields()

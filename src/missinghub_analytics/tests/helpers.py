"""Small hand-built frames for the analytics tests (synthetic, no real people)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from missinghub_analytics.frames import episodes_from_rows

UTC = dt.UTC


def at(text: str) -> dt.datetime:
    """A UTC datetime from 'YYYY-MM-DD HH:MM' (UTC)."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


def episode(
    child: str,
    reported: str,
    returned: str | None,
    category: str = "missing",
    placement_type: str = "family_home",
    looked_after: bool = False,
    area: str = "none",
    county_lines: bool = False,
    episode_id: str | None = None,
) -> dict[str, object]:
    return {
        "child_id": child,
        "episode_id": episode_id or f"{child}-{reported}",
        "category": category,
        "placement_type": placement_type,
        "looked_after": looked_after,
        "placement_area": area,
        "reported_at": at(reported),
        "returned_at": at(returned) if returned else None,
        "county_lines": county_lines,
    }


def frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    return episodes_from_rows(rows)

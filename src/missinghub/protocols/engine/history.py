"""Recorded history as one table (a polars DataFrame), and back to per-child histories.

The table has one row per episode: `child_id`, `episode_id`, `category`, `looked_after`,
`county_lines`, `placement_type`, `placement_area`, `reported_at`, `returned_at` (UTC,
microseconds; empty while the child is still missing) and the child's `date_of_birth`.
A synthetic truth folder holds `truth/episodes.csv` and `truth/children.csv`.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC
from pathlib import Path

import polars as pl

from missinghub.protocols.engine.model import ChildHistory, EpisodeRecord
from missinghub_analytics.frames import EPISODE_COLUMNS

TIME = pl.Datetime("us", "UTC")
HISTORY_SCHEMA: dict[str, pl.DataType] = {
    "child_id": pl.String(),
    "episode_id": pl.String(),
    "category": pl.String(),
    "looked_after": pl.Boolean(),
    "county_lines": pl.Boolean(),
    "placement_type": pl.String(),
    "placement_area": pl.String(),
    "reported_at": TIME,
    "returned_at": TIME,
    "date_of_birth": pl.Date(),
}
_YES = ["true", "1", "yes", "y", "t"]


def read_truth_folder(folder: str | Path, area: str | None = None) -> pl.DataFrame:
    """Episodes and children from `folder/truth/*.csv`, joined into the history table; with
    `area`, only the episodes that council is responsible for (`responsible_area`)."""
    truth = Path(folder) / "truth"
    episodes = pl.read_csv(truth / "episodes.csv", infer_schema=False)
    if tuple(episodes.columns[: len(EPISODE_COLUMNS)]) != EPISODE_COLUMNS:
        raise ValueError(
            f"{truth / 'episodes.csv'} has columns {','.join(episodes.columns)}; "
            f"expected {','.join(EPISODE_COLUMNS)}"
        )
    if area is not None:
        if "responsible_area" not in episodes.columns:
            raise ValueError(f"{truth / 'episodes.csv'} names no council (responsible_area)")
        episodes = episodes.filter(pl.col("responsible_area") == area)
    episodes = episodes.select(EPISODE_COLUMNS)
    children = pl.read_csv(
        truth / "children.csv", infer_schema=False, columns=["child_id", "date_of_birth"]
    )
    children = children.with_columns(pl.col("date_of_birth").str.to_date("%Y-%m-%d"))
    frame = episodes.with_columns(
        *(_flag(name) for name in ("looked_after", "county_lines")),
        *(_time(name) for name in ("reported_at", "returned_at")),
    ).join(children, on="child_id", how="left")
    missing_birth = frame.filter(pl.col("date_of_birth").is_null())
    if missing_birth.height:
        raise ValueError(
            f"child {missing_birth['child_id'][0]} has episodes but no row in children.csv"
        )
    return frame.select(list(HISTORY_SCHEMA))


def _flag(name: str) -> pl.Expr:
    return pl.col(name).str.strip_chars().str.to_lowercase().is_in(_YES).alias(name)


def _time(name: str) -> pl.Expr:
    text = pl.col(name).str.strip_chars()
    return (
        pl.when(text == "")
        .then(None)
        .otherwise(text)
        .str.to_datetime(time_zone="UTC", time_unit="us")
        .alias(name)
    )


def frame_from_histories(histories: Iterable[ChildHistory]) -> pl.DataFrame:
    rows = [
        {
            "child_id": child.child_id,
            "episode_id": e.episode_id,
            "category": e.category,
            "looked_after": e.looked_after,
            "county_lines": e.county_lines,
            "placement_type": e.placement_type,
            "placement_area": e.placement_area,
            "reported_at": e.reported_at.astimezone(UTC),
            "returned_at": e.returned_at.astimezone(UTC) if e.returned_at else None,
            "date_of_birth": child.date_of_birth,
        }
        for child in histories
        for e in child.episodes
    ]
    return pl.DataFrame(rows, schema=HISTORY_SCHEMA)


def histories_from_frame(frame: pl.DataFrame) -> list[ChildHistory]:
    by_child: dict[str, list[EpisodeRecord]] = defaultdict(list)
    births = {}
    for row in frame.iter_rows(named=True):
        births[row["child_id"]] = row["date_of_birth"]
        by_child[row["child_id"]].append(
            EpisodeRecord(
                episode_id=row["episode_id"],
                category=row["category"],
                reported_at=row["reported_at"],
                returned_at=row["returned_at"],
                looked_after=bool(row["looked_after"]),
                county_lines=bool(row["county_lines"]),
                placement_type=row["placement_type"] or "",
                placement_area=row["placement_area"] or "",
            )
        )
    return [
        ChildHistory(child_id=child_id, date_of_birth=births[child_id], episodes=tuple(episodes))
        for child_id, episodes in by_child.items()
    ]

"""Input frames: the episode and CME referral schemas, their loaders and the reporting period.

Times are held as UTC datetimes (microseconds); local (Europe/London) time is only used where a
figure is about local clock time or local dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

LONDON = ZoneInfo("Europe/London")
LONDON_NAME = "Europe/London"
UTC_DATETIME = pl.Datetime("us", "UTC")

CATEGORIES = ("missing", "absent", "awol")
PLACEMENT_TYPES = (
    "family_home",
    "foster",
    "childrens_home",
    "semi_independent",
    "secure",
    "other",
)
PLACEMENT_AREAS = ("in_borough", "out_of_borough", "none")
CME_STATUSES = ("located_closed", "ongoing", "closed_not_located")

EPISODE_COLUMNS = (
    "child_id",
    "episode_id",
    "category",
    "placement_type",
    "looked_after",
    "placement_area",
    "reported_at",
    "returned_at",
    "county_lines",
)
CME_COLUMNS = ("referral_id", "child_id", "referred_at", "ground", "status", "closed_at")

_ALLOWED = {
    "category": CATEGORIES,
    "placement_type": PLACEMENT_TYPES,
    "placement_area": PLACEMENT_AREAS,
    "status": CME_STATUSES,
}


@dataclass(frozen=True)
class Period:
    """An inclusive range of local (Europe/London) calendar dates, e.g. a financial year."""

    first: dt.date
    last: dt.date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"period ends ({self.last}) before it starts ({self.first})")

    @property
    def start_utc(self) -> dt.datetime:
        """Local midnight at the start of the first day, in UTC."""
        return local_midnight_utc(self.first)

    @property
    def end_utc(self) -> dt.datetime:
        """Local midnight after the last day (exclusive end), in UTC: the censoring time."""
        return local_midnight_utc(self.last + dt.timedelta(days=1))

    def as_json(self) -> list[str]:
        return [self.first.isoformat(), self.last.isoformat()]


def local_midnight_utc(day: dt.date) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(0, 0), tzinfo=LONDON)
    return local.astimezone(dt.UTC)


def in_period(frame: pl.DataFrame, column: str, period: Period) -> pl.DataFrame:
    """Rows whose `column` (UTC datetime) falls on a local date within the period."""
    col = pl.col(column)
    return frame.filter((col >= period.start_utc) & (col < period.end_utc))


def child_key(frame: pl.DataFrame, alias: str = "_child") -> pl.Expr:
    """A cheap sort key that keeps each child's rows together (integer codes instead of text).

    String ids become categorical codes, valid within this one frame only (never compare codes
    computed on different frames); integer ids are used as they are.
    """
    if frame.schema["child_id"] in (pl.String, pl.Categorical):
        return pl.col("child_id").cast(pl.Categorical).to_physical().cast(pl.Int64).alias(alias)
    return pl.col("child_id").cast(pl.Int64).alias(alias)


def parse_times(column: str) -> pl.Expr:
    """ISO 8601 text with an offset (or Z) to a UTC datetime; empty text becomes null."""
    text = pl.col(column).str.strip_chars()
    text = pl.when(text == "").then(None).otherwise(text).str.replace(r"Z$", "+00:00")
    return text.str.to_datetime(
        format="%Y-%m-%dT%H:%M:%S%.f%z", time_zone="UTC", strict=True
    ).alias(column)


def parse_dates_or_times(column: str) -> pl.Expr:
    """Like parse_times, but a plain date (YYYY-MM-DD) means local (Europe/London) midnight."""
    text = pl.col(column).str.strip_chars()
    is_date = text.str.contains(r"^\d{4}-\d{2}-\d{2}$")
    as_date = (
        text.str.to_datetime(format="%Y-%m-%d", strict=False)
        .dt.replace_time_zone(LONDON_NAME)
        .dt.convert_time_zone("UTC")
    )
    return pl.when(is_date).then(as_date).otherwise(parse_times(column)).alias(column)


def parse_bool(column: str) -> pl.Expr:
    text = pl.col(column).str.strip_chars().str.to_lowercase()
    return (
        pl.when(text == "true")
        .then(True)
        .when(text == "false")
        .then(False)
        .otherwise(None)
        .alias(column)
    )


def _read_text_csv(path: str | Path, columns: tuple[str, ...]) -> pl.DataFrame:
    """The file's `columns`, in that order; columns after them (e.g. the councils of #25's
    truth files) are left out, any other difference is refused."""
    frame = pl.read_csv(path, infer_schema=False)
    if tuple(frame.columns[: len(columns)]) != columns:
        raise ValueError(f"{path}: expected columns {list(columns)}, found {frame.columns}")
    return frame.select(columns)


def check_values(frame: pl.DataFrame) -> None:
    """Raise ValueError if a coded column holds a value outside its code list."""
    for column, allowed in _ALLOWED.items():
        if column not in frame.columns:
            continue
        values = frame.get_column(column).cast(pl.String).unique().to_list()
        bad = sorted(str(v) for v in values if v not in allowed)
        if bad:
            raise ValueError(f"column {column}: unexpected values {bad}")


def load_episodes(path: str | Path) -> pl.DataFrame:
    """Read an episodes CSV (the columns of truth/episodes.csv) into a typed frame."""
    frame = _read_text_csv(path, EPISODE_COLUMNS)
    frame = frame.with_columns(
        parse_times("reported_at"),
        parse_times("returned_at"),
        parse_bool("looked_after"),
        parse_bool("county_lines"),
    )
    check_values(frame)
    check_episodes(frame)
    return frame


def check_episodes(frame: pl.DataFrame) -> None:
    """Raise ValueError on missing report times or returns before reports."""
    if frame.get_column("reported_at").null_count():
        raise ValueError("reported_at is empty on some episodes")
    backwards = frame.filter(pl.col("returned_at") < pl.col("reported_at")).height
    if backwards:
        raise ValueError(f"{backwards} episodes return before they are reported")


def load_cme(path: str | Path) -> pl.DataFrame:
    """Read a CME referrals CSV (the columns of truth/cme.csv) into a typed frame.

    Times may be ISO 8601 with an offset, or plain dates (as in truth/cme.csv): local midnight.
    """
    frame = _read_text_csv(path, CME_COLUMNS)
    frame = frame.with_columns(
        parse_dates_or_times("referred_at"), parse_dates_or_times("closed_at")
    )
    check_values(frame)
    return frame


def episodes_from_rows(rows: list[dict[str, object]]) -> pl.DataFrame:
    """Build a typed episode frame from Python rows (datetimes must be timezone-aware)."""
    if not rows:
        return pl.DataFrame(schema=_episode_schema()).select(EPISODE_COLUMNS)
    frame = pl.DataFrame(rows, schema_overrides=_episode_schema(), orient="row")
    return frame.select(EPISODE_COLUMNS)


def _episode_schema() -> dict[str, pl.DataType]:
    return {
        "child_id": pl.String(),
        "episode_id": pl.String(),
        "category": pl.String(),
        "placement_type": pl.String(),
        "looked_after": pl.Boolean(),
        "placement_area": pl.String(),
        "reported_at": UTC_DATETIME,
        "returned_at": UTC_DATETIME,
        "county_lines": pl.Boolean(),
    }

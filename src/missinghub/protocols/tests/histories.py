"""Hand-built histories for the engine tests: fictional children, times in UTC."""

from datetime import UTC, date, datetime, timedelta

from missinghub.protocols.engine import ChildHistory, EpisodeRecord, Protocol, load_protocol
from missinghub.protocols.registry import SHIPPED_PROTOCOLS_DIR

FIRST_REPORT = datetime(2024, 3, 4, 20, 0, tzinfo=UTC)  # a Monday evening


def shipped(name: str) -> Protocol:
    return load_protocol(SHIPPED_PROTOCOLS_DIR / f"{name}.yaml")


def episode(
    number: int,
    day: float = 0,
    *,
    category: str = "missing",
    hours_missing: float | None = 6,
    looked_after: bool = False,
    county_lines: bool = False,
) -> EpisodeRecord:
    """Episode `E<number>`, reported `day` days after the first report."""
    reported_at = FIRST_REPORT + timedelta(days=day)
    return EpisodeRecord(
        episode_id=f"E{number}",
        category=category,
        reported_at=reported_at,
        returned_at=None if hours_missing is None else reported_at + timedelta(hours=hours_missing),
        looked_after=looked_after,
        county_lines=county_lines,
    )


def child(
    *episodes: EpisodeRecord, born: date = date(2009, 6, 1), child_id: str = "C1"
) -> ChildHistory:
    return ChildHistory(child_id=child_id, date_of_birth=born, episodes=tuple(episodes))


def aged(years: int) -> date:
    """A date of birth that makes the child `years` old on the first report."""
    return date(FIRST_REPORT.year - years, 1, 15)

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from missinghub_analytics.frames import EPISODE_COLUMNS, Period, load_cme, load_episodes

HEADER = (
    "child_id,episode_id,category,placement_type,looked_after,placement_area,"
    "reported_at,returned_at,county_lines\n"
)
EPISODES_CSV = (
    HEADER
    + """C1,E1,missing,foster,true,in_borough,2023-06-01T23:30:00+01:00,2023-06-02T08:00:00Z,false
C1,E2,awol,foster,true,in_borough,2023-12-01T10:00:00Z,,true
C2,E3,absent,family_home,false,none,2023-12-02T10:00:00+00:00,2023-12-02T12:30:00+00:00,false
"""
)

CME_CSV = """referral_id,child_id,referred_at,ground,status,closed_at
R1,C9,2023-05-01T09:00:00+01:00,moved_away,located_closed,2023-05-20T10:00:00+01:00
R2,C8,2023-06-01T09:00:00+01:00,not_known,ongoing,
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_load_episodes_types_and_utc(tmp_path: Path) -> None:
    episodes = load_episodes(write(tmp_path, "episodes.csv", EPISODES_CSV))
    assert tuple(episodes.columns) == EPISODE_COLUMNS
    assert episodes.schema["reported_at"] == pl.Datetime("us", "UTC")
    first = episodes.row(0, named=True)
    # 23:30 at +01:00 is 22:30 UTC.
    assert first["reported_at"] == dt.datetime(2023, 6, 1, 22, 30, tzinfo=dt.UTC)
    assert first["looked_after"] is True
    assert first["returned_at"] == dt.datetime(2023, 6, 2, 8, 0, tzinfo=dt.UTC)
    assert episodes.get_column("returned_at").null_count() == 1
    assert episodes.get_column("county_lines").to_list() == [False, True, False]


def test_load_episodes_rejects_wrong_columns_and_codes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="expected columns"):
        load_episodes(write(tmp_path, "a.csv", "child_id,episode_id\nC1,E1\n"))
    bad = EPISODES_CSV.replace("absent,family_home", "lost,family_home")
    with pytest.raises(ValueError, match="unexpected values"):
        load_episodes(write(tmp_path, "b.csv", bad))
    backwards = EPISODES_CSV.replace("2023-12-02T12:30:00", "2023-12-01T12:30:00")
    with pytest.raises(ValueError, match="return before"):
        load_episodes(write(tmp_path, "c.csv", backwards))


def test_load_cme(tmp_path: Path) -> None:
    cme = load_cme(write(tmp_path, "cme.csv", CME_CSV))
    assert cme.height == 2
    assert cme.get_column("closed_at").null_count() == 1
    assert cme.row(0, named=True)["referred_at"] == dt.datetime(2023, 5, 1, 8, 0, tzinfo=dt.UTC)


def test_period_bounds_follow_london_time() -> None:
    period = Period(dt.date(2017, 4, 1), dt.date(2018, 3, 31))
    # 1 April 2017 is in summer time (UTC+1); 1 April 2018 too.
    assert period.start_utc == dt.datetime(2017, 3, 31, 23, 0, tzinfo=dt.UTC)
    assert period.end_utc == dt.datetime(2018, 3, 31, 23, 0, tzinfo=dt.UTC)
    with pytest.raises(ValueError):
        Period(dt.date(2018, 1, 2), dt.date(2018, 1, 1))


def test_load_cme_reads_plain_dates_as_local_midnight(tmp_path: Path) -> None:
    text = (
        "referral_id,child_id,referred_at,ground,status,closed_at\n"
        "R1,C9,2023-05-01,moved_away,located_closed,2023-12-20\n"
        "R2,C8,2023-06-01T09:00:00+01:00,not_known,ongoing,\n"
    )
    cme = load_cme(write(tmp_path, "cme.csv", text))
    first = cme.row(0, named=True)
    # Midnight BST on 1 May is 23:00 UTC the day before; 20 December is GMT.
    assert first["referred_at"] == dt.datetime(2023, 4, 30, 23, 0, tzinfo=dt.UTC)
    assert first["closed_at"] == dt.datetime(2023, 12, 20, 0, 0, tzinfo=dt.UTC)
    assert cme.row(1, named=True)["referred_at"] == dt.datetime(2023, 6, 1, 8, 0, tzinfo=dt.UTC)

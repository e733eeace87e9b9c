"""Date and time text by table lookup matches Python's own formatting, row by row."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from missinghub.synth import clock
from missinghub.synth.population import fictional_postcodes

LONDON = ZoneInfo("Europe/London")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _instants() -> np.ndarray:
    """Random minutes 2000-2030 plus every minute around the 2024 clock changes."""
    rng = np.random.default_rng(7)
    spring = clock.day_number(datetime(2024, 3, 31).date()) * clock.MINUTES_PER_DAY + 60
    autumn = clock.day_number(datetime(2024, 10, 27).date()) * clock.MINUTES_PER_DAY + 60
    around = np.r_[np.arange(spring - 90, spring + 90), np.arange(autumn - 90, autumn + 90)]
    return np.r_[rng.integers(15_778_000, 31_560_000, 3000), around].astype(np.int64)


def test_london_and_iso_text_match_zoneinfo() -> None:
    minutes = _instants()
    missing = np.arange(len(minutes)) % 5 == 0
    london = clock.format_london(minutes, "%d-%b-%Y %H.%M", missing).to_list()
    iso = clock.format_iso(minutes, missing).to_list()
    for at, value in enumerate(minutes.tolist()):
        local = (EPOCH + timedelta(minutes=value)).astimezone(LONDON)
        if missing[at]:
            assert london[at] is None and iso[at] is None
        else:
            assert london[at] == local.strftime("%d-%b-%Y %H.%M")
            assert iso[at] == local.isoformat()


def test_day_text_matches_python_for_near_and_far_days() -> None:
    days = np.r_[np.arange(-800, 800), [2_900_000, 20_000]].astype(np.int64)
    text = clock.format_days(days, "%d/%m/%Y").to_list()
    for value, shown in zip(days.tolist(), text, strict=True):
        assert shown == (EPOCH + timedelta(days=value)).strftime("%d/%m/%Y")


def test_fictional_postcodes_look_like_postcodes() -> None:
    codes = fictional_postcodes(np.random.default_rng(1), "SV", 2000).tolist()
    assert all(code.startswith("SV") and len(code.split(" ")[1]) == 3 for code in codes)
    assert len(set(codes)) > 1900

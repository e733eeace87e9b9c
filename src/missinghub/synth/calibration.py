"""Calibration: each published figure beside the value measured from the truth files.

Everything here is computed from DIR/truth/*.csv (and the scale asked for, from the manifest),
never from the generator's parameters, so a generator bug shows up as a failed check.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl


@dataclass(frozen=True)
class Check:
    name: str
    description: str
    target: float  # the published (or design) figure
    low: float  # tolerance: the measured value must lie in [low, high]
    high: float
    value: float

    @property
    def passed(self) -> bool:
        return self.low <= self.value <= self.high


def _read_episodes(truth: Path) -> pl.DataFrame:
    stamp = "%Y-%m-%dT%H:%M:%S%:z"
    frame = pl.read_csv(truth / "episodes.csv", infer_schema=False)
    return frame.with_columns(
        reported=pl.col("reported_at").str.to_datetime(stamp, time_zone="UTC"),
        returned=pl.col("returned_at").str.to_datetime(stamp, time_zone="UTC"),
        local=pl.col("reported_at").str.slice(0, 19).str.to_datetime("%Y-%m-%dT%H:%M:%S"),
    ).with_columns(
        hours=(pl.col("returned") - pl.col("reported")).dt.total_minutes() / 60.0,
        hour=pl.col("local").dt.hour(),
        night_weekday=(pl.col("local") - pl.duration(hours=6)).dt.weekday(),  # Mon 1 .. Sun 7
    )


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) else float("nan")


def _share(frame: pl.DataFrame, condition: pl.Expr) -> float:
    if frame.height == 0:
        return float("nan")
    return _number(frame.select(condition.cast(pl.Float64).mean()).item())


def duration_checks(episodes: pl.DataFrame) -> list[Check]:
    closed = episodes.filter(pl.col("returned").is_not_null())
    county = closed.filter(pl.col("county_lines") == "true")
    other = closed.filter(pl.col("county_lines") == "false")
    ratio = _number(county["hours"].median()) / _number(other["hours"].median())
    return [
        Check(
            "within_24h",
            "Share of episodes ended within 24 hours (Hertfordshire: over 90%)",
            0.92,
            0.90,
            0.96,
            _share(closed, pl.col("hours") <= 24),
        ),
        Check(
            "within_48h",
            "Share ended within 2 days (Hertfordshire: most found within 2 days)",
            0.98,
            0.95,
            1.0,
            _share(closed, pl.col("hours") <= 48),
        ),
        Check(
            "over_72h",
            "Share lasting more than 3 days (the long tail)",
            0.01,
            0.004,
            0.03,
            _share(closed, pl.col("hours") > 72),
        ),
        Check(
            "open_at_end",
            "Share still open at the end of the period",
            0.001,
            0.0001,
            0.01,
            _share(episodes, pl.col("returned").is_null()),
        ),
        Check(
            "county_lines_duration_ratio",
            "Median duration with a county-lines flag / without "
            "(long missing goes with county lines)",
            5.0,
            2.5,
            15.0,
            ratio,
        ),
    ]


def timing_checks(episodes: pl.DataFrame) -> list[Check]:
    home = episodes.filter(pl.col("placement_type") == "childrens_home")
    family = episodes.filter(pl.col("placement_type") == "family_home")
    night = pl.col("hour").is_in([22, 23, 0])
    weekend = pl.col("night_weekday").is_in([5, 6])
    return [
        Check(
            "childrens_home_22_to_01",
            "Children's-home episodes reported 22:00-00:59 "
            "(Hertfordshire: the peak; 3 hours of 24 would be 0.125)",
            0.33,
            0.25,
            0.45,
            _share(home, night),
        ),
        Check(
            "childrens_home_weekend_nights",
            "Children's-home episodes on Friday or Saturday nights (2 nights of 7 would be 0.286)",
            0.42,
            0.36,
            0.55,
            _share(home, weekend),
        ),
        Check(
            "family_home_weekend_nights",
            "Family-home episodes on Friday or Saturday nights (no weekend pull: about 0.286)",
            0.286,
            0.24,
            0.34,
            _share(family, weekend),
        ),
    ]


def _top_decile_share(counts: pl.Series) -> float:
    ordered = counts.sort(descending=True)
    top = max(1, -(-ordered.len() // 10))
    return _number(ordered.head(top).sum()) / _number(ordered.sum())


def repeat_checks(episodes: pl.DataFrame, start: str) -> list[Check]:
    year = (pl.col("local") - pl.lit(start).str.to_datetime("%Y-%m-%d")).dt.total_days() // 365.25
    by_year = episodes.with_columns(year=year).group_by("year", "child_id").len()
    full_years = by_year.group_by("year").agg(pl.col("len").sum().alias("n"))
    keep = full_years.filter(pl.col("n") >= _number(full_years["n"].max()) * 0.5)["year"]
    shares = [_top_decile_share(by_year.filter(pl.col("year") == y)["len"]) for y in sorted(keep)]
    ordered = episodes.sort("child_id", "reported")
    per_child = ordered.group_by("child_id").len()
    gaps = (
        ordered.join(per_child.filter(pl.col("len") >= 5), on="child_id")
        .with_columns(
            gap=(pl.col("reported") - pl.col("reported").shift(1).over("child_id")).dt.total_days()
        )
        .filter(pl.col("gap").is_not_null())
    )
    return [
        Check(
            "top_decile_share_lowest_year",
            "Lowest yearly share of episodes by the 10% of "
            "children missing most often that year (Hertfordshire 2022: 54%)",
            0.54,
            0.505,  # within 3 points of 54%, in whole points as published
            0.575,
            min(shares),
        ),
        Check(
            "top_decile_share_highest_year",
            "Highest yearly share, same measure",
            0.54,
            0.505,  # within 3 points of 54%, in whole points as published
            0.575,
            max(shares),
        ),
        Check(
            "repeat_gaps_within_7_days",
            "Children with 5+ episodes: share of gaps between "
            "episodes of 7 days or less (intense bursts)",
            0.85,
            0.70,
            0.95,
            _share(gaps, pl.col("gap") <= 7),
        ),
        Check(
            "episodes_per_child",
            "Episodes per child with any episode (Hartlepool: 697 by 232)",
            3.0,
            2.2,
            4.5,
            episodes.height / max(per_child.height, 1),
        ),
        Check(
            "top_repeaters_in_family_homes",
            "Of the 10% of children with most episodes, share "
            "mostly missing from a family home (Hertfordshire: repeat children at home too)",
            0.45,
            0.25,
            0.85,
            _family_share_of_top(episodes, per_child),
        ),
    ]


def _family_share_of_top(episodes: pl.DataFrame, per_child: pl.DataFrame) -> float:
    top = per_child.sort("len", "child_id", descending=[True, False]).head(
        max(1, per_child.height // 10)
    )
    mostly = (
        episodes.join(top.select("child_id"), on="child_id")
        .group_by("child_id")
        .agg(family=(pl.col("placement_type") == "family_home").mean())
    )
    return _share(mostly, pl.col("family") > 0.5)


def mix_checks(episodes: pl.DataFrame) -> list[Check]:
    looked_after = episodes.filter(pl.col("looked_after") == "true")
    children = episodes.group_by("child_id").agg(ever=(pl.col("looked_after") == "true").any())
    return [
        Check(
            "category_missing",
            "Share 'missing' (Hartlepool: 621 of 697, 0.89)",
            0.89,
            0.82,
            0.95,
            _share(episodes, pl.col("category") == "missing"),
        ),
        Check(
            "category_absent",
            "Share 'absent' (Hartlepool: 48 of 697, 0.07)",
            0.07,
            0.03,
            0.12,
            _share(episodes, pl.col("category") == "absent"),
        ),
        Check(
            "category_awol",
            "Share 'awol' (Hartlepool: 28 of 697, 0.04)",
            0.04,
            0.02,
            0.08,
            _share(episodes, pl.col("category") == "awol"),
        ),
        Check(
            "awol_not_looked_after",
            "AWOL episodes of children not looked after (must be 0)",
            0,
            0,
            0,
            episodes.filter(
                (pl.col("category") == "awol") & (pl.col("looked_after") == "false")
            ).height,
        ),
        Check(
            "looked_after_episode_share",
            "Share of episodes by looked-after children (Hartlepool: 275 of 697, 0.39)",
            0.39,
            0.25,
            0.50,
            _share(episodes, pl.col("looked_after") == "true"),
        ),
        Check(
            "looked_after_child_share",
            "Share of children ever looked after when missing (Hartlepool: about 66 of 232, 0.28)",
            0.28,
            0.15,
            0.40,
            _share(children, pl.col("ever")),
        ),
        Check(
            "out_of_borough_share",
            "Out-of-borough share of looked-after episodes (Hartlepool: 96 of 275, 0.35)",
            0.35,
            0.20,
            0.55,
            _share(looked_after, pl.col("placement_area") == "out_of_borough"),
        ),
    ]


def cme_checks(truth: Path, episode_count: int) -> list[Check]:
    cme = pl.read_csv(truth / "cme.csv", infer_schema=False)
    return [
        Check(
            "cme_located_closed",
            "CME referrals located and closed (Hartlepool: 101 of 103)",
            0.98,
            0.95,
            1.0,
            _share(cme, pl.col("status") == "located_closed"),
        ),
        Check(
            "cme_per_episode",
            "CME referrals per missing episode (Hartlepool: 103 to 697)",
            0.15,
            0.10,
            0.20,
            cme.height / max(episode_count, 1),
        ),
    ]


def run_checks(folder: Path) -> list[Check]:
    from missinghub.synth.casework_calibration import casework_checks  # it imports this module

    truth = folder / "truth"
    plan = json.loads((truth / "manifest.json").read_text(encoding="utf-8"))
    episodes = _read_episodes(truth)
    wanted = int(plan["scale"]["episodes"])
    return [
        Check(
            "episodes_vs_scale",
            f"Episodes generated / {wanted:,} asked for by the scale",
            1.0,
            0.9,
            1.1,
            episodes.height / wanted,
        ),
        *duration_checks(episodes),
        *timing_checks(episodes),
        *repeat_checks(episodes, plan["start_date"]),
        *mix_checks(episodes),
        *cme_checks(truth, episodes.height),
        *casework_checks(truth, episodes),
    ]

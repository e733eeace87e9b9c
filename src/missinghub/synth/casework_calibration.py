"""Calibration of the casework truth files (return interviews, screenings, interventions).

Measured from DIR/truth/*.csv only. Returns in the last 7 days of the period (interviews in the
last 30 days for interventions) are left out: their follow-up has not had time to happen.
"""

from pathlib import Path

import polars as pl

from missinghub.synth.calibration import Check, _share

STAMP = "%Y-%m-%dT%H:%M:%S%:z"
MOMENTS = ("returned_at", "contacted_at", "interviewed_at")


def _interviews(truth: Path) -> pl.DataFrame:
    frame = pl.read_csv(truth / "return_interviews.csv", infer_schema=False)
    frame = frame.with_columns(pl.col(c).str.to_datetime(STAMP, time_zone="UTC") for c in MOMENTS)
    end = frame["returned_at"].max()
    return frame.with_columns(
        settled=pl.col("returned_at") < pl.lit(end) - pl.duration(days=7),
        recent=pl.col("returned_at") >= pl.lit(end) - pl.duration(days=30),
        completed=pl.col("interviewed_at").is_not_null() & (pl.col("declined") == "false"),
    )


def _hours(column: str) -> pl.Expr:
    return (pl.col(column) - pl.col("returned_at")).dt.total_minutes() / 60.0


def _within(column: str, hours: int, also: pl.Expr | bool = True) -> pl.Expr:
    return ((_hours(column) <= hours) & also).fill_null(False)


def interview_checks(interviews: pl.DataFrame) -> list[Check]:
    returns = interviews.filter(pl.col("settled"))
    offered = returns.filter(pl.col("contacted_at").is_not_null())
    checks = [
        Check(
            "interview_offered_share",
            "Returns where the child or a carer was reached and offered an interview "
            "(2023/24: under 30% to over 90% between councils; assumption 0.90)",
            0.90,
            0.86,
            0.94,
            _share(returns, pl.col("contacted_at").is_not_null()),
        ),
        Check(
            "interview_declined_share",
            "Offers the child declined (carers asked instead; assumption 0.20)",
            0.20,
            0.16,
            0.24,
            _share(offered, pl.col("declined") == "true"),
        ),
        Check(
            "interview_contact_within_48h",
            "Returns with contact within 48 hours (Plymouth's key measure; design 0.85)",
            0.85,
            0.78,
            0.90,
            _share(returns, _within("contacted_at", 48)),
        ),
    ]
    for hours, target, low, high in ((24, 0.29, 0.23, 0.35), (48, 0.54, 0.48, 0.60)):
        checks.append(
            Check(
                f"interview_completed_within_{hours}h",
                f"Returns with the interview done within {hours} hours (design figure)",
                target,
                low,
                high,
                _share(returns, _within("interviewed_at", hours, pl.col("completed"))),
            )
        )
    checks.append(
        Check(
            "interview_completed_within_72h",
            "Returns with the interview done within 72 hours "
            "(councils' average 2023/24: 63% within 72 hours)",
            0.63,
            0.57,
            0.69,
            _share(returns, _within("interviewed_at", 72, pl.col("completed"))),
        )
    )
    return checks


def outcome_checks(interviews: pl.DataFrame, episodes: pl.DataFrame) -> list[Check]:
    done = interviews.filter(pl.col("completed"))
    county = done.join(
        episodes.filter(pl.col("county_lines") == "true").select("episode_id"), on="episode_id"
    )
    return [
        Check(
            "interview_outcome_no_further_action",
            "Completed interviews ending in no further action (assumption 0.45)",
            0.45,
            0.40,
            0.50,
            _share(done, pl.col("outcome") == "no_further_action"),
        ),
        Check(
            "interview_outcome_social_care",
            "Completed interviews referred to social care or child protection (assumption 0.10)",
            0.10,
            0.07,
            0.13,
            _share(done, pl.col("outcome").is_in(["social_care_referral", "child_protection"])),
        ),
        Check(
            "county_lines_pull_factor",
            "Interviews after a county-lines episode naming the county_lines pull factor "
            "(long missing goes with county lines; assumption 0.65)",
            0.65,
            0.50,
            0.80,
            _share(county, pl.col("pull_factors").str.contains("county_lines").fill_null(False)),
        ),
    ]


def followup_checks(truth: Path, interviews: pl.DataFrame) -> list[Check]:
    screenings = pl.read_csv(truth / "screenings.csv", infer_schema=False)
    interventions = pl.read_csv(truth / "interventions.csv", infer_schema=False)
    done = interviews.filter(pl.col("completed"))
    caf = done.filter((pl.col("outcome") == "caf_brief_intervention") & ~pl.col("recent"))
    brief = interventions.filter(pl.col("intervention_type") == "brief_intervention")
    screened = screenings["child_id"].unique()
    return [
        Check(
            "screened_child_share",
            "Children with a completed interview who had an exploitation screening "
            "(assumption: about 0.4)",
            0.40,
            0.30,
            0.55,
            _share(done.unique("child_id"), pl.col("child_id").is_in(screened.implode())),
        ),
        Check(
            "screening_high_share",
            "Screenings at the high level (assumption: about 0.18)",
            0.18,
            0.10,
            0.28,
            _share(screenings, pl.col("level") == "high"),
        ),
        Check(
            "caf_outcomes_with_brief_intervention",
            "CAF outcomes followed by a brief intervention (every one)",
            1.0,
            0.99,
            1.0,
            _share(caf, pl.col("interview_id").is_in(brief["interview_id"].implode())),
        ),
        Check(
            "intervention_child_take_up",
            "Interventions the child took up (Northamptonshire pilot: 75% took up support)",
            0.75,
            0.68,
            0.82,
            _share(interventions, pl.col("child_took_up") == "true"),
        ),
    ]


def casework_checks(truth: Path, episodes: pl.DataFrame) -> list[Check]:
    interviews = _interviews(truth)
    return [
        *interview_checks(interviews),
        *outcome_checks(interviews, episodes),
        *followup_checks(truth, interviews),
    ]

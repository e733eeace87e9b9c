"""The service report's prevent-and-learn sections: prevention reach, what children said (push
and pull factors), take-up of further support, and the quality of return interviews. The
figures come from `missinghub_analytics.prevention`; the frames from `prevention_frames`."""

from __future__ import annotations

from typing import Any

from missinghub.reporting.prevention_frames import (
    activity_frame,
    audit_frame,
    factor_frame,
    split_children_frame,
    take_up_frame,
)
from missinghub.reporting.report import Column, Section, Table
from missinghub_analytics import charts
from missinghub_analytics.frames import Period
from missinghub_analytics.prevention import (
    audit_scores,
    factor_counts,
    factors_per_quarter,
    outcomes_by,
    outcomes_per_quarter,
    prevention_reach,
    take_up,
    take_up_by,
)
from missinghub_analytics.splits import SMALLEST_GROUP, SPLITS

FEWER = f"fewer than {SMALLEST_GROUP}"
QUARTER = Column("quarter_start", "Quarter", "quarter")


def prevent_and_learn(period: Period) -> tuple[dict[str, Any], list[Section]]:
    """The figures (for the JSON) and the sections (for pages, PDF and CSV)."""
    factors_frame, offers = factor_frame(), take_up_frame()
    children = split_children_frame()
    data: dict[str, Any] = {
        "prevention": prevention_reach(activity_frame(), period),
        "factors": factor_counts(factors_frame, period),
        "factors_per_quarter": factors_per_quarter(factors_frame, period),
        "outcomes_per_quarter": outcomes_per_quarter(factors_frame, period),
        "outcomes_by": {
            split: outcomes_by(factors_frame, children, period, split) for split in SPLITS
        },
        "take_up": take_up(offers, period),
        "take_up_by": {split: take_up_by(offers, children, period, split) for split in SPLITS},
        "interview_quality": audit_scores(audit_frame(), period),
    }
    sections = [
        _prevention_section(data["prevention"]),
        _factor_section(data),
        _take_up_section(data["take_up"], data["take_up_by"]),
        _quality_section(data["interview_quality"]),
    ]
    return data, sections


def _prevention_section(reach: dict[str, Any]) -> Section:
    counts = [Column("activities", "Activities"), Column("reached", "People reached")]
    return Section(
        "prevention",
        "Prevention work",
        notes=[
            f"{reach['activities']:,} activities reached {reach['reached']:,} people: sessions "
            "in schools, awareness work with carers and professionals, advice-line contacts "
            "and leaflets (counts; no child is named)."
        ],
        tables=[
            Table(
                "By kind of work",
                [Column("kind", "Kind of work", "text"), *counts],
                reach["by_kind"],
            ),
            Table(
                "By quarter and area",
                [QUARTER, Column("area", "Area", "text"), *counts],
                reach["by_quarter_and_area"],
            ),
        ],
    )


def _shown(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{**row, **{key: FEWER for key in keys if row.get(key) is None}} for row in rows]


OUTCOME_SPLIT_HEADINGS = {
    "age_band": "Age at the interview",
    "sex": "Sex",
    "ethnicity": "Ethnicity",
}


def _factor_section(data: dict[str, Any]) -> Section:
    factors, quarters = data["factors"], data["factors_per_quarter"]
    columns = [
        Column("factor", "Factor", "text"),
        Column("side", "Push or pull", "text"),
        Column("interviews", "Interviews naming it"),
    ]
    return Section(
        "factors",
        "What children told us: push and pull factors, and what followed",
        notes=[
            f"Of {factors['interviews']:,} return interviews completed in the period. A push "
            "factor is something a child went missing to get away from; a pull factor, "
            f"something they went to. A factor named in fewer than {SMALLEST_GROUP} interviews "
            "is not counted here (it could identify a child)."
        ],
        tables=[
            Table(
                "Interviews naming any factor, per quarter",
                [
                    QUARTER,
                    Column("interviews", "Interviews completed"),
                    Column("any_push", "Naming a push factor"),
                    Column("any_pull", "Naming a pull factor"),
                ],
                _shown(quarters, ("any_push", "any_pull")),
            ),
            Table(
                "Interview outcomes, per quarter",
                [QUARTER, Column("outcome", "Outcome", "text"), Column("interviews", "Interviews")],
                _shown(data["outcomes_per_quarter"], ("interviews",)),
            ),
            *(
                Table(
                    f"Interview outcomes by {heading.lower()}",
                    [
                        Column("group", heading, "text"),
                        Column("outcome", "Outcome", "text"),
                        Column("interviews", "Interviews"),
                    ],
                    _shown(data["outcomes_by"][split], ("interviews",)),
                )
                for split, heading in OUTCOME_SPLIT_HEADINGS.items()
            ),
        ],
        figure=charts.factor_chart(factors["factors"]),
        figure_table=Table(
            "Push and pull factors", columns, _shown(factors["factors"], ("interviews",))
        ),
    )


TAKE_UP_COLUMNS = [
    Column("offers", "Offers"),
    Column("known", "Answer known"),
    Column("taken_up", "Taken up"),
    Column("share", "Share taken up", "share"),
]
SPLIT_HEADINGS = {"age_band": "Age at the offer", "sex": "Sex", "ethnicity": "Ethnicity"}


def _withheld(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    withheld = {"known": FEWER, "taken_up": "withheld", "share": "withheld"}
    return [
        {
            **row,
            **(withheld if row["suppressed"] else {}),
            "offers": FEWER if row["offers"] is None else row["offers"],
        }
        for row in rows
    ]


def _take_up_section(rows: list[dict[str, Any]], by: dict[str, list[dict[str, Any]]]) -> Section:
    return Section(
        "take_up",
        "Take-up of further support",
        notes=[
            "Offers in the period: youth-worker visits that saw the child, and interventions "
            "started. The share is of offers whose answer is known (Northamptonshire's pilot "
            f"measured 75%). With fewer than {SMALLEST_GROUP} known answers no share is shown."
        ],
        tables=[
            Table(
                f"Take-up by {SPLIT_HEADINGS[split].lower()}",
                [Column("group", SPLIT_HEADINGS[split], "text"), *TAKE_UP_COLUMNS],
                _withheld(split_rows),
            )
            for split, split_rows in by.items()
        ],
        figure=charts.take_up_chart(rows),
        figure_table=Table(
            "Take-up by kind of support",
            [Column("kind", "Support offered", "text"), *TAKE_UP_COLUMNS],
            _withheld(rows),
        ),
    )


def _quality_section(quality: dict[str, Any]) -> Section:
    return Section(
        "interview_quality",
        "Quality of return interviews (audits)",
        notes=[
            f"{quality['audits']:,} interviews audited by a manager against the rubric; "
            + (
                f"{quality['criteria_met_share']:.0%} of the criteria were met."
                if quality["criteria_met_share"] is not None
                else "no criteria scored."
            )
        ],
        tables=[
            Table(
                "Grades",
                [Column("grade", "Grade", "text"), Column("audits", "Audits")],
                quality["grades"],
            ),
            Table(
                "Criteria met",
                [Column("criterion", "Criterion", "text"), Column("audits", "Audits meeting it")],
                quality["criteria"],
            ),
            Table(
                "Scores over time",
                [
                    QUARTER,
                    Column("audits", "Audits"),
                    Column("criteria_met_share", "Criteria met", "share"),
                ],
                quality["per_quarter"],
            ),
        ],
    )

"""The service and outcomes reports, from casework records (see casework_frames for definitions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from missinghub.reporting.casework_frames import (
    child_frame,
    intervention_index,
    interview_frame,
    referral_frame,
)
from missinghub.reporting.frames import episode_frame
from missinghub.reporting.prevention_reports import prevent_and_learn
from missinghub.reporting.report import Column, Report, Section, Table, clean_json
from missinghub_analytics import charts
from missinghub_analytics.frames import Period
from missinghub_analytics.outcomes import (
    OutcomeResult,
    intervention_evaluation,
    protocol_change_evaluation,
)
from missinghub_analytics.service import (
    contact_within,
    interview_measures,
    panel_referrals,
    referrals_per_quarter,
    repeat_after_interview,
)
from missinghub_analytics.splits import (
    SMALLEST_GROUP,
    SPLITS,
    interview_measures_by,
    with_child_groups,
)

MEASURE = [Column("measure", "Measure", "text"), Column("value", "Value", "text")]


def _measure_rows(pairs: list[tuple[str, Any, str]]) -> list[dict[str, Any]]:
    return [
        {"measure": label, "value": Column("v", "", kind).show(value)}
        for label, value, kind in pairs
    ]


def service_report(period: Period) -> Report:
    interviews, referrals = interview_frame(), referral_frame()
    episodes = episode_frame()
    data_end = min(period.end_utc, dt.datetime.now(dt.UTC))
    measures = interview_measures(interviews, period)
    contact = contact_within(referrals, period, hours=48)
    quarters = referrals_per_quarter(referrals, period)
    repeat = repeat_after_interview(interviews, episodes, period, data_end, days=90)
    panel = panel_referrals(referrals, period)
    interview_rows = _measure_rows(
        [
            ("Returns due an interview offer", measures["returns"], "int"),
            ("Offered an interview", measures["offered_share"], "share"),
            ("Accepted (share of offers)", measures["accepted_share"], "share"),
            ("Interview within 24 hours of return", measures["completed_within_24h"], "share"),
            ("Within 48 hours", measures["completed_within_48h"], "share"),
            ("Within 72 hours (statutory)", measures["completed_within_72h"], "share"),
        ]
    )
    referral_rows = _measure_rows(
        [
            ("Referrals to the missing team", contact["referrals"], "int"),
            ("First contact within 48 hours", contact["share"], "share"),
            ("Referrals to the multi-agency panel", panel, "int"),
            ("Interviewed children missing again within 90 days", repeat["share"], "share"),
            ("Interviews with 90 days' follow-up", repeat["interviews"], "int"),
        ]
    )
    sections = [
        Section(
            "interviews",
            "Return interviews",
            notes=[
                "Returns in the period that the area protocol made due an interview offer. "
                "Shares within 24/48/72 hours are of all returns due an offer."
            ],
            tables=[Table("Return interviews", MEASURE, interview_rows)],
        ),
        Section(
            "referrals",
            "Referrals, contact and panels",
            tables=[
                Table("Referrals and contact", MEASURE, referral_rows),
                Table(
                    "Referrals per quarter",
                    [
                        Column("quarter_start", "Quarter", "quarter"),
                        Column("referrals", "Referrals"),
                        Column("looked_after_share", "Looked after", "share"),
                        Column("panel_referrals", "Panel referrals"),
                    ],
                    quarters,
                ),
            ],
        ),
    ]
    splits = {
        split: interview_measures_by(with_child_groups(interviews, child_frame()), period, split)
        for split in SPLITS
    }
    sections.append(_splits_section(splits))
    learning, learning_sections = prevent_and_learn(period)
    sections += learning_sections
    data = {
        "period": period.as_json(),
        "interviews": measures,
        "interviews_by": splits,
        "contact_within_48h": contact,
        "referrals_per_quarter": quarters,
        "panel_referrals": panel,
        "repeat_within_90_days_of_interview": repeat,
        **learning,
    }
    return Report("service", period, clean_json(data), sections)


SPLIT_HEADINGS = {"age_band": "Age at return", "sex": "Sex", "ethnicity": "Ethnicity"}
SPLIT_COLUMNS = [
    Column("returns", "Returns due an offer"),
    Column("offered_share", "Offered an interview", "share"),
    Column("accepted_share", "Accepted (share of offers)", "share"),
    Column("completed_within_72h", "Within 72 hours", "share"),
]


def _splits_section(splits: dict[str, list[dict[str, Any]]]) -> Section:
    def shown(row: dict[str, Any]) -> dict[str, Any]:
        if not row["suppressed"]:
            return row
        withheld = {column.key: "withheld" for column in SPLIT_COLUMNS}
        return {**row, **withheld, "returns": f"fewer than {SMALLEST_GROUP}"}

    return Section(
        "splits",
        "Return interviews by age, sex and ethnicity",
        notes=[
            f"A group with fewer than {SMALLEST_GROUP} returns in the period is not shown (its "
            "figures could identify a child), as published statistics suppress small numbers."
        ],
        tables=[
            Table(
                f"By {SPLIT_HEADINGS[split].lower()}",
                [Column("group", SPLIT_HEADINGS[split], "text"), *SPLIT_COLUMNS],
                [shown(row) for row in rows],
            )
            for split, rows in splits.items()
        ],
    )


def outcomes_report(period: Period, change_at: dt.datetime | None) -> Report:
    episodes = episode_frame()
    index = intervention_index(period.start_utc, period.end_utc)
    data: dict[str, Any] = {
        "period": period.as_json(),
        "intervention": None,
        "protocol_change": None,
    }
    sections = []
    if index.height:
        result = intervention_evaluation(episodes, index, period.end_utc)
        sections.append(_outcome_section("intervention", "After an intervention", result))
        data["intervention"] = result.to_dict()
    else:
        sections.append(
            Section(
                "intervention",
                "After an intervention",
                ["No interventions or completed interviews in the period."],
            )
        )
    if change_at is not None:
        result = protocol_change_evaluation(episodes, change_at, period)
        data["protocol_change"] = {"change_at": change_at.isoformat(), **result.to_dict()}
        sections.append(
            _outcome_section("protocol_change", "Before and after the protocol change", result)
        )
    return Report("outcomes", period, clean_json(data), sections)


def _outcome_section(key: str, heading: str, result: OutcomeResult) -> Section:
    test = result.log_rank
    test_note = (
        f"Log-rank test: chi-squared {test.statistic:.2f} on {test.degrees_of_freedom} degree(s) "
        f"of freedom, p = {test.p_value:.3g}."
        if test is not None
        else "Only one group: no test."
    )
    return Section(
        key,
        heading,
        notes=[
            "Time from each index event to the child's next episode (Kaplan-Meier, 95% Greenwood "
            "intervals).",
            test_note,
            *[f"Caveat: {caveat}" for caveat in result.caveats],
        ],
        tables=[
            Table(
                "Groups",
                [
                    Column("group", "Group", "text"),
                    Column("index_events", "Index events"),
                    Column("children", "Children"),
                    Column("went_missing_again", "Missing again"),
                    Column("median_days", "Median days to next episode", "number"),
                ],
                result.groups,
            )
        ],
        figure=charts.outcome_chart(result, max_days=180),
        figure_table=Table(
            "Share not missing again",
            [
                Column("group", "Group", "text"),
                Column("days", "Days", "int"),
                Column("survival", "Not missing again", "share"),
                Column("ci_lower", "Lower 95%", "share"),
                Column("ci_upper", "Upper 95%", "share"),
            ],
            result.at_horizons,
        ),
    )

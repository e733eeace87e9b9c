"""The service report's prevent-and-learn figures: prevention reach, push and pull factors,
take-up of support and interview quality audits, in words, with small numbers withheld.

By hand on the small area (prevention reach and audit scores: the synthetic truth files hold no
prevention work or audits), and against the synthetic county's truth files for the figures the
truth holds: push and pull factor counts (return_interviews.csv), intervention take-up
(interventions.csv), the returns and the interview outcomes split by sex (return_interviews.csv
with children.csv)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from missinghub.accounts.models import Agency, Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.casework.config import casework_config
from missinghub.casework.models import (
    AuditGrade,
    Intervention,
    InterventionType,
    InterviewAudit,
    PreventionActivity,
    PreventionAudience,
    PreventionKind,
    ReturnInterview,
)
from missinghub.reporting.render import document_html, document_pdf
from missinghub.reporting.services import build_report
from missinghub.reporting.tests.test_casework_reports import casework  # noqa: F401
from missinghub.reporting.tests.test_in_words import (
    _codes_in,
    _every_code_with_other_words,
    _visible_text,
)
from missinghub_analytics.frames import Period

pytestmark = pytest.mark.django_db
YEAR = Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31))
LONDON = timezone.get_default_timezone()


def _activity(agency: Agency, user: Any, day: str, kind: str, reached: int, area: str) -> None:
    PreventionActivity.objects.create(
        agency=agency,
        area=area,
        held_on=dt.date.fromisoformat(day),
        kind=kind,
        audience=PreventionAudience.PUPILS,
        reached=reached,
        recorded_by=user,
    )


@pytest.fixture
def learning(casework: dict[str, Any], agencies: dict[str, Agency]) -> dict[str, Any]:  # noqa: F811
    """Prevention: two school sessions (60 and 45 pupils, April and May 2024, Hartlepool), one
    advice-line entry (12 contacts, January 2025, Plymouth), one session before the period.
    Take-up: 12 interventions started for Cal in 2024, 9 taken up (75%).
    Audit: Ada's completed interview, 3 of 5 criteria, graded good, in June 2024. Push factor
    on that interview: one (withheld: fewer than 10)."""
    worker = casework["worker"]
    team = agencies["missing_team"]
    _activity(team, worker, "2024-04-10", PreventionKind.SCHOOL_SESSION, 60, "Hartlepool")
    _activity(team, worker, "2024-05-02", PreventionKind.SCHOOL_SESSION, 45, "Hartlepool")
    _activity(team, worker, "2025-01-15", PreventionKind.ADVICE_LINE, 12, "Plymouth")
    _activity(team, worker, "2024-03-20", PreventionKind.LEAFLETS, 500, "Hartlepool")
    cal = Intervention.objects.get().child
    for number in range(12):
        Intervention.objects.create(
            child=cal,
            intervention_type=InterventionType.ONE_TO_ONE,
            worker=worker,
            start_date=dt.date(2024, 6, 1) + dt.timedelta(days=number),
            planned_end_date=dt.date(2024, 9, 1),
            child_took_up=number < 9,
        )
    interview = ReturnInterview.objects.get(status="completed")
    interview.push_factors = ["conflict_at_home"]
    interview.save()
    manager = UserFactory(agency=team, role=Role.MISSING_TEAM_MANAGER)
    InterviewAudit.objects.create(
        interview=interview,
        criteria_met=["child_voice", "push_pull_factors", "timely"],
        criteria_total=5,
        grade=AuditGrade.GOOD,
        learning="Ask about the journey home",
        audited_by=manager,
        audited_at=dt.datetime(2024, 6, 3, 10, 0, tzinfo=dt.UTC),
    )
    return casework


def test_service_report_json_has_reach_factors_take_up_and_audits(
    learning: dict[str, Any],
) -> None:
    data = build_report(kind="service", period=YEAR).data
    reach = data["prevention"]
    assert (reach["activities"], reach["reached"]) == (3, 117)
    assert {row["kind"]: row["reached"] for row in reach["by_kind"]} == {
        "advice_line": 12,
        "school_session": 105,
    }
    assert [
        (r["quarter_start"], r["area"], r["reached"]) for r in reach["by_quarter_and_area"]
    ] == [
        ("2024-04-01", "Hartlepool", 105),
        ("2025-01-01", "Plymouth", 12),
    ]
    assert data["factors"] == {
        "interviews": 1,
        "factors": [
            {"factor": "conflict_at_home", "side": "push", "interviews": None, "suppressed": True}
        ],
    }
    (interventions,) = data["take_up"]  # Cal's first (1 December) has no known answer
    assert interventions == {
        "kind": "intervention",
        "offers": 13,
        "known": 12,
        "taken_up": 9,
        "share": 0.75,
        "suppressed": False,
    }
    quality = data["interview_quality"]
    assert quality["audits"] == 1
    assert quality["criteria_met_share"] == pytest.approx(3 / 5)
    assert quality["grades"] == [{"grade": "good", "audits": 1}]
    assert quality["per_quarter"][0]["quarter_start"] == "2024-04-01"
    assert set(data["interviews_by"]) == {"age_band", "sex", "ethnicity"}
    (cal_group,) = data["take_up_by"]["sex"]  # all 13 offers to Cal: 12 known, 9 taken up
    assert (cal_group["known"], cal_group["taken_up"]) == (12, 9)


def test_the_sections_speak_in_words_and_withhold_small_numbers(learning: dict[str, Any]) -> None:
    report = build_report(kind="service", period=YEAR)
    config = casework_config()
    codes = _every_code_with_other_words() | {
        c.code for c in (*config.push_factors, *config.pull_factors)
    }
    codes |= {c.code for c in config.interview_audit.criteria}  # "push", "pull": plain words
    page = _visible_text(document_html(report))
    pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(document_pdf(report))).pages)
    charts = str([s.figure["rows"] for s in report.sections if s.figure is not None])
    for name, text in (("page", page), ("PDF", pdf), ("CSV", report.to_csv()), ("chart", charts)):
        assert not _codes_in(text, codes), f"{name} shows {_codes_in(text, codes)}"
    assert "Conflict or arguments at home or in placement" in page
    assert "fewer than 10" in page
    assert "Prevention session in a school" in page
    assert "75.0%" in page  # take-up of interventions


def _truth(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / "truth" / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _in_year(moment: str) -> bool:
    local = dt.datetime.fromisoformat(moment).astimezone(LONDON).date()
    return YEAR.first <= local <= YEAR.last


def _quarter(moment: str) -> str:
    local = dt.datetime.fromisoformat(moment).astimezone(LONDON).date()
    return dt.date(local.year, (local.month - 1) // 3 * 3 + 1, 1).isoformat()


@pytest.fixture
def county(tmp_path: Path) -> Path:
    call_command("synth", episodes=3000, seed=7, out=tmp_path, load=True)
    return tmp_path


def test_factor_counts_take_up_and_splits_equal_the_truth_files(county: Path) -> None:
    report = build_report(kind="service", period=YEAR)
    data = report.data
    (chart,) = [s.figure for s in report.sections if s.key == "factors" and s.figure]
    assert {row["side"] for row in chart["rows"]} == {
        "Push: getting away from something",
        "Pull: going to something or someone",
    }
    interviews = [r for r in _truth(county, "return_interviews.csv") if r["interviewed_at"]]
    held = [r for r in interviews if _in_year(r["interviewed_at"])]
    assert data["factors"]["interviews"] == len(held)
    truth = Counter(
        (code, side)
        for row in held
        for side in ("push", "pull")
        for code in row[f"{side}_factors"].split(";")
        if code
    )
    shown = {(r["factor"], r["side"]): r["interviews"] for r in data["factors"]["factors"]}
    assert shown == {key: count if count >= 10 else None for key, count in truth.items()}
    assert sum(count >= 10 for count in truth.values()) >= 8  # most are large enough to show
    started = [
        r
        for r in _truth(county, "interventions.csv")
        if YEAR.first <= dt.date.fromisoformat(r["start_date"]) <= YEAR.last
    ]
    (take_up,) = [row for row in data["take_up"] if row["kind"] == "intervention"]
    assert take_up["offers"] == len(started) > 10
    assert take_up["taken_up"] == sum(r["child_took_up"] == "true" for r in started)
    outcomes = Counter((_quarter(r["interviewed_at"]), r["outcome"]) for r in held)
    assert {
        (row["quarter_start"], row["outcome"]): row["interviews"]
        for row in data["outcomes_per_quarter"]
    } == {key: n if n >= 10 else None for key, n in outcomes.items()}
    sexes = {r["child_id"]: r["sex"] for r in _truth(county, "children.csv")}
    outcomes_by_sex = Counter((sexes[r["child_id"]], r["outcome"]) for r in held)
    assert {
        (row["group"], row["outcome"]): row["interviews"] for row in data["outcomes_by"]["sex"]
    } == {key: n if n >= 10 else None for key, n in outcomes_by_sex.items()}
    assert sum(n >= 10 for n in outcomes_by_sex.values()) >= 2  # some large enough to show
    # The synthetic county records no youth-worker visits: take-up by sex is the interventions'.
    took = Counter((sexes[r["child_id"]], r["child_took_up"] == "true") for r in started)
    by_sex_take_up = {
        row["group"]: (row["known"], row["taken_up"]) for row in data["take_up_by"]["sex"]
    }
    assert by_sex_take_up == {
        sex: (took[sex, True] + took[sex, False], took[sex, True])
        for sex in {sex for sex, _ in took}
    }
    returns = Counter(
        sexes[r["child_id"]]
        for r in _truth(county, "return_interviews.csv")
        if _in_year(r["returned_at"])
    )
    by_sex = {row["group"]: row["returns"] for row in data["interviews_by"]["sex"]}
    assert by_sex == {sex: n if n >= 10 else None for sex, n in returns.items()}

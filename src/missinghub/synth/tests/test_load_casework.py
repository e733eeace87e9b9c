"""`synth --load` also loads CME referrals and the casework truth, with the models' codes."""

import csv
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import TextChoices

from missinghub.casework.models import (
    CmeReferral,
    CmeStatus,
    ContactAttempt,
    ContactMethod,
    ContactOutcome,
    ExploitationLevel,
    ExploitationScreening,
    Intervention,
    InterventionEndReason,
    InterventionType,
    InterviewOutcome,
    InterviewStatus,
    ReturnInterview,
    ScreeningKind,
)
from missinghub.protocols.models import ProtocolTask, TaskKind
from missinghub.protocols.services import apply_protocol_to_recent_episodes
from missinghub.synth import casework, followup
from missinghub.synth.casework_loader import GROUNDS
from missinghub.synth.cme import GROUNDS as SYNTH_GROUNDS


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / "truth" / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    ("codes", "choices"),
    [
        (casework.OUTCOMES, InterviewOutcome),
        (casework.CONTACT_METHODS, ContactMethod),
        (casework.CONTACT_OUTCOMES, ContactOutcome),
        (followup.SCREENING_KINDS, ScreeningKind),
        (followup.LEVELS, ExploitationLevel),
        (followup.INTERVENTION_TYPES, InterventionType),
        (followup.END_REASONS, InterventionEndReason),
    ],
)
def test_generator_codes_are_the_models_codes(
    codes: tuple[str, ...], choices: type[TextChoices]
) -> None:
    assert set(codes) <= set(choices.values)


def test_every_cme_ground_maps_to_a_legal_ground() -> None:
    assert set(GROUNDS) == set(SYNTH_GROUNDS)


@pytest.mark.django_db
def test_cme_and_casework_rows_arrive(tmp_path: Path) -> None:
    call_command("synth", episodes=800, seed=3, out=tmp_path, load=True)
    cme = _rows(tmp_path, "cme.csv")
    assert CmeReferral.objects.count() == len(cme)
    located = sum(row["status"] == "located_closed" for row in cme)
    assert CmeReferral.objects.filter(status=CmeStatus.LOCATED_CLOSED).count() == located
    assert {r.referred_by.username for r in CmeReferral.objects.select_related("referred_by")} == {
        "synthetic.school"
    }
    interviews = _rows(tmp_path, "return_interviews.csv")
    tasks = ProtocolTask.objects.filter(kind=TaskKind.RETURN_INTERVIEW)
    assert tasks.count() == len(interviews)
    held = sum(bool(row["interviewed_at"]) for row in interviews)
    assert ReturnInterview.objects.filter(status=InterviewStatus.COMPLETED).count() == held
    outcomes = Counter(row["outcome"] for row in interviews if row["outcome"])
    loaded = Counter(ReturnInterview.objects.exclude(outcome="").values_list("outcome", flat=True))
    assert loaded == outcomes
    assert ContactAttempt.objects.count() == len(_rows(tmp_path, "contact_attempts.csv"))
    assert ExploitationScreening.objects.count() == len(_rows(tmp_path, "screenings.csv"))
    assert Intervention.objects.count() == len(_rows(tmp_path, "interventions.csv"))
    for screening in ExploitationScreening.objects.select_related("interview"):
        assert screening.interview is not None
        assert screening.interview.episode_id == screening.episode_id


@pytest.mark.django_db
def test_protocol_apply_adds_no_second_interview_task(tmp_path: Path) -> None:
    call_command("synth", episodes=300, seed=5, out=tmp_path, load=True)
    before = ProtocolTask.objects.filter(kind=TaskKind.RETURN_INTERVIEW).count()
    apply_protocol_to_recent_episodes(
        since=ProtocolTask.objects.order_by("triggered_at")[0].triggered_at
    )
    assert ProtocolTask.objects.filter(kind=TaskKind.RETURN_INTERVIEW).count() == before

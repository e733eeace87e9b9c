"""`missinghub protocol replay`: two protocols side by side, from a truth folder or the database."""

import json
from datetime import UTC, date, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from missinghub.children.tests.factories import ChildFactory
from missinghub.episodes.models import EpisodeStatus
from missinghub.episodes.tests.factories import EpisodeFactory
from missinghub.protocols.registry import SHIPPED_PROTOCOLS_DIR

HEADER = (
    "child_id,episode_id,category,placement_type,looked_after,placement_area,"
    "reported_at,returned_at,county_lines"
)


def write_truth(folder: Path) -> Path:
    """Two fictional children: C1 (aged 12) missing 3 times in March 2024, C2 (aged 15) once."""
    truth = folder / "truth"
    truth.mkdir(parents=True)
    (truth / "children.csv").write_text(
        "child_id,date_of_birth,sex\nC1,2011-06-01,female\nC2,2008-09-01,male\n"
    )
    rows = [
        "C1,E1,missing,foster,true,in_borough,2024-03-04T20:00:00+00:00,2024-03-05T02:00:00+00:00,false",
        "C1,E2,missing,foster,true,in_borough,2024-03-10T21:00:00+00:00,2024-03-11T09:30:00+00:00,false",
        "C1,E3,missing,foster,true,in_borough,2024-03-20T19:00:00+00:00,,false",
        "C2,E4,absent,family_home,false,,2024-04-02T18:00:00+01:00,2024-04-03T07:00:00+01:00,false",
    ]
    (truth / "episodes.csv").write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    return folder


def run(*args: str) -> str:
    out = StringIO()
    call_command("protocol", "replay", *args, stdout=out)
    return out.getvalue()


def test_replay_prints_both_workloads_side_by_side(tmp_path: Path) -> None:
    folder = write_truth(tmp_path)
    text = run(
        "--protocol",
        str(SHIPPED_PROTOCOLS_DIR / "hartlepool-vemt.yaml"),
        "--history",
        str(folder),
        "--from",
        "2024-03-01",
        "--to",
        "2024-04-30",
    )
    lines = text.splitlines()
    assert "interviews" in lines[0] and "children on agenda" in lines[0]
    march_hartlepool, march_england = lines[1].split(), lines[2].split()
    assert march_hartlepool[:3] == ["2024-03", "hartlepool-vemt", "2018.1"]
    assert march_england[:2] == ["england-statutory", "2014.1"]
    # Hartlepool: 2 interviews (the third is still missing) and the third report on the agenda.
    assert march_hartlepool[3:6] == ["2", "0", "1"]
    # England: the same 2 interviews, and 3 social care alerts for a looked-after child.
    assert march_england[2] == "2" and march_england[7] == "3"


def test_replay_json_has_the_documented_shape(tmp_path: Path) -> None:
    folder = write_truth(tmp_path)
    result = json.loads(
        run(
            "--protocol",
            "plymouth-2013",
            "--history",
            str(folder),
            "--from",
            "2024-03-01",
            "--to",
            "2024-04-30",
            "--json",
        )
    )
    assert (result["protocol"], result["version"]) == ("plymouth-2013", "2013.1")
    march, april = result["months"]
    assert march["month"] == "2024-03" and april["month"] == "2024-04"
    # C1 is under 13: both returns in March get Plymouth's interview (due in 48 hours); C2 is
    # 15 on a first episode: the statutory offer (72 hours) still applies.
    assert (march["interviews"], april["interviews"]) == (2, 1)
    assert (march["due_within_48h"], april["due_within_48h"]) == (2, 0)
    assert {
        "youth_worker_visits",
        "panel_referrals",
        "children_on_agenda",
        "strategy_meetings",
    } <= set(march)
    assert result["compared_with"]["protocol"] == "england-statutory"
    assert result["compared_with"]["months"][1]["interviews"] == 1


def test_replay_reads_the_database_by_default(db: None) -> None:
    child = ChildFactory(date_of_birth=date(2012, 1, 1))
    start = datetime(2024, 5, 6, 20, 0, tzinfo=UTC)
    for day in (0, 10, 20):
        reported = start + timedelta(days=day)
        EpisodeFactory(
            child=child,
            last_seen_at=reported,
            reported_at=reported,
            returned_at=reported + timedelta(hours=5),
            status=EpisodeStatus.RETURNED,
        )
    result = json.loads(
        run("--protocol", "lancashire", "--from", "2024-05-01", "--to", "2024-05-31", "--json")
    )
    assert result["months"][0]["panel_referrals"] == 1  # the third episode in a year
    assert result["months"][0]["interviews"] == 3  # the statutory offer, added to Lancashire's
    assert result["compared_with"]["months"][0]["panel_referrals"] == 0


def test_replay_refuses_a_broken_protocol_file_naming_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    text = (SHIPPED_PROTOCOLS_DIR / "wales.yaml").read_text().replace("hours: 72", "hours: -72")
    broken.write_text(text)
    with pytest.raises(CommandError, match=r"broken\.yaml:17:"):
        run(
            "--protocol",
            str(broken),
            "--history",
            str(write_truth(tmp_path)),
            "--from",
            "2024-03-01",
            "--to",
            "2024-03-31",
        )


def test_replay_refuses_a_truth_file_with_other_columns(tmp_path: Path) -> None:
    folder = write_truth(tmp_path)
    episodes = folder / "truth" / "episodes.csv"
    episodes.write_text(episodes.read_text().replace("county_lines", "cl"))
    with pytest.raises(CommandError, match="expected child_id"):
        run(
            "--protocol",
            "wales",
            "--history",
            str(folder),
            "--from",
            "2024-03-01",
            "--to",
            "2024-03-31",
        )


def test_hartlepool_over_the_synthetic_county_refers_no_child_twice_in_a_month(
    tmp_path: Path,
) -> None:
    call_command("synth", "--scale", "council", "--seed", "1", "--out", str(tmp_path), "-v", "0")
    result = json.loads(
        run(
            "--protocol",
            str(SHIPPED_PROTOCOLS_DIR / "hartlepool-vemt.yaml"),
            "--history",
            str(tmp_path),
            "--from",
            "2021-04-01",
            "--to",
            "2025-03-31",
            "--json",
        )
    )
    months = result["months"]
    assert sum(m["panel_referrals"] for m in months) > 100
    assert all(m["panel_referrals"] <= m["children_on_agenda"] for m in months)

"""The SSDA903 return in: the synthetic county's DIR/ssda903 files, imported twice, give the
looked-after cells of the published table exactly as the truth files do; bad rows are named."""

import csv
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from missinghub.accounts.models import Agency
from missinghub.children.models import (
    Child,
    ChildIdentifier,
    IdentifierKind,
    LegalStatus,
    Placement,
)
from missinghub.episodes.models import Episode, Notification
from missinghub.imports.mapping import MappingError
from missinghub.imports.models import EpisodeChange, ImportRun
from missinghub.imports.ssda903_mapping import SSDA903_SCHEMA, parse_ssda903_mapping
from missinghub.imports.tests.conftest import MAPPINGS, Importer, write_csv
from missinghub.kit import ssda903
from missinghub.reporting.services import build_report
from missinghub.synth.parameters import Scale, SynthParameters
from missinghub.synth.run import generate
from missinghub_analytics.frames import Period, load_episodes
from missinghub_analytics.published import published_table

pytestmark = pytest.mark.django_db
# The synthetic period ends 1 April 2025: its last full financial year.
YEAR = Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31))
LOOKED_AFTER_CELLS = ("lac_in_borough", "lac_out_of_borough")
MAPPING = "ssda903.yaml"


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic county (about 1,500 episodes over 4 years)."""
    folder = tmp_path_factory.mktemp("ssda903-county")
    generate(SynthParameters(Scale("council", 1_500, 4), seed=7), folder)
    return folder


def _contents() -> dict[str, list[tuple[Any, ...]]]:
    tables = {
        "children": Child.objects.order_by("pk"),
        "identifiers": ChildIdentifier.objects.order_by("pk"),
        "placements": Placement.objects.order_by("pk"),
        "legal_statuses": LegalStatus.objects.order_by("pk"),
        "episodes": Episode.objects.order_by("pk"),
        "notifications": Notification.objects.order_by("pk"),
    }
    return {name: list(query.values_list()) for name, query in tables.items()}


def _looked_after_cells(table: dict[str, Any]) -> dict[str, Any]:
    return {name: table[name] for name in LOOKED_AFTER_CELLS}


def test_the_return_imports_twice_and_gives_the_truths_looked_after_cells(
    county: Path, run_import: Importer, tmp_path: Path
) -> None:
    folder = county / "ssda903"
    rows = {name: _rows(folder / name) for name in ("header.csv", "episodes.csv", "missing.csv")}
    first = run_import("ssda903", folder, MAPPING)
    assert first["rejected"] == 0, _rows(Path(first["errors_file"]))
    assert first["rows_read"] == sum(len(found) for found in rows.values())
    assert first["created"] == first["rows_read"]
    assert first["children_created"] == len(rows["header.csv"])
    assert Episode.objects.count() == len(rows["missing.csv"])
    assert not Episode.objects.filter(missing_from__isnull=True).exists()
    before = _contents()
    second = run_import("ssda903", folder, MAPPING, errors_file=tmp_path / "again.csv")
    assert (second["created"], second["updated"], second["rejected"]) == (0, 0, 0)
    assert second["unchanged"] == second["rows_read"] == first["rows_read"]
    assert second["children_matched"] == first["children_created"]
    assert _contents() == before
    assert not EpisodeChange.objects.exists()
    truth = published_table(load_episodes(county / "truth" / "episodes.csv"), None, YEAR)
    from_db = build_report(kind="published", period=YEAR).data
    assert _looked_after_cells(from_db) == _looked_after_cells(truth)
    assert sum(cell[0] for cell in truth["lac_in_borough"].values()) > 20
    assert sum(cell[0] for cell in truth["lac_out_of_borough"].values()) > 20


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _return(folder: Path, header: list[list[str]], care: list[list[str]],
            missing: list[list[str]]) -> Path:  # fmt: skip
    folder.mkdir()
    write_csv(folder / "header.csv", list(ssda903.HEADER.columns), header)
    write_csv(folder / "episodes.csv", list(ssda903.EPISODES.columns), care)
    write_csv(folder / "missing.csv", list(ssda903.MISSING.columns), missing)
    return folder


def _care(child: str, start: str, end: str = "", place: str = "K2", postcode: str = "ND4 7QB"):
    return [child, start, "S", "C2", "N1", place, "PR1", end, "", "", "ND1 1AA", postcode, ""]


def test_bad_rows_are_named_with_file_line_column_and_reason(
    run_import: Importer, tmp_path: Path
) -> None:
    folder = _return(
        tmp_path / "return",
        header=[
            ["C1", "F", "01/02/2009", "WBRI", "", "", ""],
            ["C2", "M", "31/02/2009", "WBRI", "", "", ""],  # line 3: no such date
            ["C3", "X", "01/02/2009", "WBRI", "", "", ""],  # line 4: unknown sex
            ["C1", "F", "01/02/2009", "WBRI", "", "", ""],  # line 5: C1 again, wins
        ],
        care=[
            _care("C1", "01/01/2024", "01/06/2024"),
            _care("C1", "01/06/2024", place="Q9"),  # line 3: unknown placement type
            _care("C2", "01/01/2024"),  # line 4: C2 was not loaded
        ],
        missing=[
            ["C1", "01/02/2009", "M", "10/02/2024", "11/02/2024"],
            ["C1", "01/02/2009", "A", "10/08/2024", ""],  # line 3: not in care (line 3 above)
            ["C1", "01/02/2009", "M", "12/03/2024", "11/03/2024"],  # line 4: ends before
            ["C1", "02/02/2009", "M", "13/03/2024", "13/03/2024"],  # line 5: DOB differs
            ["C1", "01/02/2009", "Z", "14/03/2024", "14/03/2024"],  # line 6: unknown code
        ],
    )
    summary = run_import("ssda903", folder, MAPPING)
    assert summary["rows_read"] == 12
    assert (summary["created"], summary["rejected"]) == (3, 9)
    faults = {
        (row["file"], row["line"], row["column"]): row
        for row in _rows(Path(summary["errors_file"]))
    }
    assert set(faults) == {
        ("header.csv", "2", "CHILD"),
        ("header.csv", "3", "DOB"),
        ("header.csv", "4", "SEX"),
        ("episodes.csv", "3", "PLACE"),
        ("episodes.csv", "4", "CHILD"),
        ("missing.csv", "3", "MIS_START"),
        ("missing.csv", "4", "MIS_END"),
        ("missing.csv", "5", "DOB"),
        ("missing.csv", "6", "MISSING"),
    }
    assert "appears again on line 5" in faults[("header.csv", "2", "CHILD")]["reason"]
    assert "not a date" in faults[("header.csv", "3", "DOB")]["reason"]
    assert (
        "no row of episodes.csv covers MIS_START 10/08/2024"
        in (faults[("missing.csv", "3", "MIS_START")]["reason"])
    )
    assert "before MIS_START" in faults[("missing.csv", "4", "MIS_END")]["reason"]
    episode = Episode.objects.get()
    assert (episode.category, episode.missing_from.placement_type) == ("missing", "childrens_home")
    assert episode.missing_from.area == "in_borough"


def test_a_return_recorded_later_updates_the_episode_it_left_open(
    run_import: Importer, tmp_path: Path
) -> None:
    header = [["C1", "F", "01/02/2009", "WBRI", "", "", ""]]
    care = [_care("C1", "01/01/2024", postcode="SV2 1AB")]
    open_one = ["C1", "01/02/2009", "A", "10/02/2024", ""]
    first = run_import("ssda903", _return(tmp_path / "one", header, care, [open_one]), MAPPING)
    assert first["created"] == 3 and Episode.objects.get().status == "open"
    returned = [*open_one[:4], "12/02/2024"]
    second = run_import("ssda903", _return(tmp_path / "two", header, care, [returned]), MAPPING)
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 1, 2)
    episode = Episode.objects.get()
    assert (episode.status, episode.category) == ("returned", "awol")
    assert episode.missing_from.area == "out_of_borough"
    [change] = EpisodeChange.objects.all()
    assert set(change.changes) == {"status", "returned_at"} and change.line == 2


def test_a_child_whose_stored_date_of_birth_differs_attaches_nothing(
    run_import: Importer, northdale: dict[str, Agency], tmp_path: Path
) -> None:
    stored = Child.objects.create(
        given_name="Robin", family_name="Testkid", date_of_birth=dt.date(2010, 5, 6)
    )
    ChildIdentifier.objects.create(
        child=stored, agency=northdale["social_care"], kind=IdentifierKind.SOCIAL_CARE_ID,
        value="C1",
    )  # fmt: skip
    folder = _return(
        tmp_path / "return",
        header=[["C1", "F", "01/02/2009", "WBRI", "", "", ""]],
        care=[_care("C1", "01/01/2024", postcode="SV2 1AB")],
        missing=[["C1", "01/02/2009", "M", "10/02/2024", "11/02/2024"]],
    )
    summary = run_import("ssda903", folder, MAPPING)
    assert (summary["created"], summary["rejected"], summary["children_created"]) == (0, 3, 0)
    assert not Episode.objects.exists() and not Placement.objects.exists()
    faults = {row["file"]: row["reason"] for row in _rows(Path(summary["errors_file"]))}
    assert "differs from the date of birth 06/05/2010" in faults["header.csv"]
    assert faults["missing.csv"] == "the child's Header row was not loaded"


def test_the_schema_in_the_docs_is_the_schema_in_the_code() -> None:
    text = (MAPPINGS.parent / "docs" / "ssda903.md").read_text(encoding="utf-8")
    [block] = re.findall(r"```json\n(\{\n.*?\n\})\n```", text, flags=re.DOTALL)
    assert json.loads(block) == SSDA903_SCHEMA


def test_the_mapping_must_give_every_code_a_meaning_missinghub_records() -> None:
    text = (MAPPINGS / MAPPING).read_text(encoding="utf-8")
    assert parse_ssda903_mapping(text).area_of("SV12 3AB") == "out_of_borough"
    with pytest.raises(MappingError, match="values/PLACE: no meaning given for K2"):
        parse_ssda903_mapping(text.replace("    K2: childrens_home\n", ""))
    with pytest.raises(MappingError, match="Q9 not in the return's list of PLACE codes"):
        parse_ssda903_mapping(text.replace("    Z1: other\n", "    Z1: other\n    Q9: other\n"))
    with pytest.raises(MappingError, match="values/MISSING/A: 'absent' is not one of"):
        parse_ssda903_mapping(text.replace("A: awol", "A: absent"))


def test_a_return_that_fails_while_writing_leaves_nothing_and_says_so(
    run_import: Importer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _return(
        tmp_path / "return",
        header=[["C1", "F", "01/02/2009", "WBRI", "", "", ""]],
        care=[_care("C1", "01/01/2024")],
        missing=[["C1", "01/02/2009", "M", "10/02/2024", "11/02/2024"]],
    )

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("missinghub.imports.ssda903.EpisodeWriter.decide", broken)
    with pytest.raises(RuntimeError):
        run_import("ssda903", folder, MAPPING)
    assert not Child.objects.exists() and not Placement.objects.exists()
    run = ImportRun.objects.get()
    assert run.status == "failed" and "the database went away" in run.message

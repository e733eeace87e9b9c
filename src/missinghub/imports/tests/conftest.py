"""Shared pieces for import tests: the synthetic county's files, its agencies, a CLI runner."""

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from missinghub.accounts.demo import ensure_demo_agencies
from missinghub.accounts.models import Agency
from missinghub.synth.parameters import SCALES, SynthParameters
from missinghub.synth.run import generate

MAPPINGS = Path(__file__).resolve().parents[4] / "mappings"
Importer = Callable[..., dict[str, Any]]


@pytest.fixture(scope="session")
def council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`missinghub synth --scale council --seed 1`: the files the must-show tests import."""
    folder = tmp_path_factory.mktemp("council-1")
    generate(SynthParameters(SCALES["council"], 1), folder)
    return folder


@pytest.fixture
def northdale(db: None) -> dict[str, Agency]:
    return ensure_demo_agencies()


@pytest.fixture
def run_import(northdale: dict[str, Agency], tmp_path: Path) -> Importer:
    """Run `missinghub import KIND FILE --mapping M --json`; returns the JSON summary."""

    def run(kind: str, path: Path, mapping: str | Path, **options: Any) -> dict[str, Any]:
        out = io.StringIO()
        mapping_path = mapping if isinstance(mapping, Path) else MAPPINGS / mapping
        call_command(
            "import",
            kind,
            str(path),
            mapping=str(mapping_path),
            json=True,
            errors_file=str(options.pop("errors_file", tmp_path / f"{path.name}.errors.csv")),
            stdout=out,
            **options,
        )
        [line] = out.getvalue().strip().splitlines()
        summary: dict[str, Any] = json.loads(line)
        return summary

    return run


def write_csv(path: Path, header: list[str], rows: list[list[str]], **options: Any) -> Path:
    """A small CSV in any encoding and delimiter (tests of the reader and the rules)."""
    import csv

    encoding = options.pop("encoding", "utf-8")
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, **options)
        writer.writerow(header)
        writer.writerows(rows)
    return path

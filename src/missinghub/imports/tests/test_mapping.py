"""Mapping files: the documented schema is the one enforced; bad mappings say what is wrong."""

import json
import re
from pathlib import Path

import pytest

from missinghub.imports.fields import FileKind
from missinghub.imports.mapping import MAPPING_SCHEMA, MappingError, load_mapping, parse_mapping
from missinghub.imports.tests.conftest import MAPPINGS

DOCS = MAPPINGS.parent / "docs" / "imports.md"


def test_the_schema_in_the_docs_is_the_schema_in_the_code() -> None:
    text = DOCS.read_text(encoding="utf-8")
    [block] = re.findall(r"```json\n(\{\n.*?\n\})\n```", text, flags=re.DOTALL)
    assert json.loads(block) == MAPPING_SCHEMA


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("synthetic-police.yaml", FileKind.POLICE),
        ("synthetic-social-care.yaml", FileKind.SOCIAL_CARE),
        ("synthetic-cme.yaml", FileKind.CME),
        ("police-niche-style.yaml", FileKind.POLICE),
    ],
)
def test_the_shipped_mappings_are_valid(name: str, kind: FileKind) -> None:
    mapping = load_mapping(MAPPINGS / name)
    assert mapping.kind == kind and mapping.agency_name.startswith("Northdale")
    assert all(not pattern.startswith("%m") for pattern in mapping.date_formats)


def test_value_maps_ignore_case_and_spaces() -> None:
    mapping = load_mapping(MAPPINGS / "synthetic-social-care.yaml")
    assert mapping.values["placement_type"]["k2 children's home"] == "childrens_home"
    police = load_mapping(MAPPINGS / "synthetic-police.yaml")
    assert police.values["risk_level"]["no apparent risk"] == "no_apparent_risk"


BASE = """
kind: police
agency: Northdale Police
source_system: force
columns:
  occurrence_reference: Ref
  person_reference: Person
  category: Cat
  reported_at: Reported
  risk_level: Risk
"""


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("colour: blue", "Additional properties are not allowed"),
        ("values: {category: {RUNAWAY: runaway}}", "'runaway' is not one of"),
        ("values: {given_name: {A: b}}", "not a field with a fixed list"),
        ("date_formats: ['%d/%q/%Y']", "%q is not a supported directive"),
        ("timezone: Mars/Olympus", "not a known time zone"),
        ("date_formats: []", "should be non-empty"),
    ],
)
def test_a_bad_mapping_says_what_is_wrong(extra: str, message: str) -> None:
    with pytest.raises(MappingError, match=re.escape(message)):
        parse_mapping(BASE + extra)


def test_required_fields_and_unknown_fields_are_refused(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match="required field 'category' is not mapped"):
        parse_mapping(BASE.replace("  category: Cat\n", ""))
    with pytest.raises(MappingError, match="'shoe_size' is not a field of a police file"):
        parse_mapping(BASE + "  shoe_size: Shoes\n")
    with pytest.raises(MappingError, match="not valid YAML"):
        parse_mapping("kind: [police")
    assert parse_mapping(BASE).digest != parse_mapping(BASE + "\n# a comment\n").digest

"""Mapping format version 2: what it accepts, what it refuses and why, and the documented fields."""

import re

import pytest

from missinghub.imports.fields import FIELDS, FileKind
from missinghub.imports.mapping import MappingError, load_mapping, parse_mapping
from missinghub.imports.tests.conftest import MAPPINGS
from missinghub.imports.tests.test_mapping import DOCS

NICHE = "police-niche-style.yaml"
BASE = """
version: 2
kind: police
agency: Northdale Police
source_system: force
columns:
  person_reference: Person
  reported_at: Reported
"""


def test_the_field_tables_in_the_docs_are_the_fields_in_the_code() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for kind in FileKind:
        [table] = re.findall(rf"`{kind.value}`:\n\n(\| field .*?)\n\n", text, flags=re.DOTALL)
        rows = [line.split("|")[1:5] for line in table.splitlines()[2:]]
        documented = [(n.strip(" `"), t.strip(), r.strip(), c.strip()) for n, t, r, c in rows]
        assert documented == [
            (f.name, f.type.value, "yes" if f.required else "", ", ".join(f.choices))
            for f in FIELDS[kind]
        ]


def test_the_niche_style_mapping_uses_every_part_of_version_2() -> None:
    mapping = load_mapping(MAPPINGS / NICHE)
    assert mapping.version == 2 and mapping.kind == FileKind.POLICE
    assert mapping.key == {"occurrence_reference": ["Nominal Ref", "Reported"]}
    assert "risk_level" not in mapping.filled()
    [table] = mapping.tables
    assert table.fields == ["looked_after", "missing_from_area", "missing_from_type"]
    assert table.rows["lac foster placement - out of county"] == {
        "looked_after": "yes",
        "missing_from_type": "foster",
        "missing_from_area": "out_of_borough",
    }
    assert mapping.required == ["family_name"] and mapping.sheets == [
        "Closed Reports",
        "Open Reports",
    ]
    assert [rule.column for rule in mapping.skip_rows] == ["Cancelled Date"]
    assert "Cancelled Date" in mapping.source_columns()


def test_a_key_and_a_constant_fill_required_fields() -> None:
    mapping = parse_mapping(
        BASE + "key: {occurrence_reference: [Person, Reported]}\nconstants: {category: missing}\n"
    )
    assert mapping.filled() >= {"occurrence_reference", "category"}


def test_version_1_refuses_version_2_keys_and_loads_as_before() -> None:
    v1 = BASE.replace("version: 2\n", "")
    with pytest.raises(MappingError, match=re.escape("constants: needs 'version: 2'")):
        parse_mapping(v1 + "constants: {category: missing}\n")
    mapping = parse_mapping(
        v1.replace("columns:\n", "columns:\n  occurrence_reference: Ref\n  category: Cat\n")
    )
    assert mapping.version == 1 and mapping.key == {} and mapping.tables == []


KEY = "key: {occurrence_reference: [Person, Reported]}\n"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("key: {occurrence_reference: [Person]}\nconstants: {category: missing}", "too short"),
        (
            "key: {person_reference: [A, B]}\nconstants: {category: missing}",
            "'person_reference' is already filled by columns",
        ),
        (
            "key: {given_name: [A, B]}\n" + "constants: {category: missing}",
            "'given_name' cannot be built from columns",
        ),
        (KEY + "constants: {category: runaway}", "constants/category: 'runaway' is not one of"),
        (KEY + "constants: {returned_at: '2024-01-01'}", "is a date: it comes from a column"),
        (
            KEY + "constants: {category: missing}\ntables: [{column: Where, rows: "
            "{Home: {looked_after: maybe}}}]",
            "tables/Where/home/looked_after: 'maybe' is not one of",
        ),
        (
            KEY + "constants: {category: missing}\ntables: [{column: Where, rows: "
            "{Home: {category: absent}}}]",
            "'category' is already filled by constants",
        ),
        (KEY + "constants: {category: missing}\nrequired: [shoe_size]", "'shoe_size' is not"),
        (KEY + "constants: {category: missing}\nskip_rows: [{values: [X]}]", "'column'"),
        (KEY + "constants: {category: missing}\nsheets: []", "should be non-empty"),
    ],
)
def test_a_bad_version_2_mapping_says_what_is_wrong(extra: str, message: str) -> None:
    with pytest.raises(MappingError, match=re.escape(message)):
        parse_mapping(BASE + extra + "\n")


def test_without_a_key_or_a_column_the_occurrence_reference_is_still_required() -> None:
    with pytest.raises(MappingError, match="required field 'occurrence_reference' is not mapped"):
        parse_mapping(BASE + "constants: {category: missing}\n")

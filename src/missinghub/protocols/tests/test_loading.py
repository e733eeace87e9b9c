"""Protocol files: the shipped ones load; broken ones are refused with their file and line."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from missinghub.protocols.engine import ProtocolError, load_protocol_folder, parse_protocol
from missinghub.protocols.engine.loading import protocol_schema
from missinghub.protocols.registry import SHIPPED_PROTOCOLS_DIR, check_protocols, known_protocols

DOCS = SHIPPED_PROTOCOLS_DIR.parent / "docs" / "protocols.md"
SHIPPED = (
    "england-statutory",
    "plymouth-2013",
    "hartlepool-vemt",
    "lancashire",
    "northamptonshire",
    "wales",
)

VALID = """\
name: test-area
version: "1"
title: Test
rules:
  - id: panel
    task: panel_referral
    owner_team: Panel
    trigger: reported
    when:
      within_days: 90
      min_episodes: 3
    due:
      working_days: 5
"""


def refusal(text: str) -> str:
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(text, source="area.yaml")
    return str(caught.value)


def test_every_shipped_protocol_loads_with_name_and_version() -> None:
    protocols = load_protocol_folder(SHIPPED_PROTOCOLS_DIR)
    assert sorted(protocols) == sorted(SHIPPED)
    for name, protocol in protocols.items():
        assert Path(protocol.path).stem == name
        assert protocol.version and protocol.rules


def test_a_valid_protocol_parses() -> None:
    protocol = parse_protocol(VALID)
    assert protocol.rules[0].within_days == 90
    assert protocol.rules[0].line == 5


def test_unknown_key_is_refused_with_its_line() -> None:
    message = refusal(
        VALID.replace("      min_episodes: 3", "      min_episodes: 3\n      colour: red")
    )
    assert message.startswith("area.yaml:12: unknown key 'colour'")


def test_negative_window_is_refused_with_its_line() -> None:
    message = refusal(VALID.replace("within_days: 90", "within_days: -90"))
    assert message.startswith("area.yaml:10:") and "negative" in message


def test_negative_deadline_is_refused_with_its_line() -> None:
    message = refusal(VALID.replace("working_days: 5", "working_days: -1"))
    assert message.startswith("area.yaml:13:") and "negative" in message


def test_threshold_of_zero_episodes_is_refused() -> None:
    message = refusal(VALID.replace("min_episodes: 3", "min_episodes: 0"))
    assert message.startswith("area.yaml:11:")


def test_at_most_two_and_at_least_three_can_never_fire() -> None:
    text = VALID.replace(
        "      min_episodes: 3", "      max_episodes: 2\n      any_of:\n        - min_episodes: 3"
    )
    message = refusal(text)
    assert message.startswith("area.yaml:13:") and "can never fire" in message


def test_contradictory_yes_no_test_can_never_fire() -> None:
    text = VALID.replace(
        "      min_episodes: 3",
        "      min_episodes: 3\n      looked_after: true\n"
        "      any_of:\n        - looked_after: false",
    )
    assert "can never fire" in refusal(text)


def test_impossible_age_range_can_never_fire() -> None:
    text = VALID.replace(
        "      min_episodes: 3",
        "      min_episodes: 3\n      age_under: 13\n      age_at_least: 13",
    )
    assert "can never fire" in refusal(text)


def test_deadline_needs_hours_or_working_days_but_not_both() -> None:
    assert "exactly one" in refusal(
        VALID.replace("working_days: 5", "working_days: 5\n      hours: 4")
    )


def test_ideal_time_after_the_deadline_is_refused() -> None:
    text = VALID.replace("working_days: 5", "hours: 24\n      ideally_within_hours: 48")
    assert refusal(text).startswith("area.yaml:14:")


def test_window_without_a_count_is_refused() -> None:
    assert "within_days" in refusal(
        VALID.replace("      min_episodes: 3\n", "      age_under: 13\n")
    )


def test_key_given_twice_is_refused() -> None:
    assert refusal(VALID.replace("title: Test", "title: Test\ntitle: Again")).startswith(
        "area.yaml:4:"
    )


def test_rule_ids_are_unique() -> None:
    rule = VALID.split("rules:\n")[1]
    assert "used twice" in refusal(VALID + rule)


def test_yaml_syntax_error_names_the_line() -> None:
    assert refusal(VALID + "  - [unclosed\n").startswith("area.yaml:")


def test_unknown_task_kind_is_refused() -> None:
    assert refusal(VALID.replace("panel_referral", "home_visit")).startswith("area.yaml:6:")


def test_invalid_file_stops_start_up(tmp_path: Path) -> None:
    (tmp_path / "test-area.yaml").write_text(VALID.replace("within_days: 90", "within_days: -1"))
    known_protocols.cache_clear()
    try:
        with (
            override_settings(MISSINGHUB_PROTOCOLS_DIR=tmp_path),
            pytest.raises(ImproperlyConfigured, match=r"test-area\.yaml:10"),
        ):
            check_protocols()
    finally:
        known_protocols.cache_clear()


def test_missing_active_protocol_stops_start_up() -> None:
    with (
        override_settings(MISSINGHUB_ACTIVE_PROTOCOL="atlantis"),
        pytest.raises(ImproperlyConfigured, match="atlantis"),
    ):
        check_protocols()


def _schema_keys(node: object) -> set[str]:
    keys: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties":
                keys |= set(value)
            keys |= _schema_keys(value)
    elif isinstance(node, list):
        for item in node:
            keys |= _schema_keys(item)
    return keys


def test_every_schema_key_is_documented() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    keys = _schema_keys(protocol_schema())
    assert {"name", "rules", "within_days", "any_of", "ideally_within_hours"} <= keys
    undocumented = sorted(k for k in keys if not re.search(rf"`{re.escape(k)}`", docs))
    assert undocumented == []


def test_every_task_kind_and_shipped_protocol_is_documented() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    kinds = protocol_schema()["$defs"]["rule"]["properties"]["task"]["enum"]
    assert [k for k in kinds if f"`{k}`" not in docs] == []
    assert [n for n in SHIPPED if f"`{n}`" not in docs] == []


def test_owner_agency_kinds_are_the_agency_kinds() -> None:
    from missinghub.accounts.models import AgencyKind

    kinds = protocol_schema()["$defs"]["rule"]["properties"]["owner_agency_kind"]["enum"]
    assert sorted(kinds) == sorted(AgencyKind.values)

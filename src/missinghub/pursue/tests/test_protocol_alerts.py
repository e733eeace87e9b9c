"""The protocol option `concern_alerts`: read from the area protocol, refused with the file and
line when it is wrong, applied with its own threshold."""

import pytest

from missinghub.protocols.engine import ProtocolError, parse_protocol
from missinghub.protocols.registry import known_protocols

BASE = """
name: test-area
version: "1"
title: Test area
concern_alerts:
  - id: shared-adult
    entity_kinds: [person, place]
    min_children: {min_children}
    within_days: 30
    panel_kind: mace
rules:
  - id: return-interview
    task: return_interview
    owner_team: Missing team
    trigger: returned
    due: {{hours: 72}}
"""


def test_the_shipped_protocols_propose_at_three_children_in_90_days() -> None:
    for name in ("england-statutory", "hartlepool-vemt"):
        (alert,) = known_protocols()[name].concern_alerts
        assert (alert.min_children, alert.within_days, alert.panel_kind) == (3, 90, "mace")
        assert alert.entity_kinds == {"person", "place", "phone", "vehicle"}


def test_an_alert_is_read_with_its_kinds_threshold_window_and_panel() -> None:
    (alert,) = parse_protocol(BASE.format(min_children=4)).concern_alerts
    assert alert.id == "shared-adult"
    assert alert.entity_kinds == {"person", "place"}
    assert (alert.min_children, alert.within_days, alert.panel_kind) == (4, 30, "mace")


def test_an_alert_of_one_child_is_refused_with_the_line() -> None:
    with pytest.raises(ProtocolError, match=r"<protocol>:\d+"):
        parse_protocol(BASE.format(min_children=1))


def test_an_unknown_kind_of_entity_is_refused() -> None:
    text = BASE.format(min_children=3).replace("[person, place]", "[person, horse]")
    with pytest.raises(ProtocolError, match="horse"):
        parse_protocol(text)


def test_a_protocol_without_alerts_has_none() -> None:
    text = BASE.format(min_children=3)
    text = text[: text.index("concern_alerts")] + text[text.index("rules:") :]
    assert parse_protocol(text).concern_alerts == ()

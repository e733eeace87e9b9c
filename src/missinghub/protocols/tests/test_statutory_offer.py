"""The statutory return interview applies under every protocol: every return, within 72 hours."""

from datetime import timedelta

import pytest

from missinghub.protocols.engine import Event, ProtocolError, evaluate, parse_protocol
from missinghub.protocols.registry import SHIPPED_PROTOCOLS_DIR
from missinghub.protocols.tests.histories import aged, child, episode, shipped

SHIPPED = sorted(path.stem for path in SHIPPED_PROTOCOLS_DIR.glob("*.yaml"))


@pytest.mark.parametrize("name", SHIPPED)
@pytest.mark.parametrize("category", ["missing", "absent", "awol"])
def test_every_shipped_protocol_offers_a_return_interview_after_any_first_episode(
    name: str, category: str
) -> None:
    # A 15-year-old's first episode, not looked after: the narrowest case for every protocol.
    history = child(episode(1, 0, category=category), born=aged(15))
    interviews = [
        d
        for d in evaluate(shipped(name), history, Event("returned", "E1"))
        if d.task == "return_interview"
    ]
    assert len(interviews) == 1, name
    assert interviews[0].due_at - interviews[0].triggered_at <= timedelta(hours=72)


@pytest.mark.parametrize("name", SHIPPED)
def test_no_return_gets_two_interview_tasks(name: str) -> None:
    history = child(*(episode(n, n * 3) for n in range(1, 8)), born=aged(12))
    for number in range(1, 8):
        kinds = [d.task for d in evaluate(shipped(name), history, Event("returned", f"E{number}"))]
        assert kinds.count("return_interview") == 1, (name, number)


def test_lancashire_gets_the_statutory_offer_from_the_missing_team() -> None:
    [decision] = evaluate(shipped("lancashire"), child(episode(1, 0)), Event("returned", "E1"))
    assert decision.rule_id == "statutory-return-interview"
    assert decision.owner_agency_kind == "missing_team"
    assert decision.due_at - decision.triggered_at == timedelta(hours=72)


def test_plymouth_keeps_its_own_48_hour_offer_where_its_conditions_hold() -> None:
    history = child(episode(1, 0), episode(2, 30), born=aged(15))
    [first] = evaluate(shipped("plymouth-2013"), history, Event("returned", "E1"))
    [second] = evaluate(shipped("plymouth-2013"), history, Event("returned", "E2"))
    assert (first.rule_id, first.due_at - first.triggered_at) == (
        "statutory-return-interview",
        timedelta(hours=72),
    )
    assert first.owner_team == "Missing Intervention and Support Team"
    assert (second.rule_id, second.due_at - second.triggered_at) == (
        "return-interview",
        timedelta(hours=48),
    )


def test_a_protocol_that_already_offers_it_gets_nothing_added() -> None:
    assert [r.id for r in shipped("england-statutory").rules] == [
        "return-interview",
        "tell-responsible-authority",
    ]


def test_the_statutory_rule_id_is_kept_for_the_offer() -> None:
    text = """
name: x
version: "1"
title: X
rules:
  - id: statutory-return-interview
    task: return_interview
    owner_team: Team
    trigger: returned
    due: {hours: 72}
"""
    with pytest.raises(ProtocolError, match=r"<protocol>:6: .*kept for the statutory offer"):
        parse_protocol(text)

"""One open referral per child in the replay, escalation tiers read from the file."""

from datetime import date

import pytest

from missinghub.protocols.engine import ProtocolError, evaluate_history, parse_protocol
from missinghub.protocols.engine.history import frame_from_histories
from missinghub.protocols.engine.workload import replay, workload_from_decisions
from missinghub.protocols.tests.histories import child, episode, shipped
from missinghub.protocols.tests.test_properties import random_histories

START, END = date(2024, 1, 1), date(2024, 12, 31)


def months(name: str, histories: list) -> list[dict]:  # type: ignore[type-arg]
    return replay(shipped(name), frame_from_histories(histories), START, END).months


def test_a_child_missing_every_week_is_referred_to_vemt_once_in_90_days() -> None:
    weekly = child(*(episode(n, 7 * n) for n in range(1, 40)))
    referred = [m for m in months("hartlepool-vemt", [weekly]) if m["panel_referrals"]]
    # 39 weeks of episodes: referred at the third, then again only after 90 days have passed.
    assert [m["panel_referrals"] for m in referred] == [1, 1, 1]
    assert all(m["panel_referrals"] <= m["children_on_agenda"] for m in referred)


def test_lancashire_escalates_to_the_strategy_meeting_once() -> None:
    history = child(*(episode(n, 10 * n) for n in range(1, 9)))
    totals = {
        key: sum(m[key] for m in months("lancashire", [history]))
        for key in ("panel_referrals", "strategy_meetings")
    }
    assert totals == {"panel_referrals": 1, "strategy_meetings": 1}


@pytest.mark.parametrize("name", ["hartlepool-vemt", "lancashire"])
def test_replay_and_evaluate_agree_and_no_month_refers_a_child_twice(name: str) -> None:
    histories = random_histories(seed=24, children=300)
    protocol = shipped(name)
    fast = replay(protocol, frame_from_histories(histories), START, END)
    reference = workload_from_decisions(
        protocol, (d for h in histories for d in evaluate_history(protocol, h)), START, END
    )
    assert fast.months == reference.months
    assert sum(m["panel_referrals"] for m in fast.months) > 0
    assert all(m["panel_referrals"] <= m["children_on_agenda"] for m in fast.months)


BASE = """
name: x
version: "1"
title: X
rules:
  - id: agenda
    task: panel_referral
    owner_team: Panel
    trigger: reported
    when: {min_episodes: 3}
    due: {working_days: 5}
  - id: interview
    task: return_interview
    owner_team: Team
    trigger: returned
    due: {hours: 72}
"""


def test_an_escalation_tier_must_be_a_referral_rule_of_the_file() -> None:
    with pytest.raises(ProtocolError, match=r"<protocol>:19: escalation names no rule 'agend'"):
        parse_protocol(BASE + "referrals:\n  escalation:\n    - agend\n")
    with pytest.raises(ProtocolError, match=r"tier 'interview' makes a return_interview task"):
        parse_protocol(BASE + "referrals:\n  escalation: [agenda, interview]\n")


def test_replay_open_days_is_read_and_checked() -> None:
    protocol = parse_protocol(BASE + "referrals:\n  replay_open_days: 45\n")
    assert (protocol.escalation, protocol.replay_open_days) == ((), 45)
    with pytest.raises(ProtocolError, match="replay_open_days"):
        parse_protocol(BASE + "referrals:\n  replay_open_days: 0\n")

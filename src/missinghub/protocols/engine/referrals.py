"""One open referral per child and panel, with escalation tiers. Pure: no database.

A rule that refers a child to a panel (`panel_referral`, `strategy_meeting`) may fire on every
qualifying episode; the child is referred once. While the child's referral under a rule is open,
a later decision of that rule does not refer the child again: the episode attaches to the open
referral. With `referrals.escalation` the rules form a ladder, lowest tier first: a decision
attaches to an open referral at its own tier or any higher one, and a child with only a lower
tier open is escalated (referred at the higher tier).

The live system closes a referral when the panel records its discussion. A replay has no panel
meetings, so it takes each referral to stay open `protocol.replay_open_days` days (90 unless the
file says otherwise) and applies the same rule under that reading (`one_open_referral`).
"""

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import TypeVar

from missinghub.protocols.engine.model import REFERRAL_TASKS, Protocol

T = TypeVar("T")


def covering_rule_ids(protocol: Protocol, rule_id: str) -> tuple[str, ...]:
    """The rules whose open referral a decision of `rule_id` attaches to: itself and, on the
    escalation ladder, every higher tier."""
    if rule_id in protocol.escalation:
        return protocol.escalation[protocol.escalation.index(rule_id) :]
    return (rule_id,)


def referral_rule_ids(protocol: Protocol) -> frozenset[str]:
    return frozenset(rule.id for rule in protocol.rules if rule.task in REFERRAL_TASKS)


def one_open_referral(
    protocol: Protocol,
    decisions: Iterable[T],
    key: Callable[[T], tuple[str, str, datetime]],
) -> list[T]:
    """The decisions that refer a child, under the replay's reading (a referral stays open
    `replay_open_days`); decisions of other tasks pass through. `key` gives a decision's rule,
    child and trigger time."""
    referral_rules = referral_rule_ids(protocol)
    open_for = timedelta(days=protocol.replay_open_days)
    tier = {rule_id: rank for rank, rule_id in enumerate(protocol.escalation)}

    def order(decision: T) -> tuple[str, datetime, int]:
        rule_id, child_id, at = key(decision)
        return (child_id, at, -tier.get(rule_id, 0))  # higher tier first on one event

    kept: list[T] = []
    opened: dict[tuple[str, str], datetime] = {}  # (child, rule) -> when the referral was made
    for decision in sorted(decisions, key=order):
        rule_id, child_id, at = key(decision)
        if rule_id not in referral_rules:
            kept.append(decision)
            continue
        covering = covering_rule_ids(protocol, rule_id)
        if any(
            (child_id, other) in opened and at < opened[(child_id, other)] + open_for
            for other in covering
        ):
            continue  # attaches to the open referral
        opened[(child_id, rule_id)] = at
        kept.append(decision)
    return kept

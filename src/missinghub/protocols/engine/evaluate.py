"""`evaluate(protocol, child_history, event)`: which tasks the protocol asks for. Pure: no database.

Episodes are counted in the order they were reported (ties broken by episode id), so the order
in which a history was loaded never changes a decision. An episode counts towards a rule when
its category is one the rule counts; `within_days` counts only the episodes reported less than
that many days (of 24 hours) before this one, this one included.
"""

from datetime import datetime, timedelta

from missinghub.protocols.engine.model import (
    REFERRAL_TASKS,
    ChildHistory,
    Conditions,
    Decision,
    EpisodeRecord,
    Event,
    Protocol,
    Rule,
    decision_key,
)
from missinghub.protocols.engine.referrals import covering_rule_ids
from missinghub.protocols.engine.working_days import age_on, end_of_working_days, local_date


def evaluate(protocol: Protocol, child_history: ChildHistory, event: Event) -> list[Decision]:
    """The decisions `protocol` makes when `event` happens to one of the child's episodes."""
    episodes = sorted(child_history.episodes, key=_report_order)
    episode = next((e for e in episodes if e.episode_id == event.episode_id), None)
    if episode is None:
        raise ValueError(f"Episode {event.episode_id} is not in child {child_history.child_id}")
    triggered_at = episode.reported_at if event.kind == "reported" else episode.returned_at
    if triggered_at is None:
        return []
    decisions: list[Decision] = []
    # Floors last: a floor fires only when no other rule made a task of its kind on this event.
    for rule in sorted(protocol.rules, key=lambda rule: rule.fallback):
        if rule.trigger != event.kind or episode.category not in rule.episode_categories:
            continue
        if rule.fallback and any(d.task == rule.task for d in decisions):
            continue
        if _fires(rule, child_history, episodes, episode):
            decisions.append(_decide(protocol, rule, child_history, episode, triggered_at))
    return decisions


def _report_order(episode: EpisodeRecord) -> tuple[datetime, str]:
    return (episode.reported_at, episode.episode_id)


def episode_count(rule: Rule, episodes: list[EpisodeRecord], episode: EpisodeRecord) -> int:
    """How many counted episodes up to and including `episode` (within the rule's window)."""
    until = _report_order(episode)
    since = (
        episode.reported_at - timedelta(days=rule.within_days)
        if rule.within_days is not None
        else None
    )
    return sum(
        1
        for other in episodes
        if other.category in rule.episode_categories
        and _report_order(other) <= until
        and (since is None or other.reported_at > since)
    )


def _fires(
    rule: Rule, child: ChildHistory, episodes: list[EpisodeRecord], episode: EpisodeRecord
) -> bool:
    count = episode_count(rule, episodes, episode)
    age = age_on(child.date_of_birth, local_date(episode.reported_at))
    return any(_holds(option, count, age, episode) for option in rule.alternatives)


def _holds(conditions: Conditions, count: int, age: int, episode: EpisodeRecord) -> bool:
    checks = (
        conditions.min_episodes is None or count >= conditions.min_episodes,
        conditions.max_episodes is None or count <= conditions.max_episodes,
        conditions.age_under is None or age < conditions.age_under,
        conditions.age_at_least is None or age >= conditions.age_at_least,
        conditions.looked_after is None or episode.looked_after == conditions.looked_after,
        conditions.county_lines is None or episode.county_lines == conditions.county_lines,
    )
    return all(checks)


def due_at(rule: Rule, triggered_at: datetime) -> datetime:
    if rule.deadline.working_days is not None:
        return end_of_working_days(triggered_at, rule.deadline.working_days)
    return triggered_at + timedelta(hours=rule.deadline.hours or 0)


def _decide(
    protocol: Protocol,
    rule: Rule,
    child: ChildHistory,
    episode: EpisodeRecord,
    triggered_at: datetime,
) -> Decision:
    ideal = rule.deadline.ideally_within_hours
    return Decision(
        key=decision_key(protocol, rule, child.child_id, episode.episode_id),
        protocol_name=protocol.name,
        protocol_version=protocol.version,
        rule_id=rule.id,
        child_id=child.child_id,
        episode_id=episode.episode_id,
        task=rule.task,
        owner_team=rule.owner_team,
        owner_agency_kind=rule.owner_agency_kind,
        triggered_at=triggered_at,
        due_at=due_at(rule, triggered_at),
        ideally_by=triggered_at + timedelta(hours=ideal) if ideal is not None else None,
        joins_open=covering_rule_ids(protocol, rule.id) if rule.task in REFERRAL_TASKS else (),
    )


def evaluate_history(protocol: Protocol, child_history: ChildHistory) -> list[Decision]:
    """Every decision over the child's whole history: each report, then each return."""
    decisions: list[Decision] = []
    for episode in sorted(child_history.episodes, key=_report_order):
        decisions += evaluate(protocol, child_history, Event("reported", episode.episode_id))
        if episode.returned_at is not None:
            decisions += evaluate(protocol, child_history, Event("returned", episode.episode_id))
    return decisions

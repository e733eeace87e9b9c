"""The next police review of a missing child's case, by the protocol's schedule. Pure: the
protocols app stores the decision as a `police_review` task (protocols/police_reviews.py)."""

from datetime import datetime, timedelta

from missinghub.protocols.engine.model import Decision, Protocol

POLICE_REVIEW_RULE_ID = "police-review"
POLICE_REVIEW_TASK = "police_review"


def police_review_decision(
    protocol: Protocol,
    *,
    child_id: str,
    episode_id: str,
    level: str,
    since: datetime,
    number: int,
) -> Decision | None:
    """The episode's `number`-th review, due the level's hours after `since` (the report, the
    latest regrading or the latest review); None when the protocol reviews nothing at `level`."""
    schedule = protocol.police_reviews
    hours = schedule.hours_for(level) if schedule is not None else None
    if schedule is None or hours is None:
        return None
    return Decision(
        key=(
            f"{protocol.name}/{POLICE_REVIEW_RULE_ID}/child:{child_id}/episode:{episode_id}"
            f"/review:{number}"
        ),
        protocol_name=protocol.name,
        protocol_version=protocol.version,
        rule_id=POLICE_REVIEW_RULE_ID,
        child_id=child_id,
        episode_id=episode_id,
        task=POLICE_REVIEW_TASK,
        owner_team=schedule.owner_team,
        owner_agency_kind="police_force",
        triggered_at=since,
        due_at=since + timedelta(hours=hours),
        ideally_by=None,
    )

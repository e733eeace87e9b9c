"""Versions of an episode for `ETag` and `If-Match`: a stale write is refused (412).

The version changes when the episode row changes (a return) or a risk grading is added. It is
opaque to clients: a short hash of the row's last update time and the latest grading."""

import hashlib

from missinghub.episodes.models import Episode


def episode_etag(episode: Episode) -> str:
    latest_grading = max((g.pk for g in episode.risk_gradings.all()), default=0)
    stamp = f"{episode.pk}:{episode.updated_at.isoformat()}:{latest_grading}"
    return '"' + hashlib.sha256(stamp.encode()).hexdigest()[:20] + '"'


def matches(if_match: str, etag: str) -> bool:
    """Strong comparison (RFC 9110 13.1.1): `*`, or one of the listed entity tags."""
    tags = [tag.strip() for tag in if_match.split(",")]
    return "*" in tags or etag in tags

"""A child who went missing overnight and came back ten hours ago, with the missing team told:
the protocol has created the return interview task. Used by casework and browser tests."""

import datetime as dt

from django.utils import timezone

from missinghub.accounts.models import Agency
from missinghub.children.models import Child
from missinghub.episodes.intake import report_missing
from missinghub.episodes.models import Episode, EpisodeCategory, ReturnMethod, RiskLevel
from missinghub.episodes.services import record_return


def returned_ten_hours_ago(agencies: dict[str, Agency], child: Child, reference: str) -> Episode:
    returned_at = timezone.now() - dt.timedelta(hours=10)
    episode = report_missing(
        actor=None,
        child=child,
        category=EpisodeCategory.MISSING,
        last_seen_at=returned_at - dt.timedelta(hours=20),
        reported_at=returned_at - dt.timedelta(hours=19),
        reporting_agency=agencies["police"],
        source_system="casework-test",
        source_reference=reference,
        risk_level=RiskLevel.MEDIUM,
        risk_reason="Missing overnight, phone off",
        notify=(agencies["missing_team"],),
    )
    return record_return(
        actor=None,
        episode=episode,
        returned_at=returned_at,
        return_method=ReturnMethod.FOUND_BY_POLICE,
        where_found="Railway station",
    )

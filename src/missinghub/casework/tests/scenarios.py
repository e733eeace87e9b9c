"""Helpers for the panel, Philomena and CME tests: a looked-after child held by social care and
placed at the care home, and a run of missing episodes. Fictional people only."""

import datetime as dt
import random
from io import BytesIO
from uuid import uuid4

from django.utils import timezone
from PIL import Image

from missinghub.accounts.models import Agency
from missinghub.children.models import Child, LegalStatusKind
from missinghub.children.services import record_legal_status
from missinghub.children.tests.factories import ChildFactory, PlacementFactory
from missinghub.episodes.intake import report_missing
from missinghub.episodes.models import Episode, EpisodeCategory, ReturnMethod, RiskLevel
from missinghub.episodes.services import record_return


def looked_after_child(agencies: dict[str, Agency], **names: str) -> Child:
    child = ChildFactory(**names)
    record_legal_status(
        actor=None,
        child=child,
        status=LegalStatusKind.LOOKED_AFTER,
        start_date=dt.date(2023, 1, 9),
        responsible_authority=agencies["social_care"],
    )
    PlacementFactory(child=child, provider=agencies["care_home"], start_date=dt.date(2023, 1, 9))
    return child


def report_episodes(
    child: Child, agencies: dict[str, Agency], days_ago: list[int], *, last_open: bool = False
) -> list[Episode]:
    """One missing episode reported `days_ago` days back for each entry (oldest first); each
    returns six hours later, except the last when `last_open`."""
    episodes = []
    for number, days in enumerate(days_ago, start=1):
        reported = timezone.now() - dt.timedelta(days=days, hours=1)
        episode = report_missing(
            actor=None,
            child=child,
            category=EpisodeCategory.MISSING,
            last_seen_at=reported - dt.timedelta(hours=2),
            reported_at=reported,
            reporting_agency=agencies["police"],
            source_system="casework-test",
            source_reference=f"{child.pk}-{uuid4().hex[:12]}",
            risk_level=RiskLevel.MEDIUM,
            risk_reason="Not back by the agreed time",
        )
        if not (last_open and number == len(days_ago)):
            episode = record_return(
                actor=None,
                episode=episode,
                returned_at=min(reported + dt.timedelta(hours=6), timezone.now()),
                return_method=ReturnMethod.RETURNED_BY_SELF,
                where_found="Came back to the home",
            )
        episodes.append(episode)
    return episodes


def picture(image_format: str = "JPEG", size: tuple[int, int] = (40, 50), **save: object) -> bytes:
    out = BytesIO()
    noise = random.Random(size[0] * 7919 + size[1]).randbytes(size[0] * size[1] * 3)  # noqa: S311  (test picture)
    Image.frombytes("RGB", size, noise).save(out, format=image_format, **save)
    return out.getvalue()

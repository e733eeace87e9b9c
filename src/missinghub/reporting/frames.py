"""Database rows to the analytics library's canonical frames (missinghub_analytics.frames).

The one place that knows both the models and the library's columns. Reports are aggregate
figures over every child in the area, so these readers are NOT scoped by the need-to-know rule;
`reporting.access` decides who may run reports, and `reporting.pseudonyms` hides child ids.

Definitions (also in docs/reports.md):
- looked_after: the child had a looked-after legal status on the local date of the report, or
  the report itself said the child was looked after (`Episode.looked_after_when_missing`, e.g.
  from a police file's "placement at the time" column);
- placement_type / placement_area: the placement the child went missing from (`missing_from`),
  else the placement the report named (`reported_placement_type` / `_area`); area `none` when
  the child was not looked after (the library's code for a family home);
- county_lines: the episode's county lines or criminal exploitation flag.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import polars as pl
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate

from missinghub.casework.models import CmeReferral, CmeStatus
from missinghub.children.models import LegalStatus, LegalStatusKind
from missinghub.episodes.models import Episode
from missinghub.protocols.areas import responsible_areas
from missinghub_analytics.frames import (
    CME_COLUMNS,
    LONDON,
    UTC_DATETIME,
    episodes_from_rows,
)

# CME referrals closed without locating the child are neither located nor ongoing.
CME_STATUS_CODES = {
    CmeStatus.LOCATED_CLOSED: "located_closed",
    CmeStatus.ONGOING: "ongoing",
    CmeStatus.CLOSED_NOT_LOCATED: "closed_not_located",
}


def with_looked_after(queryset: QuerySet[Any], moment_field: str) -> QuerySet[Any]:
    """Annotate `looked_after`: the row's child held a looked-after legal status on the local
    date of the row's `moment_field` (a datetime field, e.g. "reported_at")."""
    day = OuterRef("looked_after_day")
    held = LegalStatus.objects.filter(
        child=OuterRef("child"), status=LegalStatusKind.LOOKED_AFTER, start_date__lte=day
    ).filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
    return queryset.annotate(
        looked_after_day=TruncDate(moment_field, tzinfo=LONDON), looked_after=Exists(held)
    )


def _episode_rows(queryset: QuerySet[Episode]) -> Iterable[dict[str, object]]:
    rows = with_looked_after(queryset, "reported_at").values_list(
        "child_id",
        "pk",
        "category",
        "missing_from__placement_type",
        "missing_from__area",
        "reported_at",
        "returned_at",
        "looked_after",
        "looked_after_when_missing",
        "reported_placement_type",
        "reported_placement_area",
        "exploitation_flag",
    )
    for (
        child,
        pk,
        category,
        kind,
        area,
        reported,
        returned,
        held,
        said,
        said_kind,
        said_area,
        flagged,
    ) in rows.iterator(chunk_size=5000):
        looked_after = bool(held) or bool(said)
        yield {
            "child_id": str(child),
            "episode_id": str(pk),
            "category": category,
            "placement_type": kind or said_kind or "other",
            "looked_after": looked_after,
            "placement_area": (area or said_area or "none") if looked_after else "none",
            "reported_at": reported,
            "returned_at": returned,
            "county_lines": bool(flagged),
        }


def episode_frame(
    *, reported_before: dt.datetime | None = None, area: str | None = None
) -> pl.DataFrame:
    """Every episode (reported before the given time, if any; of the council `area` is
    responsible for, if any: protocols.areas) as the library's episode frame."""
    queryset = Episode.objects.order_by("reported_at", "pk")
    if reported_before is not None:
        queryset = queryset.filter(reported_at__lt=reported_before)
    rows = _episode_rows(queryset)
    if area is not None:
        ours = {str(pk) for pk, name in responsible_areas(None).items() if name == area}
        rows = (row for row in rows if row["episode_id"] in ours)
    return episodes_from_rows(list(rows))


_CME_SCHEMA: dict[str, pl.DataType] = {
    "referral_id": pl.String(),
    "child_id": pl.String(),
    "referred_at": UTC_DATETIME,
    "ground": pl.String(),
    "status": pl.String(),
    "closed_at": UTC_DATETIME,
}


def local_midnight(day: dt.date | None) -> dt.datetime | None:
    """A local date as the UTC time of its local midnight (dates in casework are local)."""
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(), tzinfo=LONDON).astimezone(dt.UTC)


def cme_frame(*, area: str | None = None) -> pl.DataFrame:
    """Every CME referral (of children living in `area`, if given) as the library's CME frame
    (referral and closing dates at midnight)."""
    referrals = CmeReferral.objects.all()
    if area is not None:
        referrals = referrals.filter(child__home_area__name=area)
    rows = [
        {
            "referral_id": str(pk),
            "child_id": str(child),
            "referred_at": local_midnight(referred),
            "ground": ground,
            "status": CME_STATUS_CODES[CmeStatus(status)],
            "closed_at": local_midnight(closed),
        }
        for pk, child, referred, ground, status, closed in referrals.values_list(
            "pk", "child_id", "referred_on", "ground", "status", "closed_on"
        ).iterator(chunk_size=5000)
    ]
    if not rows:
        return pl.DataFrame(schema=_CME_SCHEMA).select(CME_COLUMNS)
    return pl.DataFrame(rows, schema=_CME_SCHEMA, orient="row").select(CME_COLUMNS)

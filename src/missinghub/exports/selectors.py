"""Reads for exports, scoped by the need-to-know rule (identifiable) or by area (research)."""

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from missinghub.access.policy import visible_child_ids
from missinghub.accounts.models import User
from missinghub.children.models import Child
from missinghub.episodes.models import Episode, RiskGrading


def _with_details(episodes: QuerySet[Episode]) -> QuerySet[Episode]:
    return episodes.select_related("child", "reporting_agency", "missing_from").prefetch_related(
        Prefetch("risk_gradings", queryset=RiskGrading.objects.order_by("graded_at", "id"))
    )


def _since(episodes: QuerySet[Episode], months: int | None) -> QuerySet[Episode]:
    if not months:
        return episodes
    return episodes.filter(
        reported_at__gte=timezone.now() - dt.timedelta(days=round(months * 30.44))
    )


def episodes_for_export(*, user: User, months: int | None = None) -> QuerySet[Episode]:
    """Episodes of the children `user` may see (none for a role without child records)."""
    visible = Episode.objects.filter(child_id__in=visible_child_ids(user))
    return _with_details(_since(visible, months)).order_by("reported_at", "id")


def episodes_for_research(*, user: User, months: int | None = None) -> QuerySet[Episode]:
    """Episodes reported by agencies in the analyst's area, to be pseudonymised."""
    in_area = Episode.objects.filter(reporting_agency__area=user.agency.area)
    return _with_details(_since(in_area, months)).order_by("reported_at", "id")


def child_by_number(child_number: int) -> Child | None:
    """Any child, for the data protection officer's audited work (no need-to-know filter)."""
    return Child.objects.filter(pk=child_number).first()

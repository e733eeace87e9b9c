"""The need-to-know rule for children's records, in one place.

An agency sees a child when it holds the child's record or has been told about the child:
- it issued one of the child's identifiers (police person reference, social care ID, UPN);
- it reported one of the child's episodes;
- it provides the child's current placement (a care home sees its own residents);
- it is responsible for the child's current legal status (the social care team that holds them);
- another agency notified it about the child, and that notification has not expired.

Analysts and system administrators see no identifiable child: analysts work on pseudonymised
data, administrators manage accounts, not cases. Every selector that returns child or episode
data filters through `visible_child_ids`, so lists, pages, exports and the API share one rule.

What each role may *do* is `access.roles`; the view guard that applies both is `access.guards`.
This module sits below `children` and `episodes`: it names their models by app label.
"""

import functools
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import BooleanField, Exists, Model, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from missinghub.access.roles import Action, may
from missinghub.accounts.models import User


def _model(label: str) -> type[Model]:
    """A model of a higher app by its label, as Django's foreign keys name them: this module sits
    below `children` and `episodes` and never imports them."""
    return apps.get_model(label)


def visible_child_ids(user: User, *, child_id: int | None = None) -> QuerySet:
    """A subquery of the ids of children `user` may see (empty when they may see none).

    Each way of seeing a child is its own EXISTS on an indexed foreign key, so the rule costs a
    few index probes per child rather than a join of every related table. Pass `child_id` when
    reading one child's records: the subquery then asks about that child only, in plain SQL
    that costs almost nothing to build (a child's page asks it a dozen times).
    """
    child = _model("children.Child")
    if not may(user, Action.SEE_CHILD_RECORDS):
        return child._default_manager.none().values("pk")
    now = timezone.now()
    if child_id is not None:
        rule = one_child_rule(user.agency_id, child_id, now)
        return child._default_manager.filter(pk__in=rule).values("pk")
    return _every_visible_child(user.agency_id, now)


def only_visible_children(children: QuerySet, user: User) -> QuerySet:
    """`children` (a queryset of children.Child) narrowed to those `user` may see, the rule
    asked of each of its rows by index probes: for a short list found another way (a name
    search), cheaper than matching it against every child the user may see.

    The same five ways as `_rule`, written so that PostgreSQL probes each row: given the EXISTS
    form, it chose to hash every row the agency holds (all 249,056 of a force's episodes at
    region scale, 0.6 s, to check 811 children a name search found). Kept equal to the other
    forms by a test that asks all of them about every way of seeing."""
    if not may(user, Action.SEE_CHILD_RECORDS):
        return children.none()
    params = [user.agency_id] * 4 + [user.agency_id, _as_db_datetime(timezone.now())]
    # The SQL text comes from model metadata only; every value is a bound parameter.
    probes = RawSQL(_each_row_sql(connection.vendor), params, output_field=BooleanField())  # noqa: S611
    return children.filter(probes)


def _every_visible_child(agency_id: Any, now: datetime) -> QuerySet:
    return _model("children.Child")._default_manager.filter(_rule(agency_id, now)).values("pk")


def _rule(agency_id: Any, now: datetime) -> Any:
    this_child = OuterRef("pk")

    def rows(label: str, **match: Any) -> QuerySet:
        return _model(label)._default_manager.filter(child=this_child, **match)

    return (
        Exists(rows("children.ChildIdentifier", agency_id=agency_id))
        | Exists(rows("episodes.Episode", reporting_agency_id=agency_id))
        | Exists(rows("children.Placement", provider_id=agency_id, end_date=None))
        | Exists(rows("children.LegalStatus", responsible_authority_id=agency_id, end_date=None))
        | Exists(rows("episodes.Notification", to_agency_id=agency_id, expires_at__gt=now))
    )


def one_child_rule(agency_id: int | None, child_id: int, now: datetime) -> RawSQL:
    """The same rule for one child as an uncorrelated subquery: the child's id, or no row.

    Kept equal to `_every_visible_child` by a test that asks both about every child.
    """
    sql = _one_child_sql()
    checks = [[child_id, agency_id]] * 4 + [[child_id, agency_id, _as_db_datetime(now)]]
    # The SQL text comes from model metadata only; every value is a bound parameter.
    return RawSQL(sql, [child_id, *(value for check in checks for value in check)])  # noqa: S611


@functools.cache
def _one_child_sql() -> str:
    q = connection.ops.quote_name
    exists = [
        f"EXISTS (SELECT 1 FROM {q(model._meta.db_table)} WHERE {q('child_id')} = %s"  # noqa: S608
        f" AND {q(str(model._meta.get_field(field).column))} = %s{extra})"  # type: ignore[union-attr]
        for model, field, extra in _ways()
    ]
    return f"SELECT CAST(%s AS BIGINT) WHERE {' OR '.join(exists)}"


@functools.cache
def _each_row_sql(vendor: str) -> str:
    q = connection.ops.quote_name
    child = f"{q(_model('children.Child')._meta.db_table)}.{q('id')}"
    # OFFSET 0 keeps PostgreSQL from turning the EXISTS into a hash of the whole table (its
    # planner leaves a subquery with an OFFSET as it is); SQLite needs none and has no bare OFFSET.
    offset = " OFFSET 0" if vendor == "postgresql" else ""
    exists = [
        f"EXISTS (SELECT 1 FROM {q(model._meta.db_table)} WHERE {q('child_id')} = {child}"  # noqa: S608
        f" AND {q(str(model._meta.get_field(field).column))} = %s{extra}{offset})"  # type: ignore[union-attr]
        for model, field, extra in _ways()
    ]
    return f"({' OR '.join(exists)})"


def _ways() -> list[tuple[type[Model], str, str]]:
    """(table, its column naming the agency, any further condition) of each way of seeing."""
    q = connection.ops.quote_name
    return [
        (_model("children.ChildIdentifier"), "agency", ""),
        (_model("episodes.Episode"), "reporting_agency", ""),
        (_model("children.Placement"), "provider", f" AND {q('end_date')} IS NULL"),
        (_model("children.LegalStatus"), "responsible_authority", f" AND {q('end_date')} IS NULL"),
        (_model("episodes.Notification"), "to_agency", f" AND {q('expires_at')} > %s"),
    ]


def _as_db_datetime(moment: datetime) -> object:
    return connection.ops.adapt_datetimefield_value(moment)


def child_is_visible(user: User, child_id: int) -> bool:
    """Whether `user` may see the child numbered `child_id` (False when there is none)."""
    return (
        may(user, Action.SEE_CHILD_RECORDS) and visible_child_ids(user, child_id=child_id).exists()
    )


def episode_is_visible(user: User, episode_id: int) -> bool:
    """Whether `user` may see the episode numbered `episode_id`: its child's rule decides."""
    if not may(user, Action.SEE_CHILD_RECORDS):
        return False
    episodes = _model("episodes.Episode")._default_manager
    child_id = episodes.filter(pk=episode_id).values_list("child_id", flat=True).first()
    return child_id is not None and child_is_visible(user, child_id)

"""missinghub.statements writes and reads rows exactly as the ORM does, on both databases."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from missinghub.accounts.models import Agency, Role
from missinghub.api.auth import TokenAuth
from missinghub.api.models import ApiToken
from missinghub.api.scopes import Scope
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.audit.services import audit_event, record_events
from missinghub.children.models import Child
from missinghub.episodes.models import Episode, EpisodeStatus
from missinghub.statements import columns, from_row, insert, update

pytestmark = pytest.mark.django_db


def _episode(child: Child, agency: Agency, reference: str) -> Episode:
    now = timezone.now()
    return Episode(
        child=child,
        category="missing",
        status=EpisodeStatus.OPEN,
        last_seen_at=now - timedelta(hours=2),
        reported_at=now,
        reporting_agency=agency,
        source_system="test",
        source_reference=reference,
        protocol_pending=True,
    )


def test_insert_and_update_store_what_the_orm_reads_back(agencies: dict[str, Agency]) -> None:
    police = agencies["police"]
    born = date(2011, 2, 3)
    child = Child.objects.create(given_name="Ada", family_name="Test", date_of_birth=born)
    other = Child.objects.create(given_name="Bo", family_name="Test", date_of_birth=born)
    first, second = insert(_episode(child, police, "A"), _episode(other, police, "B"))
    assert first.pk is not None and second.pk is not None and second.pk > first.pk
    stored = Episode.objects.get(pk=first.pk)
    assert stored.created_at == first.created_at and stored.updated_at == first.updated_at
    assert stored.protocol_pending is True and stored.child_id == child.pk
    assert (stored.source_reference, Episode.objects.get(pk=second.pk).source_reference) == (
        "A",
        "B",
    )
    first.returned_at, first.status = first.reported_at, EpisodeStatus.RETURNED
    update(first, ("returned_at", "status", "updated_at"))
    again = Episode.objects.get(pk=first.pk)
    assert again.status == EpisodeStatus.RETURNED and again.returned_at == first.reported_at
    assert again.updated_at >= stored.updated_at


def test_from_row_converts_as_the_orm_does(agencies: dict[str, Agency]) -> None:
    event = audit_event(verb=AuditVerb.CHILD_VIEWED, actor=None, detail={"a": [1, "two"]})
    record_events([event])
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    sql = f"SELECT {columns(AuditEvent, 'e')} FROM {table} e WHERE e.id = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [event.pk])
        row = cursor.fetchone()
    made = from_row(AuditEvent, row)
    orm = AuditEvent.objects.get(pk=event.pk)
    assert made.detail == {"a": [1, "two"]} == orm.detail  # JSON parsed, not text
    assert made.occurred_at == orm.occurred_at and made.occurred_at.tzinfo is not None
    assert not made._state.adding


def test_a_token_is_read_with_its_user_and_agency_in_one_statement(
    issue: Callable[..., str], agencies: dict[str, Agency], rf: object
) -> None:
    secret = issue("police", Role.POLICE_OFFICER, scopes=[Scope.EPISODES_WRITE])
    request = rf.post("/api/v1/episodes")  # type: ignore[attr-defined]
    with CaptureQueriesContext(connection) as queries:
        token = TokenAuth().authenticate(request, secret)
        assert isinstance(token, ApiToken)
        user = token.service_user
        assert user.agency == agencies["police"] and user.is_active is True
    selects = [q for q in queries.captured_queries if q["sql"].lstrip().startswith("SELECT")]
    assert len(selects) == 1
    assert token.scopes == [str(Scope.EPISODES_WRITE)]  # a list, not the JSON text
    assert request.user == user
    assert TokenAuth().authenticate(request, secret[:-1] + "x") is None


def test_many_rows_are_split_as_bulk_create_splits_them(agencies: dict[str, Agency]) -> None:
    events = [
        audit_event(verb=AuditVerb.CHILD_VIEWED, actor=None, detail={"n": n}) for n in range(1500)
    ]
    record_events(events)
    ids = [event.pk for event in events]
    assert len(set(ids)) == 1500 and ids == sorted(ids)
    stored = dict(AuditEvent.objects.filter(pk__in=ids).values_list("pk", "detail"))
    assert [stored[pk]["n"] for pk in ids] == list(range(1500))

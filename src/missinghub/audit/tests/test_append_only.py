"""Audit events cannot be changed or removed: not by the ORM, not by raw SQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.audit.services import record_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return record_event(verb=AuditVerb.CHILD_VIEWED, actor=None, child_id=7)


def test_an_audit_event_cannot_be_saved_again(event):
    event.verb = AuditVerb.CHILD_CREATED
    with pytest.raises(PermissionError):
        event.save()


def test_the_orm_refuses_bulk_update_and_delete(event):
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(verb=AuditVerb.CHILD_CREATED)
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        event.delete()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET verb = 'child.created'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_the_database_refuses_update_and_delete(event, statement):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.verb == AuditVerb.CHILD_VIEWED
    assert stored.child_id == 7

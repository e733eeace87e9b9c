"""The subject-access bundle: everything held on one child, across all agencies, in one ZIP.

Inside: `records.json` (every row, by table, found through the model relations), `index.html`
(the same, readable, for the reply to the requester) and `disclosures.json` (which agencies and
roles looked at, exported or were told about the record, and when: who it was disclosed to).
Only the data protection officer makes one, with a stated reason; it is audited.
"""

import io
import json
import zipfile
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from missinghub.access.roles import Action, may
from missinghub.accounts.models import Agency, User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.audit.services import record_event
from missinghub.children.models import Child
from missinghub.exports.records import as_data, collect_child_records


class NotDataProtectionOfficer(PermissionError):
    pass


def _tables(child: Child) -> dict[str, list[dict[str, Any]]]:
    records = collect_child_records(child)
    return {
        model._meta.label_lower: [as_data(obj) for obj in objs]
        for model, objs in records.rows.items()
    }


def disclosures(child_id: int) -> list[dict[str, Any]]:
    """Who has acted on the child's record: agency and role, never a staff member's name."""
    events = AuditEvent.objects.filter(child_id=child_id).order_by("occurred_at", "id")
    agencies = dict(Agency.objects.values_list("pk", "name"))
    return [
        {
            "when": event.occurred_at.isoformat(),
            "what": event.verb_label,
            "agency": agencies.get(event.actor_agency_id or 0, ""),
            "role": event.actor_role,
        }
        for event in events
    ]


@transaction.atomic
def subject_access_bundle(*, actor: User, child: Child, reason: str) -> tuple[str, bytes]:
    """(file name, ZIP bytes) for the child; audited with the reason and the row counts."""
    if not may(actor, Action.ACT_AS_DATA_PROTECTION_OFFICER):
        record_event(
            verb=AuditVerb.ACCESS_REFUSED,
            actor=actor,
            child_id=child.pk,
            detail={"action": "subject access bundle"},
        )
        raise NotDataProtectionOfficer("subject access bundle")
    tables = _tables(child)
    disclosed = disclosures(child.pk)
    record_event(
        verb=AuditVerb.SUBJECT_ACCESS_BUNDLE_PRODUCED,
        actor=actor,
        target=child,
        child_id=child.pk,
        detail={"reason": reason, "rows": {name: len(rows) for name, rows in tables.items()}},
    )
    made_at = timezone.localtime()
    html = render_to_string(
        "exports/subject_access_bundle.html",
        {"child": child, "tables": tables, "disclosures": disclosed, "made_at": made_at},
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("records.json", json.dumps(tables, indent=2, default=str))
        bundle.writestr("disclosures.json", json.dumps(disclosed, indent=2))
        bundle.writestr("index.html", html)
    return f"subject-access-child-{child.pk}-{made_at:%Y%m%d}.zip", buffer.getvalue()

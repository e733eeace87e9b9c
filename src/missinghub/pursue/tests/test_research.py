"""The research export of the network: pseudonyms only, the same child pseudonym as the research
CSV, links handled under conditions left out, analysts only."""

import csv
import io

import pytest
from django.utils import timezone

from missinghub.accounts.models import Role
from missinghub.audit.models import AuditEvent
from missinghub.exports.pseudonyms import pseudonym
from missinghub.exports.services import ExportRefused, export_research_network
from missinghub.pursue.models import EntityKind
from missinghub.pursue.services import Grading, Mention, record_link

pytestmark = pytest.mark.django_db
KEY = "k" * 40


def test_the_network_is_exported_without_names_numbers_or_conditioned_links(
    settings, make_user, worker, children
) -> None:
    settings.MISSINGHUB_PSEUDONYM_KEY = KEY
    for child, handling in ((children[0], "P"), (children[1], "P"), (children[2], "C")):
        record_link(
            actor=worker,
            child=child,
            mention=Mention(kind=EntityKind.PHONE, value="07700 900123"),
            source="police_log",
            seen_on=timezone.localdate(),
            grading=Grading("2", "B", handling),
        )
    analyst = make_user("police", Role.ANALYST)
    export = export_research_network(actor=analyst, reason="Evaluation of disruption work")
    rows = list(csv.DictReader(io.StringIO(export.content.removeprefix("\ufeff"))))
    assert export.rows == len(rows) == 2
    assert "07700" not in export.content and children[0].family_name not in export.content
    assert rows[0]["child_pseudonym"] == pseudonym("child", children[0].pk, key=KEY.encode())
    assert rows[0]["contact_pseudonym"] == rows[1]["contact_pseudonym"]
    assert {row["contact_kind"] for row in rows} == {"phone"}
    assert AuditEvent.objects.filter(verb="export.research_produced").exists()
    with pytest.raises(ExportRefused):
        export_research_network(actor=worker, reason="Not an analyst")

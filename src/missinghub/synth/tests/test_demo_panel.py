"""`demo_setup` gives the demo's panel chair a VEMT panel with an upcoming meeting and agenda."""

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from missinghub.accounts.models import Role
from missinghub.casework.models import AgendaItem, Panel, PanelMeeting
from missinghub.episodes.models import Episode
from missinghub.protocols import hooks
from missinghub.protocols.models import ProtocolTask, TaskKind


@pytest.mark.django_db
def test_demo_panel_has_an_upcoming_agenda_and_takes_new_referrals(tmp_path: Path) -> None:
    call_command("synth", episodes=1500, seed=2, out=tmp_path, end_date=date.today(), load=True)
    call_command("demo_setup", stdout=io.StringIO())
    call_command("demo_setup", stdout=io.StringIO())  # again: same panel, same meeting
    panel = Panel.objects.get(name="Northdale VEMT panel")
    assert panel.chair.role == Role.PANEL_CHAIR
    assert {Role.MISSING_TEAM_MANAGER, Role.POLICE_SUPERVISOR} <= {
        m.role for m in panel.members.all()
    }
    meeting = PanelMeeting.objects.get(panel=panel)
    assert meeting.meets_at > timezone.now() and not meeting.held
    assert meeting.items.exists()
    # A referral the protocol raises later goes straight onto that agenda: the protocol's
    # services announce each new task on the named hook casework reacts to.
    episode = Episode.objects.exclude(child__agenda_items__meeting=meeting).first()
    assert episode is not None
    now = timezone.now()
    task = ProtocolTask.objects.create(
        child_id=episode.child_id,
        episode=episode,
        kind=TaskKind.PANEL_REFERRAL,
        owner_team="VEMT practitioners' panel",
        owner_agency=panel.agency,
        triggered_at=now,
        due_at=now + timedelta(days=14),
        rule="vemt-practitioners-agenda",
        protocol_name="hartlepool-vemt",
        protocol_version="2018.1",
        decision_key=f"test/vemt/episode:{episode.pk}",
    )
    hooks.task_created.call(task=task)
    assert AgendaItem.objects.filter(meeting=meeting, task=task).exists()

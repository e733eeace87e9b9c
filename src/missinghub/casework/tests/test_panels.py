"""Panels: a protocol referral (3 missing episodes in 90 days, Hartlepool VEMT) goes onto the next
meeting's agenda; the letter, the discussion with the child's views (closing the referral task),
actions with owners and due dates; the meeting held closes the agenda."""

import datetime as dt

import pytest
from django.utils import timezone

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.casework.models import AgendaItem, PanelKind
from missinghub.casework.selectors.panels import agenda_for_user, panel_timeline_entries
from missinghub.casework.services.panels import (
    PanelError,
    add_child_to_agenda,
    agree_action,
    complete_action,
    create_panel,
    mark_meeting_held,
    record_discussion,
    schedule_meeting,
    send_letter,
    waiting_referrals,
)
from missinghub.casework.tests.scenarios import looked_after_child, report_episodes
from missinghub.children.tests.factories import ChildFactory
from missinghub.protocols.models import ProtocolTask, TaskKind, TaskStatus

NEXT_WEEK = dt.timedelta(days=7)


@pytest.fixture(autouse=True)
def _vemt_protocol(settings):
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "hartlepool-vemt"


@pytest.fixture
def chair(make_user):
    return make_user("social_care", Role.PANEL_CHAIR)


@pytest.fixture
def panel(chair, make_user):
    return create_panel(
        actor=chair,
        name="Testshire VEMT practitioners",
        kind=PanelKind.VEMT,
        members=[make_user("police", Role.POLICE_SUPERVISOR)],
    )


@pytest.fixture
def meeting(chair, panel):
    return schedule_meeting(
        actor=chair, panel=panel, meets_at=timezone.now() + NEXT_WEEK, location="Room 2"
    )


@pytest.fixture
def child(agencies):
    return looked_after_child(agencies, given_name="Sky", family_name="Panelford")


def test_a_third_missing_episode_in_90_days_puts_the_child_on_the_next_agenda(
    meeting, child, agencies
):
    report_episodes(child, agencies, [60, 30])
    assert not meeting.items.exists()

    report_episodes(child, agencies, [1])

    task = ProtocolTask.objects.get(child=child, kind=TaskKind.PANEL_REFERRAL)
    assert task.owner_agency == agencies["social_care"]
    item = meeting.items.get()
    assert (item.child, item.task) == (child, task)
    assert "3 or more missing episodes in 90 days" in item.reason
    assert "vemt-practitioners-agenda" in item.reason
    assert AuditEvent.objects.filter(verb=AuditVerb.AGENDA_ITEM_ADDED, child_id=child.pk).exists()


def test_three_episodes_spread_over_more_than_90_days_refer_no_one(meeting, child, agencies):
    report_episodes(child, agencies, [200, 100, 1])
    assert not ProtocolTask.objects.filter(kind=TaskKind.PANEL_REFERRAL).exists()
    assert not meeting.items.exists()


def test_a_referral_waits_for_the_next_meeting(chair, panel, child, agencies):
    report_episodes(child, agencies, [50, 20, 2])
    [task] = waiting_referrals(panel)

    meeting = schedule_meeting(actor=chair, panel=panel, meets_at=timezone.now() + NEXT_WEEK)

    assert meeting.items.get().task == task
    assert not waiting_referrals(panel).exists()


def test_a_strategy_meeting_panel_does_not_take_vemt_referrals(chair, child, agencies):
    strategy = create_panel(actor=chair, name="Strategy", kind=PanelKind.STRATEGY)
    meeting = schedule_meeting(actor=chair, panel=strategy, meets_at=timezone.now() + NEXT_WEEK)
    report_episodes(child, agencies, [50, 20, 2])
    assert not meeting.items.exists()


def test_letter_discussion_and_actions_close_the_referral(meeting, chair, child, agencies):
    report_episodes(child, agencies, [50, 20, 2])
    item = meeting.items.get()

    send_letter(actor=chair, item=item)
    first_sent = item.letter_sent_at
    send_letter(actor=chair, item=item)  # printed again: the first date stays
    assert first_sent is not None and item.letter_sent_at == first_sent

    with pytest.raises(PanelError, match="discussed"):
        record_discussion(actor=chair, item=item, discussion="  ")
    record_discussion(
        actor=chair,
        item=item,
        discussion="Goes missing to see older friends in town; phone contact agreed.",
        child_voice="I just want to see my mates. I don't like the home's curfew.",
    )
    item.task.refresh_from_db()
    assert item.task.status == TaskStatus.DONE
    assert item.discussed_at is not None

    with pytest.raises(PanelError, match="past"):
        agree_action(
            actor=chair,
            item=item,
            description="Review curfew",
            owner=chair,
            due_date=timezone.localdate() - dt.timedelta(days=1),
        )
    action = agree_action(
        actor=chair,
        item=item,
        description="Review the home's curfew with Sky",
        owner=chair,
        due_date=timezone.localdate() + dt.timedelta(days=14),
    )
    assert action.agreed_on == timezone.localdate()
    complete_action(actor=chair, action=action)
    assert action.done_on == timezone.localdate()
    with pytest.raises(PanelError, match="already done"):
        complete_action(actor=chair, action=action)
    verbs = set(AuditEvent.objects.filter(child_id=child.pk).values_list("verb", flat=True))
    assert {
        AuditVerb.PANEL_LETTER_SENT,
        AuditVerb.PANEL_DISCUSSION_RECORDED,
        AuditVerb.PANEL_ACTION_AGREED,
        AuditVerb.PANEL_ACTION_DONE,
        AuditVerb.PROTOCOL_TASK_DONE,
    } <= verbs


def test_the_chair_adds_a_child_by_hand_until_the_meeting_is_held(meeting, chair, agencies):
    child = looked_after_child(agencies)
    item = add_child_to_agenda(
        actor=chair, meeting=meeting, child=child, reason="School concerned about older males"
    )
    assert item.task is None
    with pytest.raises(PanelError, match="already on the agenda"):
        add_child_to_agenda(actor=chair, meeting=meeting, child=child, reason="Again")
    with pytest.raises(PanelError, match="before its time"):
        mark_meeting_held(actor=chair, meeting=meeting)
    meeting.meets_at = timezone.now() - dt.timedelta(hours=1)
    mark_meeting_held(actor=chair, meeting=meeting)
    with pytest.raises(PanelError, match="held"):
        add_child_to_agenda(
            actor=chair, meeting=meeting, child=looked_after_child(agencies), reason="x"
        )


def test_a_meeting_cannot_be_scheduled_in_the_past(chair, panel):
    with pytest.raises(PanelError, match="future"):
        schedule_meeting(actor=chair, panel=panel, meets_at=timezone.now() - NEXT_WEEK)


def test_the_agenda_names_only_children_the_user_may_see(meeting, chair, make_user, agencies):
    shared = looked_after_child(agencies)
    unshared = ChildFactory()
    add_child_to_agenda(actor=chair, meeting=meeting, child=shared, reason="Concern")
    add_child_to_agenda(actor=chair, meeting=meeting, child=unshared, reason="Concern")

    items, hidden = agenda_for_user(user=chair, meeting=meeting)

    assert [i.child for i in items] == [shared]
    assert hidden == 1


def test_panel_discussions_join_the_child_timeline(meeting, chair, child, agencies):
    item = add_child_to_agenda(actor=chair, meeting=meeting, child=child, reason="Concern")
    [entry] = panel_timeline_entries(chair, child.pk)
    assert entry.title == f"On the agenda of {meeting.panel.name}"
    record_discussion(actor=chair, item=item, discussion="Discussed")
    agree_action(
        actor=chair, item=item, description="Visit", owner=chair, due_date=timezone.localdate()
    )
    [entry] = panel_timeline_entries(chair, child.pk)
    assert (entry.kind, entry.detail) == ("Panel discussion", "1 action agreed")
    assert AgendaItem.objects.get(pk=item.pk).discussed_at == entry.when

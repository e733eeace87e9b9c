"""One open panel referral per child and panel: later qualifying episodes join it; the child is
referred again only once the panel has discussed them. Escalation tiers (Lancashire's joint
intervention, then the senior managers' strategy meeting) come from the protocol file."""

import pytest
from django.utils import timezone

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.casework.models import PanelKind
from missinghub.casework.services.panels import (
    add_child_to_agenda,
    create_panel,
    record_discussion,
    schedule_meeting,
    waiting_referrals,
)
from missinghub.casework.tests.scenarios import looked_after_child, report_episodes
from missinghub.protocols.models import ProtocolTask, ReferralEpisode, TaskKind, TaskStatus
from missinghub.protocols.services import close_task

NEXT_WEEK = timezone.timedelta(days=7)


@pytest.fixture
def chair(make_user):
    return make_user("social_care", Role.PANEL_CHAIR)


@pytest.fixture
def child(agencies):
    return looked_after_child(agencies, given_name="Rowan", family_name="Oncefield")


def vemt_meeting(chair, kind=PanelKind.VEMT, name="Testshire VEMT"):
    panel = create_panel(actor=chair, name=name, kind=kind)
    return schedule_meeting(actor=chair, panel=panel, meets_at=timezone.now() + NEXT_WEEK)


def test_five_missing_episodes_in_90_days_make_one_referral_and_one_agenda_item(
    settings, chair, child, agencies
):
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "hartlepool-vemt"
    meeting = vemt_meeting(chair)
    episodes = report_episodes(child, agencies, [50, 40, 30, 20, 10])

    [referral] = ProtocolTask.objects.filter(child=child, kind=TaskKind.PANEL_REFERRAL)
    assert referral.episode == episodes[2]  # the third in 90 days
    joined = ReferralEpisode.objects.filter(task=referral)
    assert [j.episode for j in joined] == episodes[3:]
    assert meeting.items.filter(child=child).count() == 1
    assert not waiting_referrals(meeting.panel).exists()
    assert (
        AuditEvent.objects.filter(
            verb=AuditVerb.PROTOCOL_REFERRAL_JOINED, child_id=child.pk
        ).count()
        == 2
    )


def test_once_discussed_the_child_is_referred_afresh(settings, chair, child, agencies):
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "hartlepool-vemt"
    meeting = vemt_meeting(chair)
    report_episodes(child, agencies, [60, 50, 40])
    item = meeting.items.get(child=child)
    record_discussion(actor=chair, item=item, discussion="Safety plan agreed with the home.")
    assert item.task.__class__.objects.get(pk=item.task_id).status == TaskStatus.DONE

    report_episodes(child, agencies, [5])

    referrals = ProtocolTask.objects.filter(child=child, kind=TaskKind.PANEL_REFERRAL)
    assert referrals.count() == 2
    assert referrals.filter(status=TaskStatus.OPEN).count() == 1


def test_a_child_added_by_hand_is_not_also_a_waiting_referral(settings, chair, child, agencies):
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "hartlepool-vemt"
    meeting = vemt_meeting(chair)
    add_child_to_agenda(actor=chair, meeting=meeting, child=child, reason="Worried about a man")
    report_episodes(child, agencies, [30, 20, 10])

    item = meeting.items.get(child=child)
    assert item.task is not None and item.task.kind == TaskKind.PANEL_REFERRAL
    assert not waiting_referrals(meeting.panel).exists()


def test_lancashire_escalates_once_and_does_not_send_the_child_back_down(
    settings, chair, child, agencies
):
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "lancashire"
    report_episodes(child, agencies, [200, 180, 160, 140, 120, 100, 80, 60])

    joint = ProtocolTask.objects.filter(child=child, kind=TaskKind.PANEL_REFERRAL)
    strategy = ProtocolTask.objects.filter(child=child, kind=TaskKind.STRATEGY_MEETING)
    assert joint.count() == 1  # the 3rd; the 4th and 5th join it
    assert strategy.count() == 1  # the 6th escalates; the 7th and 8th join it
    assert ReferralEpisode.objects.filter(task__in=joint).count() == 2
    assert ReferralEpisode.objects.filter(task__in=strategy).count() == 2


def test_a_joint_referral_joins_an_open_strategy_referral(settings, chair, child, agencies):
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "lancashire"
    # Six in a year (the sixth: strategy); the joint group has met. Later episodes count 5 in
    # their year (the joint tier) while the strategy referral is still open: they join it.
    report_episodes(child, agencies, [700, 690, 680, 670, 660, 650])
    [joint] = ProtocolTask.objects.filter(child=child, kind=TaskKind.PANEL_REFERRAL)
    close_task(actor=chair, task=joint, status=TaskStatus.DONE)
    report_episodes(child, agencies, [320, 310, 300])

    [strategy] = ProtocolTask.objects.filter(child=child, kind=TaskKind.STRATEGY_MEETING)
    assert ProtocolTask.objects.filter(child=child, kind=TaskKind.PANEL_REFERRAL).count() == 1
    assert [j.rule for j in ReferralEpisode.objects.filter(task=strategy)] == [
        "joint-agency-intervention"
    ] * 3

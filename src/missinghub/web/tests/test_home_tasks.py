import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from missinghub.accounts.models import Role
from missinghub.children.tests.factories import ChildFactory
from missinghub.episodes.intake import report_missing
from missinghub.episodes.models import EpisodeCategory, ReturnMethod, RiskLevel
from missinghub.episodes.services import record_return
from missinghub.protocols.models import ProtocolTask, TaskKind
from missinghub.protocols.services import apply_protocol_for_episode

pytestmark = pytest.mark.django_db


def test_the_missing_team_sees_its_interview_task_with_the_deadline(client, make_user, agencies):
    returned_at = timezone.now() - dt.timedelta(hours=80)  # 72-hour deadline has passed
    episode = report_missing(
        actor=None,
        child=ChildFactory(given_name="Morgan"),
        category=EpisodeCategory.MISSING,
        last_seen_at=returned_at - dt.timedelta(hours=6),
        reported_at=returned_at - dt.timedelta(hours=5),
        reporting_agency=agencies["police"],
        source_system="t",
        source_reference="1",
        risk_level=RiskLevel.LOW,
        risk_reason="Usually returns by morning",
        notify=(agencies["missing_team"],),
    )
    record_return(
        actor=None, episode=episode, returned_at=returned_at, return_method=ReturnMethod.OTHER
    )
    # Recording the return applied the active protocol (England's statutory guidance).
    task = ProtocolTask.objects.get(episode=episode, kind=TaskKind.RETURN_INTERVIEW)
    assert (task.protocol_name, task.owner_agency) == (
        "england-statutory",
        agencies["missing_team"],
    )
    assert apply_protocol_for_episode(episode) == []  # applying again creates nothing
    assert task.due_at == returned_at + dt.timedelta(hours=72)

    client.force_login(make_user("missing_team", Role.MISSING_TEAM_WORKER))
    page = client.get(reverse("web:home")).content.decode()
    assert "Return interview" in page
    assert "Overdue" in page
    assert timezone.localtime(task.due_at).strftime("%-d %b %Y %H:%M") in page

    client.force_login(make_user("police", Role.POLICE_OFFICER))
    assert "Your team has no open tasks" in client.get(reverse("web:home")).content.decode()

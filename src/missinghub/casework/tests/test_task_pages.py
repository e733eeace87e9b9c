"""Every kind of task has a page that completes it, named on the task; after completing it the
home page no longer shows it. The youth-worker visit (Northamptonshire), alerts acknowledged
with what was done, panel actions on their owner's home page."""

import datetime as dt
from uuid import uuid4

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from missinghub.accounts.models import Role
from missinghub.casework.models import Acknowledgement, PanelKind, PoliceReview, YouthWorkerVisit
from missinghub.casework.services.panels import agree_action, create_panel, schedule_meeting
from missinghub.casework.task_pages import TASK_PAGES, task_page_url
from missinghub.casework.tests.returns import returned_ten_hours_ago
from missinghub.casework.tests.scenarios import looked_after_child, report_episodes
from missinghub.casework.tests.test_views import PASSWORD
from missinghub.children.tests.factories import ChildFactory
from missinghub.kit.forms import initial_date_parts
from missinghub.protocols.engine.model import TASK_KINDS
from missinghub.protocols.models import ProtocolTask, TaskKind, TaskStatus

pytestmark = pytest.mark.django_db

# The task kinds: the protocol engine's, and those casework raises itself (a social-care alert
# from an interview outcome or a high screening).
EVERY_KIND = sorted(set(TASK_KINDS) | set(TaskKind.values))


@pytest.fixture
def signed_in(sign_in):
    def as_user(user):
        client = Client()  # a new browser for each user
        sign_in(client, user, PASSWORD)
        return client

    return as_user


def test_every_task_kind_names_a_page_that_completes_it() -> None:
    missing = [kind for kind in EVERY_KIND if kind not in TASK_PAGES]
    assert missing == []
    for kind in EVERY_KIND:
        assert reverse(TASK_PAGES[kind], args=[1]).startswith("/casework/tasks/1/")


def test_each_kinds_page_opens_for_its_owner(settings, signed_in, make_user, agencies):
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "lancashire"
    child = looked_after_child(agencies, given_name="Kit", family_name="Everykind")
    report_episodes(child, agencies, [200, 190, 180, 170, 160, 150])
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "northamptonshire"
    visited = ChildFactory(given_name="Pat", family_name="Firsttime")
    report_episodes(visited, agencies, [5])  # missing 3 times or fewer: a youth-worker visit
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "hartlepool-vemt"
    reviewed = ChildFactory(given_name="Mo", family_name="Stillout")
    report_episodes(reviewed, agencies, [0], last_open=True)  # a police review while missing
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "england-statutory"
    returned_ten_hours_ago(agencies, child, "EVERY-1")  # the missing team is told
    owners = {
        "police": make_user("police", Role.POLICE_OFFICER),
        "social_care": make_user("social_care", Role.SOCIAL_WORKER),
        "missing_team": make_user("missing_team", Role.MISSING_TEAM_WORKER),
    }
    clients = {key: signed_in(user) for key, user in owners.items()}
    seen = set()
    open_tasks = ProtocolTask.objects.filter(
        child__in=[child, visited, reviewed], status=TaskStatus.OPEN
    )
    for task in open_tasks.exclude(owner_agency=None):
        key = next(
            (k for k, agency in agencies.items() if agency.pk == task.owner_agency_id),
            f"{task.kind} owned by {task.owner_agency_id}",
        )
        client = clients[key]
        home = client.get(reverse("web:home")).content.decode()
        assert task_page_url(task) in home, task.kind
        page = client.get(task_page_url(task), follow=True)
        assert page.status_code == 200, task.kind
        seen.add(task.kind)
    assert seen == set(EVERY_KIND)


def test_a_youth_worker_visit_completes_its_task_and_leaves_the_home_page(
    settings, signed_in, make_user, agencies
):
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "northamptonshire"
    report_episodes(ChildFactory(given_name="Lee", family_name="Visitfield"), agencies, [1])
    task = ProtocolTask.objects.get(kind=TaskKind.YOUTH_WORKER_VISIT)
    assert task.owner_agency == agencies["police"]
    client = signed_in(make_user("police", Role.POLICE_OFFICER))
    url = task_page_url(task)
    assert url in client.get(reverse("web:home")).content.decode()

    visit = {
        **initial_date_parts("visited", timezone.now()),
        "seen": "yes",
        "outcome": "ongoing_support",
        "notes": "Talked about football and the youth club.",
        "submission_id": str(uuid4()),
    }
    refused = client.post(url, visit)  # take-up of support not answered
    assert "Select whether the child took up further support" in refused.content.decode()
    client.post(url, {**visit, "support_taken_up": "yes"})

    recorded = YouthWorkerVisit.objects.get(task=task)
    assert (recorded.seen, recorded.support_taken_up, recorded.outcome) == (
        True,
        True,
        "ongoing_support",
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert url not in client.get(reverse("web:home")).content.decode()


def test_a_social_care_alert_is_acknowledged_with_what_was_done(signed_in, make_user, agencies):
    child = looked_after_child(agencies, given_name="Jo", family_name="Alertwood")
    report_episodes(child, agencies, [1], last_open=True)  # england-statutory: alert at once
    task = ProtocolTask.objects.get(kind=TaskKind.SOCIAL_CARE_ALERT)
    client = signed_in(make_user("social_care", Role.SOCIAL_WORKER))
    url = task_page_url(task)
    empty = client.post(url, {"what_was_done": "", "submission_id": str(uuid4())})
    assert "Enter what was done" in empty.content.decode()
    done = {
        "what_was_done": "Rang the home; strategy discussion held.",
        "submission_id": str(uuid4()),
    }
    client.post(url, done)
    client.post(url, done)  # Back then resubmit
    assert Acknowledgement.objects.get(task=task).what_was_done.startswith("Rang the home")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert url not in client.get(reverse("web:home")).content.decode()


def test_a_notification_is_acknowledged_and_leaves_the_home_page(signed_in, make_user, agencies):
    episode = returned_ten_hours_ago(
        agencies, ChildFactory(given_name="Bo", family_name="Toldwell"), "TOLD-1"
    )
    notification = episode.notifications.get(to_agency=agencies["missing_team"])
    client = signed_in(make_user("missing_team", Role.MISSING_TEAM_WORKER))
    url = reverse("casework:notification-acknowledge", args=[notification.pk])
    assert url in client.get(reverse("web:home")).content.decode()
    client.post(url, {"what_was_done": "Checked our records.", "submission_id": str(uuid4())})
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert url not in client.get(reverse("web:home")).content.decode()
    # Acknowledged is not forgotten: the team still sees the child.
    assert client.get(reverse("web:child", args=[episode.child_id])).status_code == 200


def test_a_panel_action_is_on_its_owners_home_page_until_done(
    settings, signed_in, make_user, agencies
):
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "hartlepool-vemt"
    chair = make_user("social_care", Role.PANEL_CHAIR)
    owner = make_user("social_care", Role.SOCIAL_WORKER)
    panel = create_panel(actor=chair, name="Testshire VEMT", kind=PanelKind.VEMT, members=[owner])
    meeting = schedule_meeting(
        actor=chair, panel=panel, meets_at=timezone.now() + dt.timedelta(days=7)
    )
    child = looked_after_child(agencies, given_name="Ray", family_name="Actionby")
    report_episodes(child, agencies, [30, 20, 10])
    item = meeting.items.get(child=child)
    referral = ProtocolTask.objects.get(kind=TaskKind.PANEL_REFERRAL, child=child)
    client = signed_in(owner)
    page = client.get(task_page_url(referral))
    assert page.status_code == 302
    assert page["Location"] == reverse("casework:agenda-item", args=[item.pk])

    due = timezone.localdate() + dt.timedelta(days=14)
    action = agree_action(
        actor=chair,
        item=item,
        description="Visit the placement with the police",
        owner=owner,
        due_date=due,
    )
    home = client.get(reverse("web:home")).content.decode()
    assert "Visit the placement with the police" in home
    assert due.strftime("%-d %b %Y") in home

    client.post(reverse("casework:panel-action-done", args=[action.pk]))
    assert (
        "Visit the placement with the police"
        not in client.get(reverse("web:home")).content.decode()
    )


def test_a_waiting_referral_names_where_it_waits(settings, signed_in, make_user, agencies):
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "hartlepool-vemt"
    child = looked_after_child(agencies, given_name="Ola", family_name="Waitfield")
    report_episodes(child, agencies, [30, 20, 10])
    referral = ProtocolTask.objects.get(kind=TaskKind.PANEL_REFERRAL, child=child)
    page = signed_in(make_user("social_care", Role.SOCIAL_WORKER)).get(task_page_url(referral))
    assert "No panel of your agency takes this kind of referral yet" in page.content.decode()


def test_another_agency_cannot_complete_the_task(settings, signed_in, make_user, agencies):
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "northamptonshire"
    report_episodes(ChildFactory(given_name="Sam", family_name="Otherside"), agencies, [1])
    task = ProtocolTask.objects.get(kind=TaskKind.YOUTH_WORKER_VISIT)
    client = signed_in(make_user("missing_team", Role.MISSING_TEAM_WORKER))
    assert client.get(task_page_url(task)).status_code == 404


def test_a_police_review_completes_its_task_and_schedules_the_next(
    settings, signed_in, make_user, agencies
):
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "hartlepool-vemt"
    child = ChildFactory(given_name="Ray", family_name="Reviewgate")
    [episode] = report_episodes(child, agencies, [0], last_open=True)
    task = ProtocolTask.objects.get(kind=TaskKind.POLICE_REVIEW)
    assert task.owner_agency == agencies["police"]
    client = signed_in(make_user("police", Role.POLICE_SUPERVISOR))
    url = task_page_url(task)
    assert url in client.get(reverse("web:home")).content.decode()
    review = {
        **initial_date_parts("reviewed", timezone.now()),
        "progress": "Friends and the school called; phone last used near the station.",
        "next_steps": "Check the station's cameras; visit the boyfriend's address.",
        "submission_id": str(uuid4()),
    }
    refused = client.post(url, review)  # whether the risk is right not answered
    assert "Select whether the risk level is still right" in refused.content.decode()
    done = client.post(url, {**review, "risk_level_right": "no"})
    assert done["Location"] == reverse("web:regrade-risk", args=[episode.pk])  # a supervisor
    client.post(url, {**review, "risk_level_right": "no"})  # Back, then send again

    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert PoliceReview.objects.get().task == task
    following = ProtocolTask.objects.get(kind=TaskKind.POLICE_REVIEW, status=TaskStatus.OPEN)
    assert following.due_at == task.closed_at + dt.timedelta(hours=12)  # medium: 12 hours
    home = client.get(reverse("web:home")).content.decode()
    assert url not in home
    assert task_page_url(following) in home
    episode_page = client.get(reverse("web:episode", args=[episode.pk])).content.decode()
    assert "Check the station&#x27;s cameras" in episode_page

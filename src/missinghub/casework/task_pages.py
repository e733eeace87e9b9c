"""The page that completes each kind of task, named on the task (the home page links there).

A test enumerates the task kinds (the protocol engine's and casework's own) and fails for a
kind with no page here. A new kind of task needs its page added to TASK_PAGES."""

from django.urls import reverse

from missinghub.protocols.models import ProtocolTask, TaskKind

TASK_PAGES: dict[str, str] = {
    TaskKind.RETURN_INTERVIEW: "casework:task-interview",
    TaskKind.YOUTH_WORKER_VISIT: "casework:task-visit",
    TaskKind.SOCIAL_CARE_ALERT: "casework:task-alert",
    TaskKind.POLICE_REVIEW: "casework:task-police-review",
    # A referral is completed by the panel's discussion: its agenda item, or the panel where
    # it waits for the next meeting.
    TaskKind.PANEL_REFERRAL: "casework:task-referral",
    TaskKind.STRATEGY_MEETING: "casework:task-referral",
}


def task_page_url(task: ProtocolTask) -> str:
    return reverse(TASK_PAGES[task.kind], args=[task.pk])

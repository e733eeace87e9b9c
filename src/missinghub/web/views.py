"""Thin views: read through selectors, audit through services, render a template."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.roles import Action, may
from missinghub.audit.services import record_children_listed
from missinghub.casework.selectors import tasks as task_selectors
from missinghub.casework.selectors.risk_assessments import open_assessment_tasks_for_user
from missinghub.casework.timeline import timeline_for_child
from missinghub.children.selectors import (
    current_placement,
    placed_across_borders_for_user,
    search_children_for_user,
)
from missinghub.children.services import ChildNotVisible, open_child_record
from missinghub.episodes import selectors as episode_selectors
from missinghub.episodes.services import open_episode_record
from missinghub.kit.links import link_maker
from missinghub.protocols.selectors import open_tasks_for_user
from missinghub.protocols.services import task_state
from missinghub.web.child_summary import SHOWN_AT_FIRST, summarise_child


@guard()
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    now = timezone.now()
    tasks = [
        (task, task_state(task, now))
        for task in open_tasks_for_user(user=user).filter(owner_agency=user.agency_id)[:50]
    ]
    missing_now = list(episode_selectors.missing_now_for_user(user=user)[:50])
    notifications = list(task_selectors.unread_notifications_for_user(user=user)[:20])
    actions = list(task_selectors.open_actions_for_user(user=user)[:50])
    assessment_tasks = (
        list(open_assessment_tasks_for_user(user=user)[:50])
        if may(user, Action.MANAGE_RISK_ASSESSMENTS)
        else []
    )
    record_children_listed(
        user=user,
        list_name="home",
        child_ids={e.child_id for e in missing_now}
        | {n.child_id for n in notifications}
        | {t.child_id for t, _ in tasks}
        | {a.item.child_id for a in actions}
        | {t.child_id for t in assessment_tasks},
    )
    return render(
        request,
        "web/home.html",
        {
            "missing_now": missing_now,
            "tasks": tasks,
            "notifications": notifications,
            "panel_actions": actions,
            "assessment_tasks": assessment_tasks,
            "may_record_prevention": may(user, Action.RECORD_PREVENTION),
            "may_audit_interviews": may(user, Action.AUDIT_INTERVIEWS),
            "today": timezone.localdate(),
            "may_see_child_records": may(user, Action.SEE_CHILD_RECORDS),
        },
    )


@guard(Action.SEE_CHILD_RECORDS)
def child_detail(request: HttpRequest, child_id: int) -> HttpResponse:
    user = signed_in_user(request)
    try:
        child = open_child_record(user=user, child_id=child_id)
    except ChildNotVisible:
        raise Http404("No child record you can see has that number.") from None
    link = link_maker("web:episode")
    rows = episode_selectors.episode_rows_of_child_for_user(user=user, child_id=child.pk)
    show_all = request.GET.get("all") == "1"
    shown = rows if show_all else rows[:SHOWN_AT_FIRST]
    timeline = timeline_for_child(user=user, child_id=child.pk, episodes=rows)
    placement = current_placement(child)
    return render(
        request,
        "web/child.html",
        {
            "child": child,
            "placement": placement,
            "summary": summarise_child(user=user, child=child, rows=rows, placement=placement),
            "episodes": [(episode, link(episode.pk)) for episode in shown],
            "episode_count": len(rows),
            "timeline": timeline if show_all else timeline[-SHOWN_AT_FIRST:],
            "timeline_count": len(timeline),
            "show_all": show_all,
            "may_screen_exploitation": may(user, Action.SCREEN_EXPLOITATION) and bool(rows),
            "may_run_interventions": may(user, Action.RUN_INTERVENTIONS),
        },
    )


@guard(Action.SEE_CHILD_RECORDS)
def episode_detail(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = signed_in_user(request)
    episode = open_episode_record(user=user, episode_id=episode_id)
    if episode is None:
        raise Http404("No episode you can see has that number.")
    police = episode_selectors.police_part_of_episode(episode)
    gradings = [
        (grading, police.category_changes.get(grading.pk))
        for grading in episode.risk_gradings.all()
    ]
    context = {
        "episode": episode,
        "gradings": gradings,
        "police": police,
        "reviews": task_selectors.police_reviews_of_episode(episode.pk),
        "may_regrade": episode.is_open and may(user, Action.REGRADE_RISK),
        "may_log": may(user, Action.KEEP_POLICE_LOG),
        "may_interview": episode.returned_at is not None
        and police.prevention_interview is None
        and may(user, Action.CONDUCT_PREVENTION_INTERVIEWS),
    }
    return render(request, "web/episode.html", context)


@guard()
def search(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    query = request.GET.get("q", "").strip()[:200]
    results = search_children_for_user(user=user, query=query) if query else []
    record_children_listed(user=user, list_name="search", child_ids={c.pk for c in results})
    return render(request, "web/search.html", {"query": query, "results": results})


@guard()
def placed_across_borders(request: HttpRequest) -> HttpResponse:
    """Children placed in our area by other councils, and ours placed elsewhere."""
    user = signed_in_user(request)
    placed_here, placed_away = placed_across_borders_for_user(user=user)
    shown = {p.child_id for p in placed_here} | {p.child_id for p in placed_away}
    record_children_listed(user=user, list_name="placed_across_borders", child_ids=shown)
    context = {"placed_here": placed_here, "placed_away": placed_away, "area": user.agency.area}
    return render(request, "web/placed_across_borders.html", context)

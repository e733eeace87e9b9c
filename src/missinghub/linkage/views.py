"""Linkage pages: the review queue, a pair side by side, merges and unmerge, and the intake
candidates fragment shown on the report-missing form."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.policy import visible_child_ids
from missinghub.access.roles import Action
from missinghub.accounts.models import AgencyKind
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_children_listed, record_event
from missinghub.linkage import selectors
from missinghub.linkage.forms import ReferenceDecisionForm, ReviewDecisionForm, UnmergeForm
from missinghub.linkage.models import ReviewStatus
from missinghub.linkage.services import (
    MergeRefused,
    accept_pair,
    candidates_for,
    decide_reference,
    reject_pair,
    unmerge,
)


@guard(Action.REVIEW_MATCHES)
def review_queue(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    pairs = list(selectors.pending_pairs(user)[:200])
    held = list(selectors.pending_references(user)[:200])
    children = selectors.children_by_id(
        {p.first_child_id for p in pairs}
        | {p.second_child_id for p in pairs}
        | {r.child_id for r in held}
    )
    rows = [(p, children[p.first_child_id], children[p.second_child_id]) for p in pairs]
    references = [(r, children[r.child_id]) for r in held if r.child_id in children]
    record_children_listed(user=user, list_name="linkage_review_queue", child_ids=set(children))
    context = {"rows": rows, "references": references}
    return render(request, "linkage/review_queue.html", context)


@guard(Action.REVIEW_MATCHES)
def review_reference(request: HttpRequest, review_id: int) -> HttpResponse:
    """A reference an import held at the door: does it belong to the child it names?"""
    user = signed_in_user(request)
    review, child = selectors.reference_for(user, review_id)
    form = ReferenceDecisionForm(request.POST or None)
    if request.method == "POST" and review.status == ReviewStatus.PENDING and form.is_valid():
        same = form.cleaned_data["decision"] == "same"
        try:
            decide_reference(
                actor=user, review=review, same_child=same, reason=form.cleaned_data["reason"]
            )
        except MergeRefused as refused:
            messages.error(request, str(refused))
            return redirect("linkage:review-reference", review_id=review.pk)
        messages.success(request, "Decision recorded. Import the file again to load its rows.")
        return redirect("linkage:review-queue")
    record_event(
        verb=AuditVerb.MATCH_PAIR_VIEWED,
        actor=user,
        target=review,
        child_id=child.pk,
        detail={"reference_review": review.pk},
    )
    fields = selectors.compare_reference(review, child)
    context = {"review": review, "child": child, "fields": fields, "form": form}
    return render(request, "linkage/review_reference.html", context)


@guard(Action.REVIEW_MATCHES)
def review_pair(request: HttpRequest, pair_id: int) -> HttpResponse:
    user = signed_in_user(request)
    pair, first, second = selectors.pair_for(user, pair_id)
    form = ReviewDecisionForm(request.POST or None)
    if request.method == "POST" and pair.status == ReviewStatus.PENDING and form.is_valid():
        decide = accept_pair if form.cleaned_data["decision"] == "same" else reject_pair
        try:
            decide(actor=user, pair=pair, reason=form.cleaned_data["reason"])
        except MergeRefused as refused:
            messages.error(request, str(refused))
            return redirect("linkage:review-pair", pair_id=pair.pk)
        messages.success(request, "Decision recorded.")
        return redirect("linkage:review-queue")
    for child_id in (first.pk, second.pk):
        record_event(
            verb=AuditVerb.MATCH_PAIR_VIEWED,
            actor=user,
            target=pair,
            child_id=child_id,
            detail={"pair": pair.pk},
        )
    context = {
        "pair": pair,
        "first": first,
        "second": second,
        "fields": selectors.compare_children(first, second),
        "form": form,
    }
    return render(request, "linkage/review_pair.html", context)


@guard(Action.REVIEW_MATCHES)
def merges(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    shown = list(selectors.merges_for(user)[:200])
    kept = {merge.kept_child_id for merge in shown}
    record_children_listed(user=user, list_name="linkage_merges", child_ids=kept)
    return render(request, "linkage/merges.html", {"merges": shown})


@guard(Action.REVIEW_MATCHES)
def unmerge_page(request: HttpRequest, merge_id: int) -> HttpResponse:
    user = signed_in_user(request)
    merge = selectors.merge_for(user, merge_id)
    form = UnmergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unmerge(actor=user, merge=merge, reason=form.cleaned_data["reason"])
        except MergeRefused as refused:
            messages.error(request, str(refused))
            return redirect("linkage:unmerge", merge_id=merge.pk)
        messages.success(request, "The merge is undone: both records are back as they were.")
        return redirect("linkage:merges")
    kept = {merge.kept_child_id}
    record_children_listed(user=user, list_name="linkage_unmerge", child_ids=kept)
    return render(request, "linkage/unmerge.html", {"merge": merge, "form": form})


def _date_of_birth(query: Any) -> dt.date | None:
    try:
        parts = [int(query.get(f"date_of_birth_{p}", "")) for p in ("year", "month", "day")]
        return dt.date(*parts)
    except (TypeError, ValueError):
        return None


@guard(Action.REPORT_MISSING)
def intake_candidates(request: HttpRequest) -> HttpResponse:
    """HTMX fragment: the known children the record being typed may be. Children the user may
    not see are shown only as "a record held by <kind of agency>", never by name."""
    user = signed_in_user(request)
    query = request.GET
    born = _date_of_birth(query)
    given, family = query.get("given_name", "").strip(), query.get("family_name", "").strip()
    if not (given and family and born):
        return render(request, "linkage/intake_candidates.html", {"incomplete": True})
    found = candidates_for(
        given_name=given, family_name=family, date_of_birth=born, sex=query.get("sex") or None
    )
    visible = set(
        visible_child_ids(user)
        .filter(pk__in=[c.child_id for c in found])
        .values_list("pk", flat=True)
    )
    children = selectors.children_by_id({c.child_id for c in found})
    rows: list[dict[str, Any]] = [
        {
            "candidate": c,
            "child": children[c.child_id] if c.child_id in visible else None,
            "holders": selectors.holders(children[c.child_id]),
        }
        for c in found
        if c.child_id in children
    ]
    record_event(
        verb=AuditVerb.INTAKE_MATCHES_CHECKED,
        actor=user,
        detail={"candidates": len(rows), "shown": sorted(visible)},
    )
    record_children_listed(user=user, list_name="intake_candidates", child_ids=visible)
    social_care = AgencyKind.CHILDRENS_SOCIAL_CARE.label
    known = any(social_care in row["holders"] for row in rows)
    context = {"rows": rows, "known_to_social_care": known}
    return render(request, "linkage/intake_candidates.html", context)

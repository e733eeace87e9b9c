"""Pages of the pursue app, mounted at /pursue/. Thin: the guard (`Action.SEE_PURSUE` in the one
roles table) says who may see them (police, missing team, exploitation panel chair), forms check
input, services write and audit, selectors read. Every page writes its own audit verb."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.roles import Action, roles_that
from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_children_listed, record_event
from missinghub.casework.services.panels import PanelError
from missinghub.children.models import Child
from missinghub.pursue import selectors, services
from missinghub.pursue.forms import ActionForm, LinkForm, OutcomeForm
from missinghub.pursue.graph import graph_of_child
from missinghub.pursue.models import ConcernProposal, DisruptionAction, EntityLink, LinkSource
from missinghub.pursue.proposals import children_of, decide_proposal


def _child(user: User, child_id: int) -> Child:
    child = selectors.visible_child(user=user, child_id=child_id)
    if child is None:  # the guard audits the refusal (one access.refused row)
        raise Http404("No child record you can see has that number.")
    return child


@guard(Action.SEE_PURSUE)
def search(request: HttpRequest) -> HttpResponse:
    """Is this number, postcode, registration, handle or name known? Any way of writing it."""
    user = signed_in_user(request)
    text = request.GET.get("q", "").strip()[:300]
    found = selectors.find_entities(text) if text else []
    record_event(
        verb=AuditVerb.PURSUE_SEARCHED, actor=user, detail={"found": [e.pk for e in found]}
    )
    return render(request, "pursue/search.html", {"text": text, "found": found})


@guard(Action.SEE_PURSUE)
def child_network(request: HttpRequest, child_id: int) -> HttpResponse:
    user = signed_in_user(request)
    child = _child(user, child_id)
    rows = selectors.network_of_child(child)
    record_event(verb=AuditVerb.PURSUE_NETWORK_VIEWED, actor=user, target=child, child_id=child.pk)
    shown = {other.pk for row in rows for other in row.others}
    record_children_listed(user=user, list_name="pursue network", child_ids=shown)
    return render(
        request,
        "pursue/network.html",
        {"child": child, "rows": rows, "graph": graph_of_child(child, rows)},
    )


@guard(Action.SEE_PURSUE)
def link_new(request: HttpRequest, child_id: int) -> HttpResponse:
    user = signed_in_user(request)
    child = _child(user, child_id)
    source = request.GET.get("source", "")
    initial = {
        "source": source if source in LinkSource.values else "",
        "handling_code": "P",
        "kind": request.GET.get("kind", ""),
        "value": request.GET.get("value", "")[:300],
    }
    form = LinkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        link = services.record_link(
            actor=user,
            child=child,
            mention=form.mention(),
            source=form.cleaned_data["source"],
            seen_on=form.cleaned_data["seen_on"],
            grading=form.grading(),
            relationship=form.cleaned_data["relationship"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, f"Recorded {link.entity} for {child}.")
        return redirect("pursue:network", child_id=child.pk)
    record_event(verb=AuditVerb.CHILD_VIEWED, actor=user, target=child, child_id=child.pk)
    context = {"child": child, "form": form, "source": source}
    if source == LinkSource.PHILOMENA_PROFILE:
        context["profile"] = selectors.profile_contacts(child)
    return render(request, "pursue/link_form.html", context)


@guard(Action.SEE_PURSUE)
def entity_detail(request: HttpRequest, entity_id: int) -> HttpResponse:
    user = signed_in_user(request)
    entity, links = selectors.entity_with_links(entity_id)
    if entity is None:
        raise Http404("No person, place, phone or vehicle has that number.")
    record_event(verb=AuditVerb.PURSUE_ENTITY_VIEWED, actor=user, target=entity)
    record_children_listed(
        user=user, list_name="pursue entity", child_ids={link.child_id for link in links}
    )
    form = _action_form(None, links)
    return render(
        request,
        "pursue/entity.html",
        {
            "entity": entity,
            "links": links,
            "actions": selectors.actions_of_entity(entity),
            "form": form,
        },
    )


def _action_form(data: object, links: list[EntityLink]) -> ActionForm:
    owners = User.objects.filter(is_active=True, role__in=roles_that(Action.SEE_PURSUE)).order_by(
        "username"
    )
    children = Child.objects.filter(pk__in={link.child_id for link in links})
    return ActionForm(data, owners=owners, children=children)


@require_POST
@guard(Action.SEE_PURSUE)
def action_new(request: HttpRequest, entity_id: int) -> HttpResponse:
    user = signed_in_user(request)
    entity, links = selectors.entity_with_links(entity_id)
    if entity is None:
        raise Http404("No person, place, phone or vehicle has that number.")
    form = _action_form(request.POST, links)
    if not form.is_valid():
        record_event(verb=AuditVerb.PURSUE_ENTITY_VIEWED, actor=user, target=entity)
        context = {"entity": entity, "links": links, "form": form}
        context["actions"] = selectors.actions_of_entity(entity)
        return render(request, "pursue/entity.html", context, status=400)
    data = form.cleaned_data
    services.record_action(
        actor=user,
        entity=entity,
        kind=data["kind"],
        description=data["description"],
        owner=data["owner"],
        due_date=data["due_date"],
        child=data["child"],
    )
    messages.success(request, "Disruption action recorded.")
    return redirect("pursue:entity", entity_id=entity.pk)


@guard(Action.SEE_PURSUE)
def action_outcome(request: HttpRequest, action_id: int) -> HttpResponse:
    user = signed_in_user(request)
    action = get_object_or_404(
        DisruptionAction.objects.select_related("entity", "owner", "child"), pk=action_id
    )
    form = OutcomeForm(request.POST or None, initial={"outcome": action.outcome})
    if request.method == "POST" and form.is_valid():
        done_on = timezone.localdate() if form.cleaned_data["done"] else None
        services.record_outcome(
            actor=user, action=action, outcome=form.cleaned_data["outcome"], done_on=done_on
        )
        messages.success(request, "Outcome recorded.")
        return redirect("pursue:entity", entity_id=action.entity_id)
    record_event(
        verb=AuditVerb.PURSUE_ACTION_VIEWED, actor=user, target=action, child_id=action.child_id
    )
    return render(request, "pursue/action.html", {"action": action, "form": form})


@guard(Action.SEE_PURSUE)
def proposals(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    items = [(proposal, children_of(proposal)) for proposal in selectors.open_proposals()]
    record_event(verb=AuditVerb.PURSUE_PROPOSALS_VIEWED, actor=user, detail={"count": len(items)})
    record_children_listed(
        user=user,
        list_name="pursue proposals",
        child_ids={child.pk for _, children in items for child in children},
    )
    return render(request, "pursue/proposals.html", {"items": items})


@require_POST
@guard(Action.SEE_PURSUE, post=Action.CHAIR_PANELS)  # the panel's chair puts it on the agenda
def proposal_decide(request: HttpRequest, proposal_id: int) -> HttpResponse:
    user = signed_in_user(request)
    proposal = get_object_or_404(ConcernProposal, pk=proposal_id)
    accept = request.POST.get("decision") == "accept"
    try:
        decide_proposal(actor=user, proposal=proposal, accept=accept)
    except PanelError as error:
        messages.error(request, str(error))
        return redirect("pursue:proposals")
    messages.success(request, "Added to the agenda." if accept else "Proposal dismissed.")
    return redirect("pursue:proposals")


@guard(Action.SEE_PURSUE)
def groups(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.groups()
    entity_ids = {entity for group in found for entity, _ in group.entities[:3]}
    labels = selectors.entities_by_id(entity_ids)
    rows = [
        (group, [(labels[entity], count) for entity, count in group.entities[:3]])
        for group in found
    ]
    record_event(verb=AuditVerb.PURSUE_GROUPS_VIEWED, actor=user, detail={"groups": len(found)})
    context = {"rows": rows, "most_linked": selectors.most_linked_entities(10)}
    return render(request, "pursue/groups.html", context)

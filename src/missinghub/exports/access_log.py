"""The data protection officer's "who has looked at this child" page (mounted under /exports/):
the officer's own reach only (exports.reach)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.roles import Action
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.children.models import Child
from missinghub.exports import reach
from missinghub.exports.access_log_selectors import ACCESS_LOG_LIMIT, access_log_for_child
from missinghub.exports.reach import BEYOND_REACH


@guard(Action.ACT_AS_DATA_PROTECTION_OFFICER, any_child=True)
def child_access_log(request: HttpRequest, child_id: int) -> HttpResponse:
    user = signed_in_user(request)
    child = Child.objects.filter(pk=child_id).first()
    if child is None:
        raise Http404("No child has that number.")
    try:
        reach.check_reach(user, child.pk, "child access log")
    except reach.ReachRefused as refused:
        raise PermissionDenied(BEYOND_REACH) from refused
    record_event(
        verb=AuditVerb.CHILD_ACCESS_LOG_VIEWED, actor=user, target=child, child_id=child.pk
    )
    lines = access_log_for_child(child.pk)
    return render(
        request,
        "exports/child_access_log.html",
        {"child": child, "lines": lines, "limit": ACCESS_LOG_LIMIT},
    )

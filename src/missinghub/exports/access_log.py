"""The data protection officer's "who has looked at this child" page (mounted under /exports/)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from missinghub.accounts.access import may_act_as_data_protection_officer
from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.children.models import Child
from missinghub.exports.access_log_selectors import ACCESS_LOG_LIMIT, access_log_for_child


def child_access_log(request: HttpRequest, child_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101  (LoginRequiredMiddleware guarantees it)
    if not may_act_as_data_protection_officer(user):
        record_event(
            verb=AuditVerb.ACCESS_REFUSED,
            actor=user,
            child_id=child_id,
            detail={"action": "child access log"},
        )
        raise PermissionDenied("child access log")
    child = Child.objects.filter(pk=child_id).first()
    if child is None:
        raise Http404("No child has that number.")
    record_event(
        verb=AuditVerb.CHILD_ACCESS_LOG_VIEWED, actor=user, target=child, child_id=child.pk
    )
    lines = access_log_for_child(child.pk)
    return render(
        request,
        "exports/child_access_log.html",
        {"child": child, "lines": lines, "limit": ACCESS_LOG_LIMIT},
    )

"""Helpers the operations share: answer an outcome with its headers, refuse one field, open a
child's record for the token (audited, 404 when not visible)."""

from django.http import HttpResponse
from ninja import Status
from ninja.errors import ValidationError

from missinghub.access.policy import visible_child_ids
from missinghub.accounts.models import User
from missinghub.api.idempotency import Outcome
from missinghub.api.problems import ProblemError
from missinghub.children.models import Child
from missinghub.children.services import ChildNotVisible, open_child_record


def respond(response: HttpResponse, outcome: Outcome) -> Status:
    if outcome.etag:
        response["ETag"] = outcome.etag
    if outcome.replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(outcome.status, outcome.body)


def field_error(field: str, detail: str) -> ValidationError:
    return ValidationError([{"loc": ["body", "payload", field], "msg": detail, "type": "value"}])


def visible_child(user: User, child_id: int) -> Child:
    """The child's record (the look audited), or 404 (the refusal audited)."""
    try:
        return open_child_record(user=user, child_id=child_id)
    except ChildNotVisible:
        raise ProblemError(
            404, "not-found", "There is no child you can see with that id."
        ) from None


def reportable_child(user: User, child_id: int) -> Child:
    """A child the agency may see, for a write that shows nothing of the record (so no look is
    audited); one it may not see goes through `visible_child`, which audits the refusal."""
    visible = visible_child_ids(user, child_id=child_id)
    child = Child.objects.filter(pk__in=visible).filter(pk=child_id).first()
    return child if child is not None else visible_child(user, child_id)

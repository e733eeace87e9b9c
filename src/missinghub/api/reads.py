"""Look up children and list protocol tasks, scoped to what the token's agency may see. Every
child shown is audited: a record look as `child.viewed`, a list as `child.listed`."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Path, Query, Router, Schema
from pydantic import Field

from missinghub.access.roles import Action
from missinghub.api.auth import api_guard, token_user
from missinghub.api.fields import RecordId, SearchText
from missinghub.api.schemas import ChildOut, ChildSummaryOut, TaskPageOut
from missinghub.api.scopes import Scope
from missinghub.api.writes import visible_child
from missinghub.audit.services import record_children_listed
from missinghub.children.models import Child
from missinghub.children.selectors import current_placement, search_children_for_user
from missinghub.episodes.selectors import episodes_of_child_for_user
from missinghub.protocols.models import TaskStatus
from missinghub.protocols.selectors import tasks_for_user

router = Router(tags=["children and tasks"])
CHILD_ID = Path(..., ge=1, le=2**63 - 1)


class ChildSearch(Schema):
    q: SearchText = Field(..., description="A reference, a date of birth (dd/mm/yyyy) or a name.")


class PageFilters(Schema):
    """A page of a list; subclasses add filters named as the model's fields."""

    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


def page_of(queryset: QuerySet, filters: PageFilters) -> dict:
    """The rows matching the filters that are set, and one page of them."""
    chosen = queryset.filter(**filters.model_dump(exclude={"limit", "offset"}, exclude_none=True))
    items = list(chosen[filters.offset : filters.offset + filters.limit])
    return {"count": chosen.count(), "items": items}


class TaskFilters(PageFilters):
    status: TaskStatus | None = None
    child_id: RecordId | None = None


@router.get("/children", response={200: list[ChildSummaryOut]}, summary="Find a child")
@api_guard(Scope.CHILDREN_READ, Action.SEE_CHILD_RECORDS)
def find_children(request: HttpRequest, filters: Query[ChildSearch]) -> list[Child]:
    user = token_user(request)
    found = search_children_for_user(user=user, query=filters.q)
    record_children_listed(user=user, list_name="api search", child_ids={c.pk for c in found})
    return found


@router.get("/children/{child_id}", response={200: ChildOut}, summary="Look up a child")
@api_guard(Scope.CHILDREN_READ, Action.SEE_CHILD_RECORDS)
def read_child(request: HttpRequest, child_id: RecordId = CHILD_ID) -> dict:
    user = token_user(request)
    child = visible_child(user, child_id)
    return {
        **ChildSummaryOut.from_orm(child).model_dump(),
        "date_of_birth_is_approximate": child.date_of_birth_is_approximate,
        "sex": child.sex,
        "identifiers": list(child.identifiers.all()),
        "current_placement": current_placement(child),
        "episodes": list(episodes_of_child_for_user(user=user, child_id=child.pk)),
    }


@router.get("/tasks", response={200: TaskPageOut}, summary="List protocol tasks")
@api_guard(Scope.TASKS_READ, Action.SEE_CHILD_RECORDS)
def list_tasks(request: HttpRequest, filters: Query[TaskFilters]) -> dict:
    user = token_user(request)
    page = page_of(tasks_for_user(user=user).order_by("due_at", "id"), filters)
    listed = {task.child_id for task in page["items"]}
    record_children_listed(user=user, list_name="api tasks", child_ids=listed)
    return page

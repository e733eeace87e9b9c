"""Casework for partner systems: read return interview outcomes (and, when the CME service is
there, refer a child missing education). Outcomes only: the child's words, disclosures and
notes stay in MissingHub, where each look is audited as well."""

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from missinghub.accounts.access import may_see_child_records
from missinghub.api.auth import acting_user
from missinghub.api.fields import RecordId
from missinghub.api.scopes import Scope
from missinghub.casework.models import InterviewOutcome, InterviewStatus, ReturnInterview
from missinghub.casework.selectors.interviews import interviews_for_user
from missinghub.casework.services.interviews import record_interview_viewed

router = Router(tags=["casework"])


class InterviewFilters(Schema):
    child_id: RecordId | None = None
    episode_id: RecordId | None = None
    status: InterviewStatus | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


class InterviewOutcomeOut(Schema):
    id: int
    child_id: int
    episode_id: int
    task_id: int
    status: InterviewStatus
    returned_at: dt.datetime
    interviewed_at: dt.datetime | None
    child_declined: bool
    push_factors: list[str]
    pull_factors: list[str]
    outcome: InterviewOutcome | None
    signposted_service: str
    completed_at: dt.datetime | None

    @staticmethod
    def resolve_outcome(obj: ReturnInterview) -> str | None:
        return obj.outcome or None


class InterviewPageOut(Schema):
    count: int
    items: list[InterviewOutcomeOut]


@router.get(
    "/interviews", response={200: InterviewPageOut}, summary="Read return interview outcomes"
)
def list_interviews(request: HttpRequest, filters: Query[InterviewFilters]) -> dict:
    user = acting_user(request, Scope.INTERVIEWS_READ, may_see_child_records)
    interviews = interviews_for_user(user=user).order_by("-returned_at", "-id")
    if filters.child_id:
        interviews = interviews.filter(child_id=filters.child_id)
    if filters.episode_id:
        interviews = interviews.filter(episode_id=filters.episode_id)
    if filters.status:
        interviews = interviews.filter(status=filters.status)
    page = list(interviews[filters.offset : filters.offset + filters.limit])
    for interview in page:
        record_interview_viewed(actor=user, interview=interview)
    return {"count": interviews.count(), "items": page}

"""Casework for partner systems: read return interview outcomes (and, when the CME service is
there, refer a child missing education). Outcomes only: the child's words, disclosures and
notes stay in MissingHub, where each look is audited as well."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Header, Query, Router, Schema, Status
from pydantic import Field

from missinghub.access.roles import Action
from missinghub.api.auth import api_guard, token_user
from missinghub.api.fields import KEY_PATTERN, Day, LongText, PersonName, Phone, RecordId
from missinghub.api.idempotency import Outcome, run_once
from missinghub.api.problems import ProblemError
from missinghub.api.reads import PageFilters, page_of
from missinghub.api.scopes import Scope
from missinghub.api.writes import field_error, reportable_child, respond
from missinghub.casework.models import (
    CmeGround,
    CmeStatus,
    InterviewOutcome,
    InterviewStatus,
    ReturnInterview,
)
from missinghub.casework.selectors.interviews import interviews_for_user
from missinghub.casework.services.cme import CmeDetails, CmeError, council_teams
from missinghub.casework.services.cme import refer_child_missing_education as refer
from missinghub.casework.services.interviews import record_interview_viewed

router = Router(tags=["casework"])


class InterviewFilters(PageFilters):
    child_id: RecordId | None = None
    episode_id: RecordId | None = None
    status: InterviewStatus | None = None


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
@api_guard(Scope.INTERVIEWS_READ, Action.SEE_CHILD_RECORDS)
def list_interviews(request: HttpRequest, filters: Query[InterviewFilters]) -> dict:
    user = token_user(request)
    page = page_of(interviews_for_user(user=user).order_by("-returned_at", "-id"), filters)
    for interview in page["items"]:
        record_interview_viewed(actor=user, interview=interview)
    return page


class CmeReferralIn(Schema):
    child_id: RecordId
    referred_to_id: RecordId = Field(..., description="The council missing team or social care.")
    ground: CmeGround
    referred_on: Day
    parent_name: PersonName = ""
    address: LongText = ""
    phone: Phone = ""
    next_school_or_address: LongText = ""


class CmeReferralOut(Schema):
    id: int
    child_id: int
    school_id: int
    referred_to_id: int
    referred_on: dt.date
    ground: CmeGround
    status: CmeStatus


@router.post(
    "/cme-referrals", response={201: CmeReferralOut}, summary="Refer a child missing education"
)
@api_guard(Scope.CME_WRITE, Action.REFER_CME)
def refer_cme(
    request: HttpRequest,
    response: HttpResponse,
    payload: CmeReferralIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key", pattern=KEY_PATTERN),
) -> Status:
    user = token_user(request)
    if payload.referred_on > timezone.localdate():
        raise field_error("referred_on", "The referral date cannot be in the future.")
    team = council_teams().filter(pk=payload.referred_to_id).first()
    if team is None:
        raise field_error("referred_to_id", "Refer to a council missing team or social care.")
    child = reportable_child(user, payload.child_id)
    details = CmeDetails(**payload.model_dump(exclude={"child_id", "referred_to_id"}))

    def send() -> Outcome:
        try:
            referral = refer(actor=user, child=child, referred_to=team, details=details)
        except CmeError as error:
            raise ProblemError(409, "cme-refused", str(error)) from None
        return Outcome(201, CmeReferralOut.from_orm(referral).model_dump(mode="json"))

    body = payload.model_dump(mode="json")
    outcome = run_once(request=request, user=user, key=idempotency_key, payload=body, action=send)
    return respond(response, outcome)

"""Episodes: report a child missing, read an episode, record a return, regrade risk.

Thin: the services in `episodes` and `children` write and audit; the selectors scope reads to
what the token's agency may see; `access.roles` says which roles may act."""

from collections.abc import Callable
from datetime import datetime

from django.db import IntegrityError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Header, Path, Router, Schema, Status

from missinghub.access.roles import Action
from missinghub.accounts.models import User
from missinghub.api.auth import api_guard, token_user
from missinghub.api.fields import KEY_PATTERN, RecordId
from missinghub.api.idempotency import Outcome, run_once
from missinghub.api.problems import ProblemError
from missinghub.api.schemas import (
    EpisodeOut,
    ReportMissingIn,
    ReturnIn,
    RiskGradingIn,
    episode_body,
)
from missinghub.api.scopes import Scope
from missinghub.api.versioning import episode_etag, matches
from missinghub.api.writes import field_error, reportable_child, respond
from missinghub.children.models import Child
from missinghub.episodes.intake import (
    AlreadyMissing,
    MissingReport,
    mark_exploitation,
    open_episodes_of,
    take_missing_report,
)
from missinghub.episodes.models import Episode, EpisodeCategory, ReturnMethod, RiskLevel
from missinghub.episodes.services import (
    EpisodeStateError,
    GradingOutOfOrder,
    open_episode_record,
    record_return,
)
from missinghub.episodes.services import regrade_risk as regrade_episode_risk

router = Router(tags=["episodes"])
IDEMPOTENCY_KEY = Header(
    ..., alias="Idempotency-Key", pattern=KEY_PATTERN, description="Unique per write."
)
IF_MATCH = Header(
    ..., alias="If-Match", max_length=200, description="The episode's ETag (its `version`)."
)
EPISODE_ID = Path(..., ge=1, le=2**63 - 1)


def api_source_system(user: User) -> str:
    return f"api:agency-{user.agency_id}"


def _episode_out(episode: Episode) -> Outcome:
    """The episode just written, as answered (its visibility was checked before the write)."""
    prefetch_related_objects([episode], "risk_gradings", "notifications")
    return Outcome(200, episode_body(episode), episode_etag(episode))


@router.post("/episodes", response={201: EpisodeOut}, summary="Report a child missing")
@api_guard(Scope.EPISODES_WRITE, Action.REPORT_MISSING)
def report_episode(
    request: HttpRequest,
    response: HttpResponse,
    payload: ReportMissingIn,
    idempotency_key: str = IDEMPOTENCY_KEY,
) -> Status:
    user = token_user(request)
    reported_at = payload.reported_at or timezone.now()
    if reported_at < payload.last_seen_at:
        raise field_error("reported_at", "The report cannot be before the child was last seen.")
    child = reportable_child(user, payload.child_id) if payload.child_id else None

    def report() -> Outcome:
        episode = _report(user, payload, child, reported_at)  # gradings, notifications loaded
        return Outcome(201, episode_body(episode), episode_etag(episode))

    try:
        outcome = run_once(
            request=request,
            user=user,
            key=idempotency_key,
            payload=payload.model_dump(mode="json"),
            action=report,
        )
    except IntegrityError:  # rolled back; a reference reported before, or a report raced this one
        if child is not None and (open_one := open_episodes_of([child.pk]).get(child.pk)):
            raise _already_missing(open_one.episode_id) from None
        source = {
            "source_system": api_source_system(user),
            "source_reference": payload.source_reference,
        }
        if Episode.objects.filter(**source).exists():
            raise ProblemError(
                409, "duplicate-source-reference", "Your agency already reported this one."
            ) from None
        raise
    return respond(response, outcome)


def _report(
    user: User, payload: ReportMissingIn, child: Child | None, reported_at: datetime
) -> Episode:
    """The lean intake: one transaction, the protocol applied by the worker (ADR 0002)."""
    report = MissingReport(
        category=EpisodeCategory(payload.category),
        last_seen_at=payload.last_seen_at,
        reported_at=reported_at,
        source_system=api_source_system(user),
        source_reference=payload.source_reference,
        risk_level=RiskLevel(payload.risk_level),
        risk_reason=payload.risk_reason,
        police_reference=payload.police_reference,
        exploitation_flag=payload.exploitation_flag,
        child=child,
        # Not yet: linkage's matcher rebuilds its index of every child when one is added (about
        # 6 s at 20,000 children), which the API's 200 reports a second cannot carry (ADR 0002).
        # A new record from the API is taken up by the linkage run and its review queue.
        link=False,
        new_child=None
        if child is not None or payload.child is None
        else payload.child.model_dump(),
    )
    try:
        return take_missing_report(actor=user, report=report)
    except AlreadyMissing as open_one:
        raise _already_missing(open_one.episode_id) from None


def _mark(user: User, episode: Episode, exploitation_flag: bool) -> None:
    """An update that reports an exploitation concern marks the episode (the one intake)."""
    if exploitation_flag:
        mark_exploitation(actor=user, episode=episode, source="api")


def _already_missing(episode_id: int) -> ProblemError:
    return ProblemError(
        409,
        "already-missing",
        f"The child is already missing: episode {episode_id} is open. Record its return "
        "before reporting the child missing again.",
    )


@router.get("/episodes/{episode_id}", response={200: EpisodeOut}, summary="Read an episode")
@api_guard(Scope.EPISODES_READ, Action.SEE_CHILD_RECORDS)
def read_episode(
    request: HttpRequest, response: HttpResponse, episode_id: RecordId = EPISODE_ID
) -> Status:
    user = token_user(request)
    episode = open_episode_record(user=user, episode_id=episode_id)
    if episode is None:
        raise ProblemError(404, "not-found", "There is no episode you can see with that id.")
    body = episode_body(episode)
    return respond(response, Outcome(200, body, episode_etag(episode)))


def _locked_episode(episode_id: int, if_match: str) -> Episode:
    """The episode, locked for the write, when `If-Match` names its current version (its
    visibility was checked before the transaction)."""
    episode = (
        Episode.objects.select_for_update()
        .prefetch_related("risk_gradings", "notifications")
        .get(pk=episode_id)
    )
    current = episode_etag(episode)
    if not matches(if_match, current):
        raise ProblemError(
            412,
            "stale-version",
            "The episode has changed since you read it. Read it again and retry.",
            headers={"ETag": current},
        )
    return episode


def _update_episode(
    request: HttpRequest,
    response: HttpResponse,
    *,
    user: User,
    episode_id: int,
    idempotency_key: str,
    if_match: str,
    payload: Schema,
    change: Callable[[Episode], int],
) -> Status:
    """An update: the episode must be visible (audited), `If-Match` must name its current
    version, and `change` (which answers the status) runs once per `Idempotency-Key`."""
    if open_episode_record(user=user, episode_id=episode_id) is None:
        raise ProblemError(404, "not-found", "There is no episode you can see with that id.")

    def update() -> Outcome:
        status = change(_locked_episode(episode_id, if_match))
        outcome = _episode_out(Episode.objects.get(pk=episode_id))
        return Outcome(status, outcome.body, outcome.etag)

    body = payload.model_dump(mode="json")
    outcome = run_once(request=request, user=user, key=idempotency_key, payload=body, action=update)
    return respond(response, outcome)


@router.post("/episodes/{episode_id}/return", response={200: EpisodeOut}, summary="Record a return")
@api_guard(Scope.EPISODES_WRITE, Action.RECORD_RETURN)
def return_episode(
    request: HttpRequest,
    response: HttpResponse,
    payload: ReturnIn,
    episode_id: RecordId = EPISODE_ID,
    idempotency_key: str = IDEMPOTENCY_KEY,
    if_match: str = IF_MATCH,
) -> Status:
    user = token_user(request)

    def close(episode: Episode) -> int:
        if payload.returned_at < episode.last_seen_at:
            raise field_error("returned_at", "The return cannot be before the child was last seen.")
        if payload.returned_at < episode.reported_at:
            raise field_error("returned_at", "The return cannot be before the report.")
        _mark(user, episode, payload.exploitation_flag)  # before the return: its protocol reads it
        try:
            record_return(
                actor=user,
                episode=episode,
                returned_at=payload.returned_at,
                return_method=ReturnMethod(payload.return_method),
                where_found=payload.where_found,
            )
        except EpisodeStateError:
            raise ProblemError(409, "already-returned", "A return is already recorded.") from None
        return 200

    return _update_episode(
        request, response, user=user, episode_id=episode_id, idempotency_key=idempotency_key,
        if_match=if_match, payload=payload, change=close,
    )  # fmt: skip


@router.post(
    "/episodes/{episode_id}/risk-gradings", response={201: EpisodeOut}, summary="Regrade risk"
)
@api_guard(Scope.EPISODES_WRITE, Action.GRADE_RISK)
def regrade_risk(
    request: HttpRequest,
    response: HttpResponse,
    payload: RiskGradingIn,
    episode_id: RecordId = EPISODE_ID,
    idempotency_key: str = IDEMPOTENCY_KEY,
    if_match: str = IF_MATCH,
) -> Status:
    user = token_user(request)

    def regrade(episode: Episode) -> int:
        try:
            regrade_episode_risk(
                actor=user,
                episode=episode,
                level=RiskLevel(payload.level),
                reason=payload.reason,
                graded_at=payload.graded_at,
                graded_by_name=payload.graded_by_name,
            )
        except EpisodeStateError:
            raise ProblemError(
                409, "episode-closed", "Risk is graded only while missing."
            ) from None
        except GradingOutOfOrder as error:
            raise field_error("graded_at", str(error)) from None
        _mark(user, episode, payload.exploitation_flag)
        return 201

    return _update_episode(
        request, response, user=user, episode_id=episode_id, idempotency_key=idempotency_key,
        if_match=if_match, payload=payload, change=regrade,
    )  # fmt: skip

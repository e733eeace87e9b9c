"""Who may call each route: the expected side of the authorisation matrix.

EVERY named URL route of the project must have an entry here; `test_route_matrix.py` walks the
URL resolver and fails for a route that has none. When you add a route, add its row: which roles
may GET it, which may POST to it (None when it does not write), whether it shows a child's data
(then every successful call must write an audit event naming the child), and how to fill URL
parameters beyond the shared ones (child_id, episode_id, task_id, notification_id: see
`world.Side.url_ids`).

The role sets are written out here on purpose, not imported from `accounts.access`: this table is
the independent statement of the policy the code is checked against.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from missinghub.accounts.models import AgencyKind, Role

from .world import Side

R = Role
EVERY_ROLE = frozenset(Role.values)
NOBODY: frozenset[str] = frozenset()
# Roles that work with identifiable children's records (not analysts, administrators or the DPO).
CASE_ROLES = EVERY_ROLE - {R.ANALYST, R.SYSTEM_ADMINISTRATOR, R.DATA_PROTECTION_OFFICER}
POLICE = frozenset({R.POLICE_OFFICER, R.POLICE_SUPERVISOR})
RECORD_RETURNS = POLICE | {R.MISSING_TEAM_WORKER, R.MISSING_TEAM_MANAGER, R.CARE_HOME_STAFF}
EXPORTERS = frozenset({R.POLICE_SUPERVISOR, R.MISSING_TEAM_MANAGER, R.SOCIAL_WORKER})
ANALYSTS = frozenset({R.ANALYST})
DPO = frozenset({R.DATA_PROTECTION_OFFICER})
INTERVIEWERS = frozenset({R.MISSING_TEAM_WORKER, R.MISSING_TEAM_MANAGER, R.SOCIAL_WORKER})
SCREENERS = INTERVIEWERS | POLICE
PANEL_CHAIRS = frozenset({R.PANEL_CHAIR, R.MISSING_TEAM_MANAGER})
PHILOMENA_EDITORS = frozenset({R.CARE_HOME_STAFF, R.SOCIAL_WORKER})
GRAB_PACK_MAKERS = PHILOMENA_EDITORS | POLICE
CME_REFERRERS = frozenset({R.SCHOOL_SAFEGUARDING_LEAD})
CME_ENQUIRERS = INTERVIEWERS
IMPORTERS = frozenset({R.POLICE_SUPERVISOR, R.MISSING_TEAM_MANAGER})
MATCH_REVIEWERS = frozenset({R.MISSING_TEAM_MANAGER, R.SOCIAL_WORKER})
REPORT_READERS = frozenset({R.ANALYST, R.MISSING_TEAM_MANAGER, R.POLICE_SUPERVISOR, R.PANEL_CHAIR})

Params = Callable[[Side], dict[str, Any]]


@dataclass(frozen=True)
class Route:
    get: frozenset[str] = NOBODY  # roles whose GET succeeds (with the home side's ids)
    post: frozenset[str] | None = None  # roles whose POST is accepted; None: the route never writes
    shows_child: bool = False  # a successful call shows a child's data: it must be audited
    public: bool = False  # an account or operations page: answers whoever asks, shows no child
    any_child: frozenset[str] = NOBODY  # roles that act on any child by design (audited DPO work)
    params: Params | None = None  # URL parameters beyond Side.url_ids
    query: dict[str, str] = field(default_factory=dict)  # GET query string
    post_data: Params | None = None  # a valid form (or JSON body for the API) for POST
    api: bool = False  # called with a bearer token of the role and agency (every scope)
    # The matrix does not build this route's record (yet): it is called with an id that exists
    # nowhere, on both sides, and every role must be refused. Build it and drop the flag.
    refusal_only: bool = False
    url: str = ""  # for a route without a name (it cannot be reversed)
    agency_kinds: frozenset[str] | None = None  # only staff of these kinds of agency, if set


def _provider(side: Side) -> dict[str, Any]:
    return {"provider_id": "sso"}


def _screening_kind(side: Side) -> dict[str, Any]:
    return {"kind": "cse"}


def _api_report(side: Side) -> dict[str, Any]:
    return {
        "child_id": side.child.pk,
        "category": "missing",
        "last_seen_at": "2026-11-01T10:00:00Z",
        "reported_at": "2026-11-01T11:00:00Z",
        "risk_level": "medium",
        "risk_reason": "Matrix check: not back by the agreed time",
        "source_reference": f"matrix-{side.name}-{uuid.uuid4().hex[:8]}",
    }


def _api_return(side: Side) -> dict[str, Any]:
    return {"returned_at": "2026-11-01T20:00:00Z", "return_method": "returned_by_self"}


def _api_grading(side: Side) -> dict[str, Any]:
    return {"level": "high", "reason": "Matrix check: new information"}


def _csv(side: Side) -> dict[str, Any]:
    return {"output": "csv"}


def _api_cme(side: Side) -> dict[str, Any]:
    return {
        "child_id": side.child.pk,
        "referred_to_id": side.agencies["missing_team"].pk,
        "ground": "moved_away",
        "referred_on": "2026-10-30",
    }


def _take_up(side: Side) -> dict[str, Any]:
    return {"form": "take_up"}


def _episode_export(side: Side) -> dict[str, Any]:
    return {"reason": "Monthly return to the safeguarding partnership"}


def _subject_access(side: Side) -> dict[str, Any]:
    return {"child_number": str(side.child.pk), "reason": "Subject access request SAR-2026-001"}


# Typed in at intake: the foreign child's own details. It may be named only to an agency that can
# see it; the page may say that "a record is held" elsewhere, never whose.
INTAKE_QUERY = {
    "given_name": "Marker",
    "family_name": "Quillforeignchild",
    "date_of_birth_day": "3",
    "date_of_birth_month": "4",
    "date_of_birth_year": "2011",
}

ROUTES: dict[str, Route] = {
    # Operations and sign-in: answer anyone, show no child.
    "operations:healthz": Route(public=True),
    "operations:readyz": Route(public=True),
    "accounts:sign-in": Route(public=True),
    "accounts:sign-out": Route(public=True),
    "account_login": Route(public=True),
    "account_logout": Route(public=True),
    "account_inactive": Route(public=True),
    "mfa_index": Route(public=True),
    "mfa_authenticate": Route(public=True),
    "mfa_activate_totp": Route(public=True),
    "mfa_deactivate_totp": Route(public=True),
    "mfa_view_recovery_codes": Route(public=True),
    "openid_connect_login": Route(public=True, params=_provider),
    "openid_connect_callback": Route(public=True, params=_provider),
    "socialaccount_login_cancelled": Route(public=True),
    "socialaccount_login_error": Route(public=True),
    "socialaccount_signup": Route(public=True),
    "socialaccount_connections": Route(public=True),
    # Casework pages of the foundation.
    "web:home": Route(get=EVERY_ROLE, shows_child=True),
    "web:search": Route(get=EVERY_ROLE, shows_child=True, query={"q": "Marker"}),
    "web:child": Route(get=CASE_ROLES, shows_child=True),
    "web:episode": Route(get=CASE_ROLES, shows_child=True),
    "web:report-missing": Route(get=POLICE, post=POLICE),
    "web:report-child-missing": Route(get=POLICE, post=POLICE, shows_child=True),
    "web:record-return": Route(get=RECORD_RETURNS, post=RECORD_RETURNS, shows_child=True),
    # Exports and data protection (issue 8).
    "exports:index": Route(get=EXPORTERS | ANALYSTS | DPO),
    "exports:episodes": Route(
        get=EXPORTERS, post=EXPORTERS, shows_child=True, post_data=_episode_export
    ),
    "exports:research": Route(get=ANALYSTS, post=ANALYSTS, post_data=_episode_export),
    "exports:subject-access": Route(
        get=DPO, post=DPO, shows_child=True, any_child=DPO, post_data=_subject_access
    ),
    "exports:child-access-log": Route(get=DPO, shows_child=True, any_child=DPO),
    # Casework (issue 6). Rows flagged refusal_only are called with an id that exists nowhere:
    # the matrix builds interviews, interventions and CME referrals; not yet screenings, panels,
    # Philomena profiles or grab packs (lead: build them in world.py, drop the flag). Panels are
    # open to their chair and members only; when built, no caller should sit on the foreign
    # side's panel, and membership (not role) decides the home side.
    "casework:task-interview": Route(get=INTERVIEWERS),
    # Task pages (issue 24): the owning agency completes its task; the matrix builds no such
    # task or notification yet, so these answer 404 to everyone.
    "casework:task-visit": Route(refusal_only=True, post=NOBODY),
    "casework:task-alert": Route(refusal_only=True, post=NOBODY),
    "casework:task-referral": Route(refusal_only=True),
    "casework:notification-acknowledge": Route(refusal_only=True, post=NOBODY),
    # Any role that may see the child reads the interview (decision for the lead: should police
    # and schools read what the child said?); interviewers write; managers assign anyone.
    "casework:interview": Route(get=CASE_ROLES, post=INTERVIEWERS, shows_child=True),
    "casework:interview-assign": Route(post=INTERVIEWERS),  # a worker may take it themselves
    "casework:interview-contact": Route(get=INTERVIEWERS, post=INTERVIEWERS, shows_child=True),
    "casework:screening-new": Route(
        get=SCREENERS, post=SCREENERS, shows_child=True, params=_screening_kind
    ),
    "casework:screening": Route(refusal_only=True),
    "casework:intervention-new": Route(get=INTERVIEWERS, post=INTERVIEWERS, shows_child=True),
    "casework:intervention": Route(
        get=CASE_ROLES, post=INTERVIEWERS, shows_child=True, post_data=_take_up
    ),
    "casework:panels": Route(get=EVERY_ROLE, post=PANEL_CHAIRS),
    "casework:panel": Route(refusal_only=True, post=NOBODY),
    "casework:panel-add-member": Route(refusal_only=True, post=NOBODY),
    "casework:panel-meeting": Route(refusal_only=True, post=NOBODY),
    "casework:panel-meeting-held": Route(refusal_only=True, post=NOBODY),
    "casework:panel-pack": Route(refusal_only=True),
    "casework:agenda-item": Route(refusal_only=True, post=NOBODY),
    "casework:agenda-item-letter": Route(refusal_only=True, post=NOBODY),
    "casework:panel-action-done": Route(refusal_only=True, post=NOBODY),
    "casework:philomena": Route(get=CASE_ROLES, shows_child=True),
    "casework:philomena-edit": Route(
        get=PHILOMENA_EDITORS, post=PHILOMENA_EDITORS, shows_child=True
    ),
    # No profile or photo exists in the matrix world: these answer 404 to everyone.
    "casework:philomena-history": Route(post=None),
    "casework:philomena-photo": Route(),
    "casework:philomena-photo-upload": Route(post=NOBODY),
    "casework:grab-pack-new": Route(get=GRAB_PACK_MAKERS, post=GRAB_PACK_MAKERS, shows_child=True),
    "casework:grab-pack": Route(refusal_only=True),
    "casework:cme-list": Route(get=EVERY_ROLE, shows_child=True),
    "casework:cme-refer": Route(get=CME_REFERRERS, post=CME_REFERRERS, shows_child=True),
    # A referral is seen by the referring school and the team it went to, nobody else.
    "casework:cme": Route(
        get=CASE_ROLES,
        post=CME_ENQUIRERS,
        shows_child=True,
        agency_kinds=frozenset({AgencyKind.SCHOOL, AgencyKind.MISSING_TEAM}),
    ),
    # Partner API (bearer tokens): every role's token with every scope.
    "api:openapi-json": Route(public=True),
    "api:openapi-view": Route(public=True),
    "api:api-root": Route(public=True),
    "api/v1/^(?P<rest>.*)$": Route(public=True, url="/api/v1/nothing-here"),
    "api:report_episode": Route(api=True, post=POLICE, post_data=_api_report, shows_child=True),
    "api:read_episode": Route(api=True, get=CASE_ROLES, shows_child=True),
    "api:return_episode": Route(api=True, post=RECORD_RETURNS, post_data=_api_return),
    "api:regrade_risk": Route(api=True, post=POLICE, post_data=_api_grading),
    "api:find_children": Route(api=True, get=CASE_ROLES, shows_child=True, query={"q": "Marker"}),
    "api:read_child": Route(api=True, get=CASE_ROLES, shows_child=True),
    "api:list_tasks": Route(api=True, get=CASE_ROLES, shows_child=True),
    "api:list_interviews": Route(api=True, get=CASE_ROLES, shows_child=True),
    "api:refer_cme": Route(api=True, post=CME_REFERRERS, post_data=_api_cme, shows_child=True),
    # Reports (issue 7): aggregate figures; a named child appears only in the frequent-children
    # table, audited as a list.
    "reporting:dashboard": Route(get=REPORT_READERS, shows_child=True),
    "reporting:download": Route(get=REPORT_READERS, shows_child=True, params=_csv),
    # Imports (issue 3): import runs are not built by the matrix yet.
    "imports:upload": Route(get=IMPORTERS, post=IMPORTERS),
    "imports:run": Route(refusal_only=True),
    "imports:rejections": Route(refusal_only=True),
    # Linkage (issue 4): candidate pairs and merges are not built by the matrix yet.
    "linkage:review-queue": Route(get=MATCH_REVIEWERS, shows_child=True),
    "linkage:review-pair": Route(refusal_only=True, post=NOBODY),
    "linkage:merges": Route(get=MATCH_REVIEWERS, shows_child=True),
    "linkage:unmerge": Route(refusal_only=True, post=NOBODY),
    "linkage:intake-candidates": Route(get=POLICE, shows_child=True, query=INTAKE_QUERY),
}

# Routes that show a child without writing an audit event, found by this matrix and not yet fixed
# by their owners. Their calls are still made and every other check still applies; only the
# missing audit event is tolerated, and printed. Fix the view (open the child through
# `children.services.open_child_record`, which audits the look) and delete the line.
KNOWN_AUDIT_GAPS: dict[str, str] = {}

"""The need-to-know rule for children's records, in one place.

An agency sees a child when it holds the child's record or has been told about the child:
- it issued one of the child's identifiers (police person reference, social care ID, UPN);
- it reported one of the child's episodes;
- it provides the child's current placement (a care home sees its own residents);
- it is responsible for the child's current legal status (the social care team that holds them);
- another agency notified it about the child, and that notification has not expired.

Analysts and system administrators see no identifiable child: analysts work on pseudonymised
data, administrators manage accounts, not cases. Every selector that returns child or episode
data filters through `visible_child_ids`, so lists, pages, exports and the API share one rule.
"""

import functools
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from missinghub.accounts.models import Role, User

# The data protection officer reads a child's record only through the audited subject-access
# bundle and access log (see `may_act_as_data_protection_officer`), never through casework pages.
ROLES_WITHOUT_CHILD_RECORDS = frozenset(
    {Role.ANALYST, Role.SYSTEM_ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER}
)


def may_see_child_records(user: User) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.role not in ROLES_WITHOUT_CHILD_RECORDS
    )


def visible_child_ids(user: User, *, child_id: int | None = None) -> QuerySet:
    """A subquery of the ids of children `user` may see (empty when they may see none).

    Each way of seeing a child is its own EXISTS on an indexed foreign key, so the rule costs a
    few index probes per child rather than a join of every related table. Pass `child_id` when
    reading one child's records: the subquery then asks about that child only, in plain SQL
    that costs almost nothing to build (a child's page asks it a dozen times).
    """
    from missinghub.children.models import Child

    if not may_see_child_records(user):
        return Child.objects.none().values("pk")
    now = timezone.now()
    if child_id is not None:
        return Child.objects.filter(pk__in=one_child_rule(user.agency_id, child_id, now)).values(
            "pk"
        )
    return _every_visible_child(user.agency_id, now)


def _every_visible_child(agency_id: Any, now: datetime) -> QuerySet:
    from missinghub.children.models import Child, ChildIdentifier, LegalStatus, Placement
    from missinghub.episodes.models import Episode, Notification

    this_child = OuterRef("pk")
    rule = (
        Exists(ChildIdentifier.objects.filter(child=this_child, agency_id=agency_id))
        | Exists(Episode.objects.filter(child=this_child, reporting_agency_id=agency_id))
        | Exists(Placement.objects.filter(child=this_child, provider_id=agency_id, end_date=None))
        | Exists(
            LegalStatus.objects.filter(
                child=this_child, responsible_authority_id=agency_id, end_date=None
            )
        )
        | Exists(
            Notification.objects.filter(
                child=this_child, to_agency_id=agency_id, expires_at__gt=now
            )
        )
    )
    return Child.objects.filter(rule).values("pk")


def one_child_rule(agency_id: int | None, child_id: int, now: datetime) -> RawSQL:
    """The same rule for one child as an uncorrelated subquery: the child's id, or no row.

    Kept equal to `_every_visible_child` by a test that asks both about every child.
    """
    sql = _one_child_sql()
    checks = [[child_id, agency_id]] * 4 + [[child_id, agency_id, _as_db_datetime(now)]]
    # The SQL text comes from model metadata only; every value is a bound parameter.
    return RawSQL(sql, [child_id, *(value for check in checks for value in check)])  # noqa: S611


@functools.cache
def _one_child_sql() -> str:
    from missinghub.children.models import ChildIdentifier, LegalStatus, Placement
    from missinghub.episodes.models import Episode, Notification

    q = connection.ops.quote_name
    ways = [
        (ChildIdentifier, "agency", ""),
        (Episode, "reporting_agency", ""),
        (Placement, "provider", f" AND {q('end_date')} IS NULL"),
        (LegalStatus, "responsible_authority", f" AND {q('end_date')} IS NULL"),
        (Notification, "to_agency", f" AND {q('expires_at')} > %s"),
    ]
    exists = [
        f"EXISTS (SELECT 1 FROM {q(model._meta.db_table)} WHERE {q('child_id')} = %s"  # noqa: S608
        f" AND {q(str(model._meta.get_field(field).column))} = %s{extra})"  # type: ignore[union-attr]
        for model, field, extra in ways
    ]
    return f"SELECT CAST(%s AS BIGINT) WHERE {' OR '.join(exists)}"


def _as_db_datetime(moment: datetime) -> object:
    return connection.ops.adapt_datetimefield_value(moment)


# What each role may do, beside what it may see. Actions are still limited to visible children.
ROLES_THAT_REPORT_MISSING = frozenset({Role.POLICE_OFFICER, Role.POLICE_SUPERVISOR})
ROLES_THAT_RECORD_RETURNS = frozenset(
    {
        Role.POLICE_OFFICER,
        Role.POLICE_SUPERVISOR,
        Role.MISSING_TEAM_WORKER,
        Role.MISSING_TEAM_MANAGER,
        Role.CARE_HOME_STAFF,
    }
)


def may_report_missing(user: User) -> bool:
    return may_see_child_records(user) and user.role in ROLES_THAT_REPORT_MISSING


def may_record_return(user: User) -> bool:
    return may_see_child_records(user) and user.role in ROLES_THAT_RECORD_RETURNS


# Casework (issue 6): who may do which piece of the missing team's and the panel's work.
ROLES_THAT_CONDUCT_INTERVIEWS = frozenset(
    {Role.MISSING_TEAM_WORKER, Role.MISSING_TEAM_MANAGER, Role.SOCIAL_WORKER}
)
ROLES_THAT_ASSIGN_INTERVIEWS = frozenset({Role.MISSING_TEAM_MANAGER, Role.SOCIAL_WORKER})
ROLES_THAT_SCREEN_EXPLOITATION = ROLES_THAT_CONDUCT_INTERVIEWS | {
    Role.POLICE_OFFICER,
    Role.POLICE_SUPERVISOR,
}
ROLES_THAT_RUN_INTERVENTIONS = ROLES_THAT_CONDUCT_INTERVIEWS
ROLES_THAT_CHAIR_PANELS = frozenset({Role.PANEL_CHAIR, Role.MISSING_TEAM_MANAGER})
ROLES_THAT_EDIT_PHILOMENA_PROFILES = frozenset({Role.CARE_HOME_STAFF, Role.SOCIAL_WORKER})
ROLES_THAT_PRODUCE_GRAB_PACKS = ROLES_THAT_EDIT_PHILOMENA_PROFILES | {
    Role.POLICE_OFFICER,
    Role.POLICE_SUPERVISOR,
}
ROLES_THAT_REFER_CME = frozenset({Role.SCHOOL_SAFEGUARDING_LEAD})
ROLES_THAT_ENQUIRE_CME = frozenset(
    {Role.MISSING_TEAM_WORKER, Role.MISSING_TEAM_MANAGER, Role.SOCIAL_WORKER}
)


def may_conduct_interviews(user: User) -> bool:
    return may_see_child_records(user) and user.role in ROLES_THAT_CONDUCT_INTERVIEWS


def may_assign_interviews(user: User) -> bool:
    return may_see_child_records(user) and user.role in ROLES_THAT_ASSIGN_INTERVIEWS


def may_screen_exploitation(user: User) -> bool:
    return may_see_child_records(user) and user.role in ROLES_THAT_SCREEN_EXPLOITATION


def may_run_interventions(user: User) -> bool:
    return may_see_child_records(user) and user.role in ROLES_THAT_RUN_INTERVENTIONS


def may_chair_panels(user: User) -> bool:
    return may_see_child_records(user) and user.role in ROLES_THAT_CHAIR_PANELS


def may_edit_philomena_profile(user: User) -> bool:
    return may_see_child_records(user) and user.role in ROLES_THAT_EDIT_PHILOMENA_PROFILES


def may_produce_grab_pack(user: User) -> bool:
    return may_see_child_records(user) and user.role in ROLES_THAT_PRODUCE_GRAB_PACKS


def may_refer_cme(user: User) -> bool:
    return may_see_child_records(user) and user.role in ROLES_THAT_REFER_CME


def may_enquire_cme(user: User) -> bool:
    return may_see_child_records(user) and user.role in ROLES_THAT_ENQUIRE_CME


# Exports and data protection (issue 8). An export of identifiable records is its own permission,
# beside seeing the records; analysts export pseudonymised data only; the data protection officer
# answers subject-access requests and reads who has looked at a child.
ROLES_THAT_EXPORT = frozenset(
    {Role.POLICE_SUPERVISOR, Role.MISSING_TEAM_MANAGER, Role.SOCIAL_WORKER}
)
ROLES_THAT_EXPORT_RESEARCH = frozenset({Role.ANALYST})


def may_export(user: User) -> bool:
    return may_see_child_records(user) and user.role in ROLES_THAT_EXPORT


def may_export_research(user: User) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.role in ROLES_THAT_EXPORT_RESEARCH
    )


def may_act_as_data_protection_officer(user: User) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.role == Role.DATA_PROTECTION_OFFICER
    )


# Partner API (issue 9): who may regrade an episode's risk (the police, who own the grading).
ROLES_THAT_GRADE_RISK = ROLES_THAT_REPORT_MISSING


def may_grade_risk(user: User) -> bool:
    return may_see_child_records(user) and user.role in ROLES_THAT_GRADE_RISK


# Record linkage (issue 11): who decides whether two records are one child, and undoes a merge.
# The pair page still shows only pairs whose two children the reviewer may see.
ROLES_THAT_REVIEW_MATCHES = frozenset({Role.MISSING_TEAM_MANAGER, Role.SOCIAL_WORKER})


def may_review_matches(user: User) -> bool:
    return may_see_child_records(user) and user.role in ROLES_THAT_REVIEW_MATCHES


# Reports (issue 12): aggregate figures over every child in the area, children pseudonymised.
# Analysts make them; the missing-team manager, police supervisor and panel chair use them to
# run and scrutinise the service. Workers, carers and schools see their own cases instead, and
# system administrators manage accounts, not figures.
ROLES_THAT_VIEW_REPORTS = frozenset(
    {Role.ANALYST, Role.MISSING_TEAM_MANAGER, Role.POLICE_SUPERVISOR, Role.PANEL_CHAIR}
)


def may_view_reports(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in ROLES_THAT_VIEW_REPORTS)


# Imports (issue 4): loading agencies' files. Police supervisors load their own force's
# extracts; missing-team managers load the files the council receives from its partners. Which
# mappings each may use is the imports app's rule (`imports.services.may_import_with`).
# System administrators do not: the rejected rows hold children's details.
ROLES_THAT_IMPORT = frozenset({Role.POLICE_SUPERVISOR, Role.MISSING_TEAM_MANAGER})


def may_import(user: User) -> bool:
    return may_see_child_records(user) and user.role in ROLES_THAT_IMPORT

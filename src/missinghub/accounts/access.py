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

from django.db.models import Q, QuerySet
from django.utils import timezone

from missinghub.accounts.models import Role, User

ROLES_WITHOUT_CHILD_RECORDS = frozenset({Role.ANALYST, Role.SYSTEM_ADMINISTRATOR})


def may_see_child_records(user: User) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.role not in ROLES_WITHOUT_CHILD_RECORDS
    )


def visible_child_ids(user: User) -> QuerySet:
    """A subquery of the ids of children `user` may see (empty when they may see none)."""
    from missinghub.children.models import Child

    if not may_see_child_records(user):
        return Child.objects.none().values("pk")
    agency_id = user.agency_id
    rule = (
        Q(identifiers__agency_id=agency_id)
        | Q(episodes__reporting_agency_id=agency_id)
        | Q(placements__provider_id=agency_id, placements__end_date__isnull=True)
        | Q(
            legal_statuses__responsible_authority_id=agency_id,
            legal_statuses__end_date__isnull=True,
        )
        | Q(notifications__to_agency_id=agency_id, notifications__expires_at__gt=timezone.now())
    )
    return Child.objects.filter(rule).values("pk")


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

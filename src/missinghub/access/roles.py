"""What each role may do: one table, action name -> the roles that may take it.

Seeing a child is the need-to-know rule (`access.policy`); this table says what a role may do
beside what it may see. An action on a child is still limited to children the user may see, so
every action that touches identifiable records is given only to roles that may see them (a test
keeps it so). Pages, the API and the navigation read this table through `may`; the view guard
(`access.guards`) refuses, audits and answers 403 for a role the table does not name.
"""

from enum import StrEnum

from missinghub.accounts.models import Role, User

R = Role


class Action(StrEnum):
    SEE_CHILD_RECORDS = "see_child_records"
    REPORT_MISSING = "report_missing"
    RECORD_RETURN = "record_return"
    GRADE_RISK = "grade_risk"
    REGRADE_RISK = "regrade_risk"
    KEEP_POLICE_LOG = "keep_police_log"
    REVIEW_MISSING_EPISODES = "review_missing_episodes"
    CONDUCT_PREVENTION_INTERVIEWS = "conduct_prevention_interviews"
    CONDUCT_INTERVIEWS = "conduct_interviews"
    ASSIGN_INTERVIEWS = "assign_interviews"
    SCREEN_EXPLOITATION = "screen_exploitation"
    RUN_INTERVENTIONS = "run_interventions"
    CHAIR_PANELS = "chair_panels"
    EDIT_PHILOMENA_PROFILE = "edit_philomena_profile"
    PRODUCE_GRAB_PACK = "produce_grab_pack"
    REFER_CME = "refer_cme"
    ENQUIRE_CME = "enquire_cme"
    EXPORT = "export"
    EXPORT_RESEARCH = "export_research"
    ACT_AS_DATA_PROTECTION_OFFICER = "act_as_data_protection_officer"
    REVIEW_MATCHES = "review_matches"
    VIEW_REPORTS = "view_reports"
    IMPORT = "import"
    ADMINISTER = "administer"
    SEE_PURSUE = "see_pursue"
    MANAGE_RISK_ASSESSMENTS = "manage_risk_assessments"
    RECORD_PREVENTION = "record_prevention"
    AUDIT_INTERVIEWS = "audit_interviews"
    EDIT_CHILDS_PEOPLE = "edit_childs_people"


# Roles that work with identifiable children's records. Analysts work on pseudonymised data,
# administrators manage accounts, and the data protection officer reads a child's record only
# through the audited subject-access bundle and access log, never through casework pages.
CASE_ROLES = frozenset(Role) - {R.ANALYST, R.SYSTEM_ADMINISTRATOR, R.DATA_PROTECTION_OFFICER}
POLICE = frozenset({R.POLICE_OFFICER, R.POLICE_SUPERVISOR})
INTERVIEWERS = frozenset({R.MISSING_TEAM_WORKER, R.MISSING_TEAM_MANAGER, R.SOCIAL_WORKER})
CARE_KEEPERS = frozenset({R.CARE_HOME_STAFF, R.SOCIAL_WORKER})
# A Philomena profile is for any child at risk, not only those in care: the care provider, the
# social worker, the missing team and the police keep it (docs/prevention.md).
PHILOMENA_EDITORS = CARE_KEEPERS | INTERVIEWERS | POLICE

ACTIONS: dict[Action, frozenset[Role]] = {
    Action.SEE_CHILD_RECORDS: CASE_ROLES,
    # Episodes: the police report and grade; returns are recorded by whoever sees the child back.
    Action.REPORT_MISSING: POLICE,
    Action.RECORD_RETURN: POLICE
    | {R.MISSING_TEAM_WORKER, R.MISSING_TEAM_MANAGER, R.CARE_HOME_STAFF},
    # The API's regrading comes from a force's own system, which names its grader; on the
    # pages a regrading is a police supervisor's decision.
    Action.GRADE_RISK: POLICE,
    Action.REGRADE_RISK: frozenset({R.POLICE_SUPERVISOR}),
    # The police's part of an episode: the log of enquiries, actions and sightings, the
    # reviews the protocol schedules by risk level, the prevention interview on return.
    Action.KEEP_POLICE_LOG: POLICE,
    Action.REVIEW_MISSING_EPISODES: POLICE,
    Action.CONDUCT_PREVENTION_INTERVIEWS: POLICE,
    # Casework: the missing team's and the panel's work.
    Action.CONDUCT_INTERVIEWS: INTERVIEWERS,
    Action.ASSIGN_INTERVIEWS: frozenset({R.MISSING_TEAM_MANAGER, R.SOCIAL_WORKER}),
    Action.SCREEN_EXPLOITATION: INTERVIEWERS | POLICE,
    Action.RUN_INTERVENTIONS: INTERVIEWERS,
    Action.CHAIR_PANELS: frozenset({R.PANEL_CHAIR, R.MISSING_TEAM_MANAGER}),
    Action.EDIT_PHILOMENA_PROFILE: PHILOMENA_EDITORS,
    Action.PRODUCE_GRAB_PACK: PHILOMENA_EDITORS,
    # Children missing education: schools refer, and so do the health, police and housing
    # staff who find a child of school age out of school (the council's CME guidance).
    Action.REFER_CME: POLICE | {R.SCHOOL_SAFEGUARDING_LEAD, R.SAFEGUARDING_PRACTITIONER},
    Action.ENQUIRE_CME: INTERVIEWERS,
    # The child's people (allocated social worker, named contacts): kept by social care and
    # the missing team; everyone who sees the child reads them on the child's page.
    Action.EDIT_CHILDS_PEOPLE: INTERVIEWERS,
    # Exports and data protection: an identifiable export is its own permission beside seeing the
    # records; analysts export pseudonymised data only; the data protection officer answers
    # subject-access requests and reads who has looked at a child.
    Action.EXPORT: frozenset({R.POLICE_SUPERVISOR, R.MISSING_TEAM_MANAGER, R.SOCIAL_WORKER}),
    Action.EXPORT_RESEARCH: frozenset({R.ANALYST}),
    Action.ACT_AS_DATA_PROTECTION_OFFICER: frozenset({R.DATA_PROTECTION_OFFICER}),
    # Record linkage: who decides whether two records are one child, and undoes a merge.
    Action.REVIEW_MATCHES: frozenset({R.MISSING_TEAM_MANAGER, R.SOCIAL_WORKER}),
    # Reports: aggregate figures, children pseudonymised; analysts make them, managers,
    # supervisors and panel chairs use them to run and scrutinise the service.
    Action.VIEW_REPORTS: frozenset(
        {R.ANALYST, R.MISSING_TEAM_MANAGER, R.POLICE_SUPERVISOR, R.PANEL_CHAIR}
    ),
    # Imports: police supervisors and missing-team managers load files; which mappings each may
    # use (their own agency's, or a partner's that names them) is the imports app's rule
    # (`imports.services.may_import_with`). Administrators do not: the rejected rows hold
    # children's details.
    Action.IMPORT: frozenset({R.POLICE_SUPERVISOR, R.MISSING_TEAM_MANAGER}),
    # Administration: agencies, users, roles, lockouts, two-factor resets. No child's record.
    Action.ADMINISTER: frozenset({R.SYSTEM_ADMINISTRATOR}),
    # Pursue (docs/pursue.md): the people and places of concern shared across children, for
    # the police and the area's missing and exploitation teams; not schools, care homes, social
    # workers outside the exploitation team, analysts or administrators.
    Action.SEE_PURSUE: POLICE | {R.MISSING_TEAM_WORKER, R.MISSING_TEAM_MANAGER, R.PANEL_CHAIR},
    # Prevent and learn (docs/prevention.md): the care provider (or the child's social worker)
    # keeps the managed risk assessment; police and the missing team record prevention work
    # (counts, no child); the missing-team manager audits return interviews.
    Action.MANAGE_RISK_ASSESSMENTS: CARE_KEEPERS,
    Action.RECORD_PREVENTION: POLICE | {R.MISSING_TEAM_WORKER, R.MISSING_TEAM_MANAGER},
    Action.AUDIT_INTERVIEWS: frozenset({R.MISSING_TEAM_MANAGER}),
}

# Actions whose roles work on no identifiable child (pseudonymised figures, DPO work).
WITHOUT_CHILD_RECORDS = frozenset(
    {
        Action.EXPORT_RESEARCH,
        Action.ACT_AS_DATA_PROTECTION_OFFICER,
        Action.VIEW_REPORTS,
        Action.ADMINISTER,
    }
)


def roles_that(action: Action | str) -> frozenset[Role]:
    """The roles the table gives `action` (a misspelt action is an error, never "nobody")."""
    return ACTIONS[Action(action)]


def may(user: User, action: Action | str) -> bool:
    """Whether `user` (signed in and active) has a role that may take `action`."""
    allowed = roles_that(action)
    return bool(user.is_authenticated and user.is_active and user.role in allowed)

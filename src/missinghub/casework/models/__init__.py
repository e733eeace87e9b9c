"""Casework models, one module per piece of work."""

from missinghub.casework.models.audits import AuditGrade, InterviewAudit
from missinghub.casework.models.cme import CmeEnquiry, CmeGround, CmeReferral, CmeStatus
from missinghub.casework.models.interventions import (
    Intervention,
    InterventionEndReason,
    InterventionType,
)
from missinghub.casework.models.interviews import (
    ContactAttempt,
    ContactMethod,
    ContactOutcome,
    InterviewOutcome,
    InterviewStatus,
    ReturnInterview,
)
from missinghub.casework.models.panels import (
    AgendaItem,
    Panel,
    PanelAction,
    PanelKind,
    PanelMeeting,
)
from missinghub.casework.models.philomena import (
    PROFILE_FIELDS,
    GrabPack,
    PhilomenaProfile,
    PhilomenaProfileVersion,
)
from missinghub.casework.models.prevention import (
    PreventionActivity,
    PreventionAudience,
    PreventionKind,
)
from missinghub.casework.models.risk_assessments import (
    AssessmentTaskReason,
    AssessmentTaskStatus,
    ManagedRiskAssessment,
    ReportWhen,
    RiskAssessmentTask,
)
from missinghub.casework.models.screening import (
    ExploitationLevel,
    ExploitationScreening,
    IndicatorAnswer,
    IndicatorWeight,
    ScreeningAnswer,
    ScreeningKind,
)
from missinghub.casework.models.submissions import FormSubmission
from missinghub.casework.models.tasks import (
    Acknowledgement,
    PoliceReview,
    VisitOutcome,
    YouthWorkerVisit,
)

__all__ = [
    "PROFILE_FIELDS",
    "Acknowledgement",
    "AgendaItem",
    "AssessmentTaskReason",
    "AssessmentTaskStatus",
    "AuditGrade",
    "CmeEnquiry",
    "CmeGround",
    "CmeReferral",
    "CmeStatus",
    "ContactAttempt",
    "ContactMethod",
    "ContactOutcome",
    "ExploitationLevel",
    "ExploitationScreening",
    "FormSubmission",
    "GrabPack",
    "IndicatorAnswer",
    "IndicatorWeight",
    "Intervention",
    "InterventionEndReason",
    "InterventionType",
    "InterviewAudit",
    "InterviewOutcome",
    "InterviewStatus",
    "ManagedRiskAssessment",
    "Panel",
    "PanelAction",
    "PanelKind",
    "PanelMeeting",
    "PhilomenaProfile",
    "PhilomenaProfileVersion",
    "PoliceReview",
    "PreventionActivity",
    "PreventionAudience",
    "PreventionKind",
    "ReportWhen",
    "ReturnInterview",
    "RiskAssessmentTask",
    "ScreeningAnswer",
    "ScreeningKind",
    "VisitOutcome",
    "YouthWorkerVisit",
]

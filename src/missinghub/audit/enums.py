"""Every kind of audit event, as a typed verb. New actions add a verb here, never free text."""

from django.db import models


class AuditVerb(models.TextChoices):
    SIGNED_IN = "user.signed_in", "Signed in"
    SIGN_IN_FAILED = "user.sign_in_failed", "Sign-in failed"
    SIGNED_OUT = "user.signed_out", "Signed out"
    USER_CREATED = "user.created", "User created"
    ACCESS_REFUSED = "access.refused", "Access refused"
    CHILD_VIEWED = "child.viewed", "Child record viewed"
    CHILDREN_LISTED = "child.listed", "Children shown in a list"
    CHILD_CREATED = "child.created", "Child record created"
    PLACEMENT_RECORDED = "child.placement_recorded", "Placement recorded"
    LEGAL_STATUS_RECORDED = "child.legal_status_recorded", "Legal status recorded"
    IDENTIFIER_RECORDED = "child.identifier_recorded", "Agency identifier recorded"
    EPISODE_VIEWED = "episode.viewed", "Episode viewed"
    EPISODE_REPORTED = "episode.reported", "Child reported missing"
    EPISODE_RETURNED = "episode.returned", "Return recorded"
    RISK_GRADED = "episode.risk_graded", "Risk graded"
    CHILD_SHARED = "child.shared", "Child notified to another agency"
    PROTOCOL_TASK_CREATED = "protocol_task.created", "Protocol task created"
    PROTOCOL_TASK_REMINDED = "protocol_task.reminded", "Protocol task reminder sent"
    PROTOCOL_TASK_DONE = "protocol_task.done", "Protocol task done"
    PROTOCOL_TASK_CANCELLED = "protocol_task.cancelled", "Protocol task cancelled"
    SYNTHETIC_DATA_LOADED = "synth.loaded", "Synthetic population loaded"

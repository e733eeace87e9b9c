"""Every kind of audit event, as a typed verb. New actions add a verb here, never free text."""

from django.db import models


class AuditVerb(models.TextChoices):
    SIGNED_IN = "user.signed_in", "Signed in"
    SIGN_IN_FAILED = "user.sign_in_failed", "Sign-in failed"
    SIGNED_OUT = "user.signed_out", "Signed out"
    USER_CREATED = "user.created", "User created"
    SIGN_IN_LOCKED_OUT = "user.sign_in_locked_out", "Sign-in refused: username locked out"
    USER_LOCKED_OUT = "user.locked_out", "Username locked out after repeated failures"
    SESSION_ENDED = "user.session_ended", "Session ended by the system"
    TWO_FACTOR_SET_UP = "user.two_factor_set_up", "Two-factor sign-in set up"
    USER_DISABLED = "user.disabled", "User disabled"
    PASSWORD_CHANGED = "user.password_changed", "Password changed"
    USER_ENABLED = "user.enabled", "User enabled again"
    USER_UNLOCKED = "user.unlocked", "Sign-in lockout lifted by an administrator"
    TWO_FACTOR_RESET = "user.two_factor_reset", "Two-factor sign-in reset by an administrator"
    AGENCY_CREATED = "agency.created", "Agency added"
    AGENCY_UPDATED = "agency.updated", "Agency changed"
    AREA_CREATED = "area.created", "Area added"
    AREA_UPDATED = "area.updated", "Area's protocol or police force changed"
    ACCESS_REFUSED = "access.refused", "Access refused"
    CHILD_VIEWED = "child.viewed", "Child record viewed"
    CHILDREN_LISTED = "child.listed", "Children shown in a list"
    CHILD_CREATED = "child.created", "Child record created"
    PLACEMENT_RECORDED = "child.placement_recorded", "Placement recorded"
    LEGAL_STATUS_RECORDED = "child.legal_status_recorded", "Legal status recorded"
    IDENTIFIER_RECORDED = "child.identifier_recorded", "Agency identifier recorded"
    CHILD_CONTACT_ADDED = "child.contact_added", "One of the child's people added"
    CHILD_CONTACT_CHANGED = "child.contact_changed", "One of the child's people changed"
    CHILD_CONTACT_ENDED = "child.contact_ended", "One of the child's people ended"
    EPISODE_VIEWED = "episode.viewed", "Episode viewed"
    EPISODE_REPORTED = "episode.reported", "Child reported missing"
    EPISODE_RETURNED = "episode.returned", "Return recorded"
    RISK_GRADED = "episode.risk_graded", "Risk graded"
    EPISODE_RECATEGORISED = (
        "episode.recategorised",
        "Episode category changed by a risk grading (absent to missing)",
    )
    POLICE_LOG_ENTRY_RECORDED = (
        "episode.police_log_entry",
        "Police enquiry, action or sighting logged on an episode",
    )
    PREVENTION_INTERVIEW_RECORDED = (
        "episode.prevention_interview",
        "Police prevention (safe and well) interview recorded",
    )
    CHILD_SHARED = "child.shared", "Child notified to another agency"
    PROTOCOL_TASK_CREATED = "protocol_task.created", "Protocol task created"
    PROTOCOL_TASK_REMINDED = "protocol_task.reminded", "Protocol task reminder sent"
    PROTOCOL_TASK_DONE = "protocol_task.done", "Protocol task done"
    PROTOCOL_TASK_CANCELLED = "protocol_task.cancelled", "Protocol task cancelled"
    PROTOCOL_TASK_RESCHEDULED = (
        "protocol_task.rescheduled",
        "Police review due time moved (risk regraded or a review recorded)",
    )
    POLICE_REVIEW_RECORDED = "casework.police_review", "Police review recorded"
    YOUTH_WORKER_VISIT_RECORDED = "casework.youth_worker_visit", "Youth-worker visit recorded"
    EPISODE_EXPLOITATION_FLAGGED = (
        "episode.exploitation_flagged",
        "Episode marked with an exploitation concern",
    )
    ALERT_ACKNOWLEDGED = "casework.alert_acknowledged", "Alert acknowledged with what was done"
    PROTOCOL_REFERRAL_JOINED = (
        "protocol_task.referral_joined",
        "A later episode joined a child's open panel referral",
    )
    SYNTHETIC_DATA_LOADED = "synth.loaded", "Synthetic population loaded"
    # Casework (issue 6)
    INTERVIEW_VIEWED = "interview.viewed", "Return interview viewed"
    INTERVIEW_OPENED = "interview.opened", "Return interview opened from its task"
    INTERVIEW_ASSIGNED = "interview.assigned", "Return interview assigned"
    CONTACT_ATTEMPT_RECORDED = "interview.contact_attempt", "Contact attempt recorded"
    INTERVIEW_SAVED = "interview.saved", "Return interview saved"
    INTERVIEW_COMPLETED = "interview.completed", "Return interview completed"
    INTERVIEW_OFFER_LETTER = (
        "interview.offer_letter",
        "Letter offering a return interview produced for the parents or carers",
    )
    STALE_EDIT_REFUSED = "casework.stale_edit_refused", "Save refused: edited by someone else"
    CHILD_PROTECTION_RAISED = "casework.child_protection", "Child protection procedures started"
    SOCIAL_CARE_REFERRAL_RAISED = "casework.social_care_referral", "Referral to social care"
    SCREENING_RECORDED = "screening.recorded", "Exploitation screening recorded"
    INTERVENTION_VIEWED = "intervention.viewed", "Intervention viewed"
    INTERVENTION_STARTED = "intervention.started", "Intervention started"
    INTERVENTION_UPDATED = "intervention.updated", "Intervention updated"
    INTERVENTION_ENDED = "intervention.ended", "Intervention ended"
    PANEL_CREATED = "panel.created", "Panel created"
    PANEL_MEETING_SCHEDULED = "panel.meeting_scheduled", "Panel meeting scheduled"
    AGENDA_ITEM_ADDED = "panel.agenda_item_added", "Child added to a panel agenda"
    PANEL_DISCUSSION_RECORDED = "panel.discussion_recorded", "Panel discussion recorded"
    PANEL_ACTION_AGREED = "panel.action_agreed", "Panel action agreed"
    PANEL_ACTION_DONE = "panel.action_done", "Panel action done"
    PANEL_LETTER_SENT = "panel.letter_sent", "Letter to a child on the agenda"
    PANEL_PACK_PRODUCED = "panel.pack_produced", "Panel pack produced"
    PANEL_MEETING_HELD = "panel.meeting_held", "Panel meeting marked as held"
    PANEL_MEMBER_ADDED = "panel.member_added", "Panel member added"
    PHILOMENA_PROFILE_SAVED = "philomena.saved", "Philomena profile saved"
    PHILOMENA_PHOTO_SAVED = "philomena.photo_saved", "Philomena photo saved"
    PHILOMENA_PHOTO_VIEWED = "philomena.photo_viewed", "Philomena photo viewed"
    PHILOMENA_PROFILE_HANDED_ON = "philomena.handed_on", "Philomena profile handed on"
    GRAB_PACK_PRODUCED = "philomena.grab_pack", "Grab pack produced for police"
    CME_REFERRED = "cme.referred", "Child missing education referred"
    CME_ENQUIRY_RECORDED = "cme.enquiry", "Enquiry about a child missing education"
    CME_RESOLVED = "cme.resolved", "Child missing education located or closed"
    IMPORT_QUEUED = "import.queued", "Uploaded file queued for the background worker to import"
    IMPORT_STARTED = "import.started", "Import of an agency file started (or resumed)"
    IMPORT_BATCH_COMMITTED = "import.batch_committed", "Import batch committed"
    IMPORT_FINISHED = "import.finished", "Import of an agency file finished"
    IMPORT_FAILED = "import.failed", "Import stopped: a bound was passed or its worker died"
    IMPORT_REJECTIONS_DOWNLOADED = "import.rejections_downloaded", "Rejected import rows downloaded"
    # Exports, retention and data protection (issue 8)
    EXPORT_PRODUCED = "export.produced", "Export of identifiable records produced"
    RESEARCH_EXPORT_PRODUCED = "export.research_produced", "Pseudonymised research export produced"
    CHILDREN_EXPORTED = "child.exported", "Child included in an export"
    SUBJECT_ACCESS_BUNDLE_PRODUCED = "child.subject_access_bundle", "Subject-access bundle produced"
    CHILD_ACCESS_LOG_VIEWED = "child.access_log_viewed", "Who has looked at the child: page viewed"
    DPO_REACH_REQUESTED = "child.dpo_reach_requested", "Data protection officer asked to reach"
    DPO_REACH_APPROVED = "child.dpo_reach_approved", "Data protection officer's reach approved"
    DPO_REACH_REFUSED = "child.dpo_reach_refused", "Data protection officer's reach refused"
    RETENTION_RUN = "retention.run", "Retention schedule applied"
    RETENTION_DRY_RUN = "retention.dry_run", "Retention schedule checked (nothing removed)"
    # Partner API (issue 9)
    API_TOKEN_ISSUED = "api_token.issued", "API token issued"
    API_TOKEN_REVOKED = "api_token.revoked", "API token revoked"
    # Reports (issue 12)
    REPORT_PRODUCED = "report.produced", "Report produced"
    # Record linkage (issue 11)
    LINKAGE_RUN = "linkage.run", "Record linkage run over all children"
    CHILDREN_MERGED = "child.merged", "Two child records merged into one"
    CHILDREN_UNMERGED = "child.unmerged", "Merge of two child records undone"
    MATCH_PAIR_VIEWED = "linkage.pair_viewed", "Possible match viewed side by side"
    MATCH_ACCEPTED = "linkage.match_accepted", "Possible match accepted: the same child"
    MATCH_REJECTED = "linkage.match_rejected", "Possible match rejected: different children"
    INTAKE_MATCHES_CHECKED = "linkage.intake_checked", "New record checked against known children"
    # Prevent and learn (issue 28)
    RISK_ASSESSMENT_TASK_SET = "risk_assessment.task_set", "Managed risk assessment asked for"
    RISK_ASSESSMENT_RECORDED = "risk_assessment.recorded", "Managed risk assessment recorded"
    RISK_ASSESSMENT_VIEWED = "risk_assessment.viewed", "Managed risk assessment viewed"
    PREVENTION_RECORDED = "prevention.recorded", "Prevention activity recorded"
    INTERVIEW_AUDITED = "interview.audited", "Return interview quality audit recorded"
    # Pursue: people and places of concern (issue 27)
    PURSUE_LINK_RECORDED = "pursue.link_recorded", "Person, place or phone linked to a child"
    PURSUE_NETWORK_VIEWED = "pursue.network_viewed", "A child's network of concern viewed"
    PURSUE_SEARCHED = "pursue.searched", "People, places, phones or vehicles searched"
    PURSUE_ENTITY_VIEWED = "pursue.entity_viewed", "Person, place, phone or vehicle viewed"
    PURSUE_GROUPS_VIEWED = "pursue.groups_viewed", "Groups of children sharing contacts viewed"
    PURSUE_CONCERN_PROPOSED = "pursue.concern_proposed", "Location or person of concern proposed"
    PURSUE_PROPOSALS_VIEWED = "pursue.proposals_viewed", "Proposed agenda items of concern viewed"
    PURSUE_PROPOSAL_DECIDED = "pursue.proposal_decided", "Proposed agenda item decided"
    PURSUE_ACTION_VIEWED = "pursue.action_viewed", "Disruption action viewed"
    PURSUE_ACTION_RECORDED = "pursue.action_recorded", "Disruption action recorded"
    PURSUE_ACTION_UPDATED = "pursue.action_updated", "Disruption action outcome recorded"

"""Pages of the casework app; mounted by the root URLconf at /casework/."""

from django.urls import path

from missinghub.casework.views import (
    cme,
    interventions,
    interviews,
    panels,
    people,
    philomena,
    prevention,
    risk_assessments,
    screening,
    tasks,
)

app_name = "casework"

urlpatterns = [
    # Return interviews, exploitation screening and interventions.
    path("tasks/<int:task_id>/interview/", interviews.interview_from_task, name="task-interview"),
    path("tasks/<int:task_id>/visit/", tasks.visit_from_task, name="task-visit"),
    path("tasks/<int:task_id>/alert/", tasks.alert_from_task, name="task-alert"),
    path(
        "tasks/<int:task_id>/police-review/",
        tasks.police_review_from_task,
        name="task-police-review",
    ),
    path("tasks/<int:task_id>/referral/", tasks.referral_from_task, name="task-referral"),
    path(
        "notifications/<int:notification_id>/acknowledge/",
        tasks.notification_acknowledge,
        name="notification-acknowledge",
    ),
    path("interviews/<int:interview_id>/", interviews.interview_detail, name="interview"),
    path(
        "interviews/<int:interview_id>/assign/",
        interviews.interview_assign,
        name="interview-assign",
    ),
    path(
        "interviews/<int:interview_id>/offer-letter.pdf",
        interviews.interview_offer_letter,
        name="interview-offer-letter",
    ),
    path(
        "interviews/<int:interview_id>/contact/",
        interviews.interview_contact,
        name="interview-contact",
    ),
    path(
        "children/<int:child_id>/screening/<str:kind>/",
        screening.screening_new,
        name="screening-new",
    ),
    path("screenings/<int:screening_id>/", screening.screening_detail, name="screening"),
    path(
        "children/<int:child_id>/interventions/new/",
        interventions.intervention_new,
        name="intervention-new",
    ),
    path(
        "interventions/<int:intervention_id>/",
        interventions.intervention_detail,
        name="intervention",
    ),
    # The child's people: allocated social worker and named contacts.
    path("children/<int:child_id>/people/new/", people.contact_new, name="contact-new"),
    path("people/<int:contact_id>/", people.contact_edit, name="contact-edit"),
    path("people/<int:contact_id>/end/", people.contact_end, name="contact-end"),
    # Panels, Philomena profiles and grab packs, children missing education.
    path("panels/", panels.panel_list, name="panels"),
    path("panels/<int:panel_id>/", panels.panel_detail, name="panel"),
    path("panels/<int:panel_id>/members/", panels.panel_add_member, name="panel-add-member"),
    path("meetings/<int:meeting_id>/", panels.meeting_detail, name="panel-meeting"),
    path("meetings/<int:meeting_id>/held/", panels.meeting_held, name="panel-meeting-held"),
    path("meetings/<int:meeting_id>/pack.pdf", panels.meeting_pack, name="panel-pack"),
    path("agenda/<int:item_id>/", panels.agenda_item, name="agenda-item"),
    path("agenda/<int:item_id>/letter.pdf", panels.agenda_item_letter, name="agenda-item-letter"),
    path("panel-actions/<int:action_id>/done/", panels.action_done, name="panel-action-done"),
    path("children/<int:child_id>/philomena/", philomena.profile_detail, name="philomena"),
    path(
        "children/<int:child_id>/philomena/edit/",
        philomena.profile_edit,
        name="philomena-edit",
    ),
    path(
        "children/<int:child_id>/philomena/versions/",
        philomena.profile_history,
        name="philomena-history",
    ),
    path("children/<int:child_id>/philomena/photo/", philomena.photo, name="philomena-photo"),
    path(
        "children/<int:child_id>/philomena/photo/new/",
        philomena.photo_upload,
        name="philomena-photo-upload",
    ),
    path("episodes/<int:episode_id>/grab-pack/", philomena.grab_pack_new, name="grab-pack-new"),
    path("grab-packs/<int:pack_id>.pdf", philomena.grab_pack, name="grab-pack"),
    path("children-missing-education/", cme.cme_list, name="cme-list"),
    path("children/<int:child_id>/cme/new/", cme.cme_refer, name="cme-refer"),
    path("children-missing-education/<int:referral_id>/", cme.cme_detail, name="cme"),
    # Prevent and learn: managed risk assessments, prevention work, interview quality audits.
    path(
        "children/<int:child_id>/risk-assessment/",
        risk_assessments.assessment_detail,
        name="risk-assessment",
    ),
    path(
        "children/<int:child_id>/risk-assessment/new/",
        risk_assessments.assessment_edit,
        name="risk-assessment-edit",
    ),
    path("prevention/", prevention.prevention_list, name="prevention"),
    path("prevention/new/", prevention.prevention_new, name="prevention-new"),
    path("interview-audits/", prevention.audit_list, name="interview-audits"),
    path(
        "interviews/<int:interview_id>/audit/",
        prevention.audit_new,
        name="interview-audit-new",
    ),
]

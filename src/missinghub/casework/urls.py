"""Pages of the casework app; mounted by the root URLconf at /casework/."""

from django.urls import path

from missinghub.casework.views import interventions, interviews, screening

app_name = "casework"

urlpatterns = [
    # Return interviews, exploitation screening and interventions.
    path("tasks/<int:task_id>/interview/", interviews.interview_from_task, name="task-interview"),
    path("interviews/<int:interview_id>/", interviews.interview_detail, name="interview"),
    path(
        "interviews/<int:interview_id>/assign/",
        interviews.interview_assign,
        name="interview-assign",
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
]

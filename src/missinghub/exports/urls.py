from django.urls import path

from missinghub.exports import views
from missinghub.exports.access_log import child_access_log

app_name = "exports"

urlpatterns = [
    path("", views.index, name="index"),
    path("episodes/", views.episodes, name="episodes"),
    path("research/", views.research, name="research"),
    path("subject-access/", views.subject_access, name="subject-access"),
    path("children/<int:child_id>/access-log/", child_access_log, name="child-access-log"),
    path("reach/ask/", views.reach_request, name="reach-request"),
    path("reach/", views.reach_requests, name="reach-requests"),
]

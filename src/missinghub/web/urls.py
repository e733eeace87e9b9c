from django.urls import path

from missinghub.web import actions, police, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("placed-across-borders/", views.placed_across_borders, name="placed-across-borders"),
    path("children/<int:child_id>/", views.child_detail, name="child"),
    path("episodes/<int:episode_id>/", views.episode_detail, name="episode"),
    path("report-missing/", actions.report_missing, name="report-missing"),
    path(
        "children/<int:child_id>/report-missing/",
        actions.report_missing,
        name="report-child-missing",
    ),
    path("episodes/<int:episode_id>/return/", actions.record_return_page, name="record-return"),
    path("episodes/<int:episode_id>/regrade/", police.regrade_risk_page, name="regrade-risk"),
    path("episodes/<int:episode_id>/police-log/new/", police.police_log_page, name="police-log"),
    path(
        "episodes/<int:episode_id>/prevention-interview/",
        police.prevention_interview_page,
        name="prevention-interview",
    ),
]

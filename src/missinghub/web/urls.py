from django.urls import path

from missinghub.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("children/<int:child_id>/", views.child_detail, name="child"),
    path("episodes/<int:episode_id>/", views.episode_detail, name="episode"),
]

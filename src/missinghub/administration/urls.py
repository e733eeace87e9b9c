from django.urls import path

from missinghub.administration import views

app_name = "administration"

urlpatterns = [
    path("", views.index, name="index"),
    path("agencies/add/", views.agency_add, name="agency-add"),
    path("users/", views.users, name="users"),
    path("users/add/", views.user_add, name="user-add"),
    path("users/<int:user_id>/", views.user_detail, name="user"),
    path(
        "users/<int:user_id>/<slug:action>/",
        views.user_action,
        name="user-action",
    ),
]

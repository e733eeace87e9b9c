from django.contrib.auth import views as auth_views
from django.urls import path

from missinghub.accounts.views import sign_in

app_name = "accounts"

urlpatterns = [
    path("sign-in/", sign_in, name="sign-in"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="sign-out"),
]

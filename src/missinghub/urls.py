from django.urls import include, path

urlpatterns = [
    path("", include("missinghub.accounts.urls")),
    path("", include("missinghub.accounts.allauth_urls")),
    path("", include("missinghub.web.urls")),
]

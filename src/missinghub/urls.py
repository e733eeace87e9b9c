from django.urls import include, path

urlpatterns = [
    path("", include("missinghub.operations.urls")),
    path("", include("missinghub.accounts.urls")),
    path("", include("missinghub.accounts.allauth_urls")),
    path("", include("missinghub.web.urls")),
]

handler500 = "missinghub.operations.views.server_error"

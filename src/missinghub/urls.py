from django.urls import include, path

urlpatterns = [
    path("", include("missinghub.operations.urls")),
    path("", include("missinghub.accounts.urls")),
    path("", include("missinghub.accounts.allauth_urls")),
    path("", include("missinghub.web.urls")),
    path("casework/", include("missinghub.casework.urls")),
    path("imports/", include("missinghub.imports.urls")),
    path("linkage/", include("missinghub.linkage.urls")),
    path("pursue/", include("missinghub.pursue.urls")),
    path("reports/", include("missinghub.reporting.urls")),
    path("api/v1/", include("missinghub.api.urls")),
    path("exports/", include("missinghub.exports.urls")),
    path("administration/", include("missinghub.administration.urls")),
]

handler500 = "missinghub.operations.views.server_error"

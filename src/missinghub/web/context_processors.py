from django.http import HttpRequest
from django.urls import reverse

from missinghub.accounts import access
from missinghub.accounts.models import User
from missinghub.pursue.access import may_see_pursue

# (label, URL name, who sees the link). Each link is offered only to users its page will serve.
NAVIGATION = (
    ("Home", "web:home", lambda user: True),
    ("Find a child", "web:search", access.may_see_child_records),
    ("Panels", "casework:panels", lambda user: access.may_chair_panels(user) or _on_a_panel(user)),
    (
        "Missing education",
        "casework:cme-list",
        lambda user: access.may_refer_cme(user) or access.may_enquire_cme(user),
    ),
    ("Imports", "imports:upload", access.may_import),
    ("Match review", "linkage:review-queue", access.may_review_matches),
    ("Pursue", "pursue:search", may_see_pursue),
    ("Reports", "reporting:dashboard", access.may_view_reports),
    (
        "Exports",
        "exports:index",
        lambda user: (
            access.may_export(user)
            or access.may_export_research(user)
            or access.may_act_as_data_protection_officer(user)
        ),
    ),
)


def _on_a_panel(user: User) -> bool:
    return access.may_see_child_records(user) and user.panels.exists()


def permissions(request: HttpRequest) -> dict[str, object]:
    """What the signed-in user may do, so pages offer only the actions that will be allowed."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"may_report_missing": False, "may_record_return": False, "navigation": []}
    path = request.path
    navigation = []
    for label, url_name, offered in NAVIGATION:
        if offered(user):
            url = reverse(url_name)
            current = path == url if url == "/" else path.startswith(url)
            navigation.append({"label": label, "url": url, "current": current})
    return {
        "may_report_missing": access.may_report_missing(user),
        "may_record_return": access.may_record_return(user),
        "navigation": navigation,
    }

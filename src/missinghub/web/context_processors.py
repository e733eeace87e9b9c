from collections.abc import Callable

from django.http import HttpRequest
from django.urls import reverse

from missinghub.access.roles import Action, may
from missinghub.accounts.models import User


def _can(action: Action) -> Callable[[User], bool]:
    return lambda user: may(user, action)


# (label, URL name, who sees the link). Each link is offered only to users its page will serve.
NAVIGATION = (
    ("Home", "web:home", lambda user: True),
    ("Find a child", "web:search", _can(Action.SEE_CHILD_RECORDS)),
    ("Out of area", "web:placed-across-borders", _can(Action.SEE_CHILD_RECORDS)),
    ("Panels", "casework:panels", lambda user: may(user, Action.CHAIR_PANELS) or _on_a_panel(user)),
    (
        "Missing education",
        "casework:cme-list",
        lambda user: may(user, Action.REFER_CME) or may(user, Action.ENQUIRE_CME),
    ),
    ("Imports", "imports:upload", _can(Action.IMPORT)),
    ("Match review", "linkage:review-queue", _can(Action.REVIEW_MATCHES)),
    ("Pursue", "pursue:search", _can(Action.SEE_PURSUE)),
    ("Reports", "reporting:dashboard", _can(Action.VIEW_REPORTS)),
    (
        "Exports",
        "exports:index",
        lambda user: (
            may(user, Action.EXPORT)
            or may(user, Action.EXPORT_RESEARCH)
            or may(user, Action.ACT_AS_DATA_PROTECTION_OFFICER)
        ),
    ),
    ("Administration", "administration:index", _can(Action.ADMINISTER)),
)


def _on_a_panel(user: User) -> bool:
    return may(user, Action.SEE_CHILD_RECORDS) and user.panels.exists()


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
        "may_report_missing": may(user, Action.REPORT_MISSING),
        "may_record_return": may(user, Action.RECORD_RETURN),
        "navigation": navigation,
    }

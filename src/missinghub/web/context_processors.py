from django.http import HttpRequest

from missinghub.accounts.access import may_record_return, may_report_missing
from missinghub.accounts.models import User


def permissions(request: HttpRequest) -> dict[str, bool]:
    """What the signed-in user may do, so pages offer only the actions that will be allowed."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"may_report_missing": False, "may_record_return": False}
    return {
        "may_report_missing": may_report_missing(user),
        "may_record_return": may_record_return(user),
    }

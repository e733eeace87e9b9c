"""Reads for the import pages: a user sees the runs started by people of their own agency."""

from django.db.models import QuerySet

from missinghub.access.roles import Action, may
from missinghub.accounts.models import User
from missinghub.imports.models import ImportRejection, ImportRun


def runs_for(user: User) -> QuerySet[ImportRun]:
    if not may(user, Action.IMPORT):
        return ImportRun.objects.none()
    return ImportRun.objects.filter(started_by__agency_id=user.agency_id).select_related(
        "agency", "started_by"
    )


def run_for(user: User, run_id: int) -> ImportRun | None:
    return runs_for(user).filter(pk=run_id).first()


def first_rejections(run: ImportRun, limit: int = 50) -> list[ImportRejection]:
    return list(run.rejections.order_by("line", "id")[:limit])

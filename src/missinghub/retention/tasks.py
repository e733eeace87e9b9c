"""The retention job as a background task (`missinghub db_worker` runs it; schedule it daily)."""

from django_tasks import task

from missinghub.retention.services import apply_retention


@task()
def apply_retention_schedule(dry_run: bool = False) -> dict[str, object]:
    return apply_retention(dry_run=dry_run).counts()

"""A web upload, imported by the background worker (`missinghub worker`, django-tasks).

The upload page stores the file privately and queues its run (`services.queue_upload`); this
task carries it out with the command line's `prepare` and `run_import`, which record the
progress the page's bar polls, and removes the stored file, whatever happened.
"""

from pathlib import Path

from django_tasks import task

from missinghub.imports.limits import ImportRefused, LimitExceeded
from missinghub.imports.mapping import MappingError, load_mapping
from missinghub.imports.models import ImportRun, RunStatus
from missinghub.imports.reader import UnreadableFile
from missinghub.imports.runner import fail_run, prepare, run_import


@task()
def import_upload_task(run_id: int) -> dict[str, int]:
    run = ImportRun.objects.select_related("started_by").get(pk=run_id)
    if run.status != RunStatus.QUEUED:  # already carried out (a task delivered twice)
        return dict(run.summary)
    path = Path(run.upload_path)
    try:
        return _import(run, path)
    finally:
        path.unlink(missing_ok=True)
        ImportRun.objects.filter(pk=run.pk).update(upload_path="")


def _import(run: ImportRun, path: Path) -> dict[str, int]:
    actor = run.started_by
    try:
        mapping = load_mapping(Path(run.upload_mapping))
        plan = prepare(path, mapping, mapping.kind, run.file_name)
        return dict(run_import(plan, actor=actor, queued=run).summary)
    except (MappingError, ImportRefused, UnreadableFile, OSError) as error:
        fail_run(run, actor, f"The file cannot be imported: {error}", run.summary)
    except LimitExceeded:
        pass  # `run_import` marked the run failed, with the reason
    return dict(ImportRun.objects.get(pk=run.pk).summary)

"""Imports started from the upload page: the shipped mappings a user may use, and the run.

The command line (`missinghub import`) and this page share `runner.prepare` and `run_import`:
the page queues the file for the background worker (`tasks.import_upload_task`) and shows its
progress. It records who started the run, so the run and its rejected rows are theirs to see.
"""

import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from missinghub.access.roles import Action, may
from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.imports.limits import ImportLimits
from missinghub.imports.mapping import Mapping, MappingError, load_mapping
from missinghub.imports.models import ImportBatch, ImportRun, RunStatus
from missinghub.imports.runner import BATCH_SIZE, ImportRefused, check_file, fail_run
from missinghub.imports.tasks import import_upload_task

DEFAULT_MAPPINGS_DIR = Path(__file__).resolve().parents[3] / "mappings"


@dataclass(frozen=True)
class MappingChoice:
    file_name: str
    mapping: Mapping

    @property
    def label(self) -> str:
        return f"{self.mapping.agency_name}: {self.mapping.description or self.file_name}"


def mappings_dir() -> Path:
    return Path(getattr(settings, "MISSINGHUB_IMPORT_MAPPINGS_DIR", DEFAULT_MAPPINGS_DIR))


def mapping_choices(user: User) -> list[MappingChoice]:
    """The mapping files in the mappings folder that `user` may import with, by file name."""
    choices = []
    for path in sorted(mappings_dir().glob("*.yaml")):
        try:
            mapping = load_mapping(path)
        except MappingError:
            continue  # a broken mapping is refused by the command line, with its reason
        if may_import_with(user, mapping):
            choices.append(MappingChoice(path.name, mapping))
    return choices


def may_import_with(user: User, mapping: Mapping) -> bool:
    """An import writes the mapping's agency's records: only that agency's importers, or those
    of an agency the mapping names in `loaded_by`, may use it (docs/imports.md)."""
    if not may(user, Action.IMPORT) or user.agency is None:
        return False
    return user.agency.name in (mapping.agency_name, *mapping.loaded_by)


def queue_upload(*, actor: User, choice: MappingChoice, upload: UploadedFile) -> ImportRun:
    """Store the upload privately and queue its import for the background worker
    (`tasks.import_upload_task`, after this transaction commits); the run's page shows its
    progress. The worker removes the stored file when it is done."""
    if not may_import_with(actor, choice.mapping):
        record_event(
            verb=AuditVerb.ACCESS_REFUSED,
            actor=actor,
            detail={"action": "import", "mapping": choice.file_name},
        )
        raise ImportRefused(f"your agency may not load files of {choice.mapping.agency_name}")
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    suffix = Path(upload.name or "upload.csv").suffix.lower()
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    try:
        agency = check_file(path, choice.mapping)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    run = ImportRun.objects.create(
        kind=choice.mapping.kind,
        file_name=(upload.name or path.name)[:255],
        mapping_name=choice.mapping.name[:255],
        agency=agency,
        started_by=actor,
        batch_size=BATCH_SIZE,
        status=RunStatus.QUEUED,
        upload_path=str(path),
        upload_mapping=str(mappings_dir() / choice.file_name),
    )
    record_event(
        verb=AuditVerb.IMPORT_QUEUED,
        actor=actor,
        target=run,
        detail={"kind": run.kind, "mapping": choice.file_name, "agency_id": run.agency_id},
    )
    transaction.on_commit(lambda: import_upload_task.enqueue(run.pk))
    return run


def record_rejections_downloaded(*, actor: User, run: ImportRun) -> None:
    record_event(
        verb=AuditVerb.IMPORT_REJECTIONS_DOWNLOADED,
        actor=actor,
        target=run,
        detail={"run_id": run.pk, "rejected": run.summary.get("rejected")},
    )


def fail_stale_runs() -> int:
    """Mark failed every run still "running" with no sign of life (its start or its latest
    committed batch) for `MISSINGHUB_IMPORT_STALE_MINUTES`: its worker died. Importing the file
    again is the retry. Returns how many were marked."""
    since = timezone.now() - ImportLimits.current().stale_after
    latest = ImportBatch.objects.filter(run=OuterRef("pk")).order_by("-committed_at")
    stale = (
        ImportRun.objects.filter(status=RunStatus.RUNNING, started_at__lt=since)
        .annotate(last_batch_at=Subquery(latest.values("committed_at")[:1]))
        .filter(Q(last_batch_at=None) | Q(last_batch_at__lt=since))
    )
    marked = 0
    for run in stale:
        message = "the import stopped (its worker ended without finishing): import the file again"
        fail_run(run, None, message, run.summary)
        marked += 1
    return marked

"""Imports started from the upload page: the shipped mappings a user may use, and the run.

The command line (`missinghub import`) and this page share `runner.prepare` and `run_import`;
the page also records who started the run, so the run and its rejected rows are theirs to see.
"""

import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from missinghub.access.roles import Action, may
from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.imports.limits import ImportLimits
from missinghub.imports.mapping import Mapping, MappingError, load_mapping
from missinghub.imports.models import ImportBatch, ImportRun, RunStatus
from missinghub.imports.runner import ImportRefused, fail_run, prepare, run_import

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


def import_upload(*, actor: User, choice: MappingChoice, upload: UploadedFile) -> ImportRun:
    """Store the upload in a private temporary folder, import it, and remove it."""
    if not may_import_with(actor, choice.mapping):
        record_event(
            verb=AuditVerb.ACCESS_REFUSED,
            actor=actor,
            detail={"action": "import", "mapping": choice.file_name},
        )
        raise ImportRefused(f"your agency may not load files of {choice.mapping.agency_name}")
    suffix = Path(upload.name or "upload.csv").suffix.lower()
    with tempfile.TemporaryDirectory(prefix="missinghub-import-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        plan = prepare(path, choice.mapping, choice.mapping.kind, upload.name or path.name)
        return run_import(plan, actor=actor)


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

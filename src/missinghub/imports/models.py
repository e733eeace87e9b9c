"""The import ledger, rejected rows, episode change history and staged CME referrals.

An `ImportRun` is one attempt to load one file with one mapping. Its rows are read in fixed
batches; each batch commits in one transaction together with its `ImportBatch` ledger row, its
rejected rows and its audit event. A run that did not finish (the process was killed) is resumed
by the next import of the same file and mapping: committed batches are skipped, never repeated.
"""

from django.conf import settings
from django.db import models

from missinghub.accounts.models import Agency
from missinghub.children.models import Child
from missinghub.episodes.models import Episode


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the background worker"
    RUNNING = "running", "Running (or interrupted)"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"


class ImportRun(models.Model):
    kind = models.CharField(max_length=16)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    mapping_name = models.CharField(max_length=255)
    mapping_sha256 = models.CharField(max_length=64)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    batch_size = models.PositiveIntegerField()
    apply_protocol = models.BooleanField(default=True)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING)
    message = models.TextField(blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    # Progress, for the upload page's bar: data rows in the file and rows committed so far.
    rows_total = models.PositiveIntegerField(default=0, db_default=0)
    rows_done = models.PositiveIntegerField(default=0, db_default=0)
    # A web upload waiting for the worker: the stored file and the mapping file chosen.
    upload_path = models.CharField(max_length=500, blank=True, db_default="")
    upload_mapping = models.CharField(max_length=500, blank=True, db_default="")

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["file_sha256", "mapping_sha256", "status"])]

    def __str__(self) -> str:
        return f"Import {self.pk} of {self.file_name} ({self.status})"


class BatchStatus(models.TextChoices):
    COMMITTED = "committed", "Committed"


class ImportBatch(models.Model):
    """One committed batch. It exists only if everything the batch wrote was committed."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveIntegerField(help_text="0 for the first batch of data rows.")
    first_line = models.PositiveIntegerField()
    last_line = models.PositiveIntegerField()
    file_sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=BatchStatus.choices)
    counts = models.JSONField(default=dict)
    committed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="import_batch_once_per_run"),
        ]

    def __str__(self) -> str:
        return (
            f"Batch {self.number} (lines {self.first_line}-{self.last_line}) of run {self.run_id}"
        )


class ImportRejection(models.Model):
    """One problem with one source row; the row loaded nothing."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="rejections")
    line = models.PositiveIntegerField()
    column = models.CharField(max_length=255, blank=True)
    value = models.TextField(blank=True)
    reason = models.TextField()

    class Meta:
        ordering = ["run", "line", "id"]

    def __str__(self) -> str:
        return f"Line {self.line}: {self.reason}"


class EpisodeChange(models.Model):
    """An imported row that changed a stored episode: which fields, from what, to what."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="import_changes")
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="episode_changes")
    line = models.PositiveIntegerField()
    changes = models.JSONField(help_text="{field: [before, after]}, values as text.")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["episode", "changed_at", "id"]

    def __str__(self) -> str:
        return f"Episode {self.episode_id} changed by import {self.run_id}"


class CmeReferralRow(models.Model):
    """A school's child-missing-education referral as CME imports staged it before they created
    `casework.CmeReferral`s (`imports/cme.py`). No longer written; kept so the rows staged by
    earlier imports stay readable.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    referral_reference = models.CharField(max_length=64)
    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    upn = models.CharField(max_length=64, blank=True)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=16, blank=True)
    home_postcode = models.CharField(max_length=10, blank=True)
    referred_on = models.DateField()
    reason = models.CharField(max_length=200, blank=True)
    referring_school = models.CharField(max_length=200, blank=True)
    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="+")
    line = models.PositiveIntegerField()
    taken_up_at = models.DateTimeField(
        null=True, blank=True, help_text="When casework turned this row into a CME case."
    )

    class Meta:
        ordering = ["referred_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "referral_reference"], name="cme_referral_row_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"CME referral {self.referral_reference}"

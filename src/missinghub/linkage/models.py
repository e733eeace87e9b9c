"""Linkage records: pairs waiting for a person to decide, and every merge (reversible).

Both refer to children by id, not by foreign key: a merge deletes the merged child's row (its
episodes, placements and everything else move to the child kept), and its history must stay.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    ACCEPTED = "accepted", "Accepted: the same child"
    REJECTED = "rejected", "Rejected: different children"
    SUPERSEDED = "superseded", "No longer needed (one of the children was merged)"


class ModelFinding(models.Model):
    """What the linkage model found and what a person then decided: the fields every review
    waiting for a person shares."""

    match_probability = models.FloatField()
    match_weight = models.FloatField()
    model_label = models.CharField(max_length=100)
    found_at = models.DateTimeField()
    status = models.CharField(
        max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        abstract = True


class ReviewPair(ModelFinding):
    """Two child records the model thinks may be one child, not sure enough to merge alone."""

    first_child_id = models.BigIntegerField(db_index=True)
    second_child_id = models.BigIntegerField(db_index=True)
    merge = models.ForeignKey(
        "ChildMerge", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-match_probability", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["first_child_id", "second_child_id"], name="review_pair_once"
            ),
            models.CheckConstraint(
                condition=Q(first_child_id__lt=F("second_child_id")), name="review_pair_ordered"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values), name="review_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"Possible match {self.first_child_id} ~ {self.second_child_id}"


class ChildMerge(models.Model):
    """One child record merged into another, with what is needed to undo it exactly.

    `merged_child_record` is the merged child's row as Django serialises it; `moved_rows` lists,
    per model and field, the primary keys of the rows that pointed at the merged child and now
    point at the child kept; `added_alias_id` is the alias recording the merged child's name.
    """

    kept_child_id = models.BigIntegerField(db_index=True)
    merged_child_id = models.BigIntegerField(db_index=True)
    merged_child_record = models.JSONField()
    moved_rows = models.JSONField(default=dict)
    added_alias_id = models.BigIntegerField(null=True, blank=True)
    # Pending review pairs about the merged child, set aside by the merge.
    superseded_pair_ids = models.JSONField(default=list)
    match_probability = models.FloatField(null=True, blank=True)
    automatic = models.BooleanField(default=False)
    merged_at = models.DateTimeField()
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    unmerged_at = models.DateTimeField(null=True, blank=True)
    unmerged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unmerge_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kept_child_id=F("merged_child_id")), name="merge_two_children"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="merge_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Child {self.merged_child_id} merged into {self.kept_child_id}"

    @property
    def is_undone(self) -> bool:
        return self.unmerged_at is not None


class ReferenceReview(ModelFinding):
    """An agency's person reference that names a stored child while the person details sent
    with it disagree beyond the model's threshold (linkage at the door). The rows carrying it
    attach nothing until a person decides: accepted, the reference is the child's and the next
    import attaches them; rejected, they stay refused until the source is corrected."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    identifier_kind = models.CharField(max_length=40)
    reference = models.CharField(max_length=100)
    child_id = models.BigIntegerField(db_index=True)  # the child the reference names
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    differing = models.CharField(max_length=200, help_text="The details that disagree.")
    source = models.CharField(max_length=300, help_text="Where the reference was read.")

    class Meta:
        ordering = ["found_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "identifier_kind", "reference", "child_id"],
                name="reference_review_once",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values), name="reference_review_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"Reference {self.reference} held: it names child {self.child_id}"

"""A data protection officer's request to reach a child their own agency holds no record of.

The officer's own reach is the need-to-know rule applied to their agency (`exports.reach`).
Beyond it, each child is a recorded step: the officer asks with a reason (the subject-access
request's reference and who passed it on); a second officer or a system administrator, never
the one who asked, approves or refuses; an approval lasts `MISSINGHUB_DPO_REACH_DAYS`. Every
step is an audit event naming the child.
"""

from django.conf import settings
from django.db import models

from missinghub.children.models import Child


class ReachRequest(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=500)
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(null=True, help_text="None while waiting for a decision.")
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")),
                name="reach_request_decided_by_another",
            ),
        ]

    def __str__(self) -> str:
        return f"Reach request {self.pk} for child {self.child_id}"

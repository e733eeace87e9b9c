"""One-time form tokens: every create form carries one, stored with the record it created."""

from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    """The token of a create form that was saved, and the record it made. The same form sent
    again (Back then resubmit, a double click, a retry after a timeout) finds this row and
    shows the record instead of making a second one (`services.submissions.create_once`)."""

    token = models.UUIDField(primary_key=True)
    form = models.CharField(max_length=64, help_text="Which form, e.g. 'intervention'.")
    record_id = models.PositiveBigIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.form} {self.record_id}"

"""Create forms are idempotent: each carries a one-time token (`forms.once.OnceOnly`), stored
with the record it created in the same transaction. Sending the same form again returns the
record already made, so Back then resubmit never makes a second one."""

from collections.abc import Callable
from uuid import UUID

from django.db import IntegrityError, models, transaction

from missinghub.accounts.models import User
from missinghub.casework.models import FormSubmission


def create_once(
    *, actor: User, token: UUID, form: str, create: Callable[[], models.Model]
) -> tuple[int, bool]:
    """The id of the record this form's `token` made, and whether it was made now: `create()`
    runs only for a token not seen before (its writes and the token commit together)."""
    earlier = _earlier(actor, token, form)
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            record = create()
            FormSubmission.objects.create(token=token, form=form, record_id=record.pk, user=actor)
    except IntegrityError:  # the same form, sent twice at once: the other one won
        earlier = _earlier(actor, token, form)
        if earlier is None:
            raise
        return earlier, False
    return int(record.pk), True


def _earlier(actor: User, token: UUID, form: str) -> int | None:
    found = FormSubmission.objects.filter(token=token, user=actor, form=form).first()
    return found.record_id if found is not None else None

"""`Idempotency-Key` on every POST: the same key and body answer the first result again; the
same key with a different body is refused (422).

The key is stored in the same transaction as the write, before it: a second request with the
key waits on the unique index until the first commits, then replays its answer. A write that
fails stores nothing, so the key may be used again for a corrected request.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from missinghub.accounts.models import User
from missinghub.api.models import IdempotentRequest
from missinghub.api.problems import ProblemError
from missinghub.statements import insert, update


@dataclass(frozen=True)
class Outcome:
    status: int
    body: dict[str, Any]
    etag: str = ""
    replayed: bool = False


class _KeyTaken(Exception):
    pass


def fingerprint(request: HttpRequest, payload: dict[str, Any]) -> str:
    content = json.dumps(
        {"method": request.method, "path": request.path, "body": payload},
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(content.encode()).hexdigest()


def run_once(
    *,
    request: HttpRequest,
    user: User,
    key: str,
    payload: dict[str, Any],
    action: Callable[[], Outcome],
) -> Outcome:
    """Run `action` once for this agency's `key`; replay its outcome for a repeat. An error
    from `action` (an IntegrityError too) rolls back the write and the key together."""
    print_ = fingerprint(request, payload)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                record = _claim(user, key, print_)
                outcome = action()
                record.status_code = outcome.status
                record.body = outcome.body
                record.etag = outcome.etag
                update(record, ("status_code", "body", "etag"))
                return outcome
        except _KeyTaken:
            stored = IdempotentRequest.objects.filter(agency_id=user.agency_id, key=key).first()
            if stored is not None:
                return _replay(stored, print_)
            # the first request with the key failed and stored nothing: claim it again
    raise ProblemError(409, "idempotency-key-busy", "Another request holds this key. Retry.")


def _claim(user: User, key: str, print_: str) -> IdempotentRequest:
    """The first statement of the transaction: a conflict aborts it, so no savepoint."""
    try:
        claim = IdempotentRequest(
            agency_id=user.agency_id, key=key, fingerprint=print_, created_at=timezone.now()
        )
        return insert(claim)[0]
    except IntegrityError:
        raise _KeyTaken from None


def _replay(stored: IdempotentRequest, print_: str) -> Outcome:
    if stored.fingerprint != print_:
        raise ProblemError(
            422,
            "idempotency-key-reused",
            "This Idempotency-Key was used for a different request. Use a new key.",
        )
    return Outcome(stored.status_code, stored.body, stored.etag, replayed=True)

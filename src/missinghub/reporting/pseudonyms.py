"""Keyed pseudonyms for children in reports: stable between reports, not reversible without the key.

The same pseudonym as the research export (`exports.pseudonyms`, HMAC-SHA256 under
`MISSINGHUB_PSEUDONYM_KEY`), so an analyst can find a report's child in a research export. Where
no key is configured (a demo; no research export can be made then), the key is derived from the
Django secret key. Users who may see a child's record get the name instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.crypto import salted_hmac

from missinghub.access.policy import visible_child_ids
from missinghub.accounts.models import User
from missinghub.children.models import Child
from missinghub.exports.pseudonyms import PseudonymKeyMissing, pseudonym_key
from missinghub.exports.pseudonyms import pseudonym as keyed_hash

SALT = "missinghub.reporting.child-pseudonym"


def _key() -> bytes:
    try:
        return pseudonym_key()
    except PseudonymKeyMissing:
        return salted_hmac(SALT, "key", algorithm="sha256").digest()


def pseudonym(child_id: str | int) -> str:
    """The child's research-export pseudonym (20 hex characters)."""
    return keyed_hash("child", int(child_id), key=_key())


def pseudonymiser(user: User | None) -> Callable[[list[dict[str, Any]]], list[dict[str, Any]]]:
    """Rows with `child_id` -> rows with `child` (a name the user may see, else a pseudonym).

    `child_record` holds the record number only for named children (the caller audits them).
    """

    def label(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = [int(row["child_id"]) for row in rows]
        names: dict[int, str] = {}
        if user is not None and ids:
            names = {
                child.pk: child.full_name
                for child in Child.objects.filter(pk__in=ids).filter(pk__in=visible_child_ids(user))
            }
        return [
            {
                "child": names.get(int(row["child_id"])) or pseudonym(row["child_id"]),
                "child_record": int(row["child_id"]) if int(row["child_id"]) in names else None,
                "episodes": row["episodes"],
            }
            for row in rows
        ]

    return label

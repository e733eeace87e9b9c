"""Score the found groups against a synthetic population's planted groups
(`DIR/truth/pursue_groups.csv`: group_id, child_id, police_person_ref). Children are matched by
their police person reference, which the synthetic loader records. Reads the file only: no
import of the generator."""

import csv
from pathlib import Path

from missinghub.children.models import ChildIdentifier, IdentifierKind

GROUPS_FILE = "pursue_groups.csv"


class TruthError(ValueError):
    """The truth file is missing or a row cannot be read; the message names file, row and field."""


def planted_groups(truth_dir: Path) -> dict[str, set[int]]:
    """Planted group -> the database ids of its children."""
    path = truth_dir / GROUPS_FILE
    if not path.exists():
        raise TruthError(f"{path}: no such file (generate with `missinghub synth`)")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    refs = {row.get("police_person_ref", "") for row in rows}
    ids = dict(
        ChildIdentifier.objects.filter(
            kind=IdentifierKind.POLICE_PERSON_REFERENCE, value__in=refs
        ).values_list("value", "child_id")
    )
    groups: dict[str, set[int]] = {}
    for number, row in enumerate(rows, start=2):
        ref = row.get("police_person_ref", "")
        if ref not in ids:
            raise TruthError(
                f"{path}, row {number}, police_person_ref: {ref!r} is no child in the database "
                "(load the same folder with `missinghub synth --load`)"
            )
        groups.setdefault(row["group_id"], set()).add(ids[ref])
    return groups

"""Load the planted exploitation groups' links (truth/pursue_links.csv, written by pursue.py)
as the pursue app's entity links, as recorded: the app's own normalising finds each entity."""

import csv
from datetime import date
from pathlib import Path

from missinghub.accounts.models import User
from missinghub.pursue.services import Grading, ImportedLink, Mention, import_links
from missinghub.synth.pursue import LINKS_FILE


def load_pursue_links(truth: Path, children: dict[str, int], actor: User) -> int:
    path = truth / LINKS_FILE
    if not path.exists():  # a folder generated before issue #27
        return 0
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [
            ImportedLink(
                child_id=children[row["child_id"]],
                mention=Mention(
                    kind=row["kind"],
                    value=row["value"],
                    postcode=row["postcode"],
                    aliases=tuple(a for a in row["aliases"].split(";") if a),
                ),
                source=row["source"],
                seen_on=date.fromisoformat(row["seen_on"]),
                grading=Grading(
                    row["source_evaluation"], row["intelligence_assessment"], row["handling_code"]
                ),
                relationship=row["relationship"],
            )
            for row in csv.DictReader(handle)
        ]
    return import_links(actor=actor, rows=rows)

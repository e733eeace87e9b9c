"""`missinghub pursue groups [--evaluate DIR/truth] [--json]`: the groups of children linked
through shared people, places, phones and vehicles, and their score against planted truth."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from missinghub.pursue import selectors
from missinghub.pursue.evaluation import TruthError, planted_groups
from missinghub.pursue.network import MAX_CHILDREN, MIN_CHILDREN, Group, evaluate


class Command(BaseCommand):
    help = (
        "Pursue (docs/pursue.md). `pursue groups` finds groups of children linked through "
        "shared people, places, phones and vehicles (networkx connected groups; weakly graded "
        "links and entities linked to more than --max-children children join none); "
        "`--evaluate DIR/truth` scores them against a synthetic population's planted groups "
        "(pairwise precision and recall); `--json` prints JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        groups = actions.add_parser("groups", help="Groups of children sharing contacts.")
        groups.add_argument("--evaluate", type=Path, metavar="DIR", help="A truth folder.")
        groups.add_argument("--json", action="store_true")
        groups.add_argument("--max-children", type=int, default=MAX_CHILDREN)
        groups.add_argument("--min-children", type=int, default=MIN_CHILDREN)

    def handle(self, *args: Any, **options: Any) -> None:
        found = selectors.groups(
            max_children=options["max_children"], min_children=options["min_children"]
        )
        body: dict[str, Any] = {"groups": [self._describe(group) for group in found]}
        if options["evaluate"] is not None:
            try:
                planted = planted_groups(options["evaluate"])
            except TruthError as error:
                raise CommandError(str(error)) from error
            scored = evaluate(planted, found)
            body = {
                "groups": scored.matches,
                "found_groups": len(found),
                "precision": scored.precision,
                "recall": scored.recall,
            }
        if options["json"]:
            self.stdout.write(json.dumps(body, indent=2))
            return
        self._print(body)

    @staticmethod
    def _describe(group: Group) -> dict[str, Any]:
        labels = selectors.entities_by_id({entity for entity, _ in group.entities[:3]})
        return {
            "children": sorted(group.children),
            "most_connected": [
                {"entity": str(labels[entity]), "children": count}
                for entity, count in group.entities[:3]
            ],
        }

    def _print(self, body: dict[str, Any]) -> None:
        if "precision" in body:
            for match in body["groups"]:
                self.stdout.write(
                    f"{match['planted']}: {match['planted_children']} children planted; best "
                    f"found group has {match['found_children']} "
                    f"({match['shared_children']} shared, Jaccard {match['jaccard']})"
                )
            self.stdout.write(f"Precision {body['precision']}, recall {body['recall']}.")
            return
        for number, group in enumerate(body["groups"], start=1):
            most = ", ".join(f"{e['entity']} ({e['children']})" for e in group["most_connected"])
            self.stdout.write(f"Group {number}: {len(group['children'])} children; {most}")
        self.stdout.write(f"{len(body['groups'])} groups.")

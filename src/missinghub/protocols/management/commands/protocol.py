"""`missinghub protocol replay|sweep|apply`: see docs/protocols.md."""

import json
from argparse import ArgumentParser
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from missinghub.protocols.engine import ProtocolError
from missinghub.protocols.engine.history import read_truth_folder
from missinghub.protocols.engine.replay import prepare_history
from missinghub.protocols.engine.workload import WORKLOAD_FIELDS, Workload, replay
from missinghub.protocols.registry import active_protocol, get_protocol, protocol_of_area

COLUMN_TITLES = {
    "interviews": "interviews",
    "youth_worker_visits": "youth-worker visits",
    "panel_referrals": "panel referrals",
    "children_on_agenda": "children on agenda",
    "strategy_meetings": "strategy meetings",
    "social_care_alerts": "social care alerts",
    "due_within_24h": "due in 24h",
    "due_within_48h": "due in 48h",
    "due_within_72h": "due in 72h",
}


class Command(BaseCommand):
    help = "Area protocols: replay history under a protocol, or sweep tasks for reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        replay_parser: ArgumentParser = actions.add_parser(
            "replay", help="the workload a protocol would create from recorded history"
        )
        replay_parser.add_argument(
            "--protocol", help="a YAML file or a name (default: the --area's protocol)"
        )
        replay_parser.add_argument(
            "--area",
            help="a council: the episodes it is responsible for, compared with its protocol",
        )
        replay_parser.add_argument("--from", dest="start", required=True, type=date.fromisoformat)
        replay_parser.add_argument("--to", dest="end", required=True, type=date.fromisoformat)
        replay_parser.add_argument("--history", type=Path, help="a synthetic folder with truth/")
        replay_parser.add_argument("--json", action="store_true", help="print JSON")
        sweep_parser: ArgumentParser = actions.add_parser(
            "sweep", help="send reminders for tasks that became due or overdue (safe to re-run)"
        )
        sweep_parser.add_argument("--enqueue", action="store_true", help="run in db_worker")
        sweep_parser.add_argument("--now", type=datetime.fromisoformat, help="for testing")
        apply_parser: ArgumentParser = actions.add_parser(
            "apply", help="create the active protocol's tasks for recent episodes (safe to re-run)"
        )
        apply_parser.add_argument(
            "--since-days", type=int, default=14, help="episodes reported or returned this recently"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "replay":
            self._replay(options)
        elif options["action"] == "apply":
            self._apply(options)
        else:
            self._sweep(options)

    def _apply(self, options: dict[str, Any]) -> None:
        from missinghub.protocols.services import apply_protocol_to_recent_episodes

        if options["since_days"] < 0:
            raise CommandError("--since-days cannot be negative")
        since = timezone.now() - timedelta(days=options["since_days"])
        created = apply_protocol_to_recent_episodes(since=since)
        self.stdout.write(f"{created} task(s) created under {active_protocol().name}.")

    def _replay(self, options: dict[str, Any]) -> None:
        if options["end"] < options["start"]:
            raise CommandError("--to is before --from")
        area = options["area"]
        if options["protocol"] is None and area is None:
            raise CommandError("Give --protocol, or --area for the area's own protocol.")
        try:
            active = protocol_of_area(area) if area else active_protocol()
            protocol = get_protocol(options["protocol"]) if options["protocol"] else active
            history = prepare_history(_history(options["history"], area))
            workloads = [
                replay(p, history, options["start"], options["end"]) for p in (protocol, active)
            ]
        except (ProtocolError, LookupError, ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            result = workloads[0].as_json() | {"compared_with": workloads[1].as_json()}
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(_table(workloads))

    def _sweep(self, options: dict[str, Any]) -> None:
        from missinghub.protocols.services import apply_pending_protocols, sweep_reminders
        from missinghub.protocols.tasks import send_protocol_reminders

        if options["enqueue"]:
            result = send_protocol_reminders.enqueue()
            self.stdout.write(f"Reminder sweep queued ({result.id}).")
            return
        now = options["now"] or timezone.now()
        if timezone.is_naive(now):
            now = timezone.make_aware(now)
        applied = apply_pending_protocols()
        sent = sweep_reminders(now=now)
        if applied:
            self.stdout.write(f"Protocol applied to {applied} pending episode(s).")
        self.stdout.write(f"{sent} reminder(s) sent.")


def _history(folder: Path | None, area: str | None) -> Any:
    """The truth files' history, or the recorded one; with `area`, that council's episodes."""
    if folder is not None:
        return read_truth_folder(folder, area)
    from missinghub.protocols.areas import responsible_areas
    from missinghub.protocols.history_records import recorded_history

    history = recorded_history()
    if area is None:
        return history
    ours = [str(pk) for pk, name in responsible_areas(None).items() if name == area]
    return history.filter(pl.col("episode_id").is_in(ours))


def _table(workloads: list[Workload]) -> str:
    """Each month on two lines: the replayed protocol, then the active one beside it."""
    labels = [f"{w.protocol} {w.version}" for w in workloads]
    label_width = max(len(label) for label in labels)
    header = [
        "month  ",
        "protocol".ljust(label_width),
        *(COLUMN_TITLES[f] for f in WORKLOAD_FIELDS),
    ]
    lines = ["  ".join(header)]
    totals = [dict.fromkeys(WORKLOAD_FIELDS, 0) for _ in workloads]
    for index, month in enumerate(workloads[0].months):
        for which, (workload, label) in enumerate(zip(workloads, labels, strict=True)):
            row = workload.months[index]
            cells = [
                (month["month"] if which == 0 else "").ljust(7),
                label.ljust(label_width),
                *(str(row[f]).rjust(len(COLUMN_TITLES[f])) for f in WORKLOAD_FIELDS),
            ]
            lines.append("  ".join(cells))
            for f in WORKLOAD_FIELDS:
                totals[which][f] += row[f]
    for which, label in enumerate(labels):
        cells = [
            ("total" if which == 0 else "").ljust(7),
            label.ljust(label_width),
            *(str(totals[which][f]).rjust(len(COLUMN_TITLES[f])) for f in WORKLOAD_FIELDS),
        ]
        lines.append("  ".join(cells))
    lines.append("(children on agenda: distinct children per month; the total adds months up)")
    return "\n".join(lines)

"""`missinghub link`: link all children (merge the sure, queue the unsure), train the model,
or measure it against known truth (`evaluate`). See docs/linkage.md."""

import json
import logging
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from missinghub.linkage.evaluation.datasets import DATASETS
from missinghub.linkage.model.train import (
    MODEL_DIR,
    SavedModel,
    current_model,
    load_model,
    model_versions,
)


class Command(BaseCommand):
    help = (
        "Record linkage. `missinghub link` (or `link run`) scores every child against the "
        "others, merges pairs above the merge threshold and queues the uncertain ones for "
        "review; `link train` trains a new model version on this deployment's children, "
        "without labels, and shows its weights (`link weights` shows the current model's); "
        "`link evaluate --dataset febrl1|febrl2|febrl3|febrl4|synthetic|synthetic-hard "
        "[--json]` trains the model on that data set without its labels and scores it, the "
        "recordlinkage toolkit's ECM classifier and plain Splink settings against known truth."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action")
        actions.add_parser("run", help="Link all children in the database (the default).")
        train = actions.add_parser("train", help="Train and save a new model version.")
        train.add_argument(
            "--synth-dir",
            type=Path,
            help="Train on this synthetic folder's extracts instead of the database's children.",
        )
        train.add_argument("--out-dir", type=Path, default=MODEL_DIR)
        actions.add_parser("weights", help="Show the current model's m, u and match weights.")
        evaluate = actions.add_parser("evaluate", help="Precision, recall, F1 against truth.")
        evaluate.add_argument("--dataset", choices=DATASETS, required=True)
        evaluate.add_argument(
            "--synth-dir",
            type=Path,
            help="For --dataset synthetic or synthetic-hard: a folder from `missinghub synth` "
            "(default: council scale, seed 1, generated into a temporary folder with the standard "
            "or the hard fault profile).",
        )
        evaluate.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        logging.getLogger("splink").setLevel(logging.ERROR)
        action = options.get("action") or "run"
        if action == "evaluate":
            self._evaluate(options)
        elif action == "train":
            self._train(options)
        elif action == "weights":
            self._weights(current_model())
        else:
            self._run()

    def _run(self) -> None:
        from missinghub.linkage.services import link_all_children

        started = time.perf_counter()
        summary = link_all_children()
        self.stdout.write(
            f"{summary.children} children, {summary.pairs_scored} pairs scored: "
            f"{summary.merges} merged, {summary.queued} queued for review, "
            f"{summary.refused} not merged (queued instead) "
            f"in {time.perf_counter() - started:.1f} s."
        )

    def _train(self, options: dict[str, Any]) -> None:
        from missinghub.linkage.training import train_and_save

        versions = model_versions("children", options["out_dir"])
        version = (versions[-1] if versions else 0) + 1
        path = train_and_save(options["synth_dir"], options["out_dir"], version)
        self.stdout.write(f"Saved {path}")
        self._weights(load_model(path))

    def _weights(self, model: SavedModel) -> None:
        from missinghub.linkage.model.weights import weights_text

        self.stdout.write(f"{model.label}, trained on {model.training_rows} records")
        self.stdout.write(weights_text(model.splink))

    def _evaluate(self, options: dict[str, Any]) -> None:
        try:
            from missinghub.linkage.evaluation.datasets import load_dataset
            from missinghub.linkage.evaluation.run import evaluate

            dataset = load_dataset(options["dataset"], options.get("synth_dir"))
            result = evaluate(dataset)
        except ModuleNotFoundError as error:
            raise CommandError(
                f"`link evaluate` needs the development dependencies ({error.name} is missing): "
                "pip install -e '.[dev]'"
            ) from None
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        self.stdout.write(
            f"{result['dataset']}: {result['records']} records, "
            f"{result['true_pairs']} true pairs, threshold {result['threshold']}"
        )
        sides = (("missinghub", "MissingHub"), ("ecm", "Toolkit ECM"), ("splink", "Splink"))
        for side, label in sides:
            s = result[side]
            self.stdout.write(
                f"  {label:<12} precision {s['precision']:.4f}  recall {s['recall']:.4f}  "
                f"F1 {s['f1']:.4f}  blocking recall {s['blocking_recall']:.4f}  "
                f"{s['seconds']:.1f} s"
            )

"""`missinghub link evaluate --json`: MissingHub's model trained on the data set without its
labels, the toolkit's ECM on the same blocks and plain Splink settings, side by side."""

import json
from io import StringIO

from django.core.management import call_command

from missinghub.linkage.model.train import current_model


def test_evaluate_on_febrl1_prints_all_three_and_ours_is_not_below_either() -> None:
    out = StringIO()

    call_command("link", "evaluate", "--dataset", "febrl1", "--json", stdout=out)

    result = json.loads(out.getvalue())
    assert result["dataset"] == "febrl1"
    for side in ("missinghub", "ecm", "splink"):
        assert set(result[side]) >= {"precision", "recall", "f1", "seconds", "blocking_recall"}
    ours = result["missinghub"]
    assert ours["f1"] >= 0.95 and ours["blocking_recall"] >= 0.99
    assert ours["f1"] >= max(result["ecm"]["f1"], result["splink"]["f1"])


def test_link_weights_shows_every_level_of_the_current_model() -> None:
    out = StringIO()

    call_command("link", "weights", stdout=out)

    shown = out.getvalue()
    assert current_model().label in shown and "prior (two random records match)" in shown
    for label in ("One digit different", "Initial only", "Given and family names swapped"):
        assert label in shown

"""`missinghub link evaluate --json`: MissingHub's model trained on the data set without its
labels, the toolkit's ECM on the same blocks and plain Splink settings, side by side."""

import json
from io import StringIO

from django.core.management import call_command


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

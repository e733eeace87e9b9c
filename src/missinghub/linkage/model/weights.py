"""A trained model's parameters in words: each level's m, u and match weight (log2 m/u), with a
text bar, as Splink's match-weights chart shows them (`missinghub link weights`)."""

import math
from typing import Any

BAR_SCALE = 2  # characters per unit of weight


def weight_rows(splink_settings: dict[str, Any]) -> list[tuple[str, str, float, float, float]]:
    """(comparison, level, m, u, weight) for every non-null level, in ladder order."""
    rows = []
    for comparison in splink_settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m, u = float(level["m_probability"]), float(level["u_probability"])
            label = str(level.get("label_for_charts", ""))
            rows.append((comparison["output_column_name"], label, m, u, math.log2(m / u)))
    return rows


def _bar(weight: float) -> str:
    length = min(round(abs(weight) * BAR_SCALE), 30)
    return ("-" * length).rjust(30) + "|" if weight < 0 else " " * 30 + "|" + "+" * length


def weights_text(splink_settings: dict[str, Any]) -> str:
    prior = float(splink_settings["probability_two_random_records_match"])
    prior_weight = math.log2(prior / (1 - prior))
    lines = [
        f"prior (two random records match) {prior:.3g}: weight {prior_weight:.2f}",
        f"{'comparison':<12} {'level':<46} {'m':>7} {'u':>9} {'weight':>7}",
    ]
    for name, label, m, u, weight in weight_rows(splink_settings):
        lines.append(f"{name:<12} {label[:46]:<46} {m:7.4f} {u:9.2g} {weight:7.2f} {_bar(weight)}")
    return "\n".join(lines)

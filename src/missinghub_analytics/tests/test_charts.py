import datetime as dt
from typing import Any

import polars as pl

from missinghub_analytics import charts
from missinghub_analytics.durations import duration_distribution
from missinghub_analytics.frames import Period
from missinghub_analytics.outcomes import protocol_change_evaluation
from missinghub_analytics.tests.helpers import at, episode, frame

JANUARY = Period(dt.date(2023, 1, 1), dt.date(2023, 1, 31))


def episodes() -> pl.DataFrame:
    return frame(
        [
            episode("A", "2023-01-02 10:00", "2023-01-02 12:00", placement_type="foster"),
            episode("A", "2023-01-03 10:00", "2023-01-04 12:00"),
            episode("A", "2023-01-05 10:00", None, "awol", "foster", True, "in_borough"),
            episode("B", "2023-01-20 10:00", "2023-01-21 12:00", "absent"),
        ]
    )


def fields_used(encoding: dict[str, Any]) -> set[str]:
    used = set()
    for channel in encoding.values():
        for item in channel if isinstance(channel, list) else [channel]:
            if "field" in item:
                used.add(item["field"])
    return used


def test_every_chart_embeds_its_rows_and_encodes_existing_fields() -> None:
    data = episodes()
    result = protocol_change_evaluation(data, at("2023-01-04 00:00"), JANUARY)
    figures = [
        charts.duration_distribution_chart(data, JANUARY),
        charts.duration_survival_chart(data, JANUARY, by="category"),
        charts.time_of_day_chart(data, JANUARY, by_placement_type=True),
        charts.top_share_chart(data),
        charts.lorenz_chart(data, JANUARY),
        charts.bursts_chart(data, JANUARY),
        charts.published_chart(data, None, JANUARY),
        charts.outcome_chart(result, max_days=30),
    ]
    for figure in figures:
        spec = figure["spec"]
        assert spec["data"]["values"] is figure["rows"]
        assert figure["rows"], spec["title"]
        encodings = [layer["encoding"] for layer in spec.get("layer", [])] or [spec["encoding"]]
        columns = set(figure["rows"][0])
        for encoding in encodings:
            assert fields_used(encoding) <= columns, spec["title"]


def test_chart_rows_are_the_figure_table() -> None:
    data = episodes()
    figure = charts.duration_distribution_chart(data, JANUARY)
    assert figure["rows"] == duration_distribution(data, JANUARY)
    # three episodes in one child within 14 days: one burst, one child
    assert charts.bursts_chart(data, JANUARY)["rows"] == [{"bursts": 1, "children": 1}]

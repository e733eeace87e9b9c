"""The fast intake path scores exactly as Splink does: same pairs found, same match weights."""

import random
from pathlib import Path

import duckdb
import polars as pl
import pytest

from missinghub.linkage.evaluation.synthetic import load_extracts
from missinghub.linkage.model.batch import predict_pairs
from missinghub.linkage.model.intake import MAX_SEGMENTS, IntakeIndex
from missinghub.linkage.model.prepare import prepare
from missinghub.linkage.model.scorer import score_pair
from missinghub.linkage.model.strings import jaro_winkler, levenshtein
from missinghub.linkage.model.train import current_model, duckdb_api, duckdb_connection
from missinghub.synth.parameters import Scale, SynthParameters
from missinghub.synth.run import generate


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> tuple[pl.DataFrame, pl.DataFrame]:
    folder = Path(tmp_path_factory.mktemp("synth"))
    generate(SynthParameters(Scale("council", 2_000, 4), seed=3), folder)
    prepared = prepare(load_extracts(folder).records, current_model().spec)
    return prepared, predict_pairs(duckdb_api(), prepared, current_model(), floor=0.0)


def test_python_scores_equal_splinks_for_every_blocked_pair(scored):
    prepared, pairs = scored
    index = IntakeIndex(prepared, current_model())
    rows = {row["unique_id"]: row for row in prepared.iter_rows(named=True)}

    differences = [
        abs(score_pair(index.spec, index.weights, rows[a], rows[b], index.tf).match_weight - w)
        for a, b, w in pairs.select("unique_id_l", "unique_id_r", "match_weight").iter_rows()
    ]

    assert len(differences) > 500
    assert max(differences) < 1e-9


def test_the_index_finds_the_pairs_splinks_blocking_finds(scored):
    prepared, pairs = scored
    index = IntakeIndex(prepared, current_model())
    rng = random.Random(5)  # noqa: S311 (a test sample)
    sample = rng.sample(range(prepared.height), 300)

    for position in sample:
        query = prepared[position]
        own = query["unique_id"][0]
        expected = pairs.filter((pl.col("unique_id_l") == own) | (pl.col("unique_id_r") == own))
        weights = {
            (b if a == own else a): w
            for a, b, w in expected.select("unique_id_l", "unique_id_r", "match_weight").iter_rows()
        }
        found = index.candidates(query, limit=10_000)
        assert {c.unique_id: pytest.approx(c.score.match_weight, abs=1e-9) for c in found} == (
            weights
        )


def test_an_index_grown_in_segments_finds_what_one_built_whole_finds(scored):
    """Children added after the build (an import's batches) are found as if built in."""
    prepared, _ = scored
    whole = IntakeIndex(prepared, current_model())
    start = prepared.height // 3
    grown = IntakeIndex(prepared[:start], current_model())
    step = (prepared.height - start) // 12 + 1
    for at in range(start, prepared.height, step):  # twelve batches: the added ones are joined
        grown.extend(prepared[at : at + step])
    assert 1 < len(grown.segments) <= MAX_SEGMENTS and len(grown) == len(whole)
    grown.tf = whole.tf  # frequencies stay those of the first build; compare the blocking
    queries = prepared.sample(400, seed=7)

    def found(index: IntakeIndex) -> list[list[tuple[object, float]]]:
        each = index.candidates_each(queries, limit=10_000)
        return [sorted((c.unique_id, round(c.score.match_weight, 9)) for c in cs) for cs in each]

    expected = found(whole)
    assert sum(map(len, expected)) > 200
    assert found(grown) == expected


def test_string_similarity_equals_duckdbs() -> None:
    rng = random.Random(11)  # noqa: S311 (test strings)
    words = ["".join(rng.choice("ABCDEH ") for _ in range(rng.randint(1, 9))) for _ in range(4000)]
    pairs = list(zip(words[::2], words[1::2], strict=True))
    connection: duckdb.DuckDBPyConnection = duckdb_connection()
    expected = connection.execute(
        "select jaro_winkler_similarity(a, b), levenshtein(a, b) "
        "from (select unnest(?) as a, unnest(?) as b)",
        [[a for a, _ in pairs], [b for _, b in pairs]],
    ).fetchall()

    assert [(jaro_winkler(a, b), levenshtein(a, b)) for a, b in pairs] == expected

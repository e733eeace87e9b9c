"""Casework truth files: return_interviews.csv, contact_attempts.csv, screenings.csv and
interventions.csv (layouts in docs/synthetic-data.md). Codes are those of the casework models."""

from collections.abc import Iterator

import numpy as np
import polars as pl

from missinghub.synth import clock
from missinghub.synth.casework import (
    CONTACT_METHODS,
    CONTACT_OUTCOMES,
    OUTCOMES,
    casework_lists,
)
from missinghub.synth.clock import BoolArray
from missinghub.synth.followup import END_REASONS, INTERVENTION_TYPES, LEVELS, SCREENING_KINDS
from missinghub.synth.generator import Population
from missinghub.synth.truth import Build, Identifiers, blank_where, flag, numbered, pick

DAY = "%Y-%m-%d"
CHUNK_ROWS = 1_000_000  # rows of the big files built and written at a time


def _joined_codes(named: BoolArray, codes: tuple[str, ...]) -> pl.Series:
    """Each row's named codes joined by ';' (blank when none)."""
    columns = [
        pl.when(pl.Series(named[:, index])).then(pl.lit(code)).otherwise(None)
        for index, code in enumerate(codes)
    ]
    joined = pl.select(pl.concat_str(columns, separator=";", ignore_nulls=True)).to_series()
    return blank_where(joined, np.asarray(~named.any(axis=1), dtype=bool))


def interview_ids(population: Population) -> pl.Series:
    return numbered("I", np.arange(1, population.casework.interviews.size + 1), 8)


def _parts(count: int) -> Iterator[slice]:
    """Row ranges of CHUNK_ROWS (at least one, so an empty file still gets its header)."""
    for start in range(0, max(count, 1), CHUNK_ROWS):
        yield slice(start, start + CHUNK_ROWS)


def interviews_frame(population: Population, ids: Identifiers, part: slice) -> pl.DataFrame:
    """Rows `part` of return_interviews.csv."""
    rows, found = population.casework.interviews, population.episodes
    lists = casework_lists()
    episode, held, service = rows.episode[part], rows.held[part], rows.service[part]
    return pl.DataFrame(
        {
            "interview_id": numbered("I", np.arange(rows.size)[part] + 1, 8),
            "episode_id": ids.episode_id.gather(episode),
            "child_id": ids.child_id.gather(found.child[episode]),
            "returned_at": clock.format_iso(rows.returned[part]),
            "contacted_at": clock.format_iso(rows.contacted[part], missing=~rows.reached[part]),
            "declined": flag(rows.declined[part]),
            "interviewed_at": clock.format_iso(rows.interviewed[part], missing=~held),
            "outcome": blank_where(pick(OUTCOMES, np.maximum(rows.outcome[part], 0)), ~held),
            "signposted_service": blank_where(
                pick(lists.services, np.maximum(service, 0)), service < 0
            ),
            "push_factors": _joined_codes(rows.push[part], lists.push_factors),
            "pull_factors": _joined_codes(rows.pull[part], lists.pull_factors),
        }
    )


def attempts_frame(population: Population, part: slice) -> pl.DataFrame:
    """Rows `part` of contact_attempts.csv."""
    attempts = population.casework.attempts
    return pl.DataFrame(
        {
            "interview_id": numbered("I", attempts.interview[part] + 1, 8),
            "attempted_at": clock.format_iso(attempts.at[part]),
            "method": pick(CONTACT_METHODS, attempts.method[part]),
            "outcome": pick(CONTACT_OUTCOMES, attempts.outcome[part]),
        }
    )


def screenings_frame(population: Population, ids: Identifiers) -> pl.DataFrame:
    screenings, rows = population.casework.screenings, population.casework.interviews
    episode = rows.episode[screenings.interview]
    return pl.DataFrame(
        {
            "screening_id": numbered("S", np.arange(1, len(screenings.interview) + 1), 8),
            "interview_id": interview_ids(population).gather(screenings.interview),
            "episode_id": ids.episode_id.gather(episode),
            "child_id": ids.child_id.gather(population.episodes.child[episode]),
            "kind": pick(SCREENING_KINDS, screenings.kind),
            "screened_at": clock.format_iso(rows.interviewed[screenings.interview] + 30),
            "child_age": pl.Series(screenings.age),
            "score": pl.Series(np.round(screenings.score, 1)),
            "level": pick(LEVELS, screenings.level),
        }
    )


def interventions_frame(population: Population, ids: Identifiers) -> pl.DataFrame:
    work, rows = population.casework.interventions, population.casework.interviews
    episode = rows.episode[work.interview]
    return pl.DataFrame(
        {
            "intervention_id": numbered("V", np.arange(1, len(work.interview) + 1), 8),
            "interview_id": interview_ids(population).gather(work.interview),
            "child_id": ids.child_id.gather(population.episodes.child[episode]),
            "intervention_type": pick(INTERVENTION_TYPES, work.kind),
            "start_date": clock.format_days(work.start, DAY),
            "planned_end_date": clock.format_days(work.planned_end, DAY),
            "sessions_planned": pl.Series(work.sessions_planned),
            "sessions_attended": pl.Series(work.sessions_attended),
            "child_took_up": flag(work.child_took_up),
            "family_took_up": flag(work.family_took_up),
            "ended_on": clock.format_days(work.ended, DAY, missing=work.still_open),
            "end_reason": blank_where(pick(END_REASONS, work.end_reason), work.still_open),
        }
    )


def casework_frames(population: Population, ids: Identifiers) -> dict[str, Build]:
    """How to build each casework file, when it is written; the two big ones in chunks."""
    interviews = population.casework.interviews.size
    attempts = len(population.casework.attempts.interview)
    return {
        "return_interviews.csv": lambda: (
            interviews_frame(population, ids, part) for part in _parts(interviews)
        ),
        "contact_attempts.csv": lambda: (
            attempts_frame(population, part) for part in _parts(attempts)
        ),
        "screenings.csv": lambda: screenings_frame(population, ids),
        "interventions.csv": lambda: interventions_frame(population, ids),
    }

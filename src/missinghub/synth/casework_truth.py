"""Casework truth files: return_interviews.csv, contact_attempts.csv, screenings.csv and
interventions.csv (layouts in docs/synthetic-data.md). Codes are those of the casework models."""

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
from missinghub.synth.truth import Identifiers, blank_where, numbered, pick

DAY = "%Y-%m-%d"


def _flag(values: BoolArray) -> pl.Series:
    return pl.Series(np.where(values, "true", "false"))


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


def interviews_frame(population: Population, ids: Identifiers) -> pl.DataFrame:
    rows, found = population.casework.interviews, population.episodes
    lists = casework_lists()
    held = rows.held
    return pl.DataFrame(
        {
            "interview_id": interview_ids(population),
            "episode_id": ids.episode_id.gather(rows.episode),
            "child_id": ids.child_id.gather(found.child[rows.episode]),
            "returned_at": clock.format_iso(rows.returned),
            "contacted_at": clock.format_iso(rows.contacted, missing=~rows.reached),
            "declined": _flag(rows.declined),
            "interviewed_at": clock.format_iso(rows.interviewed, missing=~held),
            "outcome": blank_where(pick(OUTCOMES, np.maximum(rows.outcome, 0)), ~held),
            "signposted_service": blank_where(
                pick(lists.services, np.maximum(rows.service, 0)), rows.service < 0
            ),
            "push_factors": _joined_codes(rows.push, lists.push_factors),
            "pull_factors": _joined_codes(rows.pull, lists.pull_factors),
        }
    )


def attempts_frame(population: Population) -> pl.DataFrame:
    attempts = population.casework.attempts
    return pl.DataFrame(
        {
            "interview_id": interview_ids(population).gather(attempts.interview),
            "attempted_at": clock.format_iso(attempts.at),
            "method": pick(CONTACT_METHODS, attempts.method),
            "outcome": pick(CONTACT_OUTCOMES, attempts.outcome),
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
            "child_took_up": _flag(work.child_took_up),
            "family_took_up": _flag(work.family_took_up),
            "ended_on": clock.format_days(work.ended, DAY, missing=work.still_open),
            "end_reason": blank_where(pick(END_REASONS, work.end_reason), work.still_open),
        }
    )


def casework_frames(population: Population, ids: Identifiers) -> dict[str, pl.DataFrame]:
    return {
        "return_interviews.csv": interviews_frame(population, ids),
        "contact_attempts.csv": attempts_frame(population),
        "screenings.csv": screenings_frame(population, ids),
        "interventions.csv": interventions_frame(population, ids),
    }

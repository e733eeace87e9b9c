"""The county's occurrences in a second police layout, unlike the first: DIR/police_niche.xlsx.

A records-management-system style workbook (imported with mappings/police-niche-style.yaml):
two sheets, "Closed Reports" (the child was found) and "Open Reports" (still missing), with the
same columns. It has no occurrence number (a report is known by the person's nominal reference
and the time it was reported), no risk grading, and one "Placement At Time" column that says at
once whether the child was looked after, the placement type and whether it is in the county. A
report the force cancelled (a duplicate made in error) stays in the export with its "Cancelled
Date" filled: an import must skip it. Faults are injected as in the other extracts (its own
random stream, so the other files do not change).
"""

from pathlib import Path

import numpy as np
import polars as pl

from missinghub.synth import clock, faults
from missinghub.synth.clock import IntArray
from missinghub.synth.extracts import DATE_ALTERNATIVES, DATETIME_ALTERNATIVES, person_columns
from missinghub.synth.faults import DateColumn, Layout
from missinghub.synth.generator import Population
from missinghub.synth.parameters import FaultRates
from missinghub.synth.truth import Identifiers, blank_where, pick
from missinghub.synth.workbook import write_workbook

FILE = "police_niche.xlsx"
SHEETS = ("Closed Reports", "Open Reports")
REPORT_TYPE = ("Missing", "Absent", "Missing from care (unauthorised absence)")
# Placement type (PLACEMENT_TYPES' order) and area (none, in, out of the county) at once.
CARE = (
    "foster placement",
    "residential home",
    "semi-independent",
    "secure unit",
    "other placement",
)
PLACEMENT_AT_TIME = (
    "Own home / family",
    *(f"LAC {kind} - {where}" for kind in CARE for where in ("in county", "out of county")),
)
RETURN = ("Found by police", "Returned of own accord", "Brought back by family/carer", "Other")
INFORMANT = ("Parent", "Foster carer", "Residential staff", "Key worker", "Secure unit", "Other")
STAMP = "%Y-%m-%d %H:%M"
CANCELLED_SHARE = 0.01  # reports cancelled as made in error, left in the export


def _placement_at_time(kind: IntArray, area: IntArray) -> IntArray:
    """The PLACEMENT_AT_TIME index of each episode's placement type and area."""
    return np.where(kind == 0, 0, 1 + 2 * (kind - 1) + (area == 2))


def niche_frame(population: Population, ids: Identifiers) -> tuple[pl.DataFrame, Layout]:
    found, children = population.episodes, population.children
    child = found.child
    forename, surname, dob = person_columns(population, child)
    returned = np.where(found.still_open, found.reported, found.returned)
    in_care = (found.placement_type != 0).astype(np.int64)
    nominal = ids.police_person_ref.str.replace("PR", "NOM/", literal=True)
    frame = pl.DataFrame(
        {
            "Nominal Ref": nominal.gather(child),
            "Surname": surname,
            "Forenames": forename,
            "Date of Birth": clock.format_days(dob, "%d-%b-%Y"),
            "Gender": pick(("Male", "Female"), children.female[child].astype(np.int64)),
            "Home Postcode": pl.Series(children.postcode[child].tolist(), dtype=pl.String),
            "Report Type": pick(REPORT_TYPE, found.category),
            "Last Seen": clock.format_london(found.last_seen, STAMP),
            "Reported": clock.format_london(found.reported, STAMP),
            "Found": clock.format_london(returned, STAMP, found.still_open),
            "Return Method": blank_where(pick(RETURN, found.return_method), found.still_open),
            "Placement At Time": pick(
                PLACEMENT_AT_TIME, _placement_at_time(found.placement_type, found.placement_area)
            ),
            "Responsible Authority": pick(("", "Northdale County Council"), in_care),
            "CCE Concern": pick(("", "Yes"), found.county_lines.astype(np.int64)),
            "Informant": pick(INFORMANT, found.placement_type),
            "Cancelled Date": pl.Series([None] * found.size, dtype=pl.String),
        }
    )
    layout = Layout(
        given="Forenames",
        family="Surname",
        dob="Date of Birth",
        dates={
            "Date of Birth": DateColumn(dob, "%d-%b-%Y", DATE_ALTERNATIVES),
            "Reported": DateColumn(found.reported, STAMP, DATETIME_ALTERNATIVES, True),
            "Found": DateColumn(returned, STAMP, DATETIME_ALTERNATIVES, True),
            "Last Seen": DateColumn(found.last_seen, STAMP, DATETIME_ALTERNATIVES, True),
        },
        optional=("Date of Birth", "Forenames", "Home Postcode", "Gender", "Last Seen"),
        impossible_before=("Found", "Last Seen"),
    )
    return frame, layout


def _cancelled(frame: pl.DataFrame, picked: IntArray) -> pl.DataFrame:
    """Copies of some reports made in error ten minutes later and cancelled the same day."""
    reported = pl.col("Reported").str.strptime(pl.Datetime, STAMP, strict=False)
    later = reported + pl.duration(minutes=10)
    return frame[picked].with_columns(
        Reported=later.dt.strftime(STAMP), **{"Cancelled Date": later.dt.strftime("%Y-%m-%d")}
    )


def write_niche(
    population: Population, ids: Identifiers, out_dir: Path, rates: FaultRates, seed: int
) -> None:
    rng = np.random.default_rng([seed, *FILE.encode()])
    frame, layout = niche_frame(population, ids)
    result = faults.inject_faults(frame, layout, rates, rng)
    exported = result.frame[result.source_row]
    readable = exported["Reported"].str.strptime(pl.Datetime, STAMP, strict=False).is_not_null()
    picked = np.flatnonzero((rng.random(exported.height) < CANCELLED_SHARE) & readable.to_numpy())
    exported = pl.concat([exported, _cancelled(exported, picked)])
    opened = population.episodes.still_open[result.source_row]
    still_open = pl.Series(np.concatenate([opened, opened[picked]]))
    parts = (exported.filter(~still_open), exported.filter(still_open))
    write_workbook(
        out_dir / FILE,
        [(name, rows.columns, rows.iter_rows()) for name, rows in zip(SHEETS, parts, strict=True)],
    )

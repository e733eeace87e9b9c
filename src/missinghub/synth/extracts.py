"""The three agencies' extracts, each in its own layout, with faults and a truth map.

DIR/police_extract.csv (one row per police occurrence), DIR/social_care.csv (the child list),
DIR/cme_referrals.csv (school referrals, with the council tracker's outcome and closing date),
DIR/police_niche.xlsx (the same occurrences in another force's layout: `police_niche.py`).
DIR/truth/source_rows.csv maps every data row of the CSV files (`line` is the line number in
the file; the header is line 1) to the true child, episode or referral and to the fault injected.
"""

from pathlib import Path

import numpy as np
import polars as pl

from missinghub.synth import clock, faults
from missinghub.synth.clock import IntArray
from missinghub.synth.cme import GROUNDS
from missinghub.synth.faults import DateColumn, FaultResult, Layout
from missinghub.synth.generator import Population
from missinghub.synth.names import load_names
from missinghub.synth.parameters import FaultRates
from missinghub.synth.population import given_names
from missinghub.synth.truth import Identifiers, blank_where, pick, text_column

POLICE_FROM = (
    "HOME ADDRESS",
    "FOSTER CARE",
    "CHILDRENS HOME",
    "SEMI-INDEPENDENT",
    "SECURE UNIT",
    "OTHER",
)
# Who called the police, by where the child went missing from (POLICE_FROM's order).
POLICE_REPORTED_BY = (
    "PARENT/GUARDIAN",
    "FOSTER CARER",
    "CARE HOME STAFF",
    "SUPPORT WORKER",
    "SECURE UNIT STAFF",
    "OTHER",
)
POLICE_AREA = ("", "IN AREA", "OUT OF AREA")
POLICE_CATEGORY = ("MISSING", "ABSENT", "AWOL")
POLICE_RISK = ("VERY LOW", "LOW", "MEDIUM", "HIGH", "NO APPARENT RISK")
POLICE_RETURN = ("FOUND BY POLICE", "RETURNED SELF", "FOUND BY FAMILY/CARER", "OTHER")
SC_PLACEMENT = (
    "",
    "U4 Foster placement",
    "K2 Children's home",
    "H5 Semi-independent living",
    "K1 Secure unit",
    "Z1 Other placement",
)
SC_ETHNICITY = (
    "ASIA Asian",
    "BLAC Black",
    "MIXD Mixed",
    "WHIT White",
    "OOTH Other",
    "NOBT Not stated",
)
SCHOOLS = (
    "Northdale Academy",
    "Moorside Primary School",
    "Fellgate High School",
    "Brackenshaw Primary School",
    "Larkrise Junior School",
    "Heatherbeck Community College",
)
CME_OUTCOMES = ("Located - on roll elsewhere", "Open - enquiries continuing")
DATE_ALTERNATIVES = ("%Y-%m-%d", "%d-%b-%Y", "%d.%m.%Y")
DATETIME_ALTERNATIVES = ("%Y-%m-%d %H:%M:%S", "%d/%m/%y %H:%M", "%d-%b-%Y %H.%M")


def _names(population: Population, child: IntArray) -> tuple[pl.Series, pl.Series]:
    children = population.children
    return (
        pick(given_names(), children.given_name[child]),
        pick(load_names().family, children.family_name[child]),
    )


def person_columns(
    population: Population, child: IntArray
) -> tuple[pl.Series, pl.Series, IntArray]:
    """Given name, family name and date of birth (day numbers) of each row's child."""
    forename, surname = _names(population, child)
    return forename, surname, population.children.date_of_birth[child]


def police_extract(population: Population, ids: Identifiers) -> tuple[pl.DataFrame, Layout]:
    found, children = population.episodes, population.children
    child = found.child
    forename, surname = _names(population, child)
    dob = children.date_of_birth[child]
    returned = np.where(found.still_open, found.reported, found.returned)
    in_care = (found.placement_type != 0).astype(np.int64)  # as truth/episodes.csv says
    frame = pl.DataFrame(
        {
            "Occurrence Ref": ids.occurrence_ref,
            "Person Ref": ids.police_person_ref.gather(child),
            "Forename": forename,
            "Surname": surname,
            "DOB": clock.format_days(dob, "%d/%m/%Y"),
            "Sex": pick(("M", "F"), children.female[child].astype(np.int64)),
            "Home Postcode": text_column(children.postcode[child]),
            "Missing From Type": pick(POLICE_FROM, found.placement_type),
            "Looked After": pick(("N", "Y"), in_care),
            "Placement Location": pick(POLICE_AREA, found.placement_area),
            "Responsible LA": pick(("", "NORTHDALE"), in_care),
            "Reported By": pick(POLICE_REPORTED_BY, found.placement_type),
            "Category": pick(POLICE_CATEGORY, found.category),
            "Date/Time Last Seen": clock.format_london(found.last_seen, "%d/%m/%Y %H:%M"),
            "Date/Time Reported": clock.format_london(found.reported, "%d/%m/%Y %H:%M"),
            "Date/Time Located": clock.format_london(returned, "%d/%m/%Y %H:%M", found.still_open),
            "Risk Level": pick(POLICE_RISK, found.risk),
            "How Returned": blank_where(pick(POLICE_RETURN, found.return_method), found.still_open),
            "County Lines Flag": pick(("N", "Y"), found.county_lines.astype(np.int64)),
        }
    )
    stamp = "%d/%m/%Y %H:%M"
    layout = Layout(
        given="Forename",
        family="Surname",
        dob="DOB",
        dates={
            "DOB": DateColumn(dob, "%d/%m/%Y", DATE_ALTERNATIVES),
            "Date/Time Reported": DateColumn(found.reported, stamp, DATETIME_ALTERNATIVES, True),
            "Date/Time Located": DateColumn(returned, stamp, DATETIME_ALTERNATIVES, True),
            "Date/Time Last Seen": DateColumn(found.last_seen, stamp, DATETIME_ALTERNATIVES, True),
        },
        optional=("DOB", "Forename", "Home Postcode", "Sex", "Date/Time Last Seen"),
        impossible_before=("Date/Time Located", "Date/Time Last Seen"),
    )
    return frame, layout


def _latest_slot(population: Population, child: IntArray) -> IntArray:
    children = population.children
    last_day = np.minimum(population.period[1], children.adult_day[child]) - 1
    return children.placement_slot(child, last_day)


def social_care_list(
    population: Population, ids: Identifiers
) -> tuple[pl.DataFrame, Layout, IntArray]:
    """One row per child known to social care: legal status and latest placement."""
    children = population.children
    child = np.flatnonzero(ids.known_to_social_care)
    child = child[np.argsort(ids.social_care_id.gather(child).to_numpy(), kind="stable")]
    forename, surname = _names(population, child)
    slot = _latest_slot(population, child)
    kind = children.placement_type[child, slot]
    start = children.placement_start[child, slot]
    section_20 = (children.care_from[child] % 3) == 0  # a stable share on voluntary agreement
    legal = np.where(
        kind == 0, "CIN Child in need", np.where(section_20, "V2 Section 20", "C2 Full care order")
    )
    area = children.placement_area[child, slot]
    dob = children.date_of_birth[child]
    frame = pl.DataFrame(
        {
            "LA Child ID": ids.social_care_id.gather(child),
            "First Name(s)": forename,
            "Surname": surname,
            "Date of Birth": clock.format_days(dob, "%d/%m/%Y"),
            "Gender": pick(("Male", "Female"), children.female[child].astype(np.int64)),
            "Ethnicity": pick(SC_ETHNICITY, children.ethnicity[child]),
            "Postcode": text_column(children.postcode[child]),
            "Legal Status": pl.Series(legal),
            "Placement Type": blank_where(pick(SC_PLACEMENT, kind), kind == 0),
            "Placement Start": clock.format_days(start, "%d/%m/%Y", kind == 0),
            "Placement Location": blank_where(pick(("", "In LA", "Out of LA"), area), area == 0),
        }
    )
    layout = Layout(
        given="First Name(s)",
        family="Surname",
        dob="Date of Birth",
        dates={
            "Date of Birth": DateColumn(dob, "%d/%m/%Y", DATE_ALTERNATIVES),
            "Placement Start": DateColumn(start, "%d/%m/%Y", DATE_ALTERNATIVES),
        },
        optional=("Date of Birth", "Ethnicity", "Postcode", "Gender"),
    )
    return frame, layout, child


def cme_referrals(population: Population, ids: Identifiers) -> tuple[pl.DataFrame, Layout]:
    referrals, children = population.referrals, population.children
    child = referrals.child
    forename, surname = _names(population, child)
    dob = children.date_of_birth[child]
    school = (
        (children.postcode[child].astype("U3").view(np.uint32).reshape(len(child), -1).sum(axis=1))
        % len(SCHOOLS)
        if len(child)
        else np.zeros(0, dtype=np.int64)
    )
    frame = pl.DataFrame(
        {
            "Referral Number": ids.referral_id,
            "Pupil Surname": surname,
            "Pupil Forename": forename,
            "Date of Birth": clock.format_days(dob, "%Y-%m-%d"),
            "UPN": ids.upn.gather(child),
            "Gender": pick(("M", "F"), children.female[child].astype(np.int64)),
            "Postcode": text_column(children.postcode[child]),
            "Date Referred": clock.format_days(referrals.referred, "%Y-%m-%d"),
            "Reason": pick(GROUNDS, referrals.ground),
            "Referring School": pick(SCHOOLS, school),
            # The council's tracker: the outcome and the day the referral closed.
            "Outcome": pick(CME_OUTCOMES, referrals.ongoing.astype(np.int64)),
            "Date Closed": clock.format_days(
                referrals.closed, "%Y-%m-%d", missing=referrals.ongoing
            ),
        }
    )
    layout = Layout(
        given="Pupil Forename",
        family="Pupil Surname",
        dob="Date of Birth",
        dates={
            "Date of Birth": DateColumn(dob, "%Y-%m-%d", ("%d/%m/%Y", "%d-%b-%y")),
            "Date Referred": DateColumn(referrals.referred, "%Y-%m-%d", ("%d/%m/%Y",)),
        },
        optional=("UPN", "Postcode", "Date of Birth", "Referring School"),
    )
    return frame, layout


def _source_rows(
    name: str,
    result: FaultResult,
    child_ids: pl.Series,
    episode_ids: pl.Series | None,
    referral_ids: pl.Series | None,
) -> pl.DataFrame:
    source = result.source_row
    empty = pl.Series([None] * len(source), dtype=pl.String)
    return pl.DataFrame(
        {
            "file": pl.repeat(name, len(source), dtype=pl.String, eager=True),
            "line": pl.Series(np.arange(2, len(source) + 2)),
            "child_id": child_ids.gather(source),
            "episode_id": episode_ids.gather(source) if episode_ids is not None else empty,
            "referral_id": referral_ids.gather(source) if referral_ids is not None else empty,
            "fault": pl.Series(result.fault.tolist(), dtype=pl.String),
            "field": pl.Series(result.column.tolist(), dtype=pl.String).replace("", None),
        }
    )


def _write(
    name: str,
    built: tuple[pl.DataFrame, Layout],
    rates: FaultRates,
    rng: np.random.Generator,
    out_dir: Path,
) -> FaultResult:
    result = faults.inject_faults(built[0], built[1], rates, rng)
    result.write_csv(out_dir / name)
    return result


def write_extracts(
    population: Population,
    ids: Identifiers,
    out_dir: Path,
    rates: FaultRates,
    rng: np.random.Generator,
    seed: int = 0,
) -> None:
    """Each extract in turn; its truth rows go straight to source_rows.csv (less memory)."""
    with (out_dir / "truth" / "source_rows.csv").open("wb") as rows_file:
        result = _write("police_extract.csv", police_extract(population, ids), rates, rng, out_dir)
        child_ids = ids.child_id.gather(population.episodes.child)
        rows = _source_rows("police_extract.csv", result, child_ids, ids.episode_id, None)
        del result, child_ids
        rows.write_csv(rows_file)
        del rows
        frame, layout, child = social_care_list(population, ids)
        result = _write("social_care.csv", (frame, layout), rates, rng, out_dir)
        rows = _source_rows("social_care.csv", result, ids.child_id.gather(child), None, None)
        rows.write_csv(rows_file, include_header=False)
        result = _write("cme_referrals.csv", cme_referrals(population, ids), rates, rng, out_dir)
        child_ids = ids.child_id.gather(population.referrals.child)
        rows = _source_rows("cme_referrals.csv", result, child_ids, None, ids.referral_id)
        rows.write_csv(rows_file, include_header=False)
    from missinghub.synth.police_niche import write_niche  # it imports this module

    write_niche(population, ids, out_dir, rates, seed)

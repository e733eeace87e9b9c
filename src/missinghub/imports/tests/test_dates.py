"""Must-show 3: day-first dates; an impossible date is refused, never moved."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from missinghub.imports.dates import FormatError, compile_format, make_reader, month_first
from missinghub.imports.mapping import MappingError, parse_mapping
from missinghub.imports.rows import RowParser

LONDON = ZoneInfo("Europe/London")
UK_DATES = ["%d/%m/%Y", "%d/%m/%y", "%d-%b-%Y", "%d.%m.%Y"]
SOCIAL_CARE = """
kind: social-care
agency: Northdale Council Children's Social Care
date_formats: {formats}
columns: {{person_reference: ID, legal_status: Status, date_of_birth: DOB}}
"""


def _read_date(text: str) -> datetime | None:
    return make_reader(UK_DATES, with_time=False, zone=LONDON)(text)


def test_03_04_2021_is_the_third_of_april() -> None:
    moment = _read_date("03/04/2021")
    assert moment is not None and moment.date() == date(2021, 4, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14/03/2009", date(2009, 3, 14)),
        ("14/03/09", date(2009, 3, 14)),
        ("14-Mar-2009", date(2009, 3, 14)),
        ("14.03.2009", date(2009, 3, 14)),
        ("2009-03-14", date(2009, 3, 14)),  # ISO 8601 is always read: it has one meaning
        (" 3/4/2021".strip(), date(2021, 4, 3)),
    ],
)
def test_every_listed_format_reads_day_first(text: str, expected: date) -> None:
    moment = _read_date(text)
    assert moment is not None and moment.date() == expected


@pytest.mark.parametrize(
    "text", ["31/02/2021", "30/02/2009", "29/02/2023", "00/01/2020", "12/13/2020"]
)
def test_an_impossible_date_is_an_error_not_a_shifted_date(text: str) -> None:
    with pytest.raises(ValueError):
        _read_date(text)


def test_a_value_no_format_matches_is_not_guessed() -> None:
    assert _read_date("April 3rd 2021") is None
    assert _read_date("2021/04/03") is None


@pytest.mark.parametrize("pattern", ["%m/%d/%Y", "%m-%d-%y", "%b %d %Y"])
def test_month_first_formats_are_refused(pattern: str) -> None:
    assert month_first(pattern)
    with pytest.raises(FormatError, match="month first"):
        compile_format(pattern)
    with pytest.raises(MappingError, match="month first"):
        parse_mapping(SOCIAL_CARE.format(formats=f'["{pattern}"]'))


def test_year_first_iso_order_is_not_month_first() -> None:
    assert not month_first("%Y-%m-%d")
    assert not month_first("%d/%m/%Y")


def test_times_are_london_local_and_stored_in_utc() -> None:
    read = make_reader(["%d/%m/%Y %H:%M"], with_time=True, zone=LONDON)
    assert read("03/04/2021 14:30") == datetime(2021, 4, 3, 13, 30, tzinfo=UTC)  # BST
    assert read("03/01/2021 14:30") == datetime(2021, 1, 3, 14, 30, tzinfo=UTC)  # GMT
    # The autumn hour that happens twice is read as its first (summer-time) occurrence.
    assert read("31/10/2021 01:30") == datetime(2021, 10, 31, 0, 30, tzinfo=UTC)
    with pytest.raises(ValueError):
        read("03/04/2021 25:10")


def test_a_row_with_an_impossible_date_gets_a_reason_naming_column_and_value() -> None:
    mapping = parse_mapping(SOCIAL_CARE.format(formats='["%d/%m/%Y"]'))
    parser = RowParser(mapping)
    good = parser.parse(2, {"ID": "SC1", "Status": "child_in_need", "DOB": "03/04/2011"})
    assert good.problems == [] and good.values["date_of_birth"] == date(2011, 4, 3)
    bad = parser.parse(3, {"ID": "SC2", "Status": "child_in_need", "DOB": "30/02/2009"})
    [problem] = bad.problems
    assert (problem.column, problem.value) == ("DOB", "30/02/2009")
    assert "not a real date" in problem.reason
    unknown = parser.parse(4, {"ID": "SC3", "Status": "child_in_need", "DOB": "02-30-2009"})
    assert "matches none of the formats" in unknown.problems[0].reason

"""One key per phone number, postcode, registration and name, however it was written."""

import pytest

from missinghub.pursue.normalise import (
    NotRecognised,
    address_key,
    handle_key,
    person_key,
    phone_key,
    postcode_key,
    registration_key,
)


@pytest.mark.parametrize(
    "written",
    [
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "+44 (0)7700 900123",
        "0044 7700 900123",
        "447700900123",
        "07700-900-123",
    ],
)
def test_every_way_of_writing_a_uk_mobile_gives_one_number(written: str) -> None:
    assert phone_key(written) == "07700900123"


@pytest.mark.parametrize("written", ["+33 6 12 34 56 78", "0770090012", "call me", ""])
def test_a_foreign_or_short_number_is_refused_with_the_reason(written: str) -> None:
    with pytest.raises(NotRecognised, match="UK"):
        phone_key(written)


def test_postcodes_are_upper_case_with_one_space() -> None:
    assert postcode_key(" nd4 7qb ") == "ND4 7QB"
    assert postcode_key("ND47QB") == "ND4 7QB"
    assert postcode_key("sw1a1aa") == "SW1A 1AA"
    with pytest.raises(NotRecognised, match="postcode"):
        postcode_key("not a postcode")


def test_registrations_lose_spaces_and_case() -> None:
    assert registration_key("ab12 cde") == registration_key("AB12CDE") == "AB12CDE"


def test_handles_lose_the_at_sign_and_case() -> None:
    assert handle_key("@Night_Rider99") == "night_rider99"


def test_addresses_ignore_case_and_punctuation_but_not_the_postcode() -> None:
    assert address_key("12, Larch Road", "nd47qb") == address_key("12 LARCH ROAD", "ND4 7QB")
    assert address_key("12 Larch Road", "ND4 7QB") != address_key("12 Larch Road", "ND4 7QD")


def test_names_ignore_case_and_spacing() -> None:
    assert person_key("  tony   MARSHWOOD ") == person_key("Tony Marshwood")


def test_a_nickname_stands_for_its_formal_name(monkeypatch: pytest.MonkeyPatch) -> None:
    from missinghub.pursue import normalise

    monkeypatch.setattr(normalise, "nickname_roots", lambda: {"TONY": frozenset({"ANTHONY"})})
    assert person_key("Tony Marshwood") == person_key("Anthony Marshwood") == "ANTHONY MARSHWOOD"


def test_the_numbers_a_free_text_names_are_found_once_each() -> None:
    from missinghub.pursue.normalise import phones_in

    text = "Calls +44 (0)7700 900456 and 07700 900456 at night; home 0191 496 0000; born 2011"
    assert phones_in(text) == ["07700900456", "01914960000"]

"""Who each person reference in a file is: the most common value of each detail over its rows.

Read in a first pass over the whole file, so the result does not depend on batch boundaries
(an import gives the same children however it is split or resumed). A single row with a
nickname, a typo, a blank or a day-month swap is outvoted by the person's other rows; a person
with one row keeps that row's values. Ties go to the value seen first.
"""

from typing import Any

from missinghub.imports.rows import RowParser

PERSON_FIELDS = ("given_name", "family_name", "date_of_birth", "sex", "home_postcode", "ethnicity")


class PersonBook:
    def __init__(self, parser: RowParser) -> None:
        self.parser = parser
        self.fields = [name for name in PERSON_FIELDS if name in parser.mapping.columns]
        self.columns = [parser.mapping.columns[name] for name in self.fields]
        self.reference_column = parser.mapping.columns.get("person_reference", "")
        self.variants: dict[str, dict[tuple[str, ...], int]] = {}

    def add(self, source: dict[str, str]) -> None:
        if self.parser.mapping.skip_rows and self.parser.skips(source):
            return  # a row the mapping's filters skip says nothing about anyone
        reference = (source.get(self.reference_column) or "").strip()
        if not reference:
            return
        texts = tuple((source.get(column) or "").strip() for column in self.columns)
        seen = self.variants.setdefault(reference, {})
        seen[texts] = seen.get(texts, 0) + 1

    def details(self, reference: str) -> dict[str, Any]:
        """{field: value} with the most common readable, non-blank value of each field."""
        variants = self.variants.get(reference, {})
        value_of = self.parser.value_of
        if len(variants) == 1:  # most people: every row says the same
            (texts,) = variants
            return {name: value_of(name, texts[at]) for at, name in enumerate(self.fields)}
        chosen: dict[str, Any] = {}
        for at, name in enumerate(self.fields):
            votes: dict[Any, int] = {}  # in order of first sight: ties go to the first seen
            for texts, count in variants.items():
                value = value_of(name, texts[at])
                if value not in (None, ""):
                    votes[value] = votes.get(value, 0) + count
            chosen[name] = max(votes, key=votes.__getitem__) if votes else None
        return chosen

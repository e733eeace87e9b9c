"""The shipped, invented name lists.

`data/given_names.csv` (name, sex) and `data/family_names.csv` (invented place-like surnames
built from plant and bird words). The nickname table belongs to linkage
(`missinghub.linkage.names`, `linkage/data/nicknames.csv`); the generator reads it there.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from missinghub.linkage.names import nickname_table

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class NameLists:
    given_female: tuple[str, ...]
    given_male: tuple[str, ...]
    family: tuple[str, ...]
    nicknames: dict[str, tuple[str, ...]]

    def given_weights(self, count: int) -> npt.NDArray[np.float64]:
        """Zipf-like popularity, so common names repeat as they do in real registers."""
        weights = 1.0 / np.arange(1, count + 1) ** 0.7
        return np.asarray(weights / weights.sum(), dtype=np.float64)


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def load_names() -> NameLists:
    given = _read("given_names.csv")
    return NameLists(
        given_female=tuple(row["name"] for row in given if row["sex"] == "female"),
        given_male=tuple(row["name"] for row in given if row["sex"] == "male"),
        family=tuple(row["name"] for row in _read("family_names.csv")),
        nicknames=nickname_table(),
    )

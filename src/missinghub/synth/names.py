"""The shipped, invented name lists and the nickname table (reused by linkage work).

`data/given_names.csv` (name, sex), `data/family_names.csv` (invented place-like surnames built
from plant and bird words) and `data/nicknames.csv` (name, nickname: William/Will/Bill ...).
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

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
    nicknames: dict[str, list[str]] = {}
    for row in _read("nicknames.csv"):
        nicknames.setdefault(row["name"], []).append(row["nickname"])
    return NameLists(
        given_female=tuple(row["name"] for row in given if row["sex"] == "female"),
        given_male=tuple(row["name"] for row in given if row["sex"] == "male"),
        family=tuple(row["name"] for row in _read("family_names.csv")),
        nicknames={name: tuple(values) for name, values in nicknames.items()},
    )


def nickname_table() -> dict[str, tuple[str, ...]]:
    """Formal given name -> the nicknames it is commonly shortened to."""
    return load_names().nicknames

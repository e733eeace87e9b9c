"""The name lists linkage uses: the nickname table (William/Will/Bill ...), shipped with linkage.

`data/nicknames.csv` (name, nickname). Plain Python, no Django: the model (`model/prepare.py`)
and the synthetic generator (which writes nicknames as one of its faults) both read it here.
"""

import csv
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def nickname_table() -> dict[str, tuple[str, ...]]:
    """Formal given name -> the nicknames it is commonly shortened to."""
    found: dict[str, list[str]] = {}
    with (DATA_DIR / "nicknames.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            found.setdefault(row["name"], []).append(row["nickname"])
    return {name: tuple(values) for name, values in found.items()}

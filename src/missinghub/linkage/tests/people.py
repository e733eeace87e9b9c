"""Synthetic people for linkage tests: a background of distinct children built from the
generator's invented name lists, so term frequencies and blocks look like a real register."""

import datetime as dt
from typing import Any

import numpy as np

from missinghub.children.models import Child, Sex
from missinghub.synth.names import load_names


def _postcode(i: int, district: int) -> str:
    return f"SV{district} {i % 9}{chr(65 + i % 26)}{chr(65 + i // 26 % 26)}"


def background_people(count: int, seed: int = 7) -> list[dict[str, Any]]:
    names = load_names()
    rng = np.random.default_rng(seed)
    people = []
    for i in range(count):
        female = bool(rng.integers(0, 2))
        given = names.given_female if female else names.given_male
        people.append(
            {
                "given_name": str(given[int(rng.integers(0, len(given)))]),
                "family_name": str(names.family[int(rng.integers(0, len(names.family)))]),
                "date_of_birth": dt.date(2006, 1, 1)
                + dt.timedelta(days=int(rng.integers(0, 4000))),
                "sex": Sex.FEMALE if female else Sex.MALE,
                "home_postcode": _postcode(i, int(rng.integers(1, 20))),
            }
        )
    return people


def create_background(count: int = 300) -> list[Child]:
    return Child.objects.bulk_create(Child(**person) for person in background_people(count))

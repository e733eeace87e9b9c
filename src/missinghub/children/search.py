"""Finding a child: by reference, by date of birth (day first), or by a name typed as heard.

Names are compared with Jaro-Winkler similarity, so "Jayden Marlowe" finds "Jayden Marlow" and
"Tamzin" finds "Tamsin". The record-linkage work replaces this scorer with the trained model;
the scoping (only children the user may see) stays in `children.selectors`.
"""

import datetime as dt
import re
from dataclasses import dataclass

DATE = re.compile(r"^\s*(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})\s*$")
SIMILAR_ENOUGH = 0.88


@dataclass(frozen=True)
class SearchTerms:
    text: str
    date_of_birth: dt.date | None
    name_tokens: tuple[str, ...]


def parse_query(query: str) -> SearchTerms:
    """A date is read day first (03/04/2011 is 3 April); anything else is a name or reference."""
    text = " ".join(query.split())
    match = DATE.match(text)
    born = None
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            born = dt.date(year, month, day)
        except ValueError:
            born = None
    tokens = () if match else tuple(t for t in re.split(r"[\s,]+", text.lower()) if t)
    return SearchTerms(text=text, date_of_birth=born, name_tokens=tokens)


def jaro_winkler(first: str, second: str) -> float:
    """Jaro-Winkler similarity in [0, 1] of two lower-case strings."""
    if first == second:
        return 1.0
    if not first or not second:
        return 0.0
    window = max(max(len(first), len(second)) // 2 - 1, 0)
    matched_second = [False] * len(second)
    first_matches = []
    for i, char in enumerate(first):
        for j in range(max(0, i - window), min(len(second), i + window + 1)):
            if not matched_second[j] and second[j] == char:
                matched_second[j] = True
                first_matches.append(char)
                break
    if not first_matches:
        return 0.0
    second_matches = [c for c, used in zip(second, matched_second, strict=True) if used]
    transpositions = sum(a != b for a, b in zip(first_matches, second_matches, strict=True)) / 2
    m = len(first_matches)
    jaro = (m / len(first) + m / len(second) + (m - transpositions) / m) / 3
    prefix = 0
    for a, b in zip(first[:4], second[:4], strict=False):
        if a != b:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


def name_score(tokens: tuple[str, ...], names: tuple[str, ...]) -> float:
    """How well every typed word matches some word of the child's names (mean of best scores)."""
    words = [w for name in names for w in name.lower().replace("-", " ").split()]
    if not tokens or not words:
        return 0.0
    return sum(max(jaro_winkler(t, w) for w in words) for t in tokens) / len(tokens)

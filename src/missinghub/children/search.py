"""Finding a child: by reference, by date of birth (day first), or by a name typed as heard.

Every child (and alias) row stores two keys derived from its names on every write
(`name_keys`): `search_name`, the names in lower case without accents or punctuation, and
`name_sounds`, the Metaphone code of each name word ("John Smith" -> "JN SM0"). A typed name
finds a child when every typed word sounds like one of the child's name words ("Jon Smyth" finds
"John Smith", "Tamzin" finds "Tamsin"), or when it is close in spelling by trigram similarity
(pg_trgm's `similarity`, at least 0.3; `trigram_similarity` below is the same measure for SQLite).
The SQL is in `children.name_search`; the scoping (only children the user may see) in
`access.policy`.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import jellyfish

DATE = re.compile(r"^\s*(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})\s*$")
TRIGRAM_THRESHOLD = 0.3  # pg_trgm.similarity_threshold's default, which its `%` operator uses
NOT_LETTERS = re.compile(r"[^a-z0-9]+")


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


def normalised(text: str) -> str:
    """Lower case, accents dropped, anything but letters and digits a single space."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return NOT_LETTERS.sub(" ", folded.lower()).strip()


def sound_of(word: str) -> str:
    """The Metaphone code of one word. A final W, H or Y is dropped: they are sounded only before
    a silent final e ("Marlowe" MRLW) or not at all, and "Marlow" (MRL) sounds the same."""
    code = jellyfish.metaphone(word).upper()
    return code[:-1] if len(code) > 1 and code[-1] in "WHY" else code


def name_keys(*names: str) -> tuple[str, str]:
    """(`search_name`, `name_sounds`) of a row with these names; see the module docstring."""
    search_name = normalised(" ".join(names))
    words = search_name.split()
    return search_name, " ".join(sorted({sound_of(w) for w in words} - {""}))


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each word in lower case, two spaces before and one after."""
    found: set[str] = set()
    for word in normalised(text).split():
        padded = f"  {word} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return found


def trigram_similarity(first: str | None, second: str | None) -> float:
    """pg_trgm's `similarity`: shared trigrams over all trigrams of both."""
    a, b = trigrams(first or ""), trigrams(second or "")
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) if shared else 0.0

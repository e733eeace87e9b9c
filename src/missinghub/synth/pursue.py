"""Plant exploitation groups for the pursue app (issue #27), after the truth files are written.

A group is a few adults, phones, addresses and sometimes a vehicle, each linked to several of the
children, chosen first among children with county-lines episodes. Each link is dated near one of
the child's episodes and written the way busy people write: phone numbers in +44, 0044 and 07
forms, postcodes in lower case without the space, names by nickname or street name. Noise that
is not a group: contacts that belong to one child, pairs of unrelated children who share one
contact, public places that many children name, and a few weakly graded links from a group
child to someone else's contact.

Writes truth/pursue_groups.csv (group, child) and truth/pursue_links.csv (every link as
recorded); reads children.csv and episodes.csv only, with its own random stream, so every other
output of the generator is unchanged. No Django.
"""

import csv
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from missinghub.synth.names import load_names

GROUPS_FILE = "pursue_groups.csv"
LINKS_FILE = "pursue_links.csv"
LINK_COLUMNS = (
    "child_id",
    "group_id",
    "entity_id",
    "kind",
    "value",
    "postcode",
    "aliases",
    "source",
    "relationship",
    "seen_on",
    "source_evaluation",
    "intelligence_assessment",
    "handling_code",
)
SOURCES = ("police_log", "return_interview", "philomena_profile", "panel", "import")
STREET_NAMES = (
    "Tiny",
    "Skinz",
    "Dee",
    "Kash",
    "Bugsy",
    "Ghost",
    "Smokey",
    "Rizzo",
    "Jinx",
    "Blade",
)
STREETS = ("Larch Road", "Mill Lane", "Quarry Street", "Heron Close", "Station Approach")
PUBLIC_PLACES = ("Bus station", "Town centre shopping arcade", "Riverside park")
# Ofcom keeps 07700 900000-900999 for drama: numbers that reach no one.
FIRST_FICTIONAL_MOBILE = 900000


@dataclass
class Planter:
    rng: random.Random
    episodes: dict[str, list[date]]
    rows: list[dict[str, str]] = field(default_factory=list)
    made: int = 0
    used_phones: set[int] = field(default_factory=set)
    used_streets: set[str] = field(default_factory=set)

    def entity(self, kind: str) -> str:
        self.made += 1
        return f"{kind[:2].upper()}{self.made:05d}"

    def phone(self) -> str:
        number = self.rng.choice(
            [n for n in range(FIRST_FICTIONAL_MOBILE, 900999) if n not in self.used_phones]
        )
        self.used_phones.add(number)
        return f"07700{number}"

    def link(
        self, child: str, kind: str, entity: str, values: dict[str, str], **extra: str
    ) -> None:
        seen = self.rng.choice(self.episodes[child]) + timedelta(days=self.rng.randint(0, 3))
        grading = self.rng.choice((("2", "B"), ("2", "C"), ("1", "B"), ("1", "A"), ("2", "C")))
        row = {
            "child_id": child,
            "group_id": extra.get("group_id", ""),
            "entity_id": entity,
            "kind": kind,
            "value": values.get("value", ""),
            "postcode": values.get("postcode", ""),
            "aliases": values.get("aliases", ""),
            "source": self.rng.choice(SOURCES),
            "relationship": extra.get("relationship", ""),
            "seen_on": seen.isoformat(),
            "source_evaluation": extra.get("source_evaluation", grading[0]),
            "intelligence_assessment": extra.get("intelligence_assessment", grading[1]),
            "handling_code": self.rng.choice("PPPC"),
        }
        self.rows.append(row)


def phone_as_written(rng: random.Random, number: str) -> str:
    rest = number[1:]
    return rng.choice(
        (
            f"{number[:5]} {number[5:]}",
            number,
            f"+44 {rest[:4]} {rest[4:]}",
            f"+44 (0){rest[:4]} {rest[4:]}",
            f"0044{rest}",
            f"{number[:5]}-{number[5:8]}-{number[8:]}",
        )
    )


def postcode_as_written(rng: random.Random, postcode: str) -> str:
    return rng.choice((postcode, postcode.lower(), postcode.replace(" ", ""), f" {postcode} "))


def misspelt(rng: random.Random, name: str) -> str:
    """One letter of the family name dropped or doubled, as a hurried note has it."""
    given, family = name.split(" ", 1)
    at = rng.randint(1, len(family) - 2)
    if rng.random() < 0.5:
        return f"{given} {family[:at]}{family[at + 1 :]}"
    return f"{given} {family[: at + 1]}{family[at:]}"


def name_as_written(rng: random.Random, adult: dict[str, str]) -> dict[str, str]:
    choice = rng.random()
    if choice < 0.1:
        return {"value": misspelt(rng, adult["name"])}
    if choice < 0.5:
        return {"value": adult["name"]}
    if choice < 0.7:
        return {"value": adult["name"].upper()}
    if choice < 0.85 and adult["nickname"]:
        return {"value": f"{adult['nickname']} {adult['family']}"}
    return {"value": adult["street"]}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _episode_days(truth: Path) -> tuple[dict[str, list[date]], set[str]]:
    days: dict[str, list[date]] = defaultdict(list)
    county_lines: set[str] = set()
    for row in _read(truth / "episodes.csv"):
        days[row["child_id"]].append(datetime.fromisoformat(row["reported_at"]).date())
        if row["county_lines"] == "true":
            county_lines.add(row["child_id"])
    return days, county_lines


def _postcode(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"ND{rng.randint(1, 19)} {rng.randint(0, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _registration(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNOPRSTUVWXY"
    two = "".join(rng.choice(letters) for _ in range(2))
    three = "".join(rng.choice(letters) for _ in range(3))
    return f"{two}{rng.randint(10, 74)} {three}"


def _adult(planter: Planter) -> dict[str, str]:
    """An invented adult; street names differ between adults (an ambiguous one would join two
    groups through a mistaken identity, which is a recording fault, not a group)."""
    rng, names = planter.rng, load_names()
    given = rng.choice(names.given_male[:60])
    family = rng.choice(names.family)
    nicknames = names.nicknames.get(given, ())
    street = rng.choice(STREET_NAMES)
    while street in planter.used_streets:
        street = f"{rng.choice(STREET_NAMES)} {rng.choice('ABCDEFGHJKLMNPRSTW')}"
    planter.used_streets.add(street)
    return {
        "name": f"{given} {family}",
        "family": family,
        "nickname": rng.choice(nicknames) if nicknames else "",
        "street": street,
    }


def _group_entities(planter: Planter) -> list[tuple[str, str, dict[str, str]]]:
    """(kind, entity id, what is known) of one group's adults, phones, places and vehicle."""
    rng = planter.rng
    made: list[tuple[str, str, dict[str, str]]] = [
        ("phone", planter.entity("phone"), {"number": planter.phone()})
        for _ in range(rng.randint(1, 2))
    ]
    made += [
        ("person", planter.entity("person"), _adult(planter)) for _ in range(rng.randint(1, 3))
    ]
    made += [
        (
            "place",
            planter.entity("place"),
            {"line": f"{rng.randint(1, 120)} {rng.choice(STREETS)}", "postcode": _postcode(rng)},
        )
        for _ in range(rng.randint(1, 2))
    ]
    if rng.random() < 0.5:
        made.append(("vehicle", planter.entity("vehicle"), {"reg": _registration(rng)}))
    return made


def _as_written(
    rng: random.Random, kind: str, known: dict[str, str], first: bool
) -> dict[str, str]:
    if kind == "phone":
        return {"value": phone_as_written(rng, known["number"])}
    if kind == "place":
        line = known["line"] if rng.random() < 0.6 else known["line"].lower()
        return {"value": line, "postcode": postcode_as_written(rng, known["postcode"])}
    if kind == "vehicle":
        return {"value": rng.choice((known["reg"], known["reg"].replace(" ", "").lower()))}
    if first:  # the first account of an adult gives their street name and nickname too
        nick = f"{known['nickname']} {known['family']}" if known["nickname"] else ""
        return {
            "value": known["name"],
            "aliases": ";".join(a for a in (known["street"], nick) if a),
        }
    return name_as_written(rng, known)


def plant_group(planter: Planter, group_id: str, children: list[str]) -> None:
    rng = planter.rng
    entities = _group_entities(planter)
    mentioned: set[str] = set()
    for child in children:
        # Every child knows the group's line (its first phone) and usually one more contact.
        picked = [entities[0]] + [e for e in entities[1:] if rng.random() < 0.45]
        if len(picked) == 1:
            picked.append(rng.choice(entities[1:]))
        for kind, entity, known in picked:
            written = _as_written(rng, kind, known, first=entity not in mentioned)
            mentioned.add(entity)
            planter.link(child, kind, entity, written, group_id=group_id, relationship="associate")


def plant_noise(planter: Planter, outsiders: list[str], group_children: list[str]) -> None:
    """Contacts of one child, pairs of children sharing one contact, public places many children
    name, and weakly graded links from group children to others' contacts."""
    rng = planter.rng
    singles = outsiders[: min(400, len(outsiders) // 5)]
    own: list[tuple[str, str, str]] = []
    for child in singles:
        entity, number = planter.entity("phone"), planter.phone()
        own.append((child, entity, number))
        planter.link(child, "phone", entity, {"value": phone_as_written(rng, number)})
    rest = outsiders[len(singles) :]
    for first, second in zip(rest[0:40:2], rest[1:40:2], strict=False):
        place = {"line": f"{rng.randint(1, 120)} {rng.choice(STREETS)}", "postcode": _postcode(rng)}
        entity = planter.entity("place")
        for child in (first, second):
            planter.link(child, "place", entity, _as_written(rng, "place", place, first=False))
    everyone = outsiders + group_children
    for name in PUBLIC_PLACES:
        entity, place = planter.entity("place"), {"line": name, "postcode": _postcode(rng)}
        for child in rng.sample(everyone, min(len(everyone), rng.randint(25, 40))):
            written = _as_written(rng, "place", place, first=False)
            planter.link(child, "place", entity, written, relationship="where found")
    for child in rng.sample(group_children, min(len(group_children), 6)):
        _, entity, number = rng.choice(own)
        weak = {"source_evaluation": "3", "intelligence_assessment": rng.choice("DE")}
        planter.link(child, "phone", entity, {"value": phone_as_written(rng, number)}, **weak)


def write_pursue(out_dir: Path, seed: int) -> int:
    """Plant the groups and noise; the number of groups planted."""
    truth = out_dir / "truth"
    days, county_lines = _episode_days(truth)
    rng = random.Random(f"pursue-{seed}")  # noqa: S311  (synthetic data, not secrets)
    planter = Planter(rng=rng, episodes=days)
    refs = {row["child_id"]: row["police_person_ref"] for row in _read(truth / "children.csv")}
    candidates = sorted(county_lines) + sorted(set(days) - county_lines)
    rng.shuffle(candidates)
    candidates.sort(key=lambda child: child not in county_lines)
    count = max(2, min(15, len(county_lines) // 4))
    members: list[tuple[str, str]] = []
    for number in range(1, count + 1):
        size = rng.randint(3, 8)
        chosen, candidates = candidates[:size], candidates[size:]
        plant_group(planter, f"G{number:02d}", chosen)
        members += [(f"G{number:02d}", child) for child in chosen]
    rng.shuffle(candidates)
    plant_noise(planter, candidates, [child for _, child in members])
    with (truth / GROUPS_FILE).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("group_id", "child_id", "police_person_ref"))
        writer.writerows((group, child, refs[child]) for group, child in members)
    with (truth / LINKS_FILE).open("w", newline="", encoding="utf-8") as handle:
        links = csv.DictWriter(handle, fieldnames=LINK_COLUMNS)
        links.writeheader()
        links.writerows(planter.rows)
    return count

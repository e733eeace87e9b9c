"""Read a protocol file, check it against the schema and for rules that can never fire.

Every refusal names the file and the line: `ProtocolError("protocols/x.yaml:12: ...")`.
"""

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from missinghub.protocols.engine.model import (
    EPISODE_CATEGORIES,
    REFERRAL_TASKS,
    REPLAY_OPEN_DAYS,
    CareHomeReporting,
    ConcernAlert,
    Conditions,
    Deadline,
    PoliceReviews,
    Protocol,
    Rule,
)
from missinghub.protocols.engine.statutory import STATUTORY_RULE_ID, with_statutory_offer

SCHEMA_PATH = Path(__file__).with_name("protocol.schema.json")
CONDITION_KEYS = tuple(Conditions.__dataclass_fields__)

Path_ = tuple[str | int, ...]


class ProtocolError(ValueError):
    """A protocol file that cannot be used. The message starts with `file:line:`."""


@cache
def protocol_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def load_protocol(path: str | Path) -> Protocol:
    path = Path(path)
    return parse_protocol(path.read_text(encoding="utf-8"), source=str(path))


def load_protocol_folder(folder: str | Path) -> dict[str, Protocol]:
    """Every `*.yaml` in `folder`, by name. Two files with one name are refused."""
    protocols: dict[str, Protocol] = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        protocol = load_protocol(path)
        if protocol.name in protocols:
            raise ProtocolError(
                f"{path}:1: protocol name {protocol.name!r} is also used by "
                f"{protocols[protocol.name].path}"
            )
        protocols[protocol.name] = protocol
    return protocols


def parse_protocol(text: str, *, source: str = "<protocol>") -> Protocol:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ProtocolError(f"{source}:1: the file is empty")
        lines: dict[Path_, int] = {}
        _record_lines(node, (), lines, source)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 1
        raise ProtocolError(f"{source}:{line}: not valid YAML: {error.problem}") from error
    finally:
        loader.dispose()
    _check_schema(data, lines, source)
    return _build_protocol(data, lines, source)


def _record_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int], source: str) -> None:
    """Remember the line of every value (and of every mapping key) by its path in the document."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                raise ProtocolError(f"{source}:{key_node.start_mark.line + 1}: {key!r} given twice")
            seen.add(key)
            lines[(*path, "key:" + key)] = key_node.start_mark.line + 1
            _record_lines(value_node, (*path, key), lines, source)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, index), lines, source)


def _line_of(lines: dict[Path_, int], path: Path_) -> int:
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def _check_schema(data: Any, lines: dict[Path_, int], source: str) -> None:
    validator = jsonschema.Draft202012Validator(protocol_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: _line_of(lines, tuple(e.path)))
    if not errors:
        return
    error = errors[0]
    path: Path_ = tuple(error.path)
    where = "/".join(str(part) for part in path) or "top level"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        unknown = sorted(key for key in error.instance if key not in allowed)
        line = lines.get((*path, "key:" + unknown[0]), _line_of(lines, path))
        raise ProtocolError(
            f"{source}:{line}: unknown key {unknown[0]!r} in {where} "
            f"(allowed: {', '.join(sorted(allowed))})"
        )
    hint = " (a window or deadline cannot be negative)" if _is_negative(error) else ""
    raise ProtocolError(f"{source}:{_line_of(lines, path)}: {where}: {error.message}{hint}")


def _is_negative(error: jsonschema.ValidationError) -> bool:
    return (
        error.validator == "minimum"
        and isinstance(error.instance, int)
        and not isinstance(error.instance, bool)
        and error.instance < 0
    )


def _build_protocol(data: dict[str, Any], lines: dict[Path_, int], source: str) -> Protocol:
    rules = tuple(
        _build_rule(raw, lines, source, ("rules", index)) for index, raw in enumerate(data["rules"])
    )
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise ProtocolError(f"{source}:{rule.line}: rule id {rule.id!r} is used twice")
        if rule.id == STATUTORY_RULE_ID:
            raise ProtocolError(
                f"{source}:{rule.line}: rule id {rule.id!r} is kept for the statutory offer "
                "MissingHub adds; give the rule another id"
            )
        seen.add(rule.id)
    referrals = data.get("referrals", {})
    escalation = tuple(referrals.get("escalation", ()))
    _check_escalation(escalation, rules, lines, source)
    return Protocol(
        name=data["name"],
        version=data["version"],
        title=data["title"],
        area=data.get("area", ""),
        source=data.get("source", ""),
        rules=with_statutory_offer(rules),
        path=source,
        concern_alerts=tuple(
            ConcernAlert(
                id=raw["id"],
                description=raw.get("description", ""),
                entity_kinds=frozenset(raw["entity_kinds"]),
                min_children=raw["min_children"],
                within_days=raw["within_days"],
                panel_kind=raw["panel_kind"],
            )
            for raw in data.get("concern_alerts", [])
        ),
        escalation=escalation,
        replay_open_days=referrals.get("replay_open_days", REPLAY_OPEN_DAYS),
        police_reviews=_build_police_reviews(data.get("police_reviews")),
        care_home_reporting=_care_home_reporting(data.get("care_home_reporting"), lines, source),
    )


def _build_police_reviews(raw: dict[str, Any] | None) -> PoliceReviews | None:
    if raw is None:
        return None
    every = tuple((level, hours) for level, hours in raw["every_hours"].items())
    team = raw.get("owner_team")
    return PoliceReviews(every_hours=every, **({"owner_team": team} if team else {}))


def _care_home_reporting(
    raw: dict[str, Any] | None, lines: dict[Path_, int], source: str
) -> CareHomeReporting:
    if raw is None:
        return CareHomeReporting()
    hours = raw.get("blanket_hours")
    if (raw["rule"] == "blanket") != (hours is not None):
        line = _line_of(lines, ("care_home_reporting",))
        raise ProtocolError(
            f"{source}:{line}: care_home_reporting: give blanket_hours with the blanket rule, "
            "and only with it"
        )
    return CareHomeReporting(rule=raw["rule"], blanket_hours=hours)


def _check_escalation(
    escalation: tuple[str, ...], rules: tuple[Rule, ...], lines: dict[Path_, int], source: str
) -> None:
    """Each tier names a rule of this file that refers a child to a panel."""
    tasks = {rule.id: rule.task for rule in rules}
    for index, rule_id in enumerate(escalation):
        line = _line_of(lines, ("referrals", "escalation", index))
        if rule_id not in tasks:
            raise ProtocolError(f"{source}:{line}: escalation names no rule {rule_id!r}")
        if tasks[rule_id] not in REFERRAL_TASKS:
            raise ProtocolError(
                f"{source}:{line}: escalation tier {rule_id!r} makes a {tasks[rule_id]} task; "
                f"a tier must make one of {', '.join(REFERRAL_TASKS)}"
            )


def _build_rule(raw: dict[str, Any], lines: dict[Path_, int], source: str, at: Path_) -> Rule:
    when = raw.get("when", {})
    deadline = _build_deadline(raw["due"], lines, source, (*at, "due"))
    alternatives = tuple(_alternatives(when, lines, source, (*at, "when")))
    uses_counts = any(a.min_episodes or a.max_episodes for a in alternatives)
    if "within_days" in when and not uses_counts:
        raise ProtocolError(
            f"{source}:{_line_of(lines, (*at, 'when', 'within_days'))}: within_days counts "
            "episodes, but no min_episodes or max_episodes uses the count"
        )
    return Rule(
        id=raw["id"],
        description=raw.get("description", "").strip(),
        task=raw["task"],
        owner_team=raw["owner_team"],
        owner_agency_kind=raw.get("owner_agency_kind"),
        trigger=raw["trigger"],
        episode_categories=frozenset(raw.get("episode_categories", EPISODE_CATEGORIES)),
        within_days=when.get("within_days"),
        alternatives=alternatives,
        deadline=deadline,
        line=_line_of(lines, at),
    )


def _build_deadline(
    raw: dict[str, Any], lines: dict[Path_, int], source: str, at: Path_
) -> Deadline:
    line = _line_of(lines, at)
    if ("hours" in raw) == ("working_days" in raw):
        raise ProtocolError(f"{source}:{line}: due needs exactly one of hours or working_days")
    ideal = raw.get("ideally_within_hours")
    if ideal is not None and "hours" in raw and ideal > raw["hours"]:
        raise ProtocolError(
            f"{source}:{_line_of(lines, (*at, 'ideally_within_hours'))}: ideally_within_hours "
            f"({ideal}) is later than the deadline ({raw['hours']} hours)"
        )
    return Deadline(
        hours=raw.get("hours"), working_days=raw.get("working_days"), ideally_within_hours=ideal
    )


def _alternatives(
    when: dict[str, Any], lines: dict[Path_, int], source: str, at: Path_
) -> Iterator[Conditions]:
    """The `when` block as a list of condition sets, any one of which fires the rule."""
    common = Conditions(**{key: when[key] for key in CONDITION_KEYS if key in when})
    _refuse_if_never(common, source, _line_of(lines, at))
    options = when.get("any_of")
    if not options:
        yield common
        return
    for index, option in enumerate(options):
        line = _line_of(lines, (*at, "any_of", index))
        merged = _merge(common, Conditions(**option), source, line)
        _refuse_if_never(merged, source, line)
        yield merged


def _merge(common: Conditions, option: Conditions, source: str, line: int) -> Conditions:
    def tighter(a: int | None, b: int | None, pick: Any) -> int | None:
        return b if a is None else a if b is None else pick(a, b)

    def both(a: bool | None, b: bool | None) -> bool | None:
        if a is not None and b is not None and a != b:
            raise ProtocolError(
                f"{source}:{line}: this rule can never fire: a yes/no test is both {a} and {b}"
            )
        return a if a is not None else b

    return Conditions(
        min_episodes=tighter(common.min_episodes, option.min_episodes, max),
        max_episodes=tighter(common.max_episodes, option.max_episodes, min),
        age_under=tighter(common.age_under, option.age_under, min),
        age_at_least=tighter(common.age_at_least, option.age_at_least, max),
        looked_after=both(common.looked_after, option.looked_after),
        county_lines=both(common.county_lines, option.county_lines),
    )


def _refuse_if_never(conditions: Conditions, source: str, line: int) -> None:
    low, high = conditions.min_episodes, conditions.max_episodes
    if low is not None and high is not None and low > high:
        raise ProtocolError(
            f"{source}:{line}: this rule can never fire: it needs at least {low} and at most "
            f"{high} episodes (or contradicts itself)"
        )
    young, old = conditions.age_under, conditions.age_at_least
    if young is not None and old is not None and old >= young:
        raise ProtocolError(
            f"{source}:{line}: this rule can never fire: age at least {old} and under {young}"
        )

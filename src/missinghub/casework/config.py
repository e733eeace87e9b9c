"""The casework lists and rules: push and pull factors, the services directory, deadlines and
the exploitation screening indicators. One YAML file (`casework.yaml` beside this module, or the
setting `MISSINGHUB_CASEWORK_CONFIG`), read and checked once at start-up
(`CaseworkConfig.ready`), so a broken file stops the service with the key that is wrong."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SHIPPED_CONFIG = Path(__file__).resolve().parent / "casework.yaml"
WEIGHT_NAMES = ("low", "medium", "high")
TOP_KEYS = {
    "push_factors",
    "pull_factors",
    "services",
    "deadlines",
    "brief_intervention_max_days",
    "duty_team_email",
    "exploitation",
    "interview_audit",
}
EXPLOITATION_KEYS = {
    "weights",
    "possible_factor",
    "earlier_factor",
    "recent_months",
    "levels",
    "young_child_age",
    "screenings",
}


class CaseworkConfigError(ValueError):
    """The casework configuration file is not valid; the message names the key."""


@dataclass(frozen=True)
class Choice:
    code: str
    label: str


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    offers: str


@dataclass(frozen=True)
class Indicator:
    code: str
    text: str
    weight: str  # low / medium / high
    domain_code: str
    domain_title: str


@dataclass(frozen=True)
class ScreeningTool:
    kind: str  # cse / cce
    title: str
    indicators: tuple[Indicator, ...]

    def indicator(self, code: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(code)

    def domains(self) -> list[tuple[str, list[Indicator]]]:
        grouped: dict[str, list[Indicator]] = {}
        for indicator in self.indicators:
            grouped.setdefault(indicator.domain_title, []).append(indicator)
        return list(grouped.items())


@dataclass(frozen=True)
class ExploitationRules:
    weights: dict[str, int]
    possible_factor: float
    earlier_factor: float
    recent_months: int
    medium_at: float
    high_at: float
    young_child_age: int
    tools: dict[str, ScreeningTool]


@dataclass(frozen=True)
class AuditRubric:
    """The return-interview quality audit: how many completed interviews a manager samples a
    month, and the criteria each is scored against (none: audits are not configured)."""

    monthly_sample: int = 0
    criteria: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class CaseworkSettings:
    push_factors: tuple[Choice, ...]
    pull_factors: tuple[Choice, ...]
    services: tuple[Service, ...]
    social_care_referral_hours: int
    child_protection_hours: int
    brief_intervention_max_days: int
    duty_team_email: str
    exploitation: ExploitationRules
    interview_audit: AuditRubric = AuditRubric()

    def service(self, code: str) -> Service | None:
        return next((s for s in self.services if s.code == code), None)


def _require(mapping: Any, key: str, where: str) -> Any:
    if not isinstance(mapping, dict) or key not in mapping:
        raise CaseworkConfigError(f"{where}: `{key}` is required")
    return mapping[key]


def _no_unknown(mapping: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(mapping) - allowed
    if unknown:
        raise CaseworkConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")


def _codes_unique(items: list[Any], where: str) -> None:
    codes = [item.code for item in items]
    duplicates = {code for code in codes if codes.count(code) > 1}
    if duplicates:
        raise CaseworkConfigError(f"{where}: code(s) used twice: {', '.join(sorted(duplicates))}")


def _choices(raw: Any, where: str) -> tuple[Choice, ...]:
    if not isinstance(raw, list) or not raw:
        raise CaseworkConfigError(f"{where}: give a list of {{code, label}}")
    items = [Choice(str(_require(r, "code", where)), str(_require(r, "label", where))) for r in raw]
    _codes_unique(items, where)
    return tuple(items)


def _services(raw: Any) -> tuple[Service, ...]:
    if not isinstance(raw, list) or not raw:
        raise CaseworkConfigError("services: give a list of {code, name, offers}")
    items = [
        Service(
            str(_require(r, "code", "services")),
            str(_require(r, "name", "services")),
            str(r.get("offers", "")),
        )
        for r in raw
    ]
    _codes_unique(items, "services")
    return tuple(items)


def _tool(kind: str, raw: Any) -> ScreeningTool:
    where = f"exploitation.screenings.{kind}"
    indicators = []
    for domain in _require(raw, "domains", where):
        domain_code = str(_require(domain, "code", where))
        title = str(_require(domain, "title", f"{where}.{domain_code}"))
        for item in _require(domain, "indicators", f"{where}.{domain_code}"):
            weight = str(_require(item, "weight", f"{where}.{domain_code}"))
            if weight not in WEIGHT_NAMES:
                raise CaseworkConfigError(
                    f"{where}.{domain_code}: weight must be low, medium or high, not {weight!r}"
                )
            code = str(_require(item, "code", f"{where}.{domain_code}"))
            text = str(_require(item, "text", f"{where}.{domain_code}.{code}"))
            indicators.append(Indicator(code, text, weight, domain_code, title))
    if not indicators:
        raise CaseworkConfigError(f"{where}: no indicators")
    _codes_unique(indicators, where)
    return ScreeningTool(kind, str(_require(raw, "title", where)), tuple(indicators))


def _exploitation(raw: Any) -> ExploitationRules:
    where = "exploitation"
    if not isinstance(raw, dict):
        raise CaseworkConfigError(f"{where}: must be a mapping")
    _no_unknown(raw, EXPLOITATION_KEYS, where)
    weights = {
        name: int(_require(raw["weights"], name, "exploitation.weights")) for name in WEIGHT_NAMES
    }
    if not 0 < weights["low"] <= weights["medium"] <= weights["high"]:
        raise CaseworkConfigError("exploitation.weights: need 0 < low <= medium <= high")
    levels = _require(raw, "levels", where)
    medium_at, high_at = float(levels["medium"]), float(levels["high"])
    if not 0 < medium_at < high_at:
        raise CaseworkConfigError("exploitation.levels: need 0 < medium < high")
    factors = {k: float(_require(raw, k, where)) for k in ("possible_factor", "earlier_factor")}
    if not all(0 <= v <= 1 for v in factors.values()):
        raise CaseworkConfigError(f"{where}: possible_factor and earlier_factor are 0 to 1")
    tools = {kind: _tool(kind, spec) for kind, spec in _require(raw, "screenings", where).items()}
    if set(tools) != {"cse", "cce"}:
        raise CaseworkConfigError(f"{where}.screenings: give exactly `cse` and `cce`")
    return ExploitationRules(
        weights=weights,
        possible_factor=factors["possible_factor"],
        earlier_factor=factors["earlier_factor"],
        recent_months=int(_require(raw, "recent_months", where)),
        medium_at=medium_at,
        high_at=high_at,
        young_child_age=int(_require(raw, "young_child_age", where)),
        tools=tools,
    )


def parse_config(raw: Any) -> CaseworkSettings:
    if not isinstance(raw, dict):
        raise CaseworkConfigError("the file must hold a mapping")
    _no_unknown(raw, TOP_KEYS, "top level")
    deadlines = _require(raw, "deadlines", "top level")
    hours = {
        key: int(_require(deadlines, key, "deadlines"))
        for key in ("social_care_referral_hours", "child_protection_hours")
    }
    if any(value < 0 for value in hours.values()):
        raise CaseworkConfigError("deadlines: hours are 0 or more")
    max_days = int(_require(raw, "brief_intervention_max_days", "top level"))
    if max_days < 1:
        raise CaseworkConfigError("brief_intervention_max_days: 1 or more")
    return CaseworkSettings(
        push_factors=_choices(_require(raw, "push_factors", "top level"), "push_factors"),
        pull_factors=_choices(_require(raw, "pull_factors", "top level"), "pull_factors"),
        services=_services(_require(raw, "services", "top level")),
        social_care_referral_hours=hours["social_care_referral_hours"],
        child_protection_hours=hours["child_protection_hours"],
        brief_intervention_max_days=max_days,
        duty_team_email=str(raw.get("duty_team_email") or ""),
        exploitation=_exploitation(_require(raw, "exploitation", "top level")),
        interview_audit=_audit_rubric(raw.get("interview_audit")),
    )


def _audit_rubric(raw: Any) -> AuditRubric:
    if raw is None:
        return AuditRubric()
    where = "interview_audit"
    _no_unknown(raw, {"monthly_sample", "criteria"}, where)
    sample = int(_require(raw, "monthly_sample", where))
    if sample < 1:
        raise CaseworkConfigError(f"{where}.monthly_sample: 1 or more")
    criteria = _choices(_require(raw, "criteria", where), f"{where}.criteria")
    if not criteria:
        raise CaseworkConfigError(f"{where}.criteria: give at least one criterion")
    return AuditRubric(monthly_sample=sample, criteria=criteria)


def load_config(path: Path) -> CaseworkSettings:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return parse_config(raw)
    except yaml.YAMLError as error:
        raise CaseworkConfigError(f"{path}: not valid YAML: {error}") from error
    except CaseworkConfigError as error:
        raise CaseworkConfigError(f"{path}: {error}") from error
    except (TypeError, ValueError, AttributeError) as error:
        raise CaseworkConfigError(f"{path}: wrong type of value: {error}") from error


def config_path() -> Path:
    return Path(getattr(settings, "MISSINGHUB_CASEWORK_CONFIG", SHIPPED_CONFIG))


@cache
def casework_config() -> CaseworkSettings:
    return load_config(config_path())


def check_config() -> None:
    """Refuse to start with an invalid casework configuration."""
    try:
        casework_config()
    except CaseworkConfigError as error:
        raise ImproperlyConfigured(f"Invalid casework configuration: {error}") from error

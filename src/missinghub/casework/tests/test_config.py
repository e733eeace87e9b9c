"""The casework configuration: the shipped file loads; a broken one is refused at start-up with
the key that is wrong."""

import copy
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured

from missinghub.casework import config
from missinghub.casework.config import (
    SHIPPED_CONFIG,
    CaseworkConfigError,
    check_config,
    load_config,
    parse_config,
)

SHIPPED = yaml.safe_load(SHIPPED_CONFIG.read_text(encoding="utf-8"))


def broken(change) -> dict:
    raw = copy.deepcopy(SHIPPED)
    change(raw)
    return raw


def test_the_shipped_file_loads():
    settings = load_config(SHIPPED_CONFIG)
    assert {c.code for c in settings.push_factors} >= {"conflict_at_home"}
    assert settings.service("youth_club") is not None
    assert set(settings.exploitation.tools) == {"cse", "cce"}
    assert settings.brief_intervention_max_days == 92


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.update(push_factor=[]), "unknown key"),
        (lambda r: r.pop("services"), "`services` is required"),
        (
            lambda r: r["exploitation"]["screenings"]["cse"]["domains"][0]["indicators"][0].update(
                weight="huge"
            ),
            "exploitation.screenings.cse.missing: weight must be low, medium or high",
        ),
        (lambda r: r["exploitation"]["screenings"].pop("cce"), "give exactly `cse` and `cce`"),
        (lambda r: r["exploitation"].update(levels={"medium": 9, "high": 8}), "medium < high"),
        (lambda r: r["pull_factors"].append({"code": "friends", "label": "x"}), "used twice"),
        (lambda r: r["deadlines"].update(child_protection_hours=-1), "0 or more"),
    ],
)
def test_a_broken_file_names_the_key(change, message):
    with pytest.raises(CaseworkConfigError, match=message):
        parse_config(broken(change))


def test_start_up_refuses_a_broken_file(tmp_path: Path, settings):
    bad = tmp_path / "casework.yaml"
    bad.write_text("push_factors: [\n", encoding="utf-8")
    settings.MISSINGHUB_CASEWORK_CONFIG = str(bad)
    config.casework_config.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match="not valid YAML"):
            check_config()
    finally:
        config.casework_config.cache_clear()

"""Generate a population into a folder: truth files, source extracts and a manifest. No Django."""

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from missinghub.synth.areas import FORCE, FORCE_AREA, councils_of
from missinghub.synth.extracts import write_extracts
from missinghub.synth.generator import Progress, build_population, random_streams
from missinghub.synth.parameters import SynthParameters
from missinghub.synth.pursue import write_pursue
from missinghub.synth.ssda903 import write_ssda903
from missinghub.synth.truth import make_identifiers, write_truth

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Summary:
    children: int
    episodes: int
    open_episodes: int
    referrals: int


def manifest(params: SynthParameters) -> dict[str, object]:
    """What was asked for: scale, seed, period and every parameter (no clock time: reproducible)."""
    body = asdict(params)
    body["start_date"] = params.start_date.isoformat()
    body["end_date"] = params.end_date.isoformat()
    # The councils (each with its protocol) and the force serving them (synth/areas.py).
    body["areas"] = {
        "councils": [
            {"name": name, "protocol": protocol}
            for name, protocol in councils_of(params.scale.name)
        ],
        "police_force": {"name": FORCE, "area": FORCE_AREA},
    }
    return body


def generate(params: SynthParameters, out_dir: Path, progress: Progress | None = None) -> Summary:
    say = progress or (lambda _step: None)
    population = build_population(params, say)
    streams = random_streams(params.seed)
    ids = make_identifiers(population, streams["ids"])
    out_dir.mkdir(parents=True, exist_ok=True)
    say("truth files")
    write_truth(population, ids, out_dir, streams["details"])
    say("source extracts")
    write_extracts(population, ids, out_dir, params.faults, streams["faults"], params.seed)
    say("exploitation groups")
    write_pursue(out_dir, params.seed)
    say("SSDA903 return")
    write_ssda903(out_dir, np.random.default_rng([params.seed, 903]))  # its own stream
    text = json.dumps(manifest(params), indent=2, sort_keys=True, default=str)
    (out_dir / "truth" / MANIFEST).write_text(text + "\n", encoding="utf-8")
    found = population.episodes
    return Summary(
        children=population.children.size,
        episodes=found.size,
        open_episodes=int(found.still_open.sum()),
        referrals=population.referrals.size,
    )

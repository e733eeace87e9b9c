"""The data sets `link evaluate` knows, by name."""

from pathlib import Path

from missinghub.linkage.evaluation.dataset import Dataset

DATASETS = ("febrl1", "febrl2", "febrl3", "febrl4", "synthetic", "synthetic-hard")


def load_dataset(name: str, synth_dir: Path | None = None) -> Dataset:
    if name not in DATASETS:
        raise ValueError(f"Unknown data set {name!r}; known: {', '.join(DATASETS)}")
    if name.startswith("febrl"):
        from missinghub.linkage.evaluation.febrl import load_febrl4, load_febrl_dedupe

        number = int(name[-1])
        return load_febrl4() if number == 4 else load_febrl_dedupe(number)
    from missinghub.linkage.evaluation.synthetic import generate_council, load_extracts

    faults = "hard" if name == "synthetic-hard" else "standard"
    if synth_dir:
        return load_extracts(synth_dir, name=name)
    return generate_council(faults=faults)

"""The layer diagram of docs/adr/0003, drawn from the import-linter contract in pyproject.toml.

`python tools/layers_diagram.py` prints it (a Mermaid flowchart, which GitHub renders); the docs
test fails when the ADR's copy differs from what the contract says now."""

import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def layers() -> list[list[str]]:
    """The layers contract's layers, top first, each a list of its apps' short names."""
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    (contract,) = (c for c in config["contracts"] if c["id"] == "layers")
    return [
        [name.strip().strip("()").removeprefix("missinghub.") for name in layer.split(":")]
        for layer in contract["layers"]
    ]


def diagram() -> str:
    lines = ["```mermaid", "flowchart TB"]
    for number, apps in enumerate(layers()):
        lines.append(f'    subgraph L{number}["layer {len(layers()) - number}"]')
        lines.extend(f"        {app}" for app in apps)
        lines.append("    end")
    lines.extend(f"    L{n} --> L{n + 1}" for n in range(len(layers()) - 1))
    lines.append("```")
    return "\n".join(lines)


if __name__ == "__main__":
    print(diagram())

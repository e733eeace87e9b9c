"""Benchmark: generate the national-scale synthetic population in a child process.

Records wall-clock seconds and the child's peak resident memory (getrusage RUSAGE_CHILDREN).
Target: under 5 minutes and under 8 GB on a 2-core machine.

    .venv/bin/python bench/synth_national.py [--out DIR] [--seed N] [--scale national]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="national")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="Where to write the population (default: temp)")
    parser.add_argument("--result", type=Path, default=Path("var/bench/synth_national.json"))
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="synth-national-"))
    command = [
        sys.executable, "-m", "missinghub.cli", "synth",
        "--scale", args.scale, "--seed", str(args.seed), "--out", str(out),
    ]  # fmt: skip
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "missinghub.settings.test"}
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env)  # noqa: S603
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kilobytes on Linux
    sizes = {p.name: p.stat().st_size for p in sorted(out.rglob("*.csv"))}
    result = {
        "scale": args.scale,
        "seed": args.seed,
        "seconds": round(seconds, 1),
        "peak_rss_gb": round(peak_kb / 1024 / 1024, 2),
        "cpus": os.cpu_count(),
        "out": str(out),
        "file_bytes": sizes,
    }
    args.result.parent.mkdir(parents=True, exist_ok=True)
    args.result.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""Time `protocol replay` on a national-scale history (default 5,000,000 episodes).

    .venv/bin/python bench/protocol_replay.py                       # random history in memory
    .venv/bin/python bench/protocol_replay.py --via-csv var/bench   # write truth/*.csv, read back
    .venv/bin/python bench/protocol_replay.py --history DIR         # a synthetic truth folder

The random history is plausible, not calibrated: a heavy-tailed number of episodes per child
(most once, a few very often), mostly missing, about 3% still open, returns within hours.
It never contains real data. Replay time includes working out every decision and the monthly
workload, for each protocol in `protocols/`.
"""

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from missinghub.protocols.engine import load_protocol_folder  # noqa: E402
from missinghub.protocols.engine.history import (  # noqa: E402
    EPISODE_COLUMNS,
    HISTORY_SCHEMA,
    read_truth_folder,
)
from missinghub.protocols.engine.replay import prepare_history  # noqa: E402
from missinghub.protocols.engine.workload import TASK_FIELDS, replay  # noqa: E402

FIRST = np.datetime64("2021-01-01T00:00:00", "us")
SECONDS = 5 * 365 * 86_400


def random_history(episodes: int, seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    per_child = np.minimum(rng.zipf(2.2, size=episodes), 300)  # more children than needed
    per_child = per_child[: int(np.searchsorted(np.cumsum(per_child), episodes)) + 1]
    per_child[-1] -= per_child.sum() - episodes
    children = per_child.size
    child = np.repeat(np.arange(children), per_child)
    reported = FIRST + rng.integers(0, SECONDS, size=episodes).astype("timedelta64[s]").astype(
        "timedelta64[us]"
    )
    away = (
        (rng.exponential(14 * 3600, size=episodes))
        .astype("timedelta64[s]")
        .astype("timedelta64[us]")
    )
    still_missing = rng.random(episodes) < 0.03
    born = np.datetime64("2005-01-01") + rng.integers(0, 365 * 13, size=children).astype(
        "timedelta64[D]"
    )
    frame = pl.DataFrame(
        {
            "child_id": pl.Series(child).cast(pl.String),
            "episode_id": pl.Series(np.arange(episodes)).cast(pl.String),
            "category": rng.choice(
                ["missing", "absent", "awol"], p=[0.8, 0.08, 0.12], size=episodes
            ),
            "looked_after": rng.random(episodes) < 0.35,
            "county_lines": rng.random(episodes) < 0.04,
            "placement_type": rng.choice(
                ["family_home", "foster", "childrens_home"], size=episodes
            ),
            "placement_area": rng.choice(["in_borough", "out_of_borough"], size=episodes),
            "reported_at": pl.Series(reported).dt.replace_time_zone("UTC"),
            "returned_at": pl.Series(
                np.where(still_missing, np.datetime64("NaT"), reported + away)
            ).dt.replace_time_zone("UTC"),
            "date_of_birth": pl.Series(born[child]),
        }
    )
    return frame.cast(HISTORY_SCHEMA)  # type: ignore[arg-type]


def write_truth(frame: pl.DataFrame, folder: Path) -> None:
    truth = folder / "truth"
    truth.mkdir(parents=True, exist_ok=True)
    iso = "%Y-%m-%dT%H:%M:%S%:z"
    frame.select(
        *(pl.col(c).dt.strftime(iso) if c.endswith("_at") else pl.col(c) for c in EPISODE_COLUMNS)
    ).write_csv(truth / "episodes.csv")
    frame.select("child_id", "date_of_birth").unique("child_id").write_csv(truth / "children.csv")


def load_history(args: argparse.Namespace) -> pl.DataFrame:
    began = time.perf_counter()
    if args.history:
        history = read_truth_folder(args.history)
        print(f"read {history.height:,} episodes in {time.perf_counter() - began:.1f} s")
        return history
    history = random_history(args.episodes, args.seed)
    print(f"generated {history.height:,} episodes in {time.perf_counter() - began:.1f} s")
    if args.via_csv:
        write_truth(history, args.via_csv)
        began = time.perf_counter()
        history = read_truth_folder(args.via_csv)
        print(f"read them back from CSV in {time.perf_counter() - began:.1f} s")
    return history


def time_replays(history: pl.DataFrame, start: date, end: date) -> dict[str, float]:
    began = time.perf_counter()
    history = prepare_history(history)
    prepared = time.perf_counter() - began
    print(f"prepared (sorted, ages) once in {prepared:.1f} s")
    took = {}
    for name, protocol in load_protocol_folder(ROOT / "protocols").items():
        began = time.perf_counter()
        workload = replay(protocol, history, start, end)
        took[name] = time.perf_counter() - began
        tasks = sum(m[field] for m in workload.months for field in TASK_FIELDS.values())
        print(f"{name:18} {took[name]:6.1f} s  {tasks:>10,} tasks, {len(workload.months)} months")
    total = sum(took.values())
    print(f"all {len(took)} protocols: {total:.1f} s ({total / len(took):.1f} s each)")
    slowest = max((n for n in took if n != "england-statutory"), key=lambda n: took[n])
    command = prepared + took[slowest] + took["england-statutory"]
    print(f"one replay command ({slowest} beside england-statutory): {command:.1f} s")
    return {"one_command": command, "slowest_protocol": took[slowest], "all": total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--history", type=Path, help="read this synthetic truth folder instead")
    parser.add_argument("--via-csv", type=Path, help="write the random history here, read it back")
    parser.add_argument("--from", dest="start", type=date.fromisoformat, default=date(2022, 1, 1))
    parser.add_argument("--to", dest="end", type=date.fromisoformat, default=date(2025, 12, 31))
    args = parser.parse_args()
    history = load_history(args)
    episodes = history.height
    took = time_replays(history, args.start, args.end)
    figure = {
        "name": f"protocol replay, {episodes:,} episodes (area protocol beside the statutory one)",
        "value": round(took["one_command"], 2),
        "unit": "s",
        "target": "< 60 s" if episodes >= 5_000_000 else None,
        "met": took["one_command"] < 60 if episodes >= 5_000_000 else None,
        "peer": None,
        "peer_value": None,
    }
    print(json.dumps({"figures": [figure]}))


if __name__ == "__main__":
    main()

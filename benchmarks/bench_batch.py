"""Batch throughput: engagements per minute with one worker, two workers, and a naive
loop calling the papermill and jupyter-nbconvert command-line tools per notebook.

Run:  .venv/bin/python benchmarks/bench_batch.py [--engagements 12] [--rounds 3] [--workers-only]

Prints engagements/minute for each and the ratios (two workers / one worker, one
worker / naive loop). Targets on a 2-core machine: >= 1.7 and >= 1.5. Also one worker
whose kernels are started as new processes (COPCWB_FORK_KERNELS=0) instead of being
forked from the preloaded server, to show what the fork server saves.

A shared virtual machine changes speed by 10-30 % from minute to minute (the same
notebook took 16.4 s in one minute and 13.0 s a few minutes later, with one worker
or two alike), so the engagements are split into ``--rounds`` groups and every
configuration runs each group as a batch of its own, one after the other, the order
reversed every other round: a slow spell then falls on all of them alike. Each batch
pays its own start-up (worker processes, kernel fork server), which weighs more on
the shorter two-worker batches. Printed: the ratios of the totals over all
engagements, and for two workers / one worker also the ratio within each round (the
two batches run back to back) and their median, which a slow spell in one round
does not move. ``--workers-only`` skips the process-kernel and naive-loop runs.
This script prints; it never asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from copcwb.demo import write_demo
from copcwb.engagement import load_engagement
from copcwb.paths import notebook_path
from copcwb.runner.batch import run_batch

BIN = Path(sys.executable).parent


def naive_loop(specs: list[Path], out: Path) -> None:
    """What a consultant would script without copcwb: one CLI call per step."""
    out.mkdir(parents=True, exist_ok=True)
    for spec in specs:
        engagement = load_engagement(spec)
        for name in engagement.run:
            executed = out / f"{engagement.engagement}-{name}.ipynb"
            parameters = out / f"{engagement.engagement}-{name}.json"  # JSON is YAML
            parameters.write_text(
                json.dumps(
                    {
                        "engagement_file": str(spec),
                        "run_id": "naive",
                        "options": engagement.options(name).model_dump(mode="json"),
                    }
                )
            )
            subprocess.run(
                [str(BIN / "papermill"), str(notebook_path(name)), str(executed),
                 "-f", str(parameters), "--kernel", "python3", "--no-progress-bar",
                 "--cwd", str(spec.parent)],
                check=True,
                capture_output=True,
            )  # fmt: skip
            for extra in (["--no-input"], []):
                subprocess.run(
                    [str(BIN / "jupyter"), "nbconvert", "--to", "html", *extra,
                     "--output-dir", str(out / ("client" if extra else "evidence")),
                     str(executed)],
                    check=True,
                    capture_output=True,
                )  # fmt: skip


def batch(specs: list[Path], out: Path, workers: int, process_kernels: bool = False) -> None:
    """``run_batch`` as ``copcwb batch`` calls it; fails loudly if an engagement fails."""
    if process_kernels:
        os.environ["COPCWB_FORK_KERNELS"] = "0"  # pool workers are spawned: they inherit it
    try:
        result = run_batch(specs, out, workers=workers)
    finally:
        os.environ.pop("COPCWB_FORK_KERNELS", None)
    failed = [o.reason for o in result.outcomes if o.status != "completed"]
    if failed:
        raise SystemExit(f"benchmark batch failed: {failed}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engagements", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers-only", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="copcwb-bench-") as tmp:
        root = Path(tmp)
        specs = [
            write_demo(root / "engagements", engagement_id=f"client-{i:02d}")
            for i in range(args.engagements)
        ]
        configs: dict[str, Callable[[list[Path], Path], None]] = {
            "1 worker": lambda s, out: batch(s, out, 1),
            "2 workers": lambda s, out: batch(s, out, 2),
            "1 worker, process kernels": lambda s, out: batch(s, out, 1, process_kernels=True),
            "naive CLI loop": naive_loop,
        }
        if args.workers_only:
            configs = {k: v for k, v in configs.items() if k in ("1 worker", "2 workers")}
        seconds = dict.fromkeys(configs, 0.0)
        round_ratios: list[float] = []
        groups = [specs[r :: args.rounds] for r in range(args.rounds)]
        for r, group in enumerate(groups):
            order = list(configs) if r % 2 == 0 else list(reversed(configs))
            took_in_round = {}
            for label in order:
                start = time.perf_counter()
                configs[label](group, root / f"{label.replace(' ', '_')}-{r}")
                took = time.perf_counter() - start
                seconds[label] += took
                took_in_round[label] = took
                print(f"round {r + 1}: {label:<27} {len(group):3d} engagements {took:7.1f} s",
                      flush=True)  # fmt: skip
            round_ratios.append(took_in_round["1 worker"] / took_in_round["2 workers"])
    n = len(specs)
    per_min = {label: n / s * 60 for label, s in seconds.items()}
    print(f"\nengagements: {n} (3 notebooks each), in {args.rounds} interleaved rounds")
    for label in configs:
        print(f"{label:<27} {seconds[label]:7.1f} s  {per_min[label]:6.2f} engagements/minute")
    one, two = per_min["1 worker"], per_min["2 workers"]
    rounds = ", ".join(f"{x:.2f}" for x in round_ratios)
    print(f"\n2 workers / 1 worker, totals : {two / one:.2f}  (target >= 1.7)")
    print(f"2 workers / 1 worker, rounds : {rounds}; median {statistics.median(round_ratios):.2f}")
    if "naive CLI loop" in per_min:
        naive = per_min["naive CLI loop"]
        print(f"1 worker / naive loop        : {one / naive:.2f}  (target >= 1.5)")
        process = per_min["1 worker, process kernels"]
        print(f"forked / process kernels     : {one / process:.2f}")


if __name__ == "__main__":
    main()

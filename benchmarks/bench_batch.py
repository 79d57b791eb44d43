"""Batch throughput: engagements per minute with one worker, two workers, and a naive
loop calling the papermill and jupyter-nbconvert command-line tools per notebook.

Run:  .venv/bin/python benchmarks/bench_batch.py [--engagements 12] [--rounds 3]
      [--workers-only | --kernels-only]

Prints engagements/minute for each and the ratios (two workers / one worker, one
worker / naive loop). Targets on a 2-core machine: >= 1.7 and >= 1.5. Also one worker
whose kernels are started as new processes (COPCWB_FORK_KERNELS=0) instead of being
forked from the preloaded server, to show what the fork server saves; and, for each
copcwb configuration, the per-notebook overhead (kernel start and papermill, the
manifest's ``timings.kernel_and_overhead_s``) and the first code cell (its imports,
which a forked kernel finds done, and opening the engagement): medians and means
over every notebook run.

A shared virtual machine changes speed by 10-30 % from minute to minute (the same
notebook took 16.4 s in one minute and 13.0 s a few minutes later, with one worker
or two alike), so the engagements are split into ``--rounds`` groups and every
configuration runs each group as a batch of its own, one after the other, the order
reversed every other round: a slow spell then falls on all of them alike. Each batch
pays its own start-up (worker processes, kernel fork server), which weighs more on
the shorter two-worker batches. Printed: the ratios of the totals over all
engagements, and for two workers / one worker also the ratio within each round (the
two batches run back to back) and their median, which a slow spell in one round
does not move. ``--workers-only`` skips the process-kernel and naive-loop runs;
``--kernels-only`` runs one worker with forked and with process kernels only.
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


def batch(
    specs: list[Path], out: Path, workers: int, process_kernels: bool = False
) -> list[dict[str, float]]:
    """``run_batch`` as ``copcwb batch`` calls it; fails loudly if an engagement fails.
    Returns the manifest's timings of every notebook run (seconds)."""
    if process_kernels:
        os.environ["COPCWB_FORK_KERNELS"] = "0"  # pool workers are spawned: they inherit it
    try:
        result = run_batch(specs, out, workers=workers)
    finally:
        os.environ.pop("COPCWB_FORK_KERNELS", None)
    failed = [o.reason for o in result.outcomes if o.status != "completed"]
    if failed:
        raise SystemExit(f"benchmark batch failed: {failed}")
    return [
        notebook["timings"]
        for o in result.outcomes
        for notebook in json.loads(Path(o.run_dir, "manifest.json").read_text())[
            "notebooks"
        ].values()
    ]


OVERHEADS = {
    "kernel_and_overhead_s": "kernel start + papermill overhead",
    "first_cell_s": "first code cell (imports, opening the engagement)",
}


def print_overheads(timings: dict[str, list[dict[str, float]]]) -> None:
    """Per-notebook medians and means of each configuration, and what forked kernels
    save against process kernels when both ran."""
    forked, process = timings.get("1 worker"), timings.get("1 worker, process kernels")
    for key, title in OVERHEADS.items():
        print(f"\nper notebook, {title} (manifest timings.{key}):")
        for label, runs in timings.items():
            values = [t[key] for t in runs]
            print(
                f"{label:<27} median {statistics.median(values):5.2f} s  "
                f"mean {statistics.mean(values):5.2f} s  ({len(values)} notebooks)"
            )
        if forked and process:
            saved = statistics.median([t[key] for t in process]) - statistics.median(
                [t[key] for t in forked]
            )
            print(f"{'forked kernels save':<27} {saved:5.2f} s per notebook (medians)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engagements", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=3)
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--workers-only", action="store_true", help="1 and 2 workers")
    only.add_argument(
        "--kernels-only", action="store_true", help="1 worker, forked and process kernels"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="copcwb-bench-") as tmp:
        root = Path(tmp)
        specs = [
            write_demo(root / "engagements", engagement_id=f"client-{i:02d}")
            for i in range(args.engagements)
        ]
        configs: dict[str, Callable[[list[Path], Path], list[dict[str, float]] | None]] = {
            "1 worker": lambda s, out: batch(s, out, 1),
            "2 workers": lambda s, out: batch(s, out, 2),
            "1 worker, process kernels": lambda s, out: batch(s, out, 1, process_kernels=True),
            "naive CLI loop": naive_loop,
        }
        if args.workers_only or args.kernels_only:
            kept = ("2 workers",) if args.workers_only else ("1 worker, process kernels",)
            configs = {k: v for k, v in configs.items() if k in ("1 worker", *kept)}
        seconds = dict.fromkeys(configs, 0.0)
        timings: dict[str, list[dict[str, float]]] = {}
        round_ratios: list[float] = []
        groups = [specs[r :: args.rounds] for r in range(args.rounds)]
        for r, group in enumerate(groups):
            order = list(configs) if r % 2 == 0 else list(reversed(configs))
            took_in_round = {}
            for label in order:
                start = time.perf_counter()
                ran = configs[label](group, root / f"{label.replace(' ', '_')}-{r}")
                took = time.perf_counter() - start
                if ran is not None:
                    timings.setdefault(label, []).extend(ran)
                seconds[label] += took
                took_in_round[label] = took
                print(f"round {r + 1}: {label:<27} {len(group):3d} engagements {took:7.1f} s",
                      flush=True)  # fmt: skip
            if "2 workers" in took_in_round:
                round_ratios.append(took_in_round["1 worker"] / took_in_round["2 workers"])
    n = len(specs)
    per_min = {label: n / s * 60 for label, s in seconds.items()}
    print(f"\nengagements: {n} (3 notebooks each), in {args.rounds} interleaved rounds")
    for label in configs:
        print(f"{label:<27} {seconds[label]:7.1f} s  {per_min[label]:6.2f} engagements/minute")
    one = per_min["1 worker"]
    if round_ratios:
        rounds = ", ".join(f"{x:.2f}" for x in round_ratios)
        median = statistics.median(round_ratios)
        print(f"\n2 workers / 1 worker, totals : {per_min['2 workers'] / one:.2f}  (target >= 1.7)")
        print(f"2 workers / 1 worker, rounds : {rounds}; median {median:.2f}")
    if "naive CLI loop" in per_min:
        naive = per_min["naive CLI loop"]
        print(f"1 worker / naive loop        : {one / naive:.2f}  (target >= 1.5)")
    if "1 worker, process kernels" in per_min:
        process = per_min["1 worker, process kernels"]
        print(f"forked / process kernels     : {one / process:.2f}")
    print_overheads(timings)


if __name__ == "__main__":
    main()

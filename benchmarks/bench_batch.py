"""Batch throughput: engagements per minute with one worker, two workers, and a naive
loop calling the papermill and jupyter-nbconvert command-line tools per notebook.

Run:  .venv/bin/python benchmarks/bench_batch.py [--engagements 12]
Prints engagements/minute for each and the ratios (two workers / one worker,
one worker / naive loop). Targets on a 2-core machine: >= 1.7 and >= 1.5. Also a
single worker without warm kernels (COPCWB_WARM_KERNELS=0), since warm-up already
puts the second core to work for one worker.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
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
            parameters.write_text(json.dumps({
                "engagement_file": str(spec), "run_id": "naive",
                "options": engagement.options(name).model_dump(mode="json")}))
            subprocess.run([str(BIN / "papermill"), str(notebook_path(name)), str(executed),
                            "-f", str(parameters), "--kernel", "python3", "--no-progress-bar",
                            "--cwd", str(spec.parent)], check=True, capture_output=True)
            for extra in (["--no-input"], []):
                subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", *extra,
                                "--output-dir", str(out / ("client" if extra else "evidence")),
                                str(executed)], check=True, capture_output=True)


def timed(label: str, fn) -> float:
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    print(f"{label:<28} {seconds:8.1f} s", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engagements", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="copcwb-bench-") as tmp:
        root = Path(tmp)
        specs = [write_demo(root / "engagements", engagement_id=f"client-{i:02d}")
                 for i in range(args.engagements)]
        n = len(specs)

        def batch(workers: int, out: str) -> None:
            result = run_batch(specs, root / out, workers=workers)
            assert result.ok, [o.reason for o in result.outcomes if o.reason]

        one = timed("copcwb batch, 1 worker", lambda: batch(1, "one"))
        two = timed("copcwb batch, 2 workers", lambda: batch(2, "two"))
        os.environ["COPCWB_WARM_KERNELS"] = "0"  # workers are spawned: they inherit it
        cold = timed("1 worker, no warm kernels", lambda: batch(1, "cold"))
        del os.environ["COPCWB_WARM_KERNELS"]
        naive = timed("naive CLI loop", lambda: naive_loop(specs, root / "naive"))
    per_min = {k: n / s * 60 for k, s in (("one", one), ("two", two), ("cold", cold),
                                          ("naive", naive))}
    print(f"\nengagements: {n} (3 notebooks each)")
    for label, key in (("1 worker", "one"), ("2 workers", "two"),
                       ("1 worker, cold kernels", "cold"), ("naive loop", "naive")):
        print(f"{label:<12} {per_min[key]:6.2f} engagements/minute")
    print(f"\n2 workers / 1 worker   : {per_min['two'] / per_min['one']:.2f}  (target >= 1.7)")
    print(f"1 worker / naive loop  : {per_min['one'] / per_min['naive']:.2f}  (target >= 1.5)")
    print(f"2 workers / 1 worker without warm kernels: {per_min['two'] / per_min['cold']:.2f}")
    print(f"1 worker: warm / cold kernels: {per_min['one'] / per_min['cold']:.2f}")


if __name__ == "__main__":
    main()

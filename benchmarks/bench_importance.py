"""Speed of copcwb.drivers.driver_importance against the previous algorithm, same process.

Run::

    PYTHONPATH=$PWD .venv/bin/python benchmarks/bench_importance.py

Generates seeded surveys whose driver ratings (1-5) share a common factor with the overall
rating: 200,000 responses with 12 drivers (4,095 subset models), and a demo-sized one, 4,000
responses with 5 drivers (with a bootstrap, whose intervals are compared too); with
``--facts`` also 200,000 responses drawn as the demo's survey, with the demo's twelve
importance drivers (ratings, IVR and wait seconds, transfers, flags). For each it
prints the seconds (wall clock, and processor time over all threads and worker processes)
of the current implementation and of the previous one (benchmarks/importance_reference.py:
every subset fitted on all rows), their ratio, and the largest absolute difference of
r2_contribution, importance_pct, ci_low, ci_high and r2_full, then the peak memory of the
process and of the largest worker. Target: at least 8x faster at 200,000 responses,
differences within 1e-8, the small case not slower. This script prints; it never asserts.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from importance_reference import reference_importance  # noqa: E402

from copcwb.drivers import driver_importance  # noqa: E402
from copcwb.drivers._pool import MAX_WORKERS, available_cores, idle_cores  # noqa: E402

LOADING = 0.7  # correlation of each rating's latent with the common factor (as copcwb.synth)
SHARES = np.cumsum([0.05, 0.07, 0.15, 0.33])  # overall 1-4 (5 takes the rest, 40%)


def synthetic_survey(n: int, p: int, seed: int = 20240614) -> pd.DataFrame:
    """``n`` responses: drivers d01..dp rated 1-5 (latent = LOADING x common factor + noise,
    means 3.4-4.2), and an overall rating 1-5 from a proportional-odds model on them with
    weights falling from 0.45 to 0.05, cut where 5%, 7%, 15%, 33% and 40% of the responses
    give 1 to 5."""
    rng = np.random.default_rng(seed)
    common = rng.normal(size=n)
    data = {}
    for j in range(p):
        latent = LOADING * common + np.sqrt(1 - LOADING**2) * rng.normal(size=n)
        mean = 3.4 + 0.8 * j / max(p - 1, 1)
        data[f"d{j + 1:02d}"] = np.clip(np.round(mean + 1.1 * latent), 1, 5).astype(np.int64)
    ratings = np.column_stack(list(data.values())).astype(float)
    beta = np.linspace(0.45, 0.05, p)
    latent = ratings @ beta + rng.logistic(size=n)
    cuts = np.quantile(latent, SHARES)
    data["overall"] = (1 + np.searchsorted(cuts, latent)).astype(np.int64)
    return pd.DataFrame(data)


def processor_seconds() -> float:
    """Processor time of this process and of its ended child processes (the workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def demo_like_survey(n: int, seed: int = 2026) -> pd.DataFrame:
    """``n`` responses drawn as the demo draws them (copcwb.synth.survey: ratings, overall,
    IVR and wait seconds, transfers, critical errors), with the demo's twelve importance
    drivers: five ratings, then the facts and flags (two of them with hundreds of values)."""
    from copcwb.synth import survey
    from copcwb.synth._spec import BILLING, SALES, SUPPORT

    rng = np.random.default_rng(seed)
    archetypes = np.array([BILLING, SUPPORT, SALES], dtype=object)
    program = rng.choice(archetypes, size=n, p=[0.45, 0.35, 0.20])
    facts = survey.draw_facts(rng, program)
    shift = np.array([survey.PROGRAM_SHIFT[a] for a in program])
    ratings = survey.draw_ratings(rng, shift, facts, survey.DEMO_SCALE)
    frame = pd.DataFrame({**ratings, **facts})
    frame["repeat_contact_7d"] = (rng.random(n) < 0.2).astype(np.int64)
    frame["overall"] = survey.draw_overall(rng, frame)
    return frame


def timed(fn, repeat: int) -> tuple[float, float, object]:
    """Best wall-clock seconds over ``repeat`` runs, the processor seconds of that run (all
    threads, and worker processes), and its result."""
    best, cpu, out = float("inf"), 0.0, None
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), processor_seconds()
        out = fn()
        wall = time.perf_counter() - w0
        if wall < best:
            best, cpu = wall, processor_seconds() - c0
    return best, cpu, out


def max_differences(new, old_table: pd.DataFrame, old_r2: float) -> dict[str, float]:
    """Largest absolute difference of each result column (drivers matched by name)."""
    a = new.summary().set_index("driver")
    b = old_table.set_index("driver").loc[a.index]
    out = {}
    for col in ("r2_contribution", "importance_pct", "ci_low", "ci_high"):
        diff = np.abs(a[col].to_numpy() - b[col].to_numpy())
        out[col] = float(np.nanmax(diff)) if np.isfinite(diff).any() else float("nan")
    out["r2_full"] = abs(new.r2_full - old_r2)
    return out


def compare(label: str, df: pd.DataFrame, n_boot: int, repeat: int) -> None:
    """Time both implementations on ``df`` (every column but overall is a driver) and print
    the seconds, the ratios and the largest differences."""
    drivers = [c for c in df.columns if c != "overall"]
    kw = {"n_boot": n_boot, "seed": 7}
    t_new, c_new, new = timed(lambda: driver_importance(df, "overall", drivers, **kw), repeat)
    t_old, c_old, (old, old_r2) = timed(
        lambda: reference_importance(df, "overall", drivers, **kw), repeat
    )
    print(f"{label}: {len(df):,} responses, {len(drivers)} drivers, bootstrap {n_boot}")
    print(f"  current : {t_new:9.3f} s wall  ({c_new:8.3f} s processor)")
    print(f"  previous: {t_old:9.3f} s wall  ({c_old:8.3f} s processor)")
    ratios = f"{t_old / t_new:6.1f}x wall, {c_old / c_new:6.1f}x processor"
    print(f"  ratio previous / current: {ratios}")
    diffs = max_differences(new, old, old_r2)
    print("  max |current - previous|: " + ", ".join(f"{k} {v:.1e}" for k, v in diffs.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=200_000)
    parser.add_argument("--drivers", type=int, default=12)
    parser.add_argument("--small-bootstrap", type=int, default=50)
    parser.add_argument("--repeat-small", type=int, default=3)
    parser.add_argument(
        "--facts",
        action="store_true",
        help="also 200,000 responses shaped as the demo's survey, ratings and facts as drivers",
    )
    args = parser.parse_args()
    print(
        f"cores: {available_cores()}, idle now: {idle_cores()} (the current implementation "
        f"starts up to {MAX_WORKERS} worker processes on idle cores, for large walks only)"
    )
    small = synthetic_survey(4_000, 5, seed=11)
    driver_importance(small.head(1000), "overall", ["d01", "d02"])  # warm-up (imports)
    compare("demo size", small, args.small_bootstrap, args.repeat_small)
    large = synthetic_survey(args.responses, args.drivers)
    compare("survey scale", large, 0, 1)
    if args.facts:
        compare("survey scale, the demo's drivers", demo_like_survey(args.responses), 0, 1)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: this process {peak:,.0f} MB, largest worker process {worker:,.0f} MB")


if __name__ == "__main__":
    main()

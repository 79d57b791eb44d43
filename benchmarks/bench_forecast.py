"""Speed of forecast accuracy and staffing impact on one year of 15-minute intervals.

Builds a seeded WFM table of 300 queues x 365 days x 96 intervals (about 10.5 million
rows, Europe/Berlin, so both changes of summer time are in it), then times
``copcwb.forecast.accuracy`` at the four levels and ``copcwb.staffing.staffing_impact``.
Prints the row count, seconds per step and in total, and the peak resident memory of the
process. Targets: under 30 s in total and under 4 GB peak on a 2-core machine.

    python benchmarks/bench_forecast.py [--queues 300] [--days 365]

This script prints; it never asserts.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time

import numpy as np
import pandas as pd


def peak_rss_gb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024
    return kib * scale / 1e9


def reset_peak_rss() -> bool:
    """Restart the kernel's peak-RSS counter (Linux); False when not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        return False
    return True


def hwm_gb() -> float | None:
    """Peak RSS since the last reset, from /proc/self/status (Linux), else None."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024 / 1e9
    except OSError:
        return None
    return None


def build_wfm(n_queues: int, n_days: int, seed: int = 20260101) -> pd.DataFrame:
    """A seeded WFM table: daily and weekly call patterns, Poisson actuals, forecast noise."""
    rng = np.random.default_rng(seed)
    tz = "Europe/Berlin"
    first = pd.Timestamp("2026-01-01", tz=tz)
    last = pd.Timestamp("2026-01-01", tz=tz) + pd.DateOffset(days=n_days)
    starts = pd.date_range(first, last, freq="15min", inclusive="left").as_unit("ns")
    n_int = len(starts)
    utc_ns = np.tile(starts.asi8, n_queues)
    local = starts.tz_localize(None)
    hour = local.hour.to_numpy() + local.minute.to_numpy() / 60.0
    weekday = local.day_of_week.to_numpy()
    # Open 07:00-22:00 with a late-morning peak; quieter weekends.
    shape = np.clip(np.sin((hour - 7.0) / 15.0 * np.pi), 0.0, None) ** 1.5
    shape *= np.where(weekday >= 5, 0.45, 1.0) * np.where(weekday == 0, 1.15, 1.0)

    size = rng.lognormal(mean=2.6, sigma=0.8, size=n_queues)  # peak calls per interval
    aht = rng.uniform(180.0, 480.0, size=n_queues)
    n = n_queues * n_int
    mean_calls = (size[:, None] * shape[None, :]).ravel()
    forecast = mean_calls * rng.normal(1.0, 0.08, size=n)
    forecast = np.round(np.clip(forecast, 0.0, None), 1)
    actual = rng.poisson(mean_calls).astype(np.float64)
    f_aht = np.repeat(aht, n_int)
    a_aht = np.where(actual > 0, f_aht * rng.normal(1.0, 0.06, size=n), np.nan)
    scheduled = np.ceil(mean_calls * np.repeat(aht, n_int) / 900.0 * 1.25 / 0.7)
    queue_names = np.array([f"queue_{i:03d}" for i in range(n_queues)])
    return pd.DataFrame(
        {
            "queue": pd.Series(np.repeat(queue_names, n_int), dtype="str"),
            "interval_start": pd.Series(
                pd.DatetimeIndex(utc_ns.view("datetime64[ns]")).tz_localize("UTC").tz_convert(tz)
            ),
            "interval_minutes": np.full(n, 15, dtype=np.int64),
            "forecast_volume": forecast,
            "actual_volume": actual,
            "forecast_aht_s": f_aht,
            "actual_aht_s": a_aht,
            "scheduled_agents": scheduled,
            "forecast_shrinkage": np.full(n, 0.30),
            "actual_shrinkage": np.clip(rng.normal(0.31, 0.05, size=n), 0.0, 0.9),
        }
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queues", type=int, default=300)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args(argv)

    from copcwb.forecast import accuracy
    from copcwb.staffing import staffing_impact

    t0 = time.perf_counter()
    wfm = build_wfm(args.queues, args.days)
    build_s = time.perf_counter() - t0
    gc.collect()
    table_gb = wfm.memory_usage(deep=True).sum() / 1e9
    print(f"rows: {len(wfm):,} ({args.queues} queues x {args.days} days of 15-minute intervals)")
    print(f"build data (not counted): {build_s:6.2f} s, input table {table_gb:.2f} GB")
    print(f"peak RSS while building: {peak_rss_gb():.2f} GB")
    reset = reset_peak_rss()

    timings: list[tuple[str, float]] = []
    for level in ("interval", "day", "week", "month"):
        t = time.perf_counter()
        table = accuracy(wfm, level=level)
        timings.append((f"accuracy level={level}", time.perf_counter() - t))
        del table
    t = time.perf_counter()
    impact = staffing_impact(wfm)
    timings.append(("staffing_impact", time.perf_counter() - t))
    headline = impact.headline
    del impact

    for name, seconds in timings:
        print(f"{name:<28s} {seconds:6.2f} s")
    total = sum(s for _, s in timings)
    print(f"{'total':<28s} {total:6.2f} s   (target < 30 s)")
    during = hwm_gb() if reset else None
    if during is not None:
        print(f"peak RSS during the timed steps: {during:.2f} GB (target < 4 GB; input included)")
    print(f"peak RSS of the whole run: {peak_rss_gb():.2f} GB")
    print(f"headline: {headline}")


if __name__ == "__main__":
    main()

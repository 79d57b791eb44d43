"""Monthly KPIs of the large demo's 80 programs.

Each program follows the plan of its archetype (a demo program, ``_spec.KPI_PLAN``),
moved by its quality (better or worse levels on every metric) and given a trend:
improving programs change as Technical Support does in the demo, deteriorating ones as
Retention Sales does, stable ones stay flat; the size of the change varies by program.
Levels and changes are taken on the logit scale for shares, the log scale for seconds and
money, and as they are for NPS, so every value stays in its range.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from copcwb.catalog import default_catalog_path
from copcwb.synth import kpis
from copcwb.synth._files import csv_text
from copcwb.synth._large_spec import PROGRAMS, TRENDS, Design
from copcwb.synth._rng import Calendar
from copcwb.synth._spec import METRIC_DECIMALS, METRICS, SALES, SUPPORT

#: the demo program whose change each trend copies (None: flat)
TREND_PLAN = {"improving": SUPPORT, "stable": None, "deteriorating": SALES}
#: spread of program levels per unit of quality, on the transformed scale
SPREAD = {"share": 0.30, "log": 0.10, "score": 6.0}
MISSING_PROGRAMS = 3  # programs with one month of nps missing (two months before the end)


def _scale(metric: str) -> str:
    if metric == "nps":
        return "score"
    return "share" if METRIC_DECIMALS[metric] == 4 else "log"


def _to(metric: str, x: float | np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return {"share": lambda v: np.log(v / (1 - v)), "log": np.log, "score": lambda v: v}[
        _scale(metric)
    ](x)


def _back(metric: str, y: np.ndarray) -> np.ndarray:
    return {"share": lambda v: 1 / (1 + np.exp(-v)), "log": np.exp, "score": lambda v: v}[
        _scale(metric)
    ](y)


def plan(design: Design, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """(before, latest) of every metric for every program: metric -> array (80, 2)."""
    catalog = pd.read_csv(default_catalog_path(), usecols=["metric", "direction"])
    better = dict(
        zip(catalog["metric"], np.where(catalog["direction"] == "higher", 1, -1), strict=True)
    )
    out = {}
    for metric in METRICS:
        own = rng.normal(0.0, 1.0, len(PROGRAMS))  # the metric's own part of the level
        shift = better[metric] * SPREAD[_scale(metric)] * (0.7 * design.quality + 0.7 * own)
        rows = []
        for p, archetype in enumerate(design.archetype):
            mid = _to(metric, kpis.KPI_PLAN[archetype][metric]).mean()
            source = TREND_PLAN[TRENDS[design.trend[p]]]
            change = 0.0
            if source is not None:
                before, latest = _to(metric, kpis.KPI_PLAN[source][metric])
                change = design.strength[p] * (latest - before)
            ends = mid + shift[p] + np.array([-change / 2, change / 2])
            rows.append(np.round(_back(metric, ends), METRIC_DECIMALS[metric] + 2))
        out[metric] = np.array(rows)
    return out


def true_accuracy(plans: dict[str, np.ndarray], metric: str, n_months: int) -> np.ndarray:
    """The noiseless monthly series of ``metric`` per program, shape (80, n_months)."""
    before, latest = plans[metric][:, :1], plans[metric][:, 1:]
    return before + (latest - before) * kpis.ramp(n_months)[None, :]


def write_kpis(
    path: Path, rng: np.random.Generator, plans: dict[str, np.ndarray], cal: Calendar
) -> int:
    """Write the KPI table (program, metric, month, value; sorted) to ``path``; return its
    number of rows. A few programs miss one month of nps, as the demo's Consumer Billing
    does."""
    months = [str(p) for p in cal.month_list]
    w = kpis.ramp(len(months))
    values = [
        kpis.series(rng, metric, *plans[metric][p], w)
        for p in range(len(PROGRAMS))
        for metric in METRICS
    ]
    n = len(months)
    out = pd.DataFrame(
        {
            "program": np.repeat(np.array(PROGRAMS, dtype=object), len(METRICS) * n),
            "metric": np.tile(np.repeat(np.array(METRICS, dtype=object), n), len(PROGRAMS)),
            "month": np.tile(np.array(months, dtype=object), len(PROGRAMS) * len(METRICS)),
            "value": np.concatenate(values),
        }
    )
    gaps = rng.choice(len(PROGRAMS), size=MISSING_PROGRAMS, replace=False)
    missing = str(cal.end_month - 2)
    drop = (
        out["program"].isin([PROGRAMS[i] for i in gaps])
        & (out["metric"] == "nps")
        & (out["month"] == missing)
    )
    out = out.loc[~drop]
    out = out.sort_values(["program", "metric", "month"], kind="stable").reset_index(drop=True)
    path.write_bytes(csv_text("kpis", out).encode("utf-8"))
    return len(out)

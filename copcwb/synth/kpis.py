"""Monthly KPI series per program, following the plans in ``_spec.KPI_PLAN`` and
``_spec.STRATEGIC_PLAN``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from copcwb.catalog import builtin_stages
from copcwb.synth._rng import Calendar
from copcwb.synth._spec import (
    KPI_PLAN,
    METRIC_DECIMALS,
    METRIC_NOISE,
    METRICS,
    MISSING_KPI,
    PROGRAMS,
    STRATEGIC_PLAN,
    UNMEASURED_STAGE,
)

_SHARE_LIKE = {m for m, d in METRIC_DECIMALS.items() if d == 4}


def ramp(n_months: int) -> np.ndarray:
    """Weight of the planned change per month: 0 up to six months before the end, then linear
    to 1 in the latest month."""
    idx = np.arange(n_months)
    return np.clip((idx - (n_months - 7)) / 6.0, 0.0, 1.0)


def true_value(program: str, metric: str, n_months: int) -> np.ndarray:
    """The noiseless planned series of one metric of one program."""
    before, latest = KPI_PLAN[program][metric]
    return before + (latest - before) * ramp(n_months)


def series(
    rng: np.random.Generator, metric: str, before: float, latest: float, w: np.ndarray
) -> np.ndarray:
    """Monthly values of ``metric``: ``before`` moving to ``latest`` with weights ``w`` (see
    :func:`ramp`), plus noise (METRIC_NOISE, at most 10% of the level and clearly below a
    planned trend), shares clipped to 0..1, rounded to METRIC_DECIMALS."""
    delta = latest - before
    sd = min(METRIC_NOISE[metric], 0.1 * abs(before))
    if delta != 0.0:
        sd = min(sd, abs(delta) / 40.0)
    values = before + delta * w + rng.normal(0.0, sd, len(w))
    if metric in _SHARE_LIKE:
        values = np.clip(values, 0.0, 1.0)
    return np.round(values, METRIC_DECIMALS[metric])


def generate(rng: np.random.Generator, cal: Calendar) -> pd.DataFrame:
    """KPI table with columns program, metric, month ("YYYY-MM"), value."""
    months = [str(p) for p in cal.month_list]
    w = ramp(len(months))
    plans = [(p, m, KPI_PLAN[p][m]) for p in PROGRAMS for m in METRICS]
    # drawn after the others, so that adding them left the others' values as they were
    plans += [(p, m, plan) for p in PROGRAMS for m, plan in STRATEGIC_PLAN.get(p, {}).items()]
    frames = [
        pd.DataFrame(
            {
                "program": program,
                "metric": metric,
                "month": months,
                "value": series(rng, metric, *plan, w),
            }
        )
        for program, metric, plan in plans
    ]
    out = pd.concat(frames, ignore_index=True)
    program, metric, lag = MISSING_KPI
    missing = str(cal.end_month - lag)
    drop = (out["program"] == program) & (out["metric"] == metric) & (out["month"] == missing)
    unmeasured, stage = UNMEASURED_STAGE
    drop |= (out["program"] == unmeasured) & (out["metric"].map(builtin_stages()) == stage)
    out = out.loc[~drop]
    out = out.sort_values(["program", "metric", "month"], kind="stable").reset_index(drop=True)
    return out[["program", "metric", "month", "value"]]

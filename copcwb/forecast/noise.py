"""The Poisson floor under forecast accuracy.

Calls arrive at random. Even a perfect forecast of the mean F sees actual volumes scattered
around it: with Poisson arrivals the chance that a period lands within the tolerance is
P(|X - F| <= tolerance * F), X ~ Poisson(F). Averaged over periods this is the hit rate a
perfect forecast would get, the floor that randomness puts under the error (so the best
achievable hit rate), to show next to the measured hit rate. Small intervals have a low
value, which is why interval hit rates of 80% are out of reach for small queues.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from copcwb.forecast.accuracy import (
    TOLERANCE_SLACK,
    check_denominator,
    check_tolerances,
    compute_period_errors,
    needed_columns,
)
from copcwb.forecast.periods import LocalClock, check_by, check_level, require_columns


def poisson_hit_probability(
    mean: np.ndarray | float, tolerance: float, denominator: str = "forecast"
) -> np.ndarray:
    """Chance that X ~ Poisson(F) lands within the tolerance, elementwise over ``mean`` F.

    With the forecast as denominator the window is |X - F| <= tol F; with the actual
    as denominator, |F - X| <= tol X, i.e. F / (1 + tol) <= X <= F / (1 - tol). X is a
    whole number of calls: cdf(floor(high)) - cdf(ceil(low) - 1). A mean of zero gives
    1 (no calls, none expected).
    """
    from scipy import stats  # imported here: scipy.stats is slow to import

    check_denominator(denominator)
    f = np.asarray(mean, dtype=np.float64)
    t = tolerance + TOLERANCE_SLACK
    if denominator == "forecast":
        hi, lo = np.floor(f * (1 + t)), np.ceil(f * (1 - t))
    else:
        hi = np.floor(f / (1 - t)) if t < 1 else np.full_like(f, np.inf)
        lo = np.ceil(f / (1 + t))
    positive = f > 0
    safe = np.where(positive, f, 1.0)
    p = stats.poisson.cdf(hi, safe) - stats.poisson.cdf(lo - 1, safe)
    return np.where(positive, p, np.where(f == 0, 1.0, np.nan))


def noise_floor(
    wfm: pd.DataFrame,
    *,
    level: str | Sequence[str] = "interval",
    tolerance: float | Sequence[float] = 0.10,
    by: Sequence[str] = ("queue",),
    denominator: str = "actual",
    min_actual: float = 0.0,
    timezone: str | None = None,
) -> pd.DataFrame:
    """Measured volume hit rate next to the hit rate a perfect forecast would get.

    For each group, level and tolerance: ``hit_rate`` as in :func:`copcwb.forecast.accuracy`
    (measure "volume") and ``floor`` = mean over the same included periods of the chance
    that Poisson(F) lands within the tolerance, with the error's own denominator (see
    :func:`poisson_hit_probability`), F the period's forecast volume.

    Columns: by..., level, tolerance, n_periods (periods included in the hit rate),
    hit_rate, floor.
    """
    levels = (level,) if isinstance(level, str) else tuple(level)
    if not levels:
        raise ValueError("level must be a level name or a non-empty sequence of them")
    for lv in levels:
        check_level(lv)
    tolerances, _ = check_tolerances(tolerance)
    check_denominator(denominator)
    by = check_by(wfm, by)
    require_columns(wfm, needed_columns("volume"), "noise_floor")
    clock = LocalClock.of(wfm, timezone)
    tables = []
    for lv in levels:
        pe = compute_period_errors(
            wfm,
            measure="volume",
            level=lv,
            by=by,
            denominator=denominator,
            min_actual=min_actual,
            clock=clock,
        )
        g = pe.grouping
        n_inc = g.group_sum(pe.included.astype(np.float64))
        with np.errstate(invalid="ignore", divide="ignore"):
            for t in tolerances:
                p = poisson_hit_probability(np.where(pe.included, pe.forecast, 0.0), t, denominator)
                out = g.groups.reset_index(drop=True).copy()
                out["level"] = lv
                out["tolerance"] = t
                out["n_periods"] = n_inc.round().astype(np.int64)
                out["hit_rate"] = g.group_sum(pe.hits(t).astype(np.float64)) / n_inc
                out["floor"] = g.group_sum(np.where(pe.included, p, 0.0)) / n_inc
                tables.append(out)
    return pd.concat(tables, ignore_index=True)

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
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from copcwb.forecast.accuracy import (
    ALL_QUEUES,
    TOLERANCE_SLACK,
    check_denominator,
    check_tolerances,
    compute_period_errors,
    floor_column,
    needed_columns,
    report_tolerances,
)
from copcwb.forecast.periods import LEVELS, LocalClock, check_by, check_level, require_columns


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


def pooled_floor(floor: pd.DataFrame) -> pd.DataFrame:
    """Noise floor of all queues pooled from a per-queue :func:`noise_floor` table: hit
    rate and floor are means over included periods, so the pooled values are the means
    weighted by n_periods.

    Columns: level, tolerance, n_periods, hit_rate, floor.
    """
    rows = []
    for (level, tol), g in floor.groupby(["level", "tolerance"], sort=False):
        n = g["n_periods"].to_numpy(dtype=np.float64)
        total = n.sum()
        hit = np.nansum(g["hit_rate"].to_numpy() * n) / total if total else np.nan
        flo = np.nansum(g["floor"].to_numpy() * n) / total if total else np.nan
        rows.append((level, float(tol), int(total), hit, flo))
    return pd.DataFrame(rows, columns=["level", "tolerance", "n_periods", "hit_rate", "floor"])


class NoiseSplit(NamedTuple):
    """How much of the gap between a hit rate and its target is noise (shares).

    case: "met" (hit >= target), "limit" (hit >= floor: nothing left to recover),
    "reachable" (floor >= target: the whole gap is forecast error), "split" (noise =
    target - floor, fixable = floor - hit) or "no_target"; gap = target - hit (0 when met).
    """

    case: str
    gap: float
    noise: float
    fixable: float


def noise_split(hit: float, floor: float, target: float) -> NoiseSplit:
    """Split the gap between hit rate ``hit`` and ``target`` into noise (what even a
    perfect forecast, at hit rate ``floor``, would miss) and recoverable forecast error."""
    if not np.isfinite(target):
        return NoiseSplit("no_target", np.nan, np.nan, np.nan)
    if hit >= target:
        return NoiseSplit("met", 0.0, 0.0, 0.0)
    gap = target - hit
    if hit >= floor:
        return NoiseSplit("limit", gap, gap, 0.0)
    if floor >= target:
        return NoiseSplit("reachable", gap, 0.0, gap)
    return NoiseSplit("split", gap, target - floor, floor - hit)


@dataclass(frozen=True, eq=False, repr=False)
class NoiseFloorResult:
    """The Poisson floor at every level and tolerance (see :func:`noise_floor_by_level`).

    by_queue: queue, level, tolerance, n_periods, hit_rate, floor (:func:`noise_floor`).
    pooled: level, tolerance, n_periods, hit_rate, floor: all queues (:func:`pooled_floor`).
    """

    by_queue: pd.DataFrame
    pooled: pd.DataFrame
    tolerances: tuple[float, ...]
    denominator: str

    def __repr__(self) -> str:
        return f"NoiseFloorResult(tolerances={list(self.tolerances)}, rows={len(self.by_queue)})"

    def summary(self) -> pd.DataFrame:
        """queue (``ALL_QUEUES`` for the pooled rows), level, tolerance, n_periods,
        hit_rate, floor."""
        return pd.concat(
            [self.by_queue, self.pooled.assign(queue=ALL_QUEUES)[self.by_queue.columns]],
            ignore_index=True,
        )

    def _row(self, level: str, tolerance: float, queue: str) -> pd.DataFrame:
        t = self.pooled if queue == ALL_QUEUES else self.by_queue[self.by_queue["queue"] == queue]
        return t[(t["level"] == level) & np.isclose(t["tolerance"], tolerance)]

    def floor_at(self, level: str, tolerance: float, queue: str = ALL_QUEUES) -> float:
        """The floor at ``level`` and ``tolerance``, pooled or of one queue (NaN if absent)."""
        row = self._row(level, tolerance, queue)
        return float(row["floor"].iloc[0]) if len(row) else np.nan

    def hit_rate_at(self, level: str, tolerance: float, queue: str = ALL_QUEUES) -> float:
        """The measured volume hit rate at ``level`` and ``tolerance`` (NaN if absent)."""
        row = self._row(level, tolerance, queue)
        return float(row["hit_rate"].iloc[0]) if len(row) else np.nan

    def split(self, level: str, tolerance: float, target: float) -> NoiseSplit | None:
        """:func:`noise_split` of the pooled hit rate (None without hit rate or floor)."""
        hit, floor = self.hit_rate_at(level, tolerance), self.floor_at(level, tolerance)
        if not (np.isfinite(hit) and np.isfinite(floor)):
            return None
        return noise_split(hit, floor, target)

    def widest_gap(self, level: str, tolerance: float) -> pd.Series | None:
        """The queue row furthest below its floor (None when none is below it)."""
        t = self.by_queue
        rows = t[(t["level"] == level) & np.isclose(t["tolerance"], tolerance)]
        shortfall = rows["floor"] - rows["hit_rate"]
        if shortfall.notna().sum() == 0 or not shortfall.max() > 0:
            return None
        return rows.loc[shortfall.idxmax()]

    def columns(self, tolerances: Sequence[float] | None = None) -> pd.DataFrame:
        """Wide table: queue (with ``ALL_QUEUES``), level, floor_<pct> per tolerance."""
        table = self.summary()
        out = table[["queue", "level"]].drop_duplicates().reset_index(drop=True)
        for t in self.tolerances if tolerances is None else tolerances:
            sel = table[np.isclose(table["tolerance"], t)][["queue", "level", "floor"]]
            out = out.merge(sel.rename(columns={"floor": floor_column(t)}), how="left")
        return out


def noise_floor_by_level(
    wfm: pd.DataFrame,
    *,
    tolerances: Sequence[float] = (0.05, 0.10, 0.15),
    tolerance: float = 0.10,
    denominator: str = "actual",
    min_actual: float = 0.0,
    timezone: str | None = None,
) -> NoiseFloorResult:
    """The Poisson floor of call volume by queue at every level, and pooled over queues,
    at every tolerance of ``tolerances`` and the headline ``tolerance`` (see
    :func:`noise_floor` for the definition; arguments as in
    :func:`copcwb.forecast.accuracy_by_level`)."""
    tols = report_tolerances(tolerances, tolerance)
    by_queue = noise_floor(
        wfm,
        level=LEVELS,
        tolerance=list(tols),
        denominator=denominator,
        min_actual=min_actual,
        timezone=timezone,
    )
    by_queue["queue"] = by_queue["queue"].astype(str)
    return NoiseFloorResult(
        by_queue=by_queue, pooled=pooled_floor(by_queue), tolerances=tols, denominator=denominator
    )

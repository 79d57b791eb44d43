"""Accuracy of every measure at every level, queue by queue and with all queues pooled.

The pooled ("all queues") figures pool the *periods of every queue*: each queue's error
counts on its own, so the errors of two queues never cancel (summing the queues first
would hide a queue that is over-forecast behind one that is under-forecast).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from copcwb.forecast.accuracy import (
    ALL_QUEUES,
    EXCLUSION_REASONS,
    PeriodErrors,
    check_denominator,
    check_tolerances,
    compute_period_errors,
    hit_rate_column,
    needed_columns,
    pool_groups,
    report_tolerances,
    summarise_errors,
)
from copcwb.forecast.periods import (
    LEVELS,
    MEASURES,
    LocalClock,
    check_level,
    group_periods,
    require_columns,
)

if TYPE_CHECKING:
    from copcwb.forecast.noise import NoiseFloorResult

# A hit rate this close below its target counts as meeting it (rounding of shares).
_TARGET_SLACK = 1e-12


def meets_target(hit: float, target: float) -> bool | None:
    """Whether hit rate ``hit`` reaches ``target`` (None without a target or a hit rate)."""
    if hit is None or target is None or not (np.isfinite(hit) and np.isfinite(target)):
        return None
    return bool(hit >= target - _TARGET_SLACK)


@dataclass(frozen=True, eq=False, repr=False)
class LevelAccuracy:
    """Accuracy by measure, level and queue (see :func:`accuracy_by_level`).

    table: measure, level, queue (``ALL_QUEUES`` = all queues pooled, after the queues),
        n_periods, n_excluded, mape, wape, bias, hit_rate_<pct> per tolerance.
    reasons: measure, reason (one of ``EXCLUSION_REASONS``, "" = included), n: the
        interval-level periods of each measure by why they are out of MAPE and hit rate.
    tolerances: every tolerance of the table; tolerance: the headline one.
    targets: hit-rate target by level (levels without a target are absent).
    missing_columns: measure -> WFM columns it needs that the table lacks (such a
        measure is not in ``table``).
    """

    table: pd.DataFrame
    reasons: pd.DataFrame
    tolerances: tuple[float, ...]
    tolerance: float
    targets: dict[str, float]
    denominator: str
    min_actual: float
    missing_columns: dict[str, tuple[str, ...]]

    def __repr__(self) -> str:
        return (
            f"LevelAccuracy(measures={list(self.measures)}, tolerances={list(self.tolerances)}, "
            f"tolerance={self.tolerance}, rows={len(self.table)})"
        )

    @property
    def measures(self) -> tuple[str, ...]:
        """The measures measured, in ``MEASURES`` order."""
        return tuple(m for m in MEASURES if m not in self.missing_columns)

    def summary(self) -> pd.DataFrame:
        """The accuracy table (see the class docstring for its columns)."""
        return self.table

    def target(self, level: str) -> float:
        """The hit-rate target of ``level`` (NaN when none is set)."""
        return float(self.targets.get(level, np.nan))

    def assessed(self, measure: str = "volume") -> pd.DataFrame:
        """The rows of ``measure`` with hit_rate (at the headline tolerance), target (NaN
        for levels without one) and meets_target (True, False or None without a target)."""
        rows = self.table[self.table["measure"] == measure].reset_index(drop=True)
        hit = rows[hit_rate_column(self.tolerance)]
        target = rows["level"].map(lambda lv: self.target(lv)).astype(np.float64)
        verdicts = [meets_target(h, g) for h, g in zip(hit, target, strict=True)]
        return rows.assign(
            hit_rate=hit, target=target, meets_target=pd.Series(verdicts, dtype=object)
        )

    def levels(self, measure: str = "volume") -> pd.DataFrame:
        """The pooled rows of ``measure``, one per level in ``LEVELS`` order (columns of
        :meth:`assessed`)."""
        rows = self.assessed(measure)
        rows = rows[rows["queue"] == ALL_QUEUES].set_index("level")
        return rows.loc[[lv for lv in LEVELS if lv in rows.index]].reset_index()

    def largest_bias(self, measure: str = "volume") -> pd.Series | None:
        """The queue row (month level: bias over the whole period) with the largest
        absolute bias; None with fewer than two queues or no bias."""
        t = self.table
        rows = t[(t["measure"] == measure) & (t["level"] == "month") & (t["queue"] != ALL_QUEUES)]
        rows = rows[rows["bias"].notna()]
        if rows["queue"].nunique() < 2:
            return None
        return rows.loc[rows["bias"].abs().idxmax()]

    def with_floor(self, floor: NoiseFloorResult) -> pd.DataFrame:
        """The table with the Poisson floor of each tolerance next to the volume hit
        rates: columns of ``table`` then floor_<pct> per tolerance (NaN for AHT and
        workload, which are not call counts)."""
        wide = floor.columns(self.tolerances)
        out = self.table.merge(wide, on=["queue", "level"], how="left", validate="many_to_one")
        floor_cols = [c for c in wide.columns if c not in ("queue", "level")]
        out.loc[out["measure"] != "volume", floor_cols] = np.nan
        return out


def check_targets(targets: Mapping[str, float] | None) -> dict[str, float]:
    """``targets`` as {level: share}; each level must be a level name, each target a share."""
    out = {}
    for level, value in (targets or {}).items():
        check_level(level)
        if value is None:
            continue
        v = float(value)
        if not 0 <= v <= 1:
            raise ValueError(f"the hit-rate target of {level} must be a share 0..1; got {value!r}")
        out[level] = v
    return out


def _measure_table(pe: PeriodErrors, tolerances: tuple[float, ...]) -> pd.DataFrame:
    """Rows of one measure and level: each queue (sorted), then all queues pooled."""
    table = summarise_errors(pe, tolerances, True)
    table["queue"] = table["queue"].astype(str)
    pooled = summarise_errors(pool_groups(pe), tolerances, True).assign(queue=ALL_QUEUES)
    out = pd.concat([table, pooled[table.columns]], ignore_index=True)
    return out.drop(columns="hit_rate")


def accuracy_by_level(
    wfm: pd.DataFrame,
    *,
    tolerances: Sequence[float] = (0.05, 0.10, 0.15),
    tolerance: float = 0.10,
    targets: Mapping[str, float] | None = None,
    denominator: str = "actual",
    min_actual: float = 0.0,
    measures: Sequence[str] = MEASURES,
    timezone: str | None = None,
) -> LevelAccuracy:
    """Accuracy of each measure at interval, day, week and month level, per queue and
    with all queues pooled.

    Formulas and exclusions are those of :func:`copcwb.forecast.accuracy` (``denominator``,
    ``min_actual`` in calls, ``timezone``). The hit rate is given at every tolerance of
    ``tolerances`` and at the headline ``tolerance`` (added when missing). ``targets``
    ({"interval": 0.80, "day": 0.90}) are the hit-rate targets the headline hit rate is
    judged against. A measure whose columns the table lacks (AHT and workload without
    the AHT columns) is left out and named in ``missing_columns``.

    See :class:`LevelAccuracy` for the tables.
    """
    check_denominator(denominator)
    tols, _ = check_tolerances(report_tolerances(tolerances, tolerance))
    chosen = check_targets(targets)
    require_columns(wfm, needed_columns("volume"), "accuracy_by_level")
    missing = {
        m: tuple(c for c in needed_columns(m) if c not in wfm.columns)
        for m in MEASURES
        if m in measures and not set(needed_columns(m)) <= set(wfm.columns)
    }
    clock = LocalClock.of(wfm, timezone)
    parts, reasons = [], []
    for level in LEVELS:
        grouping = group_periods(wfm, level, ("queue",), clock=clock)
        for measure in [m for m in MEASURES if m in measures and m not in missing]:
            pe = compute_period_errors(
                wfm,
                measure=measure,
                level=level,
                by=("queue",),
                denominator=denominator,
                min_actual=min_actual,
                grouping=grouping,
            )
            parts.append(_measure_table(pe, tols).assign(measure=measure, level=level))
            if level == "interval":
                n = np.bincount(pe.reason.astype(np.int64), minlength=len(EXCLUSION_REASONS))
                reasons.append(
                    pd.DataFrame({"measure": measure, "reason": EXCLUSION_REASONS, "n": n})
                )
    table = pd.concat(parts, ignore_index=True)
    table["_m"] = table["measure"].map(MEASURES.index)
    table = table.sort_values("_m", kind="stable").drop(columns="_m")
    front = ["measure", "level", "queue"]
    table = table[front + [c for c in table.columns if c not in front]].reset_index(drop=True)
    return LevelAccuracy(
        table=table,
        reasons=pd.concat(reasons, ignore_index=True),
        tolerances=tols,
        tolerance=float(tolerance),
        targets=chosen,
        denominator=denominator,
        min_actual=float(min_actual),
        missing_columns=missing,
    )

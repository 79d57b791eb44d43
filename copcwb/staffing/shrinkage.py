"""Shrinkage accuracy: the shrinkage the plan assumed against the shrinkage that happened."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.forecast.periods import (
    as_float,
    check_by,
    check_level,
    group_periods,
    require_columns,
)

SHRINKAGE_COLUMNS = ("forecast_shrinkage", "actual_shrinkage")


def has_shrinkage(wfm: pd.DataFrame) -> bool:
    """True when the WFM table holds both forecast and actual shrinkage."""
    return all(c in wfm.columns for c in SHRINKAGE_COLUMNS)


def shrinkage_accuracy(
    wfm: pd.DataFrame,
    *,
    level: str = "day",
    by: Sequence[str] = ("queue",),
    timezone: str | None = None,
) -> pd.DataFrame:
    """Forecast against actual shrinkage (shares 0..1) per group.

    Interval shrinkage is averaged to each period weighted by ``scheduled_agents`` when the
    table has it (else by interval length), over the intervals where both shares and the
    weight are known. Errors are in share points (0.02 = 2 points; positive = the plan
    assumed more shrinkage than happened).

    Columns: by..., n_periods (periods with both shares), forecast_shrinkage,
    actual_shrinkage (weighted means over those periods), mean_error (mean of F - A over
    periods), mean_abs_error (mean |F - A|), mape (mean |F - A| / A over periods with A > 0).
    """
    check_level(level)
    by = check_by(wfm, by)
    require_columns(
        wfm, ["queue", "interval_start", "interval_minutes", *SHRINKAGE_COLUMNS], "shrinkage"
    )
    weight_col = "scheduled_agents" if "scheduled_agents" in wfm.columns else "interval_minutes"
    w = as_float(wfm[weight_col])
    f = as_float(wfm["forecast_shrinkage"])
    a = as_float(wfm["actual_shrinkage"])
    use = np.isfinite(w) & (w > 0) & np.isfinite(f) & np.isfinite(a)
    w = np.where(use, w, 0.0)
    g = group_periods(wfm, level, by, timezone=timezone)
    wsum = g.cell_sum(w)
    fsum = g.cell_sum(w * np.where(use, f, 0.0))
    asum = g.cell_sum(w * np.where(use, a, 0.0))
    ok = wsum > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        fp = np.where(ok, fsum / np.where(ok, wsum, 1.0), np.nan)
        ap = np.where(ok, asum / np.where(ok, wsum, 1.0), np.nan)
        err = np.where(ok, fp - ap, 0.0)
        pos = ok & (ap > 0)
        n = g.group_sum(ok.astype(np.float64))
        n_pos = g.group_sum(pos.astype(np.float64))
        gw = g.group_sum(wsum)
        out = g.groups.reset_index(drop=True).copy()
        out["n_periods"] = n.round().astype(np.int64)
        out["forecast_shrinkage"] = g.group_sum(fsum) / gw
        out["actual_shrinkage"] = g.group_sum(asum) / gw
        out["mean_error"] = g.group_sum(err) / n
        out["mean_abs_error"] = g.group_sum(np.abs(err)) / n
        rel = np.where(pos, np.abs(err) / np.where(pos, ap, 1.0), 0.0)
        out["mape"] = g.group_sum(rel) / n_pos
    return out


@dataclass(frozen=True, eq=False, repr=False)
class ShrinkageResult:
    """Planned against actual shrinkage by queue (see :func:`shrinkage_comparison`).

    table: :func:`shrinkage_accuracy` by queue (None when not available); level: the
    periods averaged; missing_columns: the shrinkage columns the WFM table lacks (the
    comparison is available only when there are none).
    """

    table: pd.DataFrame | None
    level: str
    missing_columns: tuple[str, ...]

    def __repr__(self) -> str:
        if not self.available:
            return f"ShrinkageResult(not available: no {', '.join(self.missing_columns)})"
        return f"ShrinkageResult(level={self.level!r}, queues={len(self.table)})"

    @property
    def available(self) -> bool:
        """Whether the table had both shrinkage columns."""
        return self.table is not None

    def summary(self) -> pd.DataFrame:
        """The table by queue (no rows when not available)."""
        if self.table is None:
            return pd.DataFrame(columns=["queue", *SHRINKAGE_TABLE_COLUMNS])
        return self.table

    @property
    def queues_above_plan(self) -> list[str]:
        """Queues whose actual shrinkage ran above plan (mean error < 0)."""
        return [] if self.table is None else self._queues(self.table["mean_error"] < 0)

    @property
    def queues_below_plan(self) -> list[str]:
        """Queues whose actual shrinkage ran below plan (mean error > 0)."""
        return [] if self.table is None else self._queues(self.table["mean_error"] > 0)

    def _queues(self, mask: pd.Series) -> list[str]:
        return self.table[mask]["queue"].astype(str).tolist()


SHRINKAGE_TABLE_COLUMNS = (
    "n_periods",
    "forecast_shrinkage",
    "actual_shrinkage",
    "mean_error",
    "mean_abs_error",
    "mape",
)


def shrinkage_comparison(
    wfm: pd.DataFrame, *, level: str = "day", timezone: str | None = None
) -> ShrinkageResult:
    """:func:`shrinkage_accuracy` by queue at ``level`` when the table has both
    shrinkage columns; else a result that names the columns it lacks."""
    check_level(level)
    missing = tuple(c for c in SHRINKAGE_COLUMNS if c not in wfm.columns)
    table = None if missing else shrinkage_accuracy(wfm, level=level, timezone=timezone)
    return ShrinkageResult(table=table, level=level, missing_columns=missing)

"""Shrinkage accuracy: the shrinkage the plan assumed against the shrinkage that happened."""

from __future__ import annotations

from collections.abc import Sequence

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

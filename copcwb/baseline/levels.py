"""Level: a metric's value against its target, in the metric's better direction.

Sign convention (used everywhere in copcwb): a **positive gap is better than
target**, a negative gap is worse.

* direction ``higher``: gap = value - target
* direction ``lower``:  gap = target - value
* gap_pct = gap / |target| (NaN when the target is 0 or missing)
* meets_target = gap >= 0 (a value equal to its target meets it); NA when the
  metric has no target.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def add_gaps(frame: pd.DataFrame) -> pd.DataFrame:
    """Add gap, gap_pct and meets_target (nullable boolean) to a frame with value,
    target and direction columns; returns a new frame."""
    out = frame.copy()
    value = out["value"].to_numpy(dtype=float)
    target = out["target"].to_numpy(dtype=float)
    sign = np.where(out["direction"].to_numpy() == "lower", -1.0, 1.0)
    gap = sign * (value - target)
    with np.errstate(divide="ignore", invalid="ignore"):
        gap_pct = np.where(np.abs(target) > 0, gap / np.abs(target), np.nan)
    out["gap"] = gap
    out["gap_pct"] = gap_pct
    meets = pd.array(gap >= 0, dtype="boolean")
    meets[np.isnan(gap)] = pd.NA
    out["meets_target"] = meets
    return out


def latest_values(history: pd.DataFrame) -> pd.DataFrame:
    """The latest month of each program x metric series, with ``stale`` = True when that
    month is before the program's latest month in the data."""
    ordered = history.sort_values(["program", "metric", "month"])
    latest = ordered.groupby(["program", "metric"], sort=True).tail(1)
    program_latest = history.groupby("program")["month"].max().rename("_program_latest")
    latest = latest.join(program_latest, on="program")
    latest["stale"] = latest["month"] < latest["_program_latest"]
    return latest.drop(columns="_program_latest").reset_index(drop=True)

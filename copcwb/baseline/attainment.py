"""Target attainment of each program month by month (the heat map of many programs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from copcwb.baseline.assess import BaselineResult

ATTAINMENT_COLUMNS = ["program", "month", "n_with_target", "n_meeting", "share_meeting"]


def monthly_attainment(result: BaselineResult, *, max_months: int = 12) -> pd.DataFrame:
    """Per program and month (the last ``max_months`` months of the history): how
    many of the program's metrics had a value and a target that month, how many met
    it, and the share.

    Columns: program, month, n_with_target, n_meeting, share_meeting (n_meeting /
    n_with_target). A program-month with no metric judged against a target has no row.
    """
    if max_months < 1:
        raise ValueError(f"max_months must be at least 1, got {max_months!r}")
    hist = result.history
    months = sorted(hist["month"].unique())[-max_months:]
    judged = hist[hist["month"].isin(months) & hist["meets_target"].notna()]
    if judged.empty:
        return pd.DataFrame(columns=ATTAINMENT_COLUMNS)
    out = (
        judged.assign(met=judged["meets_target"].astype(bool).astype("int64"))
        .groupby(["program", "month"], sort=True)["met"]
        .agg(n_with_target="size", n_meeting="sum")
        .reset_index()
    )
    out["share_meeting"] = out["n_meeting"] / out["n_with_target"]
    return out[ATTAINMENT_COLUMNS]

"""Importance vs performance quadrant of drivers.

Importance: each driver's share of explained satisfaction (dominance analysis, or values you
give). Performance: how well the center does on the driver (weighted mean rating, or share
of top-box ratings). Both axes are split at the mean (or median) over the drivers:

* **fix first**: importance at or above the split, performance below it;
* **keep up**: importance and performance at or above their splits;
* **possible overkill**: importance below, performance at or above;
* **low priority**: both below.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from copcwb.attempt import Unavailable
from copcwb.drivers._design import as_names
from copcwb.drivers.importance import ImportanceResult, driver_importance
from copcwb.errors import AnalysisError

QUADRANTS = ("fix first", "keep up", "possible overkill", "low priority")


def quadrant_label(high_importance: bool, high_performance: bool) -> str:
    if high_importance:
        return "keep up" if high_performance else "fix first"
    return "possible overkill" if high_performance else "low priority"


@dataclass(frozen=True, eq=False)
class QuadrantResult:
    """Importance-performance map of drivers.

    Attributes: ``table`` (see :meth:`summary`), ``importance_split``, ``performance_split``
    (the cut values), ``split`` ("mean" or "median"), ``performance`` ("mean" or "top_box"),
    ``importance`` (the :class:`ImportanceResult` when computed here, else None).
    """

    table: pd.DataFrame
    importance_split: float
    performance_split: float
    split: str
    performance: str
    importance: ImportanceResult | None = None

    def summary(self) -> pd.DataFrame:
        """One row per driver, "fix first" first. Columns: ``driver``, ``importance`` (% of
        explained R2, or the values given), ``performance`` (mean rating, or top-box share),
        ``n`` (weighted respondents rating the driver), ``quadrant``."""
        return self.table.copy()

    @property
    def fix_first(self) -> list[str]:
        return list(self.table.loc[self.table["quadrant"] == "fix first", "driver"])

    def plot(self, ax=None):
        """Scatter of importance against performance with the split lines; returns the Axes."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6, 5))
        t = self.table
        colors = {
            "fix first": "#C44E52",
            "keep up": "#55A868",
            "possible overkill": "#8172B2",
            "low priority": "#8C8C8C",
        }
        ax.scatter(t["performance"], t["importance"], c=[colors[q] for q in t["quadrant"]])
        for r in t.itertuples():
            ax.annotate(
                r.driver,
                (r.performance, r.importance),
                fontsize=8,
                xytext=(3, 3),
                textcoords="offset points",
            )
        ax.axvline(self.performance_split, color="grey", ls="--", lw=1)
        ax.axhline(self.importance_split, color="grey", ls="--", lw=1)
        ax.text(0.01, 0.99, "fix first", transform=ax.transAxes, va="top", color="#C44E52")
        ax.text(
            0.99, 0.99, "keep up", transform=ax.transAxes, va="top", ha="right", color="#55A868"
        )
        ax.set_xlabel(
            "performance ("
            + ("mean rating" if self.performance == "mean" else "top-box share")
            + ")"
        )
        ax.set_ylabel("importance")
        return ax


def importance_performance(
    data: pd.DataFrame,
    drivers: str | Iterable[str],
    *,
    outcome: str = "overall",
    importance: ImportanceResult | Mapping[str, float] | pd.Series | Unavailable | None = None,
    performance: str = "mean",
    top_box: float | None = None,
    split: str = "mean",
    weights: str | None = None,
) -> QuadrantResult:
    """Place each driver on the importance-performance map (rule in the module docstring).

    ``importance``: an :class:`ImportanceResult` (its ``importance_pct``), a mapping driver ->
    importance, or None to run :func:`driver_importance` on ``data`` here. ``performance``:
    "mean" (weighted mean rating) or "top_box" (weighted share of ratings >= ``top_box``;
    default the highest observed rating of each driver). ``split``: "mean" or "median" of the
    drivers' values on each axis. Returns a :class:`QuadrantResult`.

    Raises AnalysisError when there is no driver, or ``importance`` is an ``Unavailable``
    step (the importance could not be computed).
    """
    drivers = as_names(drivers)
    if not drivers:
        raise AnalysisError("there are no driver ratings to place on the map")
    if isinstance(importance, Unavailable):
        raise AnalysisError(f"driver importance is not available: {importance.reason}")
    if performance not in ("mean", "top_box"):
        raise ValueError(f"performance must be 'mean' or 'top_box', got {performance!r}")
    if split not in ("mean", "median"):
        raise ValueError(f"split must be 'mean' or 'median', got {split!r}")
    absent = [c for c in [*drivers] + ([weights] if weights else []) if c not in data.columns]
    if absent:
        raise ValueError(f"columns {absent} are not in the data")
    computed = None
    if importance is None:
        computed = driver_importance(data, outcome, drivers, weights=weights)
        imp = computed.table.set_index("driver")["importance_pct"]
    elif isinstance(importance, ImportanceResult):
        imp = importance.table.set_index("driver")["importance_pct"]
    else:
        imp = pd.Series(dict(importance), dtype=float)
    missing = [d for d in drivers if d not in imp.index]
    if missing:
        raise ValueError(f"no importance given for drivers {missing}")

    rows = []
    for d in drivers:
        s = data[d]
        if not is_numeric_dtype(s.dtype) or is_bool_dtype(s.dtype):
            raise ValueError(f"driver '{d}' must be a numeric rating")
        x = s.to_numpy(float)
        w = data[weights].to_numpy(float) if weights else np.ones(len(x))
        ok = ~np.isnan(x) & ~np.isnan(w)
        x, w = x[ok], w[ok]
        if w.sum() <= 0:
            raise ValueError(f"driver '{d}' has no ratings")
        if performance == "mean":
            perf = float(w @ x / w.sum())
        else:
            cut = float(x.max()) if top_box is None else float(top_box)
            perf = float(w[x >= cut].sum() / w.sum())
        rows.append(
            {"driver": d, "importance": float(imp[d]), "performance": perf, "n": float(w.sum())}
        )
    table = pd.DataFrame(rows)
    agg = np.mean if split == "mean" else np.median
    i_cut = float(agg(table["importance"]))
    p_cut = float(agg(table["performance"]))
    table["quadrant"] = [
        quadrant_label(i >= i_cut, p >= p_cut)
        for i, p in zip(table["importance"], table["performance"], strict=True)
    ]
    order = {q: k for k, q in enumerate(QUADRANTS)}
    table = table.sort_values(
        ["quadrant", "importance"], key=lambda c: c.map(order) if c.name == "quadrant" else -c
    ).reset_index(drop=True)
    return QuadrantResult(table, i_cut, p_cut, split, performance, computed)

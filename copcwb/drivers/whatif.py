"""What-if scenarios: predicted change in top-box and bottom-box shares.

Two kinds of scenario, each applied to the respondents of the fitted model with every other
predictor kept as observed:

* a driver improves by one point for every respondent below the top of its scale (capped at
  the top);
* a critical-error flag is set to 0 (the error is eliminated).

The share is the weighted mean of each respondent's predicted probability of the top box
(or bottom box). Intervals come from the delta method on the coefficient covariance.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.drivers._boxes import mean_box
from copcwb.drivers._design import as_names
from copcwb.drivers.ordinal import OrdinalLogitResult, ordinal_logit, z_critical
from copcwb.errors import AnalysisError


@dataclass(frozen=True, eq=False)
class WhatIfResult:
    """Predicted effects of improving drivers or eliminating critical errors.

    Attributes: ``outcome``, ``model`` (the fitted :class:`OrdinalLogitResult`), ``table``
    (see :meth:`summary`), ``top_box_levels`` and ``bottom_box_levels`` (the outcome levels
    counted in each box), ``confidence``.
    """

    outcome: str
    model: OrdinalLogitResult
    table: pd.DataFrame
    top_box_levels: tuple
    bottom_box_levels: tuple
    confidence: float

    def summary(self) -> pd.DataFrame:
        """One row per scenario. Columns: ``scenario`` (plain words), ``variable``, ``kind``
        ("driver" or "flag"), ``n_affected`` (weighted respondents the scenario changes),
        ``share_affected``, ``top_box_base``, ``top_box_new``, ``top_box_change``,
        ``top_box_ci_low``, ``top_box_ci_high``, and the same six for ``bottom_box``, then
        ``top_box_significant`` (the top-box change's interval excludes 0). Shares are
        proportions (0-1); changes are new minus base."""
        return self.table.copy()

    def gains(self) -> pd.DataFrame:
        """The scenarios that raise the top-box share significantly (interval above 0),
        largest gain first; columns as :meth:`summary`. The first is the most valuable fix."""
        t = self.table[self.table["top_box_ci_low"] > 0]
        return t.sort_values("top_box_change", ascending=False, kind="stable").reset_index(
            drop=True
        )

    def sentences(self) -> list[str]:
        """One plain sentence per scenario, changes in percentage points."""
        out = []
        pct = f"{self.confidence:.0%}"
        for r in self.table.itertuples():
            out.append(
                f"{r.scenario}: top-box share {100 * r.top_box_base:.1f}% -> "
                f"{100 * r.top_box_new:.1f}% ({100 * r.top_box_change:+.1f} points, {pct} CI "
                f"{100 * r.top_box_ci_low:+.1f} to {100 * r.top_box_ci_high:+.1f}); bottom-box "
                f"share {100 * r.bottom_box_change:+.1f} points"
            )
        return out

    def plot(self, ax=None):
        """Top-box and bottom-box changes (points) per scenario with intervals."""
        import matplotlib.pyplot as plt

        t = self.table.iloc[::-1]
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 0.5 * len(t) + 1))
        y = np.arange(len(t))
        for off, box, color in ((0.18, "top_box", "#55A868"), (-0.18, "bottom_box", "#C44E52")):
            ch = 100 * t[f"{box}_change"].to_numpy()
            err = [
                ch - 100 * t[f"{box}_ci_low"].to_numpy(),
                100 * t[f"{box}_ci_high"].to_numpy() - ch,
            ]
            ax.barh(
                y + off,
                ch,
                height=0.34,
                xerr=err,
                capsize=2,
                color=color,
                label=box.replace("_", " "),
            )
        ax.axvline(0, color="grey", lw=1)
        ax.set_yticks(y)
        ax.set_yticklabels(t["scenario"])
        ax.set_xlabel("change in share (percentage points)")
        ax.legend()
        return ax


def what_if(
    data: pd.DataFrame,
    drivers: str | Iterable[str] = (),
    *,
    outcome: str = "overall",
    flags: str | Iterable[str] = (),
    controls: str | Iterable[str] = (),
    top: float | Mapping[str, float] | None = None,
    top_box: int = 1,
    bottom_box: int = 1,
    confidence: float = 0.95,
    weights: str | None = None,
) -> WhatIfResult:
    """Predicted top-box / bottom-box shares if drivers improve or critical errors vanish.

    Fits ``ordinal_logit(data, outcome, drivers + flags + controls)``. For each driver,
    respondents below ``top`` (a number, a mapping driver -> top, or None for the highest
    observed rating of that driver) get one point more, capped at ``top``; for each flag
    (0/1), every 1 becomes 0. ``top_box`` / ``bottom_box`` are the numbers of highest /
    lowest outcome levels counted as the box (1 = top box; 2 = top-2 box).

    Returns a :class:`WhatIfResult` (columns listed in its ``summary()``); intervals are
    delta-method intervals of the change at ``confidence``. Raises AnalysisError when there
    is no driver and no flag to build scenarios from.
    """
    zc = z_critical(confidence)
    drivers, flags, controls = as_names(drivers), as_names(flags), as_names(controls)
    if not drivers and not flags:
        raise AnalysisError(
            "there is no driver rating and no critical-error flag to build scenarios from"
        )
    predictors = list(dict.fromkeys([*drivers, *flags, *controls]))
    model = ordinal_logit(data, outcome, predictors, weights=weights)
    terms = list(model.terms)
    for v in [*drivers, *flags]:
        if v not in terms:
            raise ValueError(f"'{v}' must be numeric for a what-if scenario (it is categorical)")
    boxes = (("top", top_box), ("bottom", bottom_box))
    X, w = model.design.X, model.design.w
    beta, theta = model.coef.to_numpy(), model.thresholds.to_numpy()
    base = {box: mean_box(beta, theta, X, w, n, box) for box, n in boxes}
    rows = []
    for kind, names in (("driver", drivers), ("flag", flags)):
        for v in names:
            col = X[:, terms.index(v)]
            if kind == "driver":
                cap = top.get(v) if isinstance(top, Mapping) else top
                cap = float(col.max()) if cap is None else float(cap)
                below = col < cap
                new = np.where(below, np.minimum(col + 1.0, cap), col)
                scenario = f"{v} +1 point (capped at {cap:g})"
            else:
                below = col != 0
                new = np.zeros_like(col)
                scenario = f"no {v}"
            row = {
                "scenario": scenario,
                "variable": v,
                "kind": kind,
                "n_affected": float(w[below].sum()),
                "share_affected": float(w[below].sum()) / float(w.sum()),
            }
            Xn = X.copy()
            Xn[:, terms.index(v)] = new
            for box, n in boxes:
                row |= _box_change(model, Xn, n, box, base[box], zc)
            rows.append(row)
    table = pd.DataFrame(rows)
    table["top_box_significant"] = (table["top_box_ci_low"] > 0) | (table["top_box_ci_high"] < 0)
    return WhatIfResult(
        outcome=outcome,
        model=model,
        table=table,
        top_box_levels=tuple(model.levels[-top_box:]),
        bottom_box_levels=tuple(model.levels[:bottom_box]),
        confidence=confidence,
    )


def _box_change(
    model: OrdinalLogitResult,
    Xn: np.ndarray,
    n_box: int,
    box: str,
    base: tuple[float, np.ndarray],
    zc: float,
) -> dict[str, float]:
    """Base, new share and change of one box under the scenario design ``Xn``, with the
    delta-method interval of the change."""
    beta, theta = model.coef.to_numpy(), model.thresholds.to_numpy()
    b_val, b_grad = base
    n_val, n_grad = mean_box(beta, theta, Xn, model.design.w, n_box, box)
    g = n_grad - b_grad
    se = float(np.sqrt(max(g @ model.cov.to_numpy() @ g, 0.0)))
    change = n_val - b_val
    return {
        f"{box}_box_base": b_val,
        f"{box}_box_new": n_val,
        f"{box}_box_change": change,
        f"{box}_box_ci_low": change - zc * se,
        f"{box}_box_ci_high": change + zc * se,
    }

"""Operational thresholds: where an operational fact starts to hurt the chance of a top rating.

The fact (IVR seconds, wait seconds, transfers, ...) enters the ordinal model either as a
restricted (natural) cubic spline (Harrell's ``rcs``: linear beyond the outer knots, knots at
fixed quantiles) or as quantile bins (dummies, first bin the reference). Other predictors
(``controls``) are held at their means (dummy columns at their shares). The predicted top-box
probability is traced over the observed range; the threshold is the value where it falls
fastest (the most negative slope of the curve; for bins, the boundary with the largest drop).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from copcwb.drivers._boxes import box_threshold, row_box, row_box_gradient
from copcwb.drivers._design import as_names
from copcwb.drivers.ordinal import OrdinalLogitResult, _z_crit, ordinal_logit
from copcwb.errors import AnalysisError

#: knot quantiles of Harrell (2015, Regression Modeling Strategies, table 2.3)
_KNOT_QUANTILES = {
    3: (0.10, 0.50, 0.90),
    4: (0.05, 0.35, 0.65, 0.95),
    5: (0.05, 0.275, 0.50, 0.725, 0.95),
}


def rcs_basis(x: np.ndarray, knots: np.ndarray) -> np.ndarray:
    """Restricted cubic spline basis (without the constant): x and k - 2 nonlinear terms.

    Term j (j = 1..k-2) is ``(x - t_j)_+^3 - (x - t_{k-1})_+^3 (t_k - t_j)/(t_k - t_{k-1})
    + (x - t_k)_+^3 (t_{k-1} - t_j)/(t_k - t_{k-1})``, divided by ``(t_k - t_1)^2`` as in
    Harrell's ``rcspline.eval``; the function is linear beyond the outer knots.
    """
    t = np.asarray(knots, dtype=float)
    k = t.size
    scale = (t[-1] - t[0]) ** 2
    cols = [x]
    for j in range(k - 2):
        term = (
            np.clip(x - t[j], 0, None) ** 3
            - np.clip(x - t[-2], 0, None) ** 3 * (t[-1] - t[j]) / (t[-1] - t[-2])
            + np.clip(x - t[-1], 0, None) ** 3 * (t[-2] - t[j]) / (t[-1] - t[-2])
        )
        cols.append(term / scale)
    return np.column_stack(cols)


def _weighted_quantile(x: np.ndarray, w: np.ndarray, q: Iterable[float]) -> np.ndarray:
    order = np.argsort(x, kind="stable")
    xs, ws = x[order], w[order]
    cum = (np.cumsum(ws) - 0.5 * ws) / ws.sum()
    return np.interp(np.asarray(list(q)), cum, xs)


def _nice(value: float) -> float:
    """Round to two significant digits (120 s, 45 s, 1.5 transfers)."""
    if not np.isfinite(value) or value == 0:
        return value
    digits = 1 - int(np.floor(np.log10(abs(value))))
    return float(round(value, digits))


def _nice_step(span: float) -> float:
    """A round step near a tenth of the span: 1, 2 or 5 times a power of ten."""
    if span <= 0:
        return 1.0
    raw = span / 10.0
    mag = 10.0 ** np.floor(np.log10(raw))
    return float(min((m * mag for m in (1, 2, 5, 10)), key=lambda s: abs(s - raw)))


@dataclass(frozen=True, eq=False)
class ThresholdResult:
    """Top-box probability curve over an operational fact and the point where it falls fastest.

    Attributes: ``fact``, ``outcome``, ``method`` ("spline" or "bins"), ``curve``
    (DataFrame: ``value``, ``top_box``, ``ci_low``, ``ci_high`` (pointwise delta-method
    interval), ``slope`` (change in top-box probability per unit of the fact)), ``threshold``
    (value where the curve falls fastest; NaN when it does not fall significantly), ``drop``
    (fall in top-box probability from ``threshold`` to ``threshold + step``, a proportion),
    ``drop_ci`` (its delta-method interval), ``step``,
    ``sentence``, ``knots`` (spline knots or bin edges), ``model`` (the fitted
    :class:`OrdinalLogitResult`), ``n_dropped`` (rows with a missing value), ``unit``.
    """

    fact: str
    outcome: str
    method: str
    curve: pd.DataFrame
    threshold: float
    drop: float
    drop_ci: tuple[float, float]
    step: float
    sentence: str
    knots: tuple[float, ...]
    model: OrdinalLogitResult
    n_dropped: int
    unit: str

    def summary(self) -> pd.DataFrame:
        """One row: ``fact``, ``method``, ``threshold``, ``top_box_at_threshold``,
        ``drop_points`` (percentage points over ``step``), ``drop_ci_low``, ``drop_ci_high``
        (points), ``step``, ``steepest_slope`` (top-box probability per unit at the
        threshold), ``sentence``."""
        at = np.nan
        slope = np.nan
        if np.isfinite(self.threshold):
            i = int(np.argmin(np.abs(self.curve["value"].to_numpy() - self.threshold)))
            at = float(self.curve["top_box"].iloc[i])
            slope = float(self.curve["slope"].min())
        return pd.DataFrame(
            [
                {
                    "fact": self.fact,
                    "method": self.method,
                    "threshold": self.threshold,
                    "top_box_at_threshold": at,
                    "drop_points": 100.0 * self.drop,
                    "drop_ci_low": 100.0 * self.drop_ci[0],
                    "drop_ci_high": 100.0 * self.drop_ci[1],
                    "step": self.step,
                    "steepest_slope": slope,
                    "sentence": self.sentence,
                }
            ]
        )

    def plot(self, ax=None):
        """The top-box curve with its interval and the threshold marked; returns the Axes."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6, 4))
        c = self.curve
        step = "post" if self.method == "bins" else None
        if step:
            ax.step(c["value"], 100 * c["top_box"], where="mid", color="#4C72B0")
        else:
            ax.plot(c["value"], 100 * c["top_box"], color="#4C72B0")
        ax.fill_between(
            c["value"],
            100 * c["ci_low"],
            100 * c["ci_high"],
            alpha=0.2,
            color="#4C72B0",
            step="mid" if step else None,
        )
        if np.isfinite(self.threshold):
            ax.axvline(self.threshold, color="#C44E52", ls="--", lw=1)
        ax.set_xlabel(f"{self.fact} ({self.unit})" if self.unit else self.fact)
        ax.set_ylabel("predicted top-box share (%)")
        ax.set_title(self.sentence, fontsize=8, wrap=True)
        return ax


def operational_threshold(
    data: pd.DataFrame,
    fact: str,
    *,
    outcome: str = "overall",
    controls: str | Iterable[str] = (),
    method: str = "spline",
    n_knots: int = 5,
    n_bins: int = 5,
    top_box: int = 1,
    grid_points: int = 200,
    trim: float = 0.01,
    step: float | None = None,
    unit: str = "s",
    label: str | None = None,
    min_drop: float = 0.01,
    confidence: float = 0.95,
    weights: str | None = None,
) -> ThresholdResult:
    """Predicted top-box probability over ``fact`` and the point where it falls fastest.

    ``method="spline"``: restricted cubic spline with ``n_knots`` (3-5; default 5, suited to
    surveys of thousands) knots at Harrell's quantiles (fewer when the fact has few distinct
    values; linear when fewer than 3 remain).
    ``method="bins"``: ``n_bins`` quantile bins. The curve covers the ``trim`` to
    ``1 - trim`` weighted quantiles of the fact (sparse tails left out). ``step`` (default:
    a round tenth of that range) is the distance over which the drop is stated. The sentence
    reads like "beyond about 120 s in the IVR the chance of a top rating drops by 8.0 points
    over the next 30 s" (pass ``label="the IVR"``). When the fall at the steepest point is
    below ``min_drop`` (a proportion: 0.01 = 1 point over ``step``, or between adjacent bins)
    or its interval includes 0, the curve is taken as flat and ``threshold`` is NaN.
    """
    zc = _z_crit(confidence)
    controls = as_names(controls)
    if method not in ("spline", "bins"):
        raise ValueError(f"method must be 'spline' or 'bins', got {method!r}")
    if method == "spline" and n_knots not in _KNOT_QUANTILES:
        raise ValueError(f"n_knots must be 3, 4 or 5, got {n_knots}")
    if method == "bins" and n_bins < 2:
        raise ValueError(f"n_bins must be at least 2, got {n_bins}")
    if not 0 <= trim < 0.5:
        raise ValueError(f"trim must be in [0, 0.5), got {trim}")
    if fact not in data.columns:
        raise ValueError(f"column '{fact}' is not in the data")
    if not is_numeric_dtype(data[fact].dtype) or is_bool_dtype(data[fact].dtype):
        raise ValueError(f"the operational fact '{fact}' must be numeric")
    if fact in controls or outcome == fact:
        raise ValueError(f"'{fact}' cannot also be the outcome or a control")
    cols = list(dict.fromkeys([outcome, fact, *controls] + ([weights] if weights else [])))
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise ValueError(f"columns {missing} are not in the data")
    df = data[cols].dropna()
    n_dropped = len(data) - len(df)
    x = df[fact].to_numpy(dtype=float)
    w = df[weights].to_numpy(dtype=float) if weights else np.ones(len(df))
    if len(df) == 0 or np.ptp(x) == 0:
        raise AnalysisError(
            f"'{fact}' does not vary among the usable rows; a threshold cannot be found. Fix: "
            "check the join of operational data to the survey"
        )
    lo, hi = _weighted_quantile(x, w, [trim, 1 - trim]) if trim else (x.min(), x.max())
    if hi <= lo:
        lo, hi = x.min(), x.max()
    label = label or f"'{fact}'"
    work = df.copy()

    if method == "spline":
        knots = np.unique(_weighted_quantile(x, w, _KNOT_QUANTILES[n_knots]))
        if knots.size < 3:
            knots = np.zeros(0)
            names = [fact]
        else:
            basis = rcs_basis(x, knots)
            names = [fact] + [f"{fact}_rcs{j}" for j in range(1, basis.shape[1])]
            for j, nm in enumerate(names[1:], start=1):
                work[nm] = basis[:, j]
        model = ordinal_logit(work, outcome, names + controls, weights=weights)
        grid = np.linspace(lo, hi, grid_points)
        gbasis = rcs_basis(grid, knots) if knots.size else grid[:, None]
        edges = tuple(float(k) for k in knots)
    else:
        qs = np.linspace(0, 1, n_bins + 1)
        edges_arr = np.unique(_weighted_quantile(x, w, qs))
        edges_arr[0], edges_arr[-1] = x.min(), x.max()
        if edges_arr.size < 3:
            raise AnalysisError(
                f"'{fact}' has too few distinct values for {n_bins} bins. Fix: use fewer bins or "
                "method='spline'"
            )
        codes = np.clip(np.searchsorted(edges_arr, x, side="right") - 1, 0, edges_arr.size - 2)
        labels = [f"{edges_arr[i]:g}-{edges_arr[i + 1]:g}" for i in range(edges_arr.size - 1)]
        work[f"{fact}_bin"] = pd.Categorical.from_codes(codes, categories=labels)
        model = ordinal_logit(work, outcome, [f"{fact}_bin", *controls], weights=weights)
        used = list(model.spec.terms[0].levels)
        idx = [labels.index(u) for u in used]
        grid = np.array([(edges_arr[i] + edges_arr[i + 1]) / 2 for i in idx])
        gbasis = np.zeros((len(idx), len(used) - 1))
        for r in range(1, len(used)):
            gbasis[r, r - 1] = 1.0
        edges = tuple(float(e) for e in edges_arr)

    K = len(model.levels)
    box_threshold(K, top_box, "top")
    n_fact_cols = gbasis.shape[1]
    Xd, wd = model.design.X, model.design.w
    ctrl_means = (wd @ Xd[:, n_fact_cols:]) / wd.sum()
    G = np.hstack([gbasis, np.tile(ctrl_means, (grid.size, 1))])
    beta, theta, cov = model.coef.to_numpy(), model.thresholds.to_numpy(), model.cov.to_numpy()
    prob, ci_lo, ci_hi = row_box(beta, theta, G, top_box, "top", zc, cov)
    slope = np.gradient(prob, grid) if grid.size > 1 else np.zeros(1)

    box = "a top rating" if top_box == 1 else f"a top-{top_box} rating"
    step_val = float(step) if step is not None else _nice_step(hi - lo)
    if step is None and np.array_equal(x, np.round(x)):
        step_val = max(step_val, 1.0)  # counts (transfers): whole steps

    def fall(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
        """Fall in top-box probability from design row a to row b, with its interval."""
        pr, gr = row_box_gradient(beta, theta, np.vstack([a, b]), top_box, "top")
        g = gr[0] - gr[1]
        se = float(np.sqrt(max(g @ cov @ g, 0.0)))
        d = float(pr[0] - pr[1])
        return d, d - zc * se, d + zc * se

    threshold, drop, drop_ci = float("nan"), 0.0, (float("nan"), float("nan"))
    sentence = ""
    if method == "spline":
        i = int(np.argmin(slope))
        if slope[i] < 0:
            at = float(grid[i])
            after = min(at + step_val, hi)
            pts = np.array([at, after])
            pb = rcs_basis(pts, knots) if knots.size else pts[:, None]
            rows = np.hstack([pb, np.tile(ctrl_means, (2, 1))])
            d, d_lo, d_hi = fall(rows[0], rows[1])
            if d >= min_drop and d_lo > 0:
                threshold, drop, drop_ci = at, d, (d_lo, d_hi)
                sentence = (
                    f"beyond about {_nice(at):g} {unit} in {label} the chance of {box} drops "
                    f"by {100 * d:.1f} points over the next {after - at:g} {unit}"
                ).replace("  ", " ")
        if not sentence:
            sentence = (
                f"the chance of {box} does not fall significantly (by {100 * min_drop:g} "
                f"point(s) or more) anywhere in the observed range of {label}"
            )
    else:
        diffs = prob[:-1] - prob[1:]
        i = int(np.argmax(diffs))
        d, d_lo, d_hi = fall(G[i], G[i + 1])
        if d >= min_drop and d_lo > 0:
            threshold, drop, drop_ci = float(edges_arr[idx[i] + 1]), d, (d_lo, d_hi)
            step_val = float(grid[i + 1] - grid[i])
            sentence = (
                f"beyond about {_nice(threshold):g} {unit} in {label} the chance of {box} drops "
                f"by {100 * d:.1f} points (bin {used[i]} to bin {used[i + 1]})"
            ).replace("  ", " ")
        else:
            sentence = (
                f"the chance of {box} does not fall significantly (by {100 * min_drop:g} "
                f"point(s) or more) between bins of {label}"
            )
    curve = pd.DataFrame(
        {"value": grid, "top_box": prob, "ci_low": ci_lo, "ci_high": ci_hi, "slope": slope}
    )
    return ThresholdResult(
        fact=fact,
        outcome=outcome,
        method=method,
        curve=curve,
        threshold=threshold,
        drop=drop,
        drop_ci=drop_ci,
        step=step_val,
        sentence=sentence,
        knots=edges,
        model=model,
        n_dropped=n_dropped,
        unit=unit,
    )

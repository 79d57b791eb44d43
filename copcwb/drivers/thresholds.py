"""Operational thresholds: where an operational fact starts to hurt the chance of a top rating.

Three ways to trace the predicted top-box probability over a fact (IVR seconds, wait seconds,
transfers, ...), the other predictors (``controls``) held at their means (dummy columns at
their shares):

* ``"hinge"`` (default): a broken-stick (segmented) model. The fact enters the proportional-odds
  model as ``max(0, x - c)``: no effect below the breakpoint ``c``, a constant slope on the logit
  scale beyond it. ``c`` is chosen by profile likelihood over a grid of candidates, with a
  likelihood-ratio interval (the candidates whose deviance from the best is at most the
  chi-square(1) quantile). The threshold is "where it starts to hurt".
* ``"spline"``: a restricted (natural) cubic spline (Harrell's ``rcs``: linear beyond the outer
  knots, knots at fixed quantiles); the threshold is where the curve falls fastest.
* ``"bins"``: quantile bins (dummies, first bin the reference); the threshold is the boundary
  with the largest drop.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype
from scipy import special

from copcwb.drivers._boxes import box_threshold, row_box, row_box_gradient
from copcwb.drivers._design import as_names
from copcwb.drivers._newton import fit_cumulative_logit, level_bounds, null_loglik
from copcwb.drivers.ordinal import OrdinalLogitResult, _z_crit, ordinal_logit
from copcwb.errors import AnalysisError

#: knot quantiles of Harrell (2015, Regression Modeling Strategies, table 2.3)
_KNOT_QUANTILES = {
    3: (0.10, 0.50, 0.90),
    4: (0.05, 0.35, 0.65, 0.95),
    5: (0.05, 0.275, 0.50, 0.725, 0.95),
}
#: candidate breakpoints of a continuous fact: its weighted 5%, 6%, ..., 95% quantiles
_HINGE_QUANTILES = np.linspace(0.05, 0.95, 91)
_METHODS = ("hinge", "spline", "bins")


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


def _is_count(x: np.ndarray, max_levels: int) -> bool:
    """Whole numbers with at most ``max_levels`` distinct values (transfers, repeat contacts)."""
    return bool(np.all(x == np.round(x))) and np.unique(x).size <= max_levels


_NAN2 = (float("nan"), float("nan"))


@dataclass(frozen=True, eq=False)
class ThresholdResult:
    """Top-box probability curve over an operational fact and the threshold found on it.

    Attributes: ``fact``, ``outcome``, ``method`` ("hinge", "spline" or "bins"), ``curve``
    (DataFrame: ``value``, ``top_box``, ``ci_low``, ``ci_high`` (pointwise delta-method
    interval), ``slope`` (change in top-box probability per unit of the fact)), ``threshold``
    (hinge: the breakpoint beyond which the fact starts to hurt; spline: the value where the
    curve falls fastest; bins: the boundary with the largest drop; NaN when there is no
    significant fall), ``drop`` (fall in top-box probability from ``threshold`` to
    ``threshold + step``, a proportion; hinge: by default from the breakpoint to the fact's
    90th percentile), ``drop_ci`` (its delta-method interval), ``step``, ``sentence``,
    ``knots`` (hinge: the breakpoint; spline knots or bin edges), ``model`` (the fitted
    :class:`OrdinalLogitResult`; hinge: the model at the chosen breakpoint), ``n_dropped``
    (rows with a missing value), ``unit``.

    Hinge only (NaN or None for the other methods): ``threshold_ci`` (likelihood-ratio interval
    of the breakpoint, ends on the candidate grid), ``slope`` (log-odds of a higher rating per
    unit of the fact beyond the breakpoint), ``slope_ci`` and ``p_val`` (its Wald interval and
    two-sided p, given the breakpoint), ``p_search`` (one-sided p that the fact hurts beyond
    some breakpoint, allowing for the search over breakpoints: Davies' bound),
    ``lr_vs_linear`` and ``lr_vs_none`` ((statistic, p) of the hinge model against the model
    linear in the fact, and against the model without it; the latter's p is ``p_search``),
    ``profile`` (DataFrame: ``breakpoint``, ``loglik``, ``slope``, ``deviance`` (2 (max loglik
    - loglik)), ``in_ci``), ``comparison`` (DataFrame: ``model`` in "no_effect", "linear",
    "hinge"; ``fact_params``, ``loglik``, ``aic``), ``confidence``.
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
    threshold_ci: tuple[float, float] = _NAN2
    slope: float = float("nan")
    slope_ci: tuple[float, float] = _NAN2
    p_val: float = float("nan")
    p_search: float = float("nan")
    lr_vs_linear: tuple[float, float] = _NAN2
    lr_vs_none: tuple[float, float] = _NAN2
    profile: pd.DataFrame | None = field(default=None, repr=False)
    comparison: pd.DataFrame | None = field(default=None, repr=False)
    confidence: float = 0.95

    @property
    def breakpoint(self) -> float:
        """The chosen breakpoint of the hinge model, significant or not (NaN otherwise)."""
        return self.knots[0] if self.method == "hinge" else float("nan")

    def summary(self) -> pd.DataFrame:
        """One row: ``fact``, ``method``, ``threshold``, ``top_box_at_threshold``,
        ``drop_points`` (percentage points over ``step``), ``drop_ci_low``, ``drop_ci_high``
        (points), ``step``, ``steepest_slope`` (top-box probability per unit, the curve's
        steepest fall), ``threshold_ci_low``, ``threshold_ci_high``, ``slope``,
        ``slope_ci_low``, ``slope_ci_high``, ``p_val``, ``p_search``, ``lr_vs_linear``,
        ``lr_vs_linear_p_val``, ``sentence`` (the hinge columns are NaN for other methods)."""
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
                    "threshold_ci_low": self.threshold_ci[0],
                    "threshold_ci_high": self.threshold_ci[1],
                    "slope": self.slope,
                    "slope_ci_low": self.slope_ci[0],
                    "slope_ci_high": self.slope_ci[1],
                    "p_val": self.p_val,
                    "p_search": self.p_search,
                    "lr_vs_linear": self.lr_vs_linear[0],
                    "lr_vs_linear_p_val": self.lr_vs_linear[1],
                    "sentence": self.sentence,
                }
            ]
        )

    def plot(self, ax=None):
        """The top-box curve with its interval, the threshold (dashed) and, for the hinge, the
        breakpoint's interval (shaded); returns the Axes."""
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
            if np.all(np.isfinite(self.threshold_ci)):
                ax.axvspan(*self.threshold_ci, color="#C44E52", alpha=0.1, lw=0)
        ax.set_xlabel(f"{self.fact} ({self.unit})" if self.unit else self.fact)
        ax.set_ylabel("predicted top-box share (%)")
        ax.set_title(self.sentence, fontsize=8, wrap=True)
        return ax


@dataclass(frozen=True, eq=False)
class _Prepared:
    """The usable rows and what every method needs from the arguments."""

    df: pd.DataFrame
    fact: str
    outcome: str
    controls: list[str]
    weights: str | None
    x: np.ndarray
    w: np.ndarray
    lo: float
    hi: float
    label: str
    box: str
    unit: str
    top_box: int
    zc: float
    n_dropped: int


def operational_threshold(
    data: pd.DataFrame,
    fact: str,
    *,
    outcome: str = "overall",
    controls: str | Iterable[str] = (),
    method: str = "hinge",
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
    breakpoints: Sequence[float] | None = None,
    max_count_levels: int = 10,
    min_tail: float = 0.01,
) -> ThresholdResult:
    """Predicted top-box probability over ``fact`` and the threshold where it starts to hurt.

    ``method="hinge"`` (default): the model holds ``max(0, fact - c)`` and the ``controls``;
    ``c`` maximises the profile log-likelihood over the candidates ``breakpoints`` (default:
    the weighted 5%, 6%, ..., 95% quantiles of the fact; for a count, a whole-number fact with
    at most ``max_count_levels`` distinct values, each distinct value). Candidates with less
    than ``min_tail`` of the (weighted) responses above them are left out. The interval of
    ``c`` holds the candidates whose deviance from the best is at most the chi-square(1)
    quantile at ``confidence`` (3.84 for 95%). A threshold is reported only when the slope
    beyond ``c`` is negative with Wald p below ``1 - confidence``, the search-adjusted p
    (``p_search``) is below it too, and the fall from ``c`` to the 90th percentile (or to
    ``c + step`` when ``step`` is given) is at least ``min_drop``. The slope's interval and p
    are conditional on ``c``.

    ``method="spline"``: restricted cubic spline with ``n_knots`` (3-5; default 5, suited to
    surveys of thousands) knots at Harrell's quantiles (fewer when the fact has few distinct
    values; linear when fewer than 3 remain); the threshold is where the curve falls fastest.
    ``method="bins"``: ``n_bins`` quantile bins; the threshold is the boundary with the largest
    drop. For these two, ``step`` (default: a round tenth of the curve's range) is the distance
    over which the drop is stated, and the threshold is reported when that drop is at least
    ``min_drop`` (a proportion: 0.01 = 1 point) and its interval excludes 0.

    The curve covers the ``trim`` to ``1 - trim`` weighted quantiles of the fact (sparse tails
    left out). The sentence reads like "beyond about 120 s in the IVR (95% interval 100-140 s)
    the chance of a top rating falls by 0.8 points per additional minute" (pass
    ``label="the IVR"``).
    """
    zc = _z_crit(confidence)
    controls = as_names(controls)
    if method not in _METHODS:
        raise ValueError(f"method must be one of {list(_METHODS)}, got {method!r}")
    if method == "spline" and n_knots not in _KNOT_QUANTILES:
        raise ValueError(f"n_knots must be 3, 4 or 5, got {n_knots}")
    if method == "bins" and n_bins < 2:
        raise ValueError(f"n_bins must be at least 2, got {n_bins}")
    if not 0 <= trim < 0.5:
        raise ValueError(f"trim must be in [0, 0.5), got {trim}")
    if not 0 <= min_tail < 0.5:
        raise ValueError(f"min_tail must be in [0, 0.5), got {min_tail}")
    if step is not None and not step > 0:
        raise ValueError(f"step must be positive, got {step}")
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
    prep = _Prepared(
        df=df,
        fact=fact,
        outcome=outcome,
        controls=controls,
        weights=weights,
        x=x,
        w=w,
        lo=float(lo),
        hi=float(hi),
        label=label or f"'{fact}'",
        box="a top rating" if top_box == 1 else f"a top-{top_box} rating",
        unit=unit,
        top_box=top_box,
        zc=zc,
        n_dropped=len(data) - len(df),
    )
    if method == "hinge":
        return _hinge(
            prep,
            breakpoints=breakpoints,
            max_count_levels=max_count_levels,
            min_tail=min_tail,
            step=step,
            min_drop=min_drop,
            grid_points=grid_points,
            confidence=confidence,
        )
    return _curve_method(
        prep,
        method=method,
        n_knots=n_knots,
        n_bins=n_bins,
        grid_points=grid_points,
        step=step,
        min_drop=min_drop,
    )


def _fall(
    model: OrdinalLogitResult, rows: np.ndarray, top_box: int, zc: float
) -> tuple[float, float, float]:
    """Fall in top-box probability from design row ``rows[0]`` to ``rows[1]``, with its
    delta-method interval."""
    beta, theta = model.coef.to_numpy(), model.thresholds.to_numpy()
    pr, gr = row_box_gradient(beta, theta, rows, top_box, "top")
    g = gr[0] - gr[1]
    se = float(np.sqrt(max(g @ model.cov.to_numpy() @ g, 0.0)))
    d = float(pr[0] - pr[1])
    return d, d - zc * se, d + zc * se


def _control_means(model: OrdinalLogitResult, n_fact_cols: int) -> np.ndarray:
    Xd, wd = model.design.X, model.design.w
    return (wd @ Xd[:, n_fact_cols:]) / wd.sum()


def _predict(
    model: OrdinalLogitResult, gbasis: np.ndarray, p: _Prepared
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Design rows (fact columns ``gbasis``, controls at their means) and the top-box
    probability of each with its pointwise interval."""
    box_threshold(len(model.levels), p.top_box, "top")
    means = _control_means(model, gbasis.shape[1])
    G = np.hstack([gbasis, np.tile(means, (gbasis.shape[0], 1))])
    beta, theta, cov = model.coef.to_numpy(), model.thresholds.to_numpy(), model.cov.to_numpy()
    prob, ci_lo, ci_hi = row_box(beta, theta, G, p.top_box, "top", p.zc, cov)
    return G, prob, ci_lo, ci_hi


def _curve_frame(grid: np.ndarray, prob: np.ndarray, lo: np.ndarray, hi: np.ndarray):
    slope = np.gradient(prob, grid) if grid.size > 1 else np.zeros(1)
    return pd.DataFrame(
        {"value": grid, "top_box": prob, "ci_low": lo, "ci_high": hi, "slope": slope}
    )


def _curve_method(
    p: _Prepared,
    *,
    method: str,
    n_knots: int,
    n_bins: int,
    grid_points: int,
    step: float | None,
    min_drop: float,
) -> ThresholdResult:
    """The spline and bins methods: the threshold is where the curve falls fastest."""
    fact, x, w, lo, hi, unit, label, box = p.fact, p.x, p.w, p.lo, p.hi, p.unit, p.label, p.box
    work = p.df.copy()
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
        model = ordinal_logit(work, p.outcome, names + p.controls, weights=p.weights)
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
                "method='hinge'"
            )
        codes = np.clip(np.searchsorted(edges_arr, x, side="right") - 1, 0, edges_arr.size - 2)
        labels = [f"{edges_arr[i]:g}-{edges_arr[i + 1]:g}" for i in range(edges_arr.size - 1)]
        work[f"{fact}_bin"] = pd.Categorical.from_codes(codes, categories=labels)
        model = ordinal_logit(work, p.outcome, [f"{fact}_bin", *p.controls], weights=p.weights)
        used = list(model.spec.terms[0].levels)
        idx = [labels.index(u) for u in used]
        grid = np.array([(edges_arr[i] + edges_arr[i + 1]) / 2 for i in idx])
        gbasis = np.zeros((len(idx), len(used) - 1))
        for r in range(1, len(used)):
            gbasis[r, r - 1] = 1.0
        edges = tuple(float(e) for e in edges_arr)

    G, prob, ci_lo, ci_hi = _predict(model, gbasis, p)
    curve = _curve_frame(grid, prob, ci_lo, ci_hi)
    slope = curve["slope"].to_numpy()
    step_val = float(step) if step is not None else _nice_step(hi - lo)
    if step is None and np.array_equal(x, np.round(x)):
        step_val = max(step_val, 1.0)  # counts (transfers): whole steps

    threshold, drop, drop_ci = float("nan"), 0.0, _NAN2
    sentence = ""
    if method == "spline":
        i = int(np.argmin(slope))
        if slope[i] < 0:
            at = float(grid[i])
            after = min(at + step_val, hi)
            pts = np.array([at, after])
            pb = rcs_basis(pts, knots) if knots.size else pts[:, None]
            rows = np.hstack([pb, np.tile(G[0, gbasis.shape[1] :], (2, 1))])
            d, d_lo, d_hi = _fall(model, rows, p.top_box, p.zc)
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
        d, d_lo, d_hi = _fall(model, G[[i, i + 1]], p.top_box, p.zc)
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
    return ThresholdResult(
        fact=fact,
        outcome=p.outcome,
        method=method,
        curve=curve,
        threshold=threshold,
        drop=drop,
        drop_ci=drop_ci,
        step=step_val,
        sentence=sentence,
        knots=edges,
        model=model,
        n_dropped=p.n_dropped,
        unit=unit,
    )


def breakpoint_candidates(
    x: np.ndarray,
    w: np.ndarray | None = None,
    *,
    max_count_levels: int = 10,
    min_tail: float = 0.01,
) -> np.ndarray:
    """Candidate breakpoints of a hinge: each distinct value of a count (whole numbers, at most
    ``max_count_levels`` distinct values), else the weighted 5%, 6%, ..., 95% quantiles;
    only candidates with at least ``min_tail`` of the weight strictly above them."""
    x = np.asarray(x, dtype=float)
    w = np.ones(x.size) if w is None else np.asarray(w, dtype=float)
    if _is_count(x, max_count_levels):
        cand = np.unique(x)
    else:
        cand = np.unique(_weighted_quantile(x, w, _HINGE_QUANTILES))
    order = np.argsort(x, kind="stable")
    xs, cum = x[order], np.cumsum(w[order])
    at_or_below = np.searchsorted(xs, cand, side="right")
    above = cum[-1] - np.where(at_or_below > 0, cum[np.maximum(at_or_below - 1, 0)], 0.0)
    return cand[(above > 0) & (above >= min_tail * cum[-1])]


def _profile(
    X: np.ndarray,
    bounds: np.ndarray,
    w: np.ndarray,
    level_w: np.ndarray,
    candidates: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Log-likelihood and hinge coefficient of the model with column 0 of ``X`` (the fact)
    replaced by ``max(0, fact - c)``, for each candidate ``c`` (NaN where the fit fails).
    Each fit starts from the previous candidate's estimate."""
    Xc = np.array(X, dtype=float, order="F", copy=True)
    ll = np.full(candidates.size, np.nan)
    coef = np.full(candidates.size, np.nan)
    start = None
    for i, c in enumerate(candidates):
        Xc[:, 0] = np.maximum(X[:, 0] - c, 0.0)
        fit = fit_cumulative_logit(Xc, bounds, w, level_w, start=start)
        if fit.failure and start is not None:
            fit = fit_cumulative_logit(Xc, bounds, w, level_w)
        if fit.failure or not np.isfinite(fit.loglik):
            start = None
            continue
        ll[i], coef[i] = fit.loglik, fit.beta[0]
        start = (fit.beta, fit.theta)
    return ll, coef


def _davies_p(ll: np.ndarray, coef: np.ndarray, ll_none: float) -> float:
    """One-sided p of "the fact hurts beyond some breakpoint", allowing for the search.

    W(c) = -sign(b_c) sqrt(2 (ll(c) - ll_none)) is the signed root of the likelihood-ratio
    statistic at each candidate (positive when the hinge hurts); with M = max W and V the total
    variation of W over the candidates, Davies (1987, Biometrika 74:33-43) bounds
    P(max W > M) <= Phi(-M) + V exp(-M^2 / 2) / sqrt(8 pi) (the bound of R's
    ``segmented::davies.test`` for a one-sided alternative).
    """
    ok = np.isfinite(ll)
    if not ok.any():
        return float("nan")
    W = -np.sign(coef[ok]) * np.sqrt(np.maximum(2.0 * (ll[ok] - ll_none), 0.0))
    M = float(W.max())
    V = float(np.abs(np.diff(W)).sum())
    p = special.ndtr(-M) + V * np.exp(-(M**2) / 2.0) / np.sqrt(8.0 * np.pi)
    return float(min(p, 1.0))


def _hinge(
    p: _Prepared,
    *,
    breakpoints: Sequence[float] | None,
    max_count_levels: int,
    min_tail: float,
    step: float | None,
    min_drop: float,
    grid_points: int,
    confidence: float,
) -> ThresholdResult:
    """The hinge (broken-stick) method: profile likelihood over the breakpoint."""
    fact, x, w, unit, label, box = p.fact, p.x, p.w, p.unit, p.label, p.box
    is_count = _is_count(x, max_count_levels)
    if breakpoints is None:
        cand = breakpoint_candidates(x, w, max_count_levels=max_count_levels, min_tail=min_tail)
    else:
        cand = np.unique(np.asarray(list(breakpoints), dtype=float))
        if not np.all(np.isfinite(cand)):
            raise ValueError("breakpoints must be finite numbers")
        cand = cand[cand < x.max()]
    if cand.size == 0:
        raise AnalysisError(
            f"no candidate breakpoint of '{fact}' has enough responses above it. Fix: pass "
            "breakpoints= within the observed range, or lower min_tail"
        )
    # the model linear in the fact: its design (rows sorted by outcome level) is reused for
    # every candidate, with the fact's column replaced by the hinge
    linear = ordinal_logit(p.df, p.outcome, [fact, *p.controls], weights=p.weights)
    d = linear.design
    bounds = level_bounds(d.y, len(d.levels))
    level_w = d.level_weights
    if d.X.shape[1] == 1:
        ll_none = null_loglik(level_w)
    else:
        fit0 = fit_cumulative_logit(np.asfortranarray(d.X[:, 1:]), bounds, d.w, level_w)
        ll_none = float(fit0.loglik) if not fit0.failure else float("nan")
    ll, coef = _profile(d.X, bounds, d.w, level_w, cand)
    if not np.isfinite(ll).any():
        raise AnalysisError(
            f"the model with a breakpoint in '{fact}' could not be estimated at any candidate. "
            "Fix: check the fact for extreme values, or use method='spline'"
        )
    best = int(np.nanargmax(ll))
    c_hat = float(cand[best])
    deviance = 2.0 * (ll[best] - ll)
    inside = np.isfinite(deviance) & (deviance <= p.zc**2)  # chi-square(1) quantile = z^2
    c_ci = (float(cand[inside].min()), float(cand[inside].max()))
    profile = pd.DataFrame(
        {"breakpoint": cand, "loglik": ll, "slope": coef, "deviance": deviance, "in_ci": inside}
    )

    hname = f"{fact}_beyond"
    work = p.df.assign(**{hname: np.maximum(x - c_hat, 0.0)})
    model = ordinal_logit(work, p.outcome, [hname, *p.controls], weights=p.weights)
    row = model.summary(confidence).loc[hname]
    slope, slope_ci, p_val = float(row["coef"]), (row["ci_low"], row["ci_high"]), row["p_val"]
    p_search = _davies_p(ll, coef, ll_none)
    lr_lin = 2.0 * (model.loglik - linear.loglik)
    lr_vs_linear = (lr_lin, float(special.chdtrc(1, max(lr_lin, 0.0))))
    base = len(model.thresholds) + d.X.shape[1] - 1
    comparison = pd.DataFrame(
        {
            "model": ["no_effect", "linear", "hinge"],
            "fact_params": [0, 1, 2],
            "loglik": [ll_none, linear.loglik, model.loglik],
        }
    )
    comparison["aic"] = -2.0 * comparison["loglik"] + 2.0 * (base + comparison["fact_params"])

    grid = np.linspace(p.lo, p.hi, grid_points)
    if p.lo < c_hat < p.hi:
        grid = np.unique(np.append(grid, c_hat))
    _, prob, ci_lo, ci_hi = _predict(model, np.maximum(grid - c_hat, 0.0)[:, None], p)
    curve = _curve_frame(grid, prob, ci_lo, ci_hi)

    if step is not None:
        end = c_hat + float(step)
    else:
        end = float(_weighted_quantile(x, w, [0.9])[0])
        if end <= c_hat:
            end = p.hi if p.hi > c_hat else float(x.max())
    rows = np.column_stack([[0.0, end - c_hat], np.tile(_control_means(model, 1), (2, 1))])
    drop, d_lo, d_hi = _fall(model, rows, p.top_box, p.zc)
    span = end - c_hat
    alpha = 1.0 - confidence
    found = slope < 0 and p_val < alpha and p_search < alpha and drop >= min_drop
    per, per_name = (60.0, "minute") if unit == "s" else (1.0, unit or "unit")
    where = f"{c_hat:g}" if is_count else f"about {_nice(c_hat):g}"
    u = f" {unit}" if unit else ""
    if found:
        end_name = "the 90th percentile" if step is None else f"{span:g}{u} further"
        ci = f"{c_ci[0]:g}-{c_ci[1]:g}{u}" if c_ci[1] > c_ci[0] else f"{c_ci[0]:g}{u} only"
        sentence = (
            f"beyond {where}{u} in {label} ({confidence:.0%} interval {ci})"
            f" the chance of {box} falls by {100 * per * drop / span:.1f} points per additional "
            f"{per_name}: {100 * drop:.1f} points from {c_hat:g}{u} to {end:g}{u} ({end_name})"
        )
    else:
        sentence = (
            f"no threshold: the chance of {box} does not fall significantly beyond any "
            f"breakpoint of {label} (best breakpoint {c_hat:g}{u}, slope p = {p_val:.3g}, "
            f"search-adjusted p = {p_search:.3g})"
        )
    return ThresholdResult(
        fact=fact,
        outcome=p.outcome,
        method="hinge",
        curve=curve,
        threshold=c_hat if found else float("nan"),
        drop=drop if found else 0.0,
        drop_ci=(d_lo, d_hi) if found else _NAN2,
        step=span,
        sentence=sentence,
        knots=(c_hat,),
        model=model,
        n_dropped=p.n_dropped,
        unit=unit,
        threshold_ci=c_ci if found else _NAN2,
        slope=slope,
        slope_ci=(float(slope_ci[0]), float(slope_ci[1])),
        p_val=float(p_val),
        p_search=p_search,
        lr_vs_linear=lr_vs_linear,
        lr_vs_none=(2.0 * (model.loglik - ll_none), p_search),
        profile=profile,
        comparison=comparison,
        confidence=confidence,
    )

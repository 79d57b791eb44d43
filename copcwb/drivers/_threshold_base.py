"""What the threshold methods share: the result, the settings, the prepared rows, and the
top-box predictions of a fitted model (see :mod:`copcwb.drivers.thresholds`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from copcwb.drivers._boxes import box_threshold, row_box, row_box_gradient
from copcwb.drivers.ordinal import OrdinalLogitResult

#: knot quantiles of Harrell (2015, Regression Modeling Strategies, table 2.3)
KNOT_QUANTILES = {
    3: (0.10, 0.50, 0.90),
    4: (0.05, 0.35, 0.65, 0.95),
    5: (0.05, 0.275, 0.50, 0.725, 0.95),
}
#: candidate breakpoints of a continuous fact: its weighted 5%, 6%, ..., 95% quantiles
HINGE_QUANTILES = np.linspace(0.05, 0.95, 91)
METHODS = ("hinge", "spline", "bins")
NAN2 = (float("nan"), float("nan"))


def weighted_quantile(x: np.ndarray, w: np.ndarray, q: Iterable[float]) -> np.ndarray:
    """Weighted quantiles (Hazen's definition when the weights are equal)."""
    order = np.argsort(x, kind="stable")
    xs, ws = x[order], w[order]
    cum = (np.cumsum(ws) - 0.5 * ws) / ws.sum()
    return np.interp(np.asarray(list(q)), cum, xs)


def nice(value: float) -> float:
    """Round to two significant digits (120 s, 45 s, 1.5 transfers)."""
    if not np.isfinite(value) or value == 0:
        return value
    digits = 1 - int(np.floor(np.log10(abs(value))))
    return float(round(value, digits))


def nice_step(span: float) -> float:
    """A round step near a tenth of the span: 1, 2 or 5 times a power of ten."""
    if span <= 0:
        return 1.0
    raw = span / 10.0
    mag = 10.0 ** np.floor(np.log10(raw))
    return float(min((m * mag for m in (1, 2, 5, 10)), key=lambda s: abs(s - raw)))


def is_count(x: np.ndarray, max_levels: int) -> bool:
    """Whole numbers with at most ``max_levels`` distinct values (transfers, repeat contacts)."""
    return bool(np.all(x == np.round(x))) and np.unique(x).size <= max_levels


@dataclass(frozen=True)
class ThresholdSettings:
    """How a threshold is looked for (see :func:`copcwb.drivers.operational_threshold`).

    ``n_knots`` (spline: 3, 4 or 5), ``n_bins`` (bins: at least 2), ``top_box`` (highest
    levels counted as the top box), ``grid_points`` (points of the curve), ``trim`` (the
    curve covers the ``trim`` to ``1 - trim`` quantiles), ``step`` (distance over which a
    drop is stated; None: the method's default), ``min_drop`` (smallest fall reported, a
    proportion), ``breakpoints`` (hinge candidates; None: quantiles or each count value),
    ``max_count_levels`` (a whole-number fact with at most this many values is a count),
    ``min_tail`` (share of responses a candidate needs above it).
    """

    n_knots: int = 5
    n_bins: int = 5
    top_box: int = 1
    grid_points: int = 200
    trim: float = 0.01
    step: float | None = None
    min_drop: float = 0.01
    breakpoints: Sequence[float] | None = None
    max_count_levels: int = 10
    min_tail: float = 0.01

    def __post_init__(self) -> None:
        if self.n_knots not in KNOT_QUANTILES:
            raise ValueError(f"n_knots must be 3, 4 or 5, got {self.n_knots}")
        if self.n_bins < 2:
            raise ValueError(f"n_bins must be at least 2, got {self.n_bins}")
        if not 0 <= self.trim < 0.5:
            raise ValueError(f"trim must be in [0, 0.5), got {self.trim}")
        if not 0 <= self.min_tail < 0.5:
            raise ValueError(f"min_tail must be in [0, 0.5), got {self.min_tail}")
        if self.step is not None and not self.step > 0:
            raise ValueError(f"step must be positive, got {self.step}")
        if self.breakpoints is not None:
            object.__setattr__(self, "breakpoints", tuple(self.breakpoints))


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
    threshold_ci: tuple[float, float] = NAN2
    slope: float = float("nan")
    slope_ci: tuple[float, float] = NAN2
    p_val: float = float("nan")
    p_search: float = float("nan")
    lr_vs_linear: tuple[float, float] = NAN2
    lr_vs_none: tuple[float, float] = NAN2
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
class Prepared:
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
    settings: ThresholdSettings


def fall(
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


def control_means(model: OrdinalLogitResult, n_fact_cols: int) -> np.ndarray:
    """Weighted means of the design columns after the fact's ``n_fact_cols`` columns."""
    Xd, wd = model.design.X, model.design.w
    return (wd @ Xd[:, n_fact_cols:]) / wd.sum()


def predict(
    model: OrdinalLogitResult, gbasis: np.ndarray, p: Prepared
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Design rows (fact columns ``gbasis``, controls at their means) and the top-box
    probability of each with its pointwise interval."""
    box_threshold(len(model.levels), p.top_box, "top")
    means = control_means(model, gbasis.shape[1])
    G = np.hstack([gbasis, np.tile(means, (gbasis.shape[0], 1))])
    beta, theta, cov = model.coef.to_numpy(), model.thresholds.to_numpy(), model.cov.to_numpy()
    prob, ci_lo, ci_hi = row_box(beta, theta, G, p.top_box, "top", p.zc, cov)
    return G, prob, ci_lo, ci_hi


def curve_frame(grid: np.ndarray, prob: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> pd.DataFrame:
    """The curve table: value, top_box, ci_low, ci_high, slope."""
    slope = np.gradient(prob, grid) if grid.size > 1 else np.zeros(1)
    return pd.DataFrame(
        {"value": grid, "top_box": prob, "ci_low": lo, "ci_high": hi, "slope": slope}
    )

"""The spline and bins methods of :func:`copcwb.drivers.operational_threshold`: the
threshold is where the top-box curve falls fastest."""

from __future__ import annotations

import numpy as np
import pandas as pd

from copcwb.drivers._threshold_base import (
    KNOT_QUANTILES,
    NAN2,
    Prepared,
    ThresholdResult,
    curve_frame,
    fall,
    nice,
    nice_step,
    predict,
    weighted_quantile,
)
from copcwb.drivers.ordinal import OrdinalLogitResult, ordinal_logit
from copcwb.errors import AnalysisError


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


def fit_curve(p: Prepared, method: str) -> ThresholdResult:
    """The spline or bins method on the prepared rows."""
    s = p.settings
    if method == "spline":
        model, grid, gbasis, knots = _spline_model(p)
        edges = tuple(float(k) for k in knots)
    else:
        model, grid, gbasis, edges_arr, labels = _bins_model(p)
        edges = tuple(float(e) for e in edges_arr)
    G, prob, ci_lo, ci_hi = predict(model, gbasis, p)
    curve = curve_frame(grid, prob, ci_lo, ci_hi)
    step_val = float(s.step) if s.step is not None else nice_step(p.hi - p.lo)
    if s.step is None and np.array_equal(p.x, np.round(p.x)):
        step_val = max(step_val, 1.0)  # counts (transfers): whole steps
    threshold, drop, drop_ci, sentence = float("nan"), 0.0, NAN2, ""
    if method == "spline":
        found = _steepest(p, model, curve, G, gbasis.shape[1], knots, step_val)
    else:
        found = _largest_drop(p, model, prob, G, grid, edges_arr, labels)
        step_val = found[4] if found else step_val
    if found:
        threshold, drop, drop_ci, sentence = found[:4]
    if not sentence:
        where = "anywhere in the observed range of" if method == "spline" else "between bins of"
        sentence = (
            f"the chance of {p.box} does not fall significantly (by {100 * s.min_drop:g} "
            f"point(s) or more) {where} {p.label}"
        )
    return ThresholdResult(
        fact=p.fact,
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
        unit=p.unit,
    )


def _spline_model(p: Prepared) -> tuple[OrdinalLogitResult, np.ndarray, np.ndarray, np.ndarray]:
    """The model with a restricted cubic spline in the fact (linear when fewer than three
    distinct knots remain), its grid and the grid's spline basis."""
    work = p.df.copy()
    knots = np.unique(weighted_quantile(p.x, p.w, KNOT_QUANTILES[p.settings.n_knots]))
    if knots.size < 3:
        knots = np.zeros(0)
        names = [p.fact]
    else:
        basis = rcs_basis(p.x, knots)
        names = [p.fact] + [f"{p.fact}_rcs{j}" for j in range(1, basis.shape[1])]
        for j, nm in enumerate(names[1:], start=1):
            work[nm] = basis[:, j]
    model = ordinal_logit(work, p.outcome, names + p.controls, weights=p.weights)
    grid = np.linspace(p.lo, p.hi, p.settings.grid_points)
    gbasis = rcs_basis(grid, knots) if knots.size else grid[:, None]
    return model, grid, gbasis, knots


def _bins_model(
    p: Prepared,
) -> tuple[OrdinalLogitResult, np.ndarray, np.ndarray, np.ndarray, list[tuple[int, str]]]:
    """The model with quantile-bin dummies of the fact (first bin the reference), the bins'
    midpoints, their design rows, the bin edges and the (edge index, label) of each bin
    the model kept."""
    n_bins = p.settings.n_bins
    x = p.x
    edges_arr = np.unique(weighted_quantile(x, p.w, np.linspace(0, 1, n_bins + 1)))
    edges_arr[0], edges_arr[-1] = x.min(), x.max()
    if edges_arr.size < 3:
        raise AnalysisError(
            f"'{p.fact}' has too few distinct values for {n_bins} bins. Fix: use fewer bins or "
            "method='hinge'"
        )
    codes = np.clip(np.searchsorted(edges_arr, x, side="right") - 1, 0, edges_arr.size - 2)
    labels = [f"{edges_arr[i]:g}-{edges_arr[i + 1]:g}" for i in range(edges_arr.size - 1)]
    work = p.df.copy()
    work[f"{p.fact}_bin"] = pd.Categorical.from_codes(codes, categories=labels)
    model = ordinal_logit(work, p.outcome, [f"{p.fact}_bin", *p.controls], weights=p.weights)
    used = list(model.spec.terms[0].levels)
    idx = [labels.index(u) for u in used]
    grid = np.array([(edges_arr[i] + edges_arr[i + 1]) / 2 for i in idx])
    gbasis = np.zeros((len(idx), len(used) - 1))
    for r in range(1, len(used)):
        gbasis[r, r - 1] = 1.0
    return model, grid, gbasis, edges_arr, list(zip(idx, used, strict=True))


def _steepest(
    p: Prepared,
    model: OrdinalLogitResult,
    curve: pd.DataFrame,
    G: np.ndarray,
    n_fact_cols: int,
    knots: np.ndarray,
    step: float,
) -> tuple[float, float, tuple[float, float], str] | None:
    """Spline: where the curve falls fastest and the fall over the next ``step``, when
    that fall is at least ``min_drop`` and significant."""
    slope = curve["slope"].to_numpy()
    grid = curve["value"].to_numpy()
    i = int(np.argmin(slope))
    if not slope[i] < 0:
        return None
    at = float(grid[i])
    after = min(at + step, p.hi)
    pts = np.array([at, after])
    pb = rcs_basis(pts, knots) if knots.size else pts[:, None]
    rows = np.hstack([pb, np.tile(G[0, n_fact_cols:], (2, 1))])
    d, d_lo, d_hi = fall(model, rows, p.top_box, p.zc)
    if not (d >= p.settings.min_drop and d_lo > 0):
        return None
    sentence = (
        f"beyond about {nice(at):g} {p.unit} in {p.label} the chance of {p.box} drops "
        f"by {100 * d:.1f} points over the next {after - at:g} {p.unit}"
    ).replace("  ", " ")
    return at, d, (d_lo, d_hi), sentence


def _largest_drop(
    p: Prepared,
    model: OrdinalLogitResult,
    prob: np.ndarray,
    G: np.ndarray,
    grid: np.ndarray,
    edges: np.ndarray,
    bins: list[tuple[int, str]],
) -> tuple[float, float, tuple[float, float], str, float] | None:
    """Bins: the boundary with the largest drop between adjacent bins, when that drop is
    at least ``min_drop`` and significant; the step is the distance between the bins'
    midpoints."""
    i = int(np.argmax(prob[:-1] - prob[1:]))
    d, d_lo, d_hi = fall(model, G[[i, i + 1]], p.top_box, p.zc)
    if not (d >= p.settings.min_drop and d_lo > 0):
        return None
    threshold = float(edges[bins[i][0] + 1])
    sentence = (
        f"beyond about {nice(threshold):g} {p.unit} in {p.label} the chance of {p.box} drops "
        f"by {100 * d:.1f} points (bin {bins[i][1]} to bin {bins[i + 1][1]})"
    ).replace("  ", " ")
    return threshold, d, (d_lo, d_hi), sentence, float(grid[i + 1] - grid[i])

"""The hinge (broken-stick) method of :func:`copcwb.drivers.operational_threshold`: the fact
enters the model as ``max(0, x - c)``, ``c`` chosen by profile likelihood."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from copcwb.drivers._newton import fit_cumulative_logit, level_bounds, null_loglik
from copcwb.drivers._threshold_base import (
    HINGE_QUANTILES,
    NAN2,
    Prepared,
    ThresholdResult,
    control_means,
    curve_frame,
    fall,
    is_count,
    nice,
    predict,
    weighted_quantile,
)
from copcwb.drivers.ordinal import OrdinalLogitResult, ordinal_logit
from copcwb.errors import AnalysisError


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
    if is_count(x, max_count_levels):
        cand = np.unique(x)
    else:
        cand = np.unique(weighted_quantile(x, w, HINGE_QUANTILES))
    order = np.argsort(x, kind="stable")
    xs, cum = x[order], np.cumsum(w[order])
    at_or_below = np.searchsorted(xs, cand, side="right")
    above = cum[-1] - np.where(at_or_below > 0, cum[np.maximum(at_or_below - 1, 0)], 0.0)
    return cand[(above > 0) & (above >= min_tail * cum[-1])]


def profile_loglik(
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


def davies_p(ll: np.ndarray, coef: np.ndarray, ll_none: float) -> float:
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


@dataclass(frozen=True, eq=False)
class _Search:
    """The profile-likelihood search: the model linear in the fact, the log-likelihood
    without the fact, the profile and the chosen breakpoint with its interval."""

    linear: OrdinalLogitResult
    ll_none: float
    ll: np.ndarray
    coef: np.ndarray
    best: float
    ci: tuple[float, float]
    profile: pd.DataFrame


def _candidates(p: Prepared) -> np.ndarray:
    s = p.settings
    if s.breakpoints is None:
        cand = breakpoint_candidates(
            p.x, p.w, max_count_levels=s.max_count_levels, min_tail=s.min_tail
        )
    else:
        cand = np.unique(np.asarray(list(s.breakpoints), dtype=float))
        if not np.all(np.isfinite(cand)):
            raise ValueError("breakpoints must be finite numbers")
        cand = cand[cand < p.x.max()]
    if cand.size == 0:
        raise AnalysisError(
            f"no candidate breakpoint of '{p.fact}' has enough responses above it. Fix: pass "
            "breakpoints= within the observed range, or lower min_tail"
        )
    return cand


def _search(p: Prepared, cand: np.ndarray) -> _Search:
    """Profile likelihood over the candidates. The design of the model linear in the fact
    (rows sorted by outcome level) is reused for every candidate, with the fact's column
    replaced by the hinge."""
    linear = ordinal_logit(p.df, p.outcome, [p.fact, *p.controls], weights=p.weights)
    d = linear.design
    bounds = level_bounds(d.y, len(d.levels))
    level_w = d.level_weights
    if d.X.shape[1] == 1:
        ll_none = null_loglik(level_w)
    else:
        fit0 = fit_cumulative_logit(np.asfortranarray(d.X[:, 1:]), bounds, d.w, level_w)
        ll_none = float(fit0.loglik) if not fit0.failure else float("nan")
    ll, coef = profile_loglik(d.X, bounds, d.w, level_w, cand)
    if not np.isfinite(ll).any():
        raise AnalysisError(
            f"the model with a breakpoint in '{p.fact}' could not be estimated at any "
            "candidate. Fix: check the fact for extreme values, or use method='spline'"
        )
    best = int(np.nanargmax(ll))
    deviance = 2.0 * (ll[best] - ll)
    inside = np.isfinite(deviance) & (deviance <= p.zc**2)  # chi-square(1) quantile = z^2
    profile = pd.DataFrame(
        {"breakpoint": cand, "loglik": ll, "slope": coef, "deviance": deviance, "in_ci": inside}
    )
    ci = (float(cand[inside].min()), float(cand[inside].max()))
    return _Search(linear, ll_none, ll, coef, float(cand[best]), ci, profile)


def fit_hinge(p: Prepared, confidence: float) -> ThresholdResult:
    """The hinge method on the prepared rows."""
    found = _search(p, _candidates(p))
    c_hat = found.best
    hname = f"{p.fact}_beyond"
    work = p.df.assign(**{hname: np.maximum(p.x - c_hat, 0.0)})
    model = ordinal_logit(work, p.outcome, [hname, *p.controls], weights=p.weights)
    row = model.summary(confidence).loc[hname]
    slope, p_val = float(row["coef"]), float(row["p_val"])
    p_search = davies_p(found.ll, found.coef, found.ll_none)
    lr_lin = 2.0 * (model.loglik - found.linear.loglik)
    end, (drop, d_lo, d_hi) = _drop(p, model, c_hat)
    alpha = 1.0 - confidence
    hurts = slope < 0 and p_val < alpha and p_search < alpha and drop >= p.settings.min_drop
    return ThresholdResult(
        fact=p.fact,
        outcome=p.outcome,
        method="hinge",
        curve=_curve(p, model, c_hat),
        threshold=c_hat if hurts else float("nan"),
        drop=drop if hurts else 0.0,
        drop_ci=(d_lo, d_hi) if hurts else NAN2,
        step=end - c_hat,
        sentence=_sentence(p, found, end, drop, hurts, (p_val, p_search), confidence),
        knots=(c_hat,),
        model=model,
        n_dropped=p.n_dropped,
        unit=p.unit,
        threshold_ci=found.ci if hurts else NAN2,
        slope=slope,
        slope_ci=(float(row["ci_low"]), float(row["ci_high"])),
        p_val=p_val,
        p_search=p_search,
        lr_vs_linear=(lr_lin, float(special.chdtrc(1, max(lr_lin, 0.0)))),
        lr_vs_none=(2.0 * (model.loglik - found.ll_none), p_search),
        profile=found.profile,
        comparison=_comparison(found, model),
        confidence=confidence,
    )


def _comparison(found: _Search, model: OrdinalLogitResult) -> pd.DataFrame:
    """Log-likelihood and AIC of the models without the fact, linear in it and hinged."""
    base = len(model.thresholds) + found.linear.design.X.shape[1] - 1
    comparison = pd.DataFrame(
        {
            "model": ["no_effect", "linear", "hinge"],
            "fact_params": [0, 1, 2],
            "loglik": [found.ll_none, found.linear.loglik, model.loglik],
        }
    )
    comparison["aic"] = -2.0 * comparison["loglik"] + 2.0 * (base + comparison["fact_params"])
    return comparison


def _curve(p: Prepared, model: OrdinalLogitResult, c_hat: float) -> pd.DataFrame:
    """The top-box curve over the fact's trimmed range, the breakpoint on the grid."""
    grid = np.linspace(p.lo, p.hi, p.settings.grid_points)
    if p.lo < c_hat < p.hi:
        grid = np.unique(np.append(grid, c_hat))
    _, prob, ci_lo, ci_hi = predict(model, np.maximum(grid - c_hat, 0.0)[:, None], p)
    return curve_frame(grid, prob, ci_lo, ci_hi)


def _drop(
    p: Prepared, model: OrdinalLogitResult, c_hat: float
) -> tuple[float, tuple[float, float, float]]:
    """Where the stated fall ends (``c + step``, else the 90th percentile) and the fall in
    top-box probability from the breakpoint to there, with its interval."""
    if p.settings.step is not None:
        end = c_hat + float(p.settings.step)
    else:
        end = float(weighted_quantile(p.x, p.w, [0.9])[0])
        if end <= c_hat:
            end = p.hi if p.hi > c_hat else float(p.x.max())
    rows = np.column_stack([[0.0, end - c_hat], np.tile(control_means(model, 1), (2, 1))])
    return end, fall(model, rows, p.top_box, p.zc)


def _sentence(
    p: Prepared,
    found: _Search,
    end: float,
    drop: float,
    hurts: bool,
    p_vals: tuple[float, float],
    confidence: float,
) -> str:
    c_hat, c_ci, unit = found.best, found.ci, p.unit
    u = f" {unit}" if unit else ""
    if not hurts:
        return (
            f"no threshold: the chance of {p.box} does not fall significantly beyond any "
            f"breakpoint of {p.label} (best breakpoint {c_hat:g}{u}, slope p = {p_vals[0]:.3g}, "
            f"search-adjusted p = {p_vals[1]:.3g})"
        )
    span = end - c_hat
    per, per_name = (60.0, "minute") if unit == "s" else (1.0, unit or "unit")
    where = f"{c_hat:g}" if is_count(p.x, p.settings.max_count_levels) else f"about {nice(c_hat):g}"
    end_name = "the 90th percentile" if p.settings.step is None else f"{span:g}{u} further"
    ci = f"{c_ci[0]:g}-{c_ci[1]:g}{u}" if c_ci[1] > c_ci[0] else f"{c_ci[0]:g}{u} only"
    return (
        f"beyond {where}{u} in {p.label} ({confidence:.0%} interval {ci})"
        f" the chance of {p.box} falls by {100 * per * drop / span:.1f} points per additional "
        f"{per_name}: {100 * drop:.1f} points from {c_hat:g}{u} to {end:g}{u} ({end_name})"
    )

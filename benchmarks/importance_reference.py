"""The driver-importance subset fits as they were before pattern merging (commit 6c05f77).

A faithful copy, kept only so that ``bench_importance.py`` can time the previous algorithm
in the same process and compare its numbers: every subset fitted by Newton-Raphson on all
the design's rows, each warm-started from the subset without its highest driver, converged
when the largest step is below 1e-8. The copied Newton code is the cumulative-logit part of
``copcwb/drivers/_newton.py`` at that commit; the design, the dominance arithmetic and the
result table come from the package (unchanged by the rewrite).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.drivers._design import Design, DesignSpec, build_design, column_checks
from copcwb.drivers.importance import _dominance, _importance_table, _shares, _term_columns
from copcwb.errors import AnalysisError

CHUNK_ROWS = 8192


@dataclass(frozen=True, eq=False)
class CumulativeFit:
    """Raw result of :func:`fit_cumulative_logit` (parameters ordered beta then theta)."""

    beta: np.ndarray
    theta: np.ndarray
    loglik: float
    gradient: np.ndarray
    information: np.ndarray
    converged: bool
    iterations: int
    failure: str = ""


def level_bounds(y: np.ndarray, n_levels: int) -> np.ndarray:
    """Start offsets of each outcome level's block in a design sorted by ``y`` (length K+1)."""
    counts = np.bincount(y, minlength=n_levels)
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)


def null_thresholds(level_weights: np.ndarray) -> np.ndarray:
    """Maximum-likelihood thresholds without predictors: logits of the cumulative shares."""
    cum = np.cumsum(level_weights)[:-1] / level_weights.sum()
    return np.log(cum) - np.log1p(-cum)


def null_loglik(level_weights: np.ndarray) -> float:
    """Closed-form log-likelihood of the thresholds-only model: sum_k n_k log(n_k / n)."""
    lw = level_weights[level_weights > 0]
    return float(np.sum(lw * np.log(lw / lw.sum())))


def _logistic_pair(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """F(z) and 1 - F(z) for the logistic cdf, each computed without cancellation."""
    return 1.0 / (1.0 + np.exp(-z)), 1.0 / (1.0 + np.exp(z))


class _Sums:
    """Running sums of the score and the observed information, by parameter block."""

    def __init__(self, p: int, k1: int) -> None:
        self.g_b = np.zeros(p)
        self.g_t = np.zeros(k1)
        self.i_bb = np.zeros((p, p))
        self.i_bt = np.zeros((p, k1))
        self.i_tt = np.zeros((k1, k1))

    def add_beta(self, xc: np.ndarray, cols: np.ndarray, ts: tuple[int, ...]) -> None:
        """Score and beta-theta information of one chunk: ``cols`` holds the weighted
        d loglik / d eta, then one column per threshold of ``ts``."""
        xv = xc.T @ cols
        self.g_b += xv[:, 0]
        for i, k in enumerate(ts, start=1):
            self.i_bt[:, k] += xv[:, i]

    def add_bb(self, xc: np.ndarray, wc: np.ndarray, i_ee: np.ndarray) -> None:
        xs = xc * np.sqrt(wc * np.maximum(i_ee, 0.0))[:, None]
        self.i_bb += xs.T @ xs

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        i_tt = np.triu(self.i_tt) + np.triu(self.i_tt, 1).T
        info = np.block([[self.i_bb, self.i_bt], [self.i_bt.T, i_tt]])
        return np.concatenate([self.g_b, self.g_t]), info


def _lowest(eta, wc, theta, sums: _Sums | None) -> tuple[float, tuple | None]:
    """Lowest level: only an upper threshold. The chunk's log-likelihood and, when ``sums``
    are kept (its threshold parts added to them), what the beta parts need: the weighted
    columns for :meth:`_Sums.add_beta`, their thresholds and the information of eta."""
    f1, g1 = _logistic_pair(theta[0] - eta)
    ll = float(wc @ np.log(f1))
    if sums is None:
        return ll, None
    info_uu = f1 * g1
    sums.g_t[0] += wc @ g1
    sums.i_tt[0, 0] += wc @ info_uu
    cols = np.empty((eta.size, 2))
    np.multiply(wc, -g1, out=cols[:, 0])
    np.multiply(wc, -info_uu, out=cols[:, 1])
    return ll, (cols, (0,), info_uu)


def _highest(eta, wc, theta, sums: _Sums | None) -> tuple[float, tuple | None]:
    """Highest level: only a lower threshold (see :func:`_lowest`)."""
    k = theta.size - 1
    f0, g0 = _logistic_pair(theta[k] - eta)
    ll = float(wc @ np.log(g0))
    if sums is None:
        return ll, None
    info_ll = f0 * g0
    sums.g_t[k] -= wc @ f0
    sums.i_tt[k, k] += wc @ info_ll
    cols = np.empty((eta.size, 2))
    np.multiply(wc, f0, out=cols[:, 0])
    np.multiply(wc, -info_ll, out=cols[:, 1])
    return ll, (cols, (k,), info_ll)


def _middle(eta, wc, theta, j: int, sums: _Sums | None) -> tuple[float, tuple | None]:
    """Middle level ``j``: between theta[j-1] and theta[j] (see :func:`_lowest`)."""
    a = theta[j] - eta
    b = theta[j - 1] - eta
    f1, g1 = _logistic_pair(a)
    f0, g0 = _logistic_pair(b)
    d = -np.expm1(b - a)
    # P(Y = j) = F(a) - F(b) = F(a) (1 - F(b)) (1 - exp(b - a)), no cancellation
    ll = float(wc @ np.log(f1 * g0 * d))
    if sums is None:
        return ll, None
    u1 = g1 / (g0 * d)  # f(a) / P
    u0 = f0 / (f1 * d)  # f(b) / P
    h_uu = u1 * ((g1 - f1) - u1)
    h_ll = -u0 * ((g0 - f0) + u0)
    h_ul = u1 * u0
    sums.g_t[j] += wc @ u1
    sums.g_t[j - 1] -= wc @ u0
    sums.i_tt[j, j] -= wc @ h_uu
    sums.i_tt[j - 1, j - 1] -= wc @ h_ll
    sums.i_tt[j - 1, j] -= wc @ h_ul
    cols = np.empty((eta.size, 3))
    np.multiply(wc, u0 - u1, out=cols[:, 0])
    np.multiply(wc, h_uu + h_ul, out=cols[:, 1])
    np.multiply(wc, h_ll + h_ul, out=cols[:, 2])
    return ll, (cols, (j, j - 1), -(h_uu + 2.0 * h_ul + h_ll))


def evaluate(
    X: np.ndarray,
    bounds: np.ndarray,
    w: np.ndarray,
    beta: np.ndarray,
    theta: np.ndarray,
    *,
    derivatives: bool = True,
    chunk: int = CHUNK_ROWS,
) -> tuple[float, np.ndarray | None, np.ndarray | None]:
    """Log-likelihood, score and observed information at ``(beta, theta)``.

    ``X`` (n, p) has its rows sorted by outcome level; ``bounds`` comes from :func:`level_bounds`.
    Returns ``(loglik, score, information)``; the last two are None when ``derivatives`` is False.
    """
    p = X.shape[1]
    k1 = theta.size
    ll = 0.0
    sums = _Sums(p, k1) if derivatives else None
    with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
        for j in range(k1 + 1):
            for s in range(int(bounds[j]), int(bounds[j + 1]), chunk):
                e = min(s + chunk, int(bounds[j + 1]))
                xc = X[s:e]
                wc = w[s:e]
                eta = xc @ beta if p else np.zeros(e - s)
                if j == 0:
                    part, parts = _lowest(eta, wc, theta, sums)
                elif j == k1:
                    part, parts = _highest(eta, wc, theta, sums)
                else:
                    part, parts = _middle(eta, wc, theta, j, sums)
                ll += part
                if sums is None:
                    continue
                cols, ts, i_ee = parts
                sums.add_beta(xc, cols, ts)
                if p:
                    sums.add_bb(xc, wc, i_ee)
    if sums is None:
        return ll, None, None
    score, info = sums.result()
    return ll, score, info


def _eta_spread(X: np.ndarray, beta: np.ndarray, chunk: int = 65536) -> float:
    """max - min of the linear predictor X @ beta over the rows."""
    lo, hi = np.inf, -np.inf
    for s in range(0, X.shape[0], chunk):
        eta = X[s : s + chunk] @ beta
        lo, hi = min(lo, float(eta.min())), max(hi, float(eta.max()))
    return hi - lo


def _newton_step(info: np.ndarray, score: np.ndarray) -> np.ndarray | None:
    """Solve ``info @ step = score`` by Cholesky; None when ``info`` is not positive definite."""
    try:
        chol = np.linalg.cholesky(info)
    except np.linalg.LinAlgError:
        return None
    z = np.linalg.solve(chol, score)
    step = np.linalg.solve(chol.T, z)
    return step if np.all(np.isfinite(step)) else None


def fit_cumulative_logit(
    X: np.ndarray,
    bounds: np.ndarray,
    w: np.ndarray,
    level_weights: np.ndarray,
    *,
    tol: float = 1e-8,
    max_iter: int = 50,
    max_spread: float = 30.0,
    start: tuple[np.ndarray, np.ndarray] | None = None,
) -> CumulativeFit:
    """Maximise the cumulative logit likelihood by Newton-Raphson with step halving.

    Starts at beta = 0 and the thresholds-only solution (the logits of the cumulative level
    shares). Converged when the largest Newton step is below ``tol``; the reported point is the
    one where the score and information were evaluated. From the fourth iteration on, the
    spread of the linear predictor (max - min of x'beta over the rows) is watched: when it
    exceeds ``max_spread`` on the logit scale and is still growing, the coefficients are
    running off to infinity, the signature of (quasi-)complete separation, and the loop stops
    with ``failure="diverging"``. ``start`` = (beta, theta) replaces the default start.
    """
    p = X.shape[1]
    beta = np.zeros(p)
    theta = null_thresholds(level_weights)
    if start is not None:
        beta, theta = np.array(start[0], dtype=float), np.array(start[1], dtype=float)
    ll, score, info = evaluate(X, bounds, w, beta, theta)
    iterations = 0
    failure = ""
    converged = False
    spread = 0.0
    while True:
        step = _newton_step(info, score)
        if step is None:
            failure = "singular"
            break
        if np.max(np.abs(step), initial=0.0) <= tol:
            converged = True
            break
        if iterations >= max_iter:
            failure = "max_iter"
            break
        t = 1.0
        while True:
            cand_b = beta + t * step[:p]
            cand_t = theta + t * step[p:]
            if np.all(np.diff(cand_t) > 0):
                ll_c, score_c, info_c = evaluate(X, bounds, w, cand_b, cand_t)
                if np.isfinite(ll_c) and ll_c >= ll - 1e-12 * abs(ll):
                    break
            t *= 0.5
            if t < 1e-10:
                failure = "no_progress"
                break
        if failure:
            break
        beta, theta, ll, score, info = cand_b, cand_t, ll_c, score_c, info_c
        iterations += 1
        if p and iterations >= 3:
            previous, spread = spread, _eta_spread(X, beta)
            if iterations >= 4 and spread > max_spread and spread - previous > 0.1:
                failure = "diverging"
                break
    return CumulativeFit(beta, theta, ll, score, info, converged, iterations, failure)


# ----------------------------------------------- copcwb/drivers/importance.py at 6c05f77


def _subset_r2(
    design: Design, term_cols: list[list[int]], base_cols: list[int], w: np.ndarray
) -> np.ndarray:
    """McFadden R2 of every subset of driver terms (index = bitmask over them), each model
    also holding the columns ``base_cols`` (the controls); entry 0 is the controls-only model
    (0.0 without controls)."""
    p = len(term_cols)
    K = len(design.levels)
    bounds = level_bounds(design.y, K)
    level_w = np.bincount(design.y, weights=w, minlength=K)
    if np.any(level_w <= 0):
        raise AnalysisError("an outcome level has no weight in this sample")
    ll0 = null_loglik(level_w)
    r2 = np.zeros(1 << p)
    # warm start: each subset starts from the fit of the subset without its highest driver
    starts: dict[int, tuple[dict[int, float], np.ndarray | None]] = {0: ({}, None)}
    for mask in range(0 if base_cols else 1, 1 << p):
        cols = [c for j in range(p) if mask >> j & 1 for c in term_cols[j]] + base_cols
        X = np.asfortranarray(design.X[:, cols])
        parent = mask & ~(1 << (mask.bit_length() - 1)) if mask else 0
        parent_coef, parent_theta = starts[parent]
        start = None
        if parent_theta is not None:
            start = (np.array([parent_coef.get(c, 0.0) for c in cols]), parent_theta)
        fit = fit_cumulative_logit(X, bounds, w, level_w, start=start)
        if fit.failure and start is not None:
            fit = fit_cumulative_logit(X, bounds, w, level_w)
        if fit.failure:
            raise _subset_error(design.spec, mask, p)
        r2[mask] = 1.0 - fit.loglik / ll0
        if mask < (1 << (p - 1)):  # only subsets without the last driver are ever parents
            starts[mask] = (dict(zip(cols, fit.beta, strict=True)), fit.theta)
    return r2


def _subset_error(spec: DesignSpec, mask: int, p: int) -> AnalysisError:
    names = [spec.terms[j].name for j in range(p) if mask >> j & 1]
    controls = [t.name for t in spec.terms[p:]]
    with_controls = f" with controls {controls}" if controls else ""
    return AnalysisError(
        f"the ordinal model on drivers {names}{with_controls} cannot be estimated (separation "
        "or a singular information matrix). Fix: drop or recode the offending driver or "
        "control; ordinal_logit on the same columns names it"
    )


def _bootstrap(
    design: Design,
    term_cols: list[list[int]],
    base_cols: list[int],
    n_boot: int,
    confidence: float,
    seed: int | None,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Percentile interval of each driver's share over ``n_boot`` resamples of the rows
    (frequency weights resampled as counts), controls kept in every subset model. Returns
    ``(ci_low, ci_high, replicates used)``; replicates whose models cannot be fitted are
    skipped."""
    p = len(term_cols)
    rng = np.random.default_rng(seed)
    total = int(round(design.w.sum()))
    prob = design.w / design.w.sum()
    draws = []
    for _ in range(n_boot):
        wb = rng.multinomial(total, prob).astype(float)
        try:
            rb = _subset_r2(design, term_cols, base_cols, wb)
        except AnalysisError:
            continue
        draws.append(_shares(_dominance(rb, p)[0], rb))
    if not draws:
        return np.full(p, np.nan), np.full(p, np.nan), 0
    alpha = 1.0 - confidence
    arr = np.asarray(draws)
    lo = np.quantile(arr, alpha / 2, axis=0)
    hi = np.quantile(arr, 1 - alpha / 2, axis=0)
    return lo, hi, len(draws)


def reference_importance(
    data: pd.DataFrame,
    outcome: str,
    drivers: list[str],
    *,
    controls: list[str] | None = None,
    weights: str | None = None,
    n_boot: int = 0,
    seed: int | None = 0,
    confidence: float = 0.95,
) -> tuple[pd.DataFrame, float]:
    """``(summary table, r2_full)`` of driver_importance computed the previous way."""
    kept = list(controls or [])
    design = build_design(data, outcome, [*drivers, *kept], weights=weights)
    column_checks(design.X, design.w, design.spec)
    term_cols, base_cols = _term_columns(design.spec, len(drivers))
    p = len(term_cols)
    r2 = _subset_r2(design, term_cols, base_cols, design.w)
    general, _ = _dominance(r2, p)
    lo, hi = np.full(p, np.nan), np.full(p, np.nan)
    if n_boot:
        lo, hi, _ = _bootstrap(design, term_cols, base_cols, n_boot, confidence, seed)
    names = [t.name for t in design.spec.terms[:p]]
    return _importance_table(names, general, _shares(general, r2), lo, hi), float(r2[-1])

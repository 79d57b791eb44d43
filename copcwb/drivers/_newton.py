"""Newton-Raphson for the cumulative logit model, and IRLS for the binary logit.

Model (R ``MASS::polr`` convention): ``logit P(Y <= k | x) = theta_k - x'beta``, ``k = 0..K-2``.

The rows of the design are sorted by outcome level, so each level is one contiguous block of
rows and the threshold parts of the score and the information matrix are plain block sums.
Rows are processed in chunks small enough to stay in the processor cache, which keeps the
temporaries small (peak memory close to the design itself) and each pass over the design fast.
Every derivative is analytic; the information matrix is the observed information (the negative
Hessian), which is what R's ``polr`` and ``ordinal::clm`` report standard errors from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import lapack

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
    return np.searchsorted(y, np.arange(n_levels + 1)).astype(np.int64)


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
        self.score = np.zeros(p + k1)
        self.info = np.zeros((p + k1, p + k1))
        self.g_b, self.g_t = self.score[:p], self.score[p:]
        self.i_bb, self.i_bt = self.info[:p, :p], self.info[:p, p:]
        self.i_tt = self.info[p:, p:]  # upper triangle summed, mirrored by result()

    def add_beta(self, xc: np.ndarray, cols: np.ndarray, ts: tuple[int, ...]) -> None:
        """Score and beta-theta information of one chunk: ``cols`` holds the weighted
        d loglik / d eta, then one column per threshold of ``ts``."""
        xt = xc.T
        self.g_b += xt @ cols[:, 0]  # one matrix-vector product per column: faster than
        for i, k in enumerate(ts, start=1):  # a matrix product this narrow
            self.i_bt[:, k] += xt @ cols[:, i]

    def add_bb(self, xc: np.ndarray, wc: np.ndarray, i_ee: np.ndarray) -> None:
        xs = xc * np.sqrt(wc * np.maximum(i_ee, 0.0))[:, None]
        self.i_bb += xs.T @ xs

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        p = self.g_b.size
        for k in range(1, self.g_t.size):  # only adjacent thresholds share information
            self.i_tt[k, k - 1] = self.i_tt[k - 1, k]
        self.info[p:, :p] = self.i_bt.T
        return self.score, self.info


def _lowest(eta, wc, theta, sums: _Sums | None) -> tuple[float, tuple | None]:
    """Lowest level: only an upper threshold. The chunk's log-likelihood and, when ``sums``
    are kept (its threshold parts added to them), what the beta parts need: the weighted
    columns for :meth:`_Sums.add_beta`, their thresholds and the information of eta.

    With e = exp(eta - theta_0): P = F(theta_0 - eta) = 1 / (1 + e), 1 - F = e / (1 + e)."""
    e = np.exp(eta - theta[0])
    ll = -float(wc @ np.log1p(e))
    if sums is None:
        return ll, None
    g1 = e / (1.0 + e)
    info_uu = g1 / (1.0 + e)  # F (1 - F)
    sums.g_t[0] += wc @ g1
    sums.i_tt[0, 0] += wc @ info_uu
    cols = np.empty((eta.size, 2), order="F")
    np.multiply(wc, -g1, out=cols[:, 0])
    np.multiply(wc, -info_uu, out=cols[:, 1])
    return ll, (cols, (0,), info_uu)


def _highest(eta, wc, theta, sums: _Sums | None) -> tuple[float, tuple | None]:
    """Highest level: only a lower threshold (see :func:`_lowest`). With
    e = exp(theta_k - eta): P = 1 - F(theta_k - eta) = 1 / (1 + e), F = e / (1 + e)."""
    k = theta.size - 1
    e = np.exp(theta[k] - eta)
    ll = -float(wc @ np.log1p(e))
    if sums is None:
        return ll, None
    f0 = e / (1.0 + e)
    info_ll = f0 / (1.0 + e)
    sums.g_t[k] -= wc @ f0
    sums.i_tt[k, k] += wc @ info_ll
    cols = np.empty((eta.size, 2), order="F")
    np.multiply(wc, f0, out=cols[:, 0])
    np.multiply(wc, -info_ll, out=cols[:, 1])
    return ll, (cols, (k,), info_ll)


def _middle(eta, wc, theta, j: int, sums: _Sums | None) -> tuple[float, tuple | None]:
    """Middle level ``j``: between theta[j-1] and theta[j] (see :func:`_lowest`).

    With e = exp(eta - theta_j), c = exp(theta_j - theta_{j-1}) > 1, s = 1 + e and
    t = 1 + c e: P = F(theta_j - eta) - F(theta_{j-1} - eta) = 1/s - 1/t = e (c - 1) / (s t),
    a product of positive terms (no cancellation, c - 1 by expm1). The derivatives follow:
    f(a) / P = t / (s (c - 1)), f(b) / P = c s / (t (c - 1)), their product c / (c - 1)^2."""
    c1 = np.expm1(theta[j] - theta[j - 1])  # c - 1
    c = c1 + 1.0
    z = eta - theta[j]
    e = np.exp(z)
    ce = c * e
    total = float(np.add.reduce(wc))
    ll = float(wc @ (z - np.log1p(e) - np.log1p(ce))) + np.log(c1) * total
    if sums is None:
        return ll, None
    s = 1.0 + e
    t = 1.0 + ce
    u1 = t / (s * c1)  # f(a) / P
    u0 = (c / c1) * (s / t)  # f(b) / P
    h_uu = u1 * ((e - 1.0) / s - u1)
    h_ll = -u0 * ((ce - 1.0) / t + u0)
    h_ul = c / (c1 * c1)  # u1 u0, the same for every row
    sums.g_t[j] += wc @ u1
    sums.g_t[j - 1] -= wc @ u0
    sums.i_tt[j, j] -= wc @ h_uu
    sums.i_tt[j - 1, j - 1] -= wc @ h_ll
    sums.i_tt[j - 1, j] -= h_ul * total
    cols = np.empty((eta.size, 3), order="F")
    np.multiply(wc, u0 - u1, out=cols[:, 0])
    np.multiply(wc, h_uu + h_ul, out=cols[:, 1])
    np.multiply(wc, h_ll + h_ul, out=cols[:, 2])
    return ll, (cols, (j, j - 1), -(h_uu + (2.0 * h_ul + h_ll)))


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
    ll, score, info, _ = _evaluate(X, bounds, w, beta, theta, derivatives, chunk)
    return ll, score, info


def _evaluate(
    X: np.ndarray,
    bounds: np.ndarray,
    w: np.ndarray,
    beta: np.ndarray,
    theta: np.ndarray,
    derivatives: bool = True,
    chunk: int = CHUNK_ROWS,
    watch: bool = False,
) -> tuple[float, np.ndarray | None, np.ndarray | None, float]:
    """:func:`evaluate`, and with ``watch`` the spread of the linear predictor (max - min of
    x'beta; 0.0 without ``watch``)."""
    p = X.shape[1]
    k1 = theta.size
    ll = 0.0
    lo, hi = np.inf, -np.inf
    sums = _Sums(p, k1) if derivatives else None
    with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
        for j in range(k1 + 1):
            for s in range(int(bounds[j]), int(bounds[j + 1]), chunk):
                e = min(s + chunk, int(bounds[j + 1]))
                xc = X[s:e]
                wc = w[s:e]
                eta = xc @ beta if p else np.zeros(e - s)
                if watch:
                    lo, hi = min(lo, float(eta.min())), max(hi, float(eta.max()))
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
    spread = hi - lo if hi >= lo else 0.0
    if sums is None:
        return ll, None, None, spread
    score, info = sums.result()
    return ll, score, info, spread


def spd_solve(A: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    """Solve ``A @ x = b`` for a symmetric positive definite ``A`` by Cholesky (LAPACK potrf
    and potrs); None when ``A`` is not positive definite or the solution is not finite."""
    chol, info = lapack.dpotrf(A, lower=1, clean=0)
    if info != 0:
        return None
    x, info = lapack.dpotrs(chol, b, lower=1)
    return x if info == 0 and np.all(np.isfinite(x)) else None


def _newton_step(info: np.ndarray, score: np.ndarray) -> np.ndarray | None:
    """Solve ``info @ step = score``; None when ``info`` is not positive definite."""
    return spd_solve(info, score)


def _line_search(X, bounds, w, beta, theta, step, ll, watch: bool) -> tuple | None:
    """The Newton step, halved until the thresholds stay increasing and the log-likelihood
    does not fall: ``(beta, theta, (loglik, score, information, spread))`` there (spread
    with ``watch``, see :func:`_evaluate`), or None when no step of at least 1e-10 of it
    qualifies."""
    p = beta.size
    t = 1.0
    while t >= 1e-10:
        cand_b = beta + t * step[:p]
        cand_t = theta + t * step[p:]
        if np.all(np.diff(cand_t) > 0):
            at = _evaluate(X, bounds, w, cand_b, cand_t, watch=watch)
            if np.isfinite(at[0]) and at[0] >= ll - 1e-12 * abs(ll):
                return cand_b, cand_t, at
        t *= 0.5
    return None


def _final_step(X, bounds, w, beta, theta, step, ll) -> tuple | None:
    """The full Newton step, checked by the log-likelihood alone: ``(beta, theta, loglik)``,
    or None when the thresholds would cross or the log-likelihood would fall."""
    p = beta.size
    cand_b, cand_t = beta + step[:p], theta + step[p:]
    if not np.all(np.diff(cand_t) > 0):
        return None
    ll_c = _evaluate(X, bounds, w, cand_b, cand_t, derivatives=False)[0]
    if not (np.isfinite(ll_c) and ll_c >= ll):
        return None
    return cand_b, cand_t, ll_c


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
    gain_tol: float = 0.0,
    last_gain: float = 0.0,
) -> CumulativeFit:
    """Maximise the cumulative logit likelihood by Newton-Raphson with step halving.

    Starts at beta = 0 and the thresholds-only solution (the logits of the cumulative level
    shares). Converged when the largest Newton step is below ``tol``; the reported point is the
    one where the score and information were evaluated. From the fourth iteration on, the
    spread of the linear predictor (max - min of x'beta over the rows) is watched: when it
    exceeds ``max_spread`` on the logit scale and is still growing, the coefficients are
    running off to infinity, the signature of (quasi-)complete separation, and the loop stops
    with ``failure="diverging"``. ``start`` = (beta, theta) replaces the default start.

    ``gain_tol`` > 0, for callers that need the log-likelihood rather than the estimates, also
    stops (converged) where no parameter would move by more than 0.01 (coefficients running
    off to infinity take steps of order one, so separation still fails) and the next Newton
    step would raise the log-likelihood by at most ``gain_tol`` (its predicted gain,
    score'step / 2, near the maximum the distance to it). A step predicted to gain at most
    ``last_gain`` (> ``gain_tol``) is then taken as the last, checked by the log-likelihood
    alone (the reported score and information are those before it): near the maximum the
    gain left after a Newton step is of the order of the square of the gain before it divided
    by the number of responses, so ``last_gain`` can be far above ``gain_tol``.
    """
    p = X.shape[1]
    beta = np.zeros(p)
    theta = null_thresholds(level_weights)
    if start is not None:
        beta, theta = np.array(start[0], dtype=float), np.array(start[1], dtype=float)
    ll, score, info, spread = _evaluate(X, bounds, w, beta, theta)
    iterations, failure, converged = 0, "", False
    while True:
        step = _newton_step(info, score)
        if step is None:
            failure = "singular"
            break
        largest = np.max(np.abs(step), initial=0.0)
        gain = 0.5 * float(score @ step) if gain_tol > 0 and largest <= 0.01 else np.inf
        if largest <= tol or gain <= gain_tol:
            converged = True
            break
        if iterations >= max_iter:
            failure = "max_iter"
            break
        last = _final_step(X, bounds, w, beta, theta, step, ll) if gain <= last_gain else None
        if last is not None:
            beta, theta, ll = last
            iterations, converged = iterations + 1, True
            break
        # the spread is watched from the third iteration on
        moved = _line_search(X, bounds, w, beta, theta, step, ll, watch=iterations >= 2)
        if moved is None:
            failure = "no_progress"
            break
        previous = spread
        beta, theta, (ll, score, info, spread) = moved
        iterations += 1
        if p and iterations >= 4 and spread > max_spread and spread - previous > 0.1:
            failure = "diverging"
            break
    return CumulativeFit(beta, theta, ll, score, info, converged, iterations, failure)


@dataclass(frozen=True, eq=False)
class BinaryFit:
    """Weighted binary logit fitted by IRLS (first column of the design is the intercept)."""

    coef: np.ndarray
    cov: np.ndarray
    fitted: np.ndarray
    converged: bool


def fit_binary_logit(
    Xi: np.ndarray, z: np.ndarray, w: np.ndarray, *, tol: float = 1e-10, max_iter: int = 60
) -> BinaryFit:
    """Newton (= IRLS) for ``logit P(z = 1) = Xi @ coef`` with frequency weights ``w``."""
    coef = np.zeros(Xi.shape[1])
    zbar = float(w @ z) / float(w.sum())
    coef[0] = np.log(zbar) - np.log1p(-zbar)
    converged = False
    for _ in range(max_iter):
        pi, _ = _logistic_pair(Xi @ coef)
        info = Xi.T @ (Xi * (w * pi * (1.0 - pi))[:, None])
        step = _newton_step(info, Xi.T @ (w * (z - pi)))
        if step is None:
            break
        coef = coef + step
        if np.max(np.abs(step)) <= tol:
            converged = True
            break
    pi, _ = _logistic_pair(Xi @ coef)
    info = Xi.T @ (Xi * (w * pi * (1.0 - pi))[:, None])
    try:
        cov = np.linalg.inv(info)
    except np.linalg.LinAlgError:
        cov = np.full_like(info, np.nan)
        converged = False
    return BinaryFit(coef, cov, pi, converged)

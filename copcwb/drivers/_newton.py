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

"""Starting estimates for a cumulative logit model with covariates left out of a fitted one.

In the latent form of the model, y* = x'beta + e with e logistic (variance pi^2 / 3), leaving
out covariates z keeps their linear regression on the remaining covariates x in the linear
predictor (z'b ~ a + x'A'b: the thresholds move by a'b, the kept coefficients by A'b) and
adds the variance they leave, b' Var(z | x) b, to the error; the logit scale then shrinks
every coefficient and threshold by sqrt(1 + b' Var(z | x) b / (pi^2 / 3)), the attenuation
of leaving a covariate out of a logit model. Regressions use the weighted second moments of
the design, computed once.

That approximation is made exact to first order by the same approximation one model up:
when the larger model T has a fitted parent C = T + c whose model without z, B = C - z,
is fitted too, ``start(T - z) = approx(T - z) + fit(B) - approx(B)``. What the approximation
misses when z leaves C it mostly misses when z leaves T as well.
"""

from __future__ import annotations

import numpy as np

from copcwb.drivers._newton import spd_solve

LOGISTIC_VARIANCE = np.pi**2 / 3.0


def second_moments(X: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted second moments of ``[1, X]`` (w-weighted means of products), (p+1, p+1)."""
    Xa = np.column_stack([np.ones(X.shape[0]), X])
    return (Xa * (w / w.sum())[:, None]).T @ Xa


def without(
    moments: np.ndarray,
    coef: np.ndarray,
    theta: np.ndarray,
    kept: list[int],
    dropped: list[int],
) -> tuple[np.ndarray, np.ndarray]:
    """Approximate estimates of the model without the design columns ``dropped`` from those
    of the model with them (``coef`` over all design columns; ``kept`` are the other columns
    of the model). Returns ``(coef, theta)`` in the same layout, zero on ``dropped``."""
    idx = np.array([0, *(c + 1 for c in kept)])
    dropped_b = np.zeros(moments.shape[0])
    dropped_b[[c + 1 for c in dropped]] = coef[dropped]
    cross = moments @ dropped_b  # E[(1, x) z'b]
    shift = spd_solve(moments[idx[:, None], idx], cross[idx])
    if shift is None:  # kept columns collinear in these moments: no carry-over
        shift = np.zeros(idx.size)
    residual = float(dropped_b @ cross - cross[idx] @ shift)  # b' Var(z | x) b
    scale = np.sqrt(1.0 + max(residual, 0.0) / LOGISTIC_VARIANCE)
    out = np.zeros_like(coef)
    out[kept] = (coef[kept] + shift[1:]) / scale
    return out, (theta - shift[0]) / scale


def corrected(
    approx: tuple[np.ndarray, np.ndarray],
    fitted_up: tuple[np.ndarray, np.ndarray],
    approx_up: tuple[np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """``approx`` plus the error the same approximation made one model up (``fitted_up`` -
    ``approx_up``), or ``approx`` alone when that would leave the thresholds not increasing."""
    theta = approx[1] + fitted_up[1] - approx_up[1]
    if not np.all(np.diff(theta) > 0):
        return approx
    return approx[0] + fitted_up[0] - approx_up[0], theta


def walk_order(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, term_cols: list[list[int]]
) -> list[int]:
    """The driver terms from the least to the most useful in a linear regression of the
    outcome codes ``y`` on the design ``X`` (weights ``w``): the usefulness of term j is the
    residual variance its removal adds, b_j' [(S^-1)_jj]^-1 b_j, with b the coefficients and
    S the covariance of the design. Leaving a useless driver out barely moves the others, so
    the approximation of :func:`without` is closest for the drivers the walk leaves out most
    often: those of lowest index."""
    moments = second_moments(np.column_stack([X, y.astype(float)]), w)
    mean = moments[0, 1:]
    cov = moments[1:, 1:] - np.outer(mean, mean)
    p = X.shape[1]
    precision = np.linalg.inv(cov[:p, :p])
    b = precision @ cov[:p, p]
    usefulness = []
    for cols in term_cols:
        block = np.linalg.inv(precision[np.ix_(cols, cols)])
        usefulness.append(float(b[cols] @ block @ b[cols]))
    return sorted(range(len(term_cols)), key=lambda j: (usefulness[j], j))

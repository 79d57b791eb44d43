"""Top-box and bottom-box probabilities of a fitted ordinal model, with their gradients.

With ``logit P(Y <= k) = theta_k - x'beta`` (F the logistic cdf, f its density):

* top box (the ``n_top`` highest levels): P(Y > m) = F(x'beta - theta_m), m = K - 1 - n_top;
  d/dbeta = f x, d/dtheta_m = -f.
* bottom box (the ``n_bottom`` lowest levels): P(Y <= m) = F(theta_m - x'beta),
  m = n_bottom - 1; d/dbeta = -f x, d/dtheta_m = f.

Averages over respondents are weighted; gradients are with respect to (beta, theta), the
parameter order of ``OrdinalLogitResult.cov``, for delta-method intervals.
"""

from __future__ import annotations

import numpy as np
from scipy import special


def box_threshold(n_levels: int, n_box: int, which: str) -> int:
    """Index of the threshold that bounds a top or bottom box of ``n_box`` levels."""
    if not 1 <= n_box <= n_levels - 1:
        raise ValueError(
            f"{which}-box of {n_box} level(s) is not possible with {n_levels} outcome levels"
        )
    return n_levels - 1 - n_box if which == "top" else n_box - 1


def mean_box(
    beta: np.ndarray,
    theta: np.ndarray,
    X: np.ndarray,
    w: np.ndarray,
    n_box: int,
    which: str,
) -> tuple[float, np.ndarray]:
    """Weighted mean probability of the box over the rows of ``X`` and its gradient."""
    K = theta.size + 1
    m = box_threshold(K, n_box, which)
    eta = X @ beta
    z = eta - theta[m] if which == "top" else theta[m] - eta
    prob = special.expit(z)
    dens = prob * (1.0 - prob)
    wsum = float(w.sum())
    sign = 1.0 if which == "top" else -1.0
    grad = np.zeros(beta.size + theta.size)
    grad[: beta.size] = sign * (X.T @ (w * dens)) / wsum
    grad[beta.size + m] = -sign * float(w @ dens) / wsum
    return float(w @ prob) / wsum, grad


def row_box(
    beta: np.ndarray,
    theta: np.ndarray,
    X: np.ndarray,
    n_box: int,
    which: str,
    z_crit: float,
    cov: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Box probability for each row of ``X`` with a delta-method interval on the logit scale."""
    K = theta.size + 1
    m = box_threshold(K, n_box, which)
    eta = X @ beta
    sign = 1.0 if which == "top" else -1.0
    z = sign * (eta - theta[m])
    G = np.zeros((X.shape[0], beta.size + theta.size))
    G[:, : beta.size] = sign * X
    G[:, beta.size + m] = -sign
    se = np.sqrt(np.einsum("ij,jk,ik->i", G, cov, G))
    return special.expit(z), special.expit(z - z_crit * se), special.expit(z + z_crit * se)


def row_box_gradient(
    beta: np.ndarray, theta: np.ndarray, X: np.ndarray, n_box: int, which: str
) -> tuple[np.ndarray, np.ndarray]:
    """Box probability of each row of ``X`` and its gradient (rows, beta then theta)."""
    K = theta.size + 1
    m = box_threshold(K, n_box, which)
    sign = 1.0 if which == "top" else -1.0
    prob = special.expit(sign * (X @ beta - theta[m]))
    dens = prob * (1.0 - prob)
    G = np.zeros((X.shape[0], beta.size + theta.size))
    G[:, : beta.size] = sign * dens[:, None] * X
    G[:, beta.size + m] = -sign * dens
    return prob, G

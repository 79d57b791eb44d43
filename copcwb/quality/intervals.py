"""Wilson score intervals for a proportion and the sample size for a margin of error.

Wilson interval for x successes in n trials, p = x/n, z = Phi^-1(1 - (1-c)/2):

    centre    = (p + z^2 / (2n)) / (1 + z^2/n)
    half      = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2 / (4 n^2))
    (low, high) = centre -/+ half

Unlike the normal approximation it stays inside [0, 1] near 100 % accuracy.

Sample size for a margin E at confidence c with planning proportion p:

    n0 = z^2 p (1-p) / E^2,   finite population N:  n = n0 / (1 + (n0 - 1)/N),

rounded up (and never above N).
"""

from __future__ import annotations

import math

import numpy as np


def z_value(confidence: float) -> float:
    """Two-sided normal quantile for a confidence level (0.95 -> 1.959964)."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (e.g. 0.95), got {confidence!r}")
    from scipy.stats import norm

    return float(norm.ppf(1 - (1 - confidence) / 2))


def wilson_arrays(
    successes: np.ndarray, n: np.ndarray, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised Wilson interval: arrays of lower and upper bounds (NaN where n == 0)."""
    z = z_value(confidence)
    x = np.asarray(successes, dtype=float)
    m = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / m
        z2n = z * z / m
        centre = (p + z2n / 2) / (1 + z2n)
        half = z / (1 + z2n) * np.sqrt(p * (1 - p) / m + z * z / (4 * m * m))
    low = np.clip(centre - half, 0.0, 1.0)
    high = np.clip(centre + half, 0.0, 1.0)
    low = np.where(x <= 0, 0.0, low)
    high = np.where(x >= m, 1.0, high)
    bad = ~(m > 0)
    return np.where(bad, np.nan, low), np.where(bad, np.nan, high)


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval (low, high) for ``successes`` out of ``n``.

    Raises ValueError unless n >= 1 and 0 <= successes <= n (whole numbers).
    """
    for name, value in (("successes", successes), ("n", n)):
        if isinstance(value, bool) or float(value) != math.floor(float(value)):
            raise ValueError(f"{name} must be a whole number, got {value!r}")
    if n < 1 or not 0 <= successes <= n:
        raise ValueError(f"need n >= 1 and 0 <= successes <= n, got successes={successes}, n={n}")
    low, high = wilson_arrays(np.array([successes]), np.array([n]), confidence)
    return float(low[0]), float(high[0])


def sample_size(
    margin: float, confidence: float = 0.95, p: float = 0.5, population: int | None = None
) -> int:
    """Monitored transactions needed for a margin of error ``margin`` (e.g. 0.05 = +/-5 pts).

    n0 = z^2 p(1-p)/margin^2; with ``population`` N (transactions in the period),
    n = n0 / (1 + (n0-1)/N); rounded up, at most N. p = 0.5 is the conservative
    planning value; an expected accuracy such as 0.95 needs fewer.
    """
    if not 0 < margin < 1:
        raise ValueError(f"margin must be a share between 0 and 1 (e.g. 0.05), got {margin!r}")
    if not 0 < p < 1:
        raise ValueError(f"p must be strictly between 0 and 1, got {p!r}")
    if population is not None and (isinstance(population, bool) or population < 1):
        raise ValueError(f"population must be a positive count, got {population!r}")
    z = z_value(confidence)
    n0 = z * z * p * (1 - p) / (margin * margin)
    n = n0 if population is None else n0 / (1 + (n0 - 1) / population)
    needed = math.ceil(round(n, 9))
    return min(needed, int(population)) if population is not None else needed


def achieved_margin(
    n: np.ndarray, confidence: float = 0.95, p: float = 0.5, population: np.ndarray | None = None
) -> np.ndarray:
    """Margin of error reached with ``n`` monitored transactions (the inverse of
    :func:`sample_size`): z sqrt(p(1-p)/n) times sqrt((N-n)/(N-1)) when N is given."""
    z = z_value(confidence)
    m = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        margin = z * np.sqrt(p * (1 - p) / m)
        if population is not None:
            pop = np.asarray(population, dtype=float)
            fpc = np.sqrt(np.clip((pop - m) / (pop - 1), 0.0, None))
            margin = np.where(np.isfinite(pop) & (pop > 1), margin * fpc, margin)
    return np.where(m > 0, margin, np.nan)

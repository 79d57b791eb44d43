"""Funnel-plot limits: the range of error rates an agent with n monitored transactions
shows by chance alone when every agent has the program's process rate p.

The limits are exact binomial quantiles, two-sided, as rates: for a level c, lower =
F^-1((1 - c) / 2; n, p) / n and upper = F^-1((1 + c) / 2; n, p) / n, where F^-1 is the
binomial quantile function (the smallest k with P(X <= k) >= q). An agent is "above" when
its error count exceeds the upper 99.8% count, "below" when it is under the lower one
(Spiegelhalter, "Funnel plots for comparing institutional performance", Stat Med 2005).
"""

from __future__ import annotations

import numpy as np
from scipy import stats

LEVELS = (0.95, 0.998)


def limit_counts(n: np.ndarray, p: float, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper limit counts of Binomial(n, p) at the two-sided ``level``."""
    n = np.asarray(n, dtype=float)
    lower = stats.binom.ppf((1.0 - level) / 2.0, n, p)
    upper = stats.binom.ppf((1.0 + level) / 2.0, n, p)
    return lower, upper


def limits(n: np.ndarray, p: float, level: float) -> tuple[np.ndarray, np.ndarray]:
    """The limits of :func:`limit_counts` as rates (counts / n)."""
    lower, upper = limit_counts(n, p, level)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return lower / n, upper / n


def flags(errors: np.ndarray, n: np.ndarray, p: float, level: float = LEVELS[-1]) -> np.ndarray:
    """ "above" where the count exceeds the upper limit count, "below" where it is under
    the lower one, else None (object array)."""
    lower, upper = limit_counts(n, p, level)
    out = np.full(len(np.asarray(n)), None, dtype=object)
    out[np.asarray(errors) > upper] = "above"
    out[np.asarray(errors) < lower] = "below"
    return out


def curve(n_max: int, p: float, level: float, points: int = 200) -> tuple[np.ndarray, ...]:
    """n, lower and upper rates of the funnel from 1 to ``n_max`` transactions, for a plot."""
    n = np.unique(np.geomspace(1, max(n_max, 2), points).round().astype(int))
    lower, upper = limits(n, p, level)
    return n, lower, upper

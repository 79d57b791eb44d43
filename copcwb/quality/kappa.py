"""Agreement beyond chance of a panel of ratings, by ``statsmodels.stats.inter_rater``.

``ratings`` is a (subjects x raters) array of category codes 0..k-1, every subject rated
by every column:

- Fleiss' kappa (Fleiss 1971), ``fleiss_kappa`` on the table of ``aggregate_raters``: any
  number m >= 2 of raters per subject, who need not be the same people from one subject
  to the next. Its confidence interval is a percentile bootstrap over subjects (the
  table's rows drawn with replacement, ``n_boot`` times from ``seed``); a resample in
  which every rating falls in one category has no kappa and is skipped.
- Cohen's kappa (Cohen 1960), ``cohens_kappa`` on the table of ``to_table``: exactly two
  raters, column 0 always the one and column 1 always the other. Its interval is
  kappa +/- z * ASE, with statsmodels' large-sample standard error (Fleiss, Cohen &
  Everitt 1969).

Observed agreement is the mean over subjects of the share of rater pairs that agree,
P_i = (sum_j n_ij^2 - m) / (m (m - 1)) (Fleiss 1971); for two raters it is the share of
subjects they rate alike. Kappa is undefined (NaN) when every rating falls in one
category: agreement expected by chance is then 1. Intervals are clipped to -1..1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class Kappa:
    """A kappa with its interval: ``method`` "fleiss" or "cohen"; ``ci_method``
    "bootstrap" or "asymptotic"."""

    kappa: float
    ci_low: float
    ci_high: float
    observed_agreement: float
    method: str
    ci_method: str


def category_counts(ratings: np.ndarray, n_categories: int) -> np.ndarray:
    """Subjects x categories: how many raters put each subject in each category."""
    from statsmodels.stats.inter_rater import aggregate_raters

    return aggregate_raters(np.asarray(ratings, dtype=int), n_cat=n_categories)[0]


def observed_agreement(counts: np.ndarray) -> float:
    """Mean share of agreeing rater pairs per subject (``counts`` from category_counts)."""
    m = counts.sum(axis=1)
    return float(np.mean(((counts**2).sum(axis=1) - m) / (m * (m - 1))))


def _one_category(counts: np.ndarray) -> bool:
    return int((counts.sum(axis=0) > 0).sum()) < 2


def _fleiss(counts: np.ndarray) -> float:
    from statsmodels.stats.inter_rater import fleiss_kappa

    return np.nan if _one_category(counts) else float(fleiss_kappa(counts, method="fleiss"))


def _z(confidence: float) -> float:
    return float(stats.norm.ppf(0.5 + confidence / 2))


def _clip(value: float) -> float:
    return float(np.clip(value, -1.0, 1.0)) if np.isfinite(value) else np.nan


def fleiss(
    ratings: np.ndarray,
    n_categories: int,
    *,
    confidence: float = 0.95,
    n_boot: int = 1000,
    seed: int = 0,
) -> Kappa:
    """Fleiss' kappa of ``ratings`` with its percentile bootstrap interval."""
    counts = category_counts(ratings, n_categories)
    kappa = _fleiss(counts)
    low = high = np.nan
    if np.isfinite(kappa) and n_boot > 0:
        rng = np.random.default_rng(seed)
        draws = rng.integers(0, len(counts), size=(n_boot, len(counts)))
        boot = np.array([_fleiss(counts[d]) for d in draws])
        boot = boot[np.isfinite(boot)]
        if len(boot):
            tail = (1 - confidence) / 2 * 100
            low, high = np.percentile(boot, [tail, 100 - tail])
    return Kappa(kappa, _clip(low), _clip(high), observed_agreement(counts), "fleiss", "bootstrap")


def cohen(ratings: np.ndarray, n_categories: int, *, confidence: float = 0.95) -> Kappa:
    """Cohen's kappa of the two columns of ``ratings`` with its asymptotic interval."""
    from statsmodels.stats.inter_rater import cohens_kappa, to_table

    ratings = np.asarray(ratings, dtype=int)
    counts = category_counts(ratings, n_categories)
    agreement = observed_agreement(counts)
    if _one_category(counts):
        return Kappa(np.nan, np.nan, np.nan, agreement, "cohen", "asymptotic")
    table = to_table(ratings, bins=n_categories)[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        fit = cohens_kappa(table)
    kappa, half = float(fit.kappa), _z(confidence) * float(fit.std_kappa)
    return Kappa(kappa, _clip(kappa - half), _clip(kappa + half), agreement, "cohen", "asymptotic")

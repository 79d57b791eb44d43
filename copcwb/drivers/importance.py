"""Relative importance of drivers: general dominance (Shapley) weights of McFadden's R2.

For p drivers the ordinal model is fitted on every one of the 2^p subsets of drivers (cached,
each fit being a few Newton steps). A driver's general dominance weight is its marginal
contribution to McFadden's R2, averaged first over the subsets of each size and then over
the sizes (Budescu 1993; Azen and Traxel 2009); this equals the Shapley value of R2, so the
weights add up to the R2 of the full model. Normalised to 100% they give each driver's share
of the explained variation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from math import comb

import numpy as np
import pandas as pd

from copcwb.drivers._design import Design, as_names, build_design, column_checks
from copcwb.drivers._newton import fit_cumulative_logit, level_bounds, null_loglik
from copcwb.drivers.ordinal import _z_crit
from copcwb.errors import AnalysisError


@dataclass(frozen=True, eq=False)
class ImportanceResult:
    """Dominance analysis of the drivers of an ordinal outcome.

    Attributes: ``outcome``, ``drivers``, ``r2_full`` (McFadden R2 of the model with all
    drivers), ``nobs``, ``table`` (see :meth:`summary`), ``conditional`` (DataFrame indexed
    by driver, one column per number of other drivers already in the model, 0..p-1: the mean
    R2 gained by adding the driver to models of that size), ``n_boot`` (bootstrap replicates
    used), ``confidence``, ``seed``.
    """

    outcome: str
    drivers: tuple[str, ...]
    r2_full: float
    nobs: float
    table: pd.DataFrame
    conditional: pd.DataFrame
    n_boot: int
    confidence: float
    seed: int | None

    def summary(self) -> pd.DataFrame:
        """One row per driver, most important first. Columns: ``driver``, ``r2_contribution``
        (general dominance weight; they sum to ``r2_full``), ``importance_pct`` (share of
        ``r2_full``, sums to 100), ``ci_low``, ``ci_high`` (bootstrap percentile interval of
        ``importance_pct``; NaN without bootstrap), ``rank`` (1 = most important)."""
        return self.table.copy()

    def plot(self, ax=None):
        """Horizontal bars of ``importance_pct`` with bootstrap intervals; returns the Axes."""
        import matplotlib.pyplot as plt

        t = self.table.iloc[::-1]
        if ax is None:
            _, ax = plt.subplots(figsize=(6, 0.4 * len(t) + 1))
        xerr = None
        if self.n_boot:
            xerr = [t["importance_pct"] - t["ci_low"], t["ci_high"] - t["importance_pct"]]
        ax.barh(t["driver"], t["importance_pct"], xerr=xerr, capsize=3, color="#4C72B0")
        ax.set_xlabel(f"share of McFadden R2 = {self.r2_full:.3f} (%)")
        ax.set_title(f"Driver importance for '{self.outcome}'")
        return ax


def _subset_r2(design: Design, term_cols: list[list[int]], w: np.ndarray) -> np.ndarray:
    """McFadden R2 of every subset of terms (index = bitmask over terms)."""
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
    for mask in range(1, 1 << p):
        cols = [c for j in range(p) if mask >> j & 1 for c in term_cols[j]]
        X = np.asfortranarray(design.X[:, cols])
        parent_coef, parent_theta = starts[mask & ~(1 << (mask.bit_length() - 1))]
        start = None
        if parent_theta is not None:
            start = (np.array([parent_coef.get(c, 0.0) for c in cols]), parent_theta)
        fit = fit_cumulative_logit(X, bounds, w, level_w, start=start)
        if fit.failure and start is not None:
            fit = fit_cumulative_logit(X, bounds, w, level_w)
        if fit.failure:
            names = [design.spec.terms[j].name for j in range(p) if mask >> j & 1]
            raise AnalysisError(
                f"the ordinal model on drivers {names} cannot be estimated (separation or a "
                "singular information matrix). Fix: drop or recode the offending driver; "
                "ordinal_logit on the same drivers names it"
            )
        r2[mask] = 1.0 - fit.loglik / ll0
        if mask < (1 << (p - 1)):  # only subsets without the last driver are ever parents
            starts[mask] = (dict(zip(cols, fit.beta, strict=True)), fit.theta)
    return r2


def _dominance(r2: np.ndarray, p: int) -> tuple[np.ndarray, np.ndarray]:
    """General dominance weights (p,) and conditional dominance (p, p) from subset R2s."""
    cond = np.zeros((p, p))
    sizes = np.array([bin(m).count("1") for m in range(1 << p)])
    for j in range(p):
        bit = 1 << j
        for m in range(1 << p):
            if m & bit:
                continue
            cond[j, sizes[m]] += r2[m | bit] - r2[m]
        for k in range(p):
            cond[j, k] /= comb(p - 1, k)
    return cond.mean(axis=1), cond


def driver_importance(
    data: pd.DataFrame,
    outcome: str,
    drivers: str | Iterable[str],
    *,
    weights: str | None = None,
    n_boot: int = 0,
    confidence: float = 0.95,
    seed: int | None = 0,
    max_drivers: int = 14,
) -> ImportanceResult:
    """General dominance (Shapley) decomposition of McFadden's R2 over ``drivers``.

    Fits the ordinal model of :func:`copcwb.drivers.ordinal_logit` on all 2^p subsets of the
    drivers (a categorical driver counts as one driver, all its dummies together). With
    ``n_boot > 0`` respondents are resampled ``n_boot`` times (seeded; frequency weights
    resampled as counts) and the whole decomposition is repeated, giving percentile intervals
    of each driver's share; this costs ``n_boot`` times the fits. Rows with a missing value
    are dropped first (listwise), so every subset is fitted on the same respondents.

    Returns an :class:`ImportanceResult`; its ``summary()`` has columns ``driver``,
    ``r2_contribution``, ``importance_pct``, ``ci_low``, ``ci_high``, ``rank``.
    """
    names = as_names(drivers)
    if not names:
        raise ValueError("give at least one driver")
    if len(names) > max_drivers:
        raise ValueError(
            f"{len(names)} drivers need {2 ** len(names)} model fits; at most {max_drivers} "
            "are allowed (raise max_drivers if you accept the run time, or group drivers)"
        )
    if n_boot < 0:
        raise ValueError(f"n_boot must be >= 0, got {n_boot}")
    zc = _z_crit(confidence)  # validates confidence
    del zc
    design = build_design(data, outcome, names, weights=weights)
    column_checks(design.X, design.w, design.spec)
    term_cols: list[list[int]] = []
    start = 0
    for term in design.spec.terms:
        term_cols.append(list(range(start, start + len(term.columns))))
        start += len(term.columns)
    p = len(term_cols)
    r2 = _subset_r2(design, term_cols, design.w)
    general, cond = _dominance(r2, p)
    r2_full = float(r2[-1])
    pct = 100.0 * general / r2_full if r2_full > 0 else np.full(p, np.nan)

    lo = np.full(p, np.nan)
    hi = np.full(p, np.nan)
    done = 0
    if n_boot:
        rng = np.random.default_rng(seed)
        total = int(round(design.w.sum()))
        prob = design.w / design.w.sum()
        draws = []
        for _ in range(n_boot):
            wb = rng.multinomial(total, prob).astype(float)
            try:
                rb = _subset_r2(design, term_cols, wb)
            except AnalysisError:
                continue
            gb, _ = _dominance(rb, p)
            draws.append(100.0 * gb / rb[-1])
        done = len(draws)
        if done:
            alpha = 1.0 - confidence
            arr = np.asarray(draws)
            lo = np.quantile(arr, alpha / 2, axis=0)
            hi = np.quantile(arr, 1 - alpha / 2, axis=0)

    driver_names = [t.name for t in design.spec.terms]
    table = pd.DataFrame(
        {
            "driver": driver_names,
            "r2_contribution": general,
            "importance_pct": pct,
            "ci_low": lo,
            "ci_high": hi,
        }
    )
    table = table.sort_values("r2_contribution", ascending=False, kind="stable")
    table["rank"] = np.arange(1, p + 1)
    table = table.reset_index(drop=True)
    conditional = pd.DataFrame(cond, index=pd.Index(driver_names, name="driver"))
    conditional.columns = pd.Index(range(p), name="n_other_drivers")
    return ImportanceResult(
        outcome=outcome,
        drivers=tuple(driver_names),
        r2_full=r2_full,
        nobs=float(design.w.sum()),
        table=table,
        conditional=conditional,
        n_boot=done,
        confidence=confidence,
        seed=seed,
    )

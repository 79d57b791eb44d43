"""Relative importance of drivers: general dominance (Shapley) weights of McFadden's R2.

For p drivers the ordinal model is fitted on every one of the 2^p subsets of drivers
(:mod:`copcwb.drivers._subsets`: each fit on the distinct covariate patterns of its model,
from close starting estimates, in two or three Newton steps). A driver's general dominance
weight is its marginal contribution to McFadden's R2, averaged first over the subsets of
each size and then over the sizes (Budescu 1993; Azen and Traxel 2009); this equals the
Shapley value of R2, so the weights add up to the R2 of the full model. Normalised to 100%
they give each driver's share of the explained variation.

Controls (covariates such as program or channel) are kept in every subset model, as Stata's
``domin ..., all()`` and R's ``domir(.all = )`` do: the weights then share out only the R2
beyond the controls-only model, R2(full) - R2(controls).
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from math import comb

import numpy as np
import pandas as pd

from copcwb.drivers._design import DesignSpec, as_names, build_design, column_checks
from copcwb.drivers._pool import SubsetPool, start_pool, try_subset_r2
from copcwb.drivers._subsets import SubsetModels, subset_models, subset_r2
from copcwb.drivers.ordinal import z_critical
from copcwb.errors import AnalysisError


@dataclass(frozen=True, eq=False)
class ImportanceResult:
    """Dominance analysis of the drivers of an ordinal outcome.

    Attributes: ``outcome``, ``drivers``, ``r2_full`` (McFadden R2 of the model with every
    driver and every control), ``nobs``, ``table`` (see :meth:`summary`), ``conditional``
    (DataFrame indexed by driver, one column per number of other drivers already in the
    model, 0..p-1: the mean R2 gained by adding the driver to models of that size, controls
    always in), ``n_boot`` (bootstrap replicates used), ``confidence``, ``seed``,
    ``controls`` (covariates kept in every subset model; empty without controls),
    ``r2_controls`` (McFadden R2 of the controls-only model; 0.0 without controls).
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
    controls: tuple[str, ...] = ()
    r2_controls: float = 0.0

    @property
    def r2_drivers(self) -> float:
        """The R2 the drivers share out: ``r2_full - r2_controls``."""
        return self.r2_full - self.r2_controls

    def summary(self) -> pd.DataFrame:
        """One row per driver, most important first. Columns: ``driver``, ``r2_contribution``
        (general dominance weight; they sum to ``r2_full - r2_controls``), ``importance_pct``
        (share of the drivers' total, sums to 100), ``ci_low``, ``ci_high`` (bootstrap
        percentile interval of ``importance_pct``; NaN without bootstrap), ``rank`` (1 = most
        important)."""
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
        if self.controls:
            label = f"share of McFadden R2 beyond the controls = {self.r2_drivers:.3f} (%)"
            ax.set_title(
                f"Driver importance for '{self.outcome}', "
                f"controlling for {', '.join(self.controls)}"
            )
        else:
            label = f"share of McFadden R2 = {self.r2_full:.3f} (%)"
            ax.set_title(f"Driver importance for '{self.outcome}'")
        ax.set_xlabel(label)
        return ax


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


def _shares(general: np.ndarray, r2: np.ndarray) -> np.ndarray:
    """Each driver's share (%) of the R2 the drivers add to the controls-only model."""
    total = r2[-1] - r2[0]
    return 100.0 * general / total if total > 0 else np.full(general.size, np.nan)


def _check_names(
    data: pd.DataFrame,
    drivers: str | Iterable[str],
    controls: str | Iterable[str] | None,
    max_drivers: int,
) -> tuple[list[str], list[str]]:
    """Driver and control names, checked: each column in the data and no column in both
    lists (ValueError: the call is wrong); at least one driver and no more than
    ``max_drivers`` (AnalysisError: the decomposition cannot be done on these drivers,
    which a report shows as not available)."""
    names = as_names(drivers)
    kept = [] if controls is None else as_names(controls)
    if not names:
        raise AnalysisError(
            "give at least one driver to rank (controls are only held fixed, never ranked)"
        )
    both = [c for c in kept if c in names]
    if both:
        raise ValueError(
            f"column '{both[0]}' is given both as a driver and as a control. Fix: keep it in "
            "drivers to rank it, or in controls to hold it fixed in every model, not both"
        )
    columns = getattr(data, "columns", ())
    for role, cols in (("driver", names), ("control", kept)):
        absent = [c for c in cols if c not in columns]
        if absent:
            raise ValueError(
                f"{role} '{absent[0]}' is not a column of the data (columns: "
                f"{list(columns)}). Fix: correct the name or drop it from the {role}s"
            )
    if len(names) > max_drivers:
        raise AnalysisError(
            f"{len(names)} drivers need {2 ** len(names)} model fits; at most {max_drivers} "
            "are allowed (raise max_drivers if you accept the run time, or group drivers)"
        )
    return names, kept


def _bootstrap(
    models: SubsetModels,
    n_boot: int,
    confidence: float,
    seed: int | None,
    pool: SubsetPool | None,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Percentile interval of each driver's share over ``n_boot`` resamples of the rows
    (frequency weights resampled as counts), controls kept in every subset model, the walks
    run by ``pool`` when given. Returns ``(ci_low, ci_high, replicates used)``; replicates
    whose models cannot be fitted are skipped."""
    p = models.p
    rng = np.random.default_rng(seed)
    w = models.design.w
    total = int(round(w.sum()))
    prob = w / w.sum()
    resamples = (rng.multinomial(total, prob).astype(float) for _ in range(n_boot))
    if pool is None:
        walks = (try_subset_r2(models, wb) for wb in resamples)
    else:
        walks = pool.replicates(resamples)
    draws = [_shares(_dominance(rb, p)[0], rb) for rb in walks if rb is not None]
    if not draws:
        return np.full(p, np.nan), np.full(p, np.nan), 0
    alpha = 1.0 - confidence
    arr = np.asarray(draws)
    lo = np.quantile(arr, alpha / 2, axis=0)
    hi = np.quantile(arr, 1 - alpha / 2, axis=0)
    return lo, hi, len(draws)


def _term_columns(spec: DesignSpec, n_drivers: int) -> tuple[list[list[int]], list[int]]:
    """Design columns of each driver term, and the columns of all the controls together."""
    term_cols: list[list[int]] = []
    start = 0
    for term in spec.terms:
        term_cols.append(list(range(start, start + len(term.columns))))
        start += len(term.columns)
    return term_cols[:n_drivers], [c for cols in term_cols[n_drivers:] for c in cols]


def _importance_table(
    names: list[str], general: np.ndarray, pct: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "driver": names,
            "r2_contribution": general,
            "importance_pct": pct,
            "ci_low": lo,
            "ci_high": hi,
        }
    )
    table = table.sort_values("r2_contribution", ascending=False, kind="stable")
    table["rank"] = np.arange(1, len(names) + 1)
    return table.reset_index(drop=True)


def driver_importance(
    data: pd.DataFrame,
    outcome: str,
    drivers: str | Iterable[str],
    *,
    controls: str | Iterable[str] | None = None,
    weights: str | None = None,
    n_boot: int = 0,
    seed: int | None = 0,
    confidence: float = 0.95,
    max_drivers: int = 14,
) -> ImportanceResult:
    """General dominance (Shapley) decomposition of McFadden's R2 over ``drivers``.

    Fits the ordinal model of :func:`copcwb.drivers.ordinal_logit` on all 2^p subsets of the
    drivers (a categorical driver counts as one driver, all its dummies together). Columns in
    ``controls`` (numeric or categorical, coded as ordinal_logit codes them) are kept in every
    subset model, as Stata's ``domin ..., all()`` does; the weights then share out only
    ``r2_full - r2_controls``. With ``n_boot > 0`` rows are resampled ``n_boot`` times
    (seeded; frequency weights resampled as counts) and the whole decomposition is repeated,
    giving percentile intervals of each driver's share; this costs ``n_boot`` times the fits.
    Rows with a missing outcome, driver, control or weight are dropped first (listwise), so
    every subset is fitted on the same rows.

    Returns an :class:`ImportanceResult`; its ``summary()`` has columns ``driver``,
    ``r2_contribution``, ``importance_pct``, ``ci_low``, ``ci_high``, ``rank``.
    """
    names, kept = _check_names(data, drivers, controls, max_drivers)
    if n_boot < 0:
        raise ValueError(f"n_boot must be >= 0, got {n_boot}")
    z_critical(confidence)  # validates confidence
    design = build_design(data, outcome, [*names, *kept], weights=weights)
    column_checks(design.X, design.w, design.spec)
    models = subset_models(design, *_term_columns(design.spec, len(names)))
    p = models.p
    lo, hi, done = np.full(p, np.nan), np.full(p, np.nan), 0
    pool = start_pool(models, 1 + n_boot)
    with pool or nullcontext():
        r2 = pool.estimate_r2() if pool else subset_r2(models, design.w)
        if n_boot:
            lo, hi, done = _bootstrap(models, n_boot, confidence, seed, pool)
    general, cond = _dominance(r2, p)
    driver_names = [t.name for t in design.spec.terms[:p]]
    conditional = pd.DataFrame(
        cond,
        index=pd.Index(driver_names, name="driver"),
        columns=pd.Index(range(p), name="n_other_drivers"),
    )
    return ImportanceResult(
        outcome=outcome,
        drivers=tuple(driver_names),
        r2_full=float(r2[-1]),
        nobs=float(design.w.sum()),
        table=_importance_table(driver_names, general, _shares(general, r2), lo, hi),
        conditional=conditional,
        n_boot=done,
        confidence=confidence,
        seed=seed,
        controls=tuple(t.name for t in design.spec.terms[p:]),
        r2_controls=float(r2[0]),
    )

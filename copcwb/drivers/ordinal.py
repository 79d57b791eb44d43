"""Proportional-odds (cumulative logit) regression: :func:`ordinal_logit`.

Model, in the R ``MASS::polr`` convention (no intercept, K - 1 ordered thresholds)::

    logit P(Y <= k | x) = theta_k - x'beta,    k = 1..K-1

so a positive coefficient moves respondents towards the higher outcome levels.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special

from copcwb.drivers._design import Design, DesignSpec, build_design, column_checks
from copcwb.drivers._newton import (
    fit_cumulative_logit,
    level_bounds,
    null_loglik,
)
from copcwb.errors import AnalysisError


def z_critical(confidence: float) -> float:
    """The two-sided normal critical value of a ``confidence`` interval: 1.959964 for 0.95.

    Raises ValueError unless 0 < confidence < 1.
    """
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    return float(special.ndtri(0.5 + confidence / 2.0))


def threshold_names(levels: Iterable[object]) -> list[str]:
    """Names ``"a|b"`` of the thresholds between adjacent outcome levels."""
    lv = [str(x) for x in levels]
    return [f"{a}|{b}" for a, b in zip(lv[:-1], lv[1:], strict=True)]


@dataclass(frozen=True, eq=False)
class OrdinalLogitResult:
    """A fitted proportional-odds model.

    Attributes: ``outcome``, ``predictors`` (as given), ``terms`` (design columns: numeric
    predictors as is, categorical ones as dummies named like R, e.g. ``tempwarm``),
    ``reference_levels`` (categorical predictor -> its reference level), ``levels`` (observed
    outcome levels, in order), ``coef`` (Series by term), ``thresholds`` (Series by ``"a|b"``),
    ``cov`` (covariance of terms then thresholds, from the observed information), ``loglik``,
    ``loglik_null`` (thresholds-only model, closed form), ``nobs`` (sum of frequency weights;
    rows when unweighted), ``n_rows`` (data rows used), ``n_dropped`` (rows removed by listwise
    deletion of missing values), ``dropped_levels`` (outcome levels with no responses),
    ``converged``, ``iterations``, ``max_grad`` (largest absolute score at the estimate),
    ``vif`` (DataFrame by term: predictor, vif), ``weights`` (column name or None).
    Derived: ``aic``, ``bic``, ``deviance``, ``pseudo_r2`` (McFadden, 1 - loglik/loglik_null),
    ``lr_stat``, ``lr_df``, ``lr_p_val`` (likelihood-ratio test against the thresholds-only
    model).
    """

    outcome: str
    predictors: tuple[str, ...]
    terms: tuple[str, ...]
    reference_levels: dict[str, object]
    levels: tuple
    coef: pd.Series
    thresholds: pd.Series
    cov: pd.DataFrame
    loglik: float
    loglik_null: float
    nobs: float
    n_rows: int
    n_dropped: int
    dropped_levels: tuple
    converged: bool
    iterations: int
    max_grad: float
    vif: pd.DataFrame
    weights: str | None
    spec: DesignSpec = field(repr=False)
    design: Design = field(repr=False)

    @property
    def n_params(self) -> int:
        return len(self.terms) + len(self.thresholds)

    @property
    def deviance(self) -> float:
        return -2.0 * self.loglik

    @property
    def aic(self) -> float:
        return -2.0 * self.loglik + 2.0 * self.n_params

    @property
    def bic(self) -> float:
        return -2.0 * self.loglik + np.log(self.nobs) * self.n_params

    @property
    def pseudo_r2(self) -> float:
        """McFadden's pseudo-R2: 1 - loglik / loglik of the thresholds-only model."""
        return 1.0 - self.loglik / self.loglik_null

    @property
    def lr_stat(self) -> float:
        return 2.0 * (self.loglik - self.loglik_null)

    @property
    def lr_df(self) -> int:
        return len(self.terms)

    @property
    def lr_p_val(self) -> float:
        if self.lr_df == 0:
            return float("nan")
        return float(special.chdtrc(self.lr_df, max(self.lr_stat, 0.0)))

    @property
    def se(self) -> pd.Series:
        return pd.Series(np.sqrt(np.diag(self.cov.to_numpy())), index=self.cov.index)

    @property
    def notes(self) -> list[str]:
        """Plain-language notes: reference levels, dropped rows, empty outcome levels and
        VIFs above 10."""
        out = [
            f"'{p}': reference level {ref!r} (each dummy compares its level with it)"
            for p, ref in self.reference_levels.items()
        ]
        if self.n_dropped:
            out.append(f"{self.n_dropped} row(s) dropped for missing values (listwise deletion)")
        if self.dropped_levels:
            out.append(f"outcome levels without responses left out: {list(self.dropped_levels)}")
        high = self.vif[self.vif["vif"] > 10.0]
        if len(high):
            listed = ", ".join(f"'{t}' ({v:.1f})" for t, v in high["vif"].items())
            out.append(
                f"strong collinearity, VIF above 10: {listed}; their separate effects are "
                "poorly determined"
            )
        return out

    def summary(self, confidence: float = 0.95) -> pd.DataFrame:
        """Coefficient table.

        Index ``term``: the predictors' design columns in the given order, then the thresholds
        ``"a|b"``. Columns: ``coef``, ``se``, ``z``, ``p_val`` (two-sided Wald), ``ci_low``,
        ``ci_high`` (Wald interval at ``confidence``), ``odds_ratio`` (exp(coef); NaN for
        thresholds). Reference levels are in ``.attrs["reference_levels"]``.
        """
        zc = z_critical(confidence)
        est = pd.concat([self.coef, self.thresholds])
        se = self.se.to_numpy()
        z = est.to_numpy() / se
        table = pd.DataFrame(
            {
                "coef": est.to_numpy(),
                "se": se,
                "z": z,
                "p_val": 2.0 * special.ndtr(-np.abs(z)),
                "ci_low": est.to_numpy() - zc * se,
                "ci_high": est.to_numpy() + zc * se,
                "odds_ratio": np.concatenate(
                    [np.exp(self.coef.to_numpy()), np.full(len(self.thresholds), np.nan)]
                ),
            },
            index=pd.Index(list(est.index), name="term"),
        )
        table.attrs["reference_levels"] = dict(self.reference_levels)
        return table

    def fit_stats(self) -> pd.DataFrame:
        """One-row table: nobs, n_rows, n_dropped, loglik, loglik_null, aic, bic, pseudo_r2,
        lr_stat, lr_df, lr_p_val, converged, iterations."""
        return pd.DataFrame(
            [
                {
                    "nobs": self.nobs,
                    "n_rows": self.n_rows,
                    "n_dropped": self.n_dropped,
                    "loglik": self.loglik,
                    "loglik_null": self.loglik_null,
                    "aic": self.aic,
                    "bic": self.bic,
                    "pseudo_r2": self.pseudo_r2,
                    "lr_stat": self.lr_stat,
                    "lr_df": self.lr_df,
                    "lr_p_val": self.lr_p_val,
                    "converged": self.converged,
                    "iterations": self.iterations,
                }
            ]
        )

    def linear_predictor(self, data: pd.DataFrame) -> pd.Series:
        """x'beta for each row of ``data`` (NaN where a predictor is missing or unseen)."""
        X, ok = self.spec.matrix(data)
        eta = np.full(len(data), np.nan)
        eta[ok] = X[ok] @ self.coef.to_numpy()
        return pd.Series(eta, index=data.index, name="eta")

    def predict_proba(self, data: pd.DataFrame) -> pd.DataFrame:
        """Predicted probability of each outcome level: one column per level, rows as ``data``.

        Rows with a missing predictor, or a category the model has not seen, are NaN.
        """
        eta = self.linear_predictor(data).to_numpy()
        cum = special.expit(self.thresholds.to_numpy()[None, :] - eta[:, None])
        n = len(data)
        cum = np.hstack([np.zeros((n, 1)), cum, np.ones((n, 1))])
        probs = np.diff(cum, axis=1)
        return pd.DataFrame(probs, index=data.index, columns=list(self.levels))

    def plot(self, ax=None, confidence: float = 0.95):
        """Odds ratios with their confidence intervals (log scale); returns the Axes."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6, 0.4 * max(len(self.terms), 2) + 1))
        t = self.summary(confidence).loc[list(self.terms)]
        ypos = np.arange(len(t))[::-1]
        ax.errorbar(
            np.exp(t["coef"]),
            ypos,
            xerr=[
                np.exp(t["coef"]) - np.exp(t["ci_low"]),
                np.exp(t["ci_high"]) - np.exp(t["coef"]),
            ],
            fmt="o",
            capsize=3,
        )
        ax.axvline(1.0, color="grey", lw=1, ls="--")
        ax.set_xscale("log")
        ax.set_yticks(ypos)
        ax.set_yticklabels(list(t.index))
        ax.set_xlabel(f"odds ratio of a higher '{self.outcome}' ({confidence:.0%} CI)")
        return ax


def _separation_error(
    outcome: str, terms: tuple[str, ...], beta: np.ndarray, ranges: np.ndarray, what: str
) -> AnalysisError:
    effect = np.abs(beta) * ranges
    order = np.argsort(-effect)
    suspects = [terms[j] for j in order[:3] if effect[j] > 8.0] or [terms[j] for j in order[:1]]
    named = ", ".join(f"'{t}'" for t in suspects)
    return AnalysisError(
        f"the ordinal model for '{outcome}' cannot be estimated: {what}. This is the signature "
        f"of complete or quasi-complete separation: {named} (almost) perfectly predicts the "
        "outcome level of some respondents, so the coefficients run off to infinity and the "
        f"information matrix becomes singular. Fix: drop {named}, merge its sparse categories, "
        "or merge sparse outcome levels"
    )


def ordinal_logit(
    data: pd.DataFrame,
    outcome: str,
    predictors: str | Iterable[str],
    *,
    weights: str | None = None,
    reference: Mapping[str, Hashable] | None = None,
    tol: float = 1e-8,
    max_iter: int = 50,
) -> OrdinalLogitResult:
    """Fit ``logit P(Y <= k) = theta_k - x'beta`` by Newton-Raphson (analytic derivatives).

    Parameters
    ----------
    data : DataFrame with the outcome, predictors and (optionally) weights columns.
    outcome : ordered pandas Categorical (levels in its order) or integer ratings (ascending).
    predictors : numeric columns enter as is (booleans as 0/1); string or Categorical columns
        as dummies named ``f"{column}{level}"``, the reference being the first level (the
        Categorical's first category, else the first in sorted order) unless ``reference``
        maps the column to another level.
    weights : optional column of frequency weights (counts): a row with weight 3 counts as
        three identical respondents. Aggregated counts give the same fit as expanded rows.
    tol : convergence tolerance on the largest Newton step.
    max_iter : most Newton iterations before giving up.

    Rows with a missing outcome, predictor or weight are dropped (listwise deletion) and
    counted in ``n_dropped``. Outcome levels without responses are left out.

    Raises AnalysisError when fewer than three outcome levels are observed, a predictor is
    constant, predictors are perfectly collinear, or the outcome is (quasi-)separated.
    """
    design = build_design(data, outcome, predictors, weights=weights, reference=reference)
    vif = column_checks(design.X, design.w, design.spec)
    terms = design.spec.columns
    K = len(design.levels)
    bounds = level_bounds(design.y, K)
    level_w = design.level_weights
    ranges = design.ranges
    fit = fit_cumulative_logit(design.X, bounds, design.w, level_w, tol=tol, max_iter=max_iter)
    if fit.failure:
        reason = {
            "singular": "the information matrix is not positive definite",
            "max_iter": f"Newton-Raphson did not converge in {max_iter} iterations",
            "no_progress": "Newton-Raphson could not increase the likelihood",
            "diverging": "coefficients are diverging",
        }[fit.failure]
        raise _separation_error(outcome, terms, fit.beta, ranges, reason)
    info = fit.information
    d = np.sqrt(np.diag(info))
    scaled = info / np.outer(d, d)
    if np.linalg.cond(scaled) > 1e12:
        raise _separation_error(
            outcome, terms, fit.beta, ranges, "the information matrix is numerically singular"
        )
    cov = np.linalg.inv(scaled) / np.outer(d, d)
    names = list(terms) + threshold_names(design.levels)
    return OrdinalLogitResult(
        outcome=outcome,
        predictors=tuple(t.name for t in design.spec.terms),
        terms=terms,
        reference_levels={t.name: t.reference for t in design.spec.terms if t.kind != "numeric"},
        levels=design.levels,
        coef=pd.Series(fit.beta, index=list(terms), name="coef", dtype=float),
        thresholds=pd.Series(fit.theta, index=names[len(terms) :], name="threshold"),
        cov=pd.DataFrame(cov, index=names, columns=names),
        loglik=float(fit.loglik),
        loglik_null=null_loglik(level_w),
        nobs=float(design.w.sum()),
        n_rows=design.n_rows,
        n_dropped=design.n_dropped,
        dropped_levels=design.dropped_levels,
        converged=fit.converged,
        iterations=fit.iterations,
        max_grad=float(np.max(np.abs(fit.gradient))),
        vif=vif,
        weights=weights,
        spec=design.spec,
        design=design,
    )

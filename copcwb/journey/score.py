"""A risk score for every contact: the chance of a bottom-box rating, from the checkpoints.

The proportional-odds model of ``copcwb.drivers`` is fitted on the surveyed contacts
(overall satisfaction on the checkpoint failure flags, and the program when there are
several); the chance that a contact's rating falls in the lowest ``bottom_box`` levels,

    P(Y <= level_b | x) = 1 / (1 + exp(-(theta_b - x'beta))),

is then computed in the engine for every contact of the journeys, surveyed or not. The
calibration is judged out of sample: each surveyed contact is predicted by a model fitted
without its fold (k-fold cross-validation), the contacts are ranked into ten groups
(deciles) of predicted risk, and the mean prediction of each group is set against its
observed bottom-box share (with a Wilson interval), with the Hosmer-Lemeshow statistic
(chi-square, groups - 2 degrees of freedom) and the Brier score (mean squared error).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from copcwb.drivers import OrdinalLogitResult, ordinal_logit
from copcwb.errors import AnalysisError
from copcwb.journey.rules import FAILED, q
from copcwb.journey.states import Source, contact_states, state_column
from copcwb.journey.surveyed import SurveyedJourneys, checkpoint_of
from copcwb.quality.intervals import wilson_arrays

GROUPS = 10
CALIBRATION_COLUMNS = ("group", "n", "predicted", "observed", "ci_low", "ci_high")


def _literal(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def risk_sql(model: OrdinalLogitResult, bottom_box: int) -> str:
    """SQL of a contact's bottom-box chance under ``model`` over a states view: a failure
    flag term counts when the checkpoint's state is failed; a category the model has not
    seen gives NULL (not scored)."""
    parts = []
    for term in model.spec.terms:
        if term.kind == "numeric":
            beta = float(model.coef[term.name])
            state = q(state_column(checkpoint_of(term.name)))
            parts.append(f"(CASE WHEN {state} = {FAILED} THEN {beta!r} ELSE 0.0 END)")
            continue
        column = q(term.name)
        cases = [f"WHEN {_literal(term.reference)} THEN 0.0"]
        cases += [
            f"WHEN {_literal(level)} THEN {float(model.coef[name])!r}"
            for level, name in zip(term.levels[1:], term.columns, strict=True)
        ]
        parts.append(f"(CASE {column} {' '.join(cases)} ELSE NULL END)")
    theta = float(model.thresholds.iloc[bottom_box - 1])
    eta = " + ".join(parts) if parts else "0.0"
    return f"1.0 / (1.0 + exp(-({theta!r} - ({eta}))))"


def bottom_chance(model: OrdinalLogitResult, data: pd.DataFrame, bottom_box: int) -> np.ndarray:
    """Each row's predicted chance of a rating in the lowest ``bottom_box`` levels."""
    return model.predict_proba(data).iloc[:, :bottom_box].sum(axis=1).to_numpy()


def _fold_predictions(
    data: pd.DataFrame, predictors: list[str], bottom_box: int, folds: int, seed: int
) -> np.ndarray:
    """Out-of-fold bottom-box chance of every row (``folds`` folds, drawn with ``seed``)."""
    rng = np.random.default_rng(seed)
    fold = rng.permutation(np.arange(len(data)) % folds)
    out = np.full(len(data), np.nan)
    for k in range(folds):
        train = data[fold != k]
        varying = [p for p in predictors if train[p].nunique() > 1]
        fit = ordinal_logit(train, "overall", varying)
        out[fold == k] = bottom_chance(fit, data[fold == k], bottom_box)
    return out


def calibration_table(
    predicted: np.ndarray, observed: np.ndarray, groups: int = GROUPS, confidence: float = 0.95
) -> pd.DataFrame:
    """Predicted against observed by group of predicted risk: the rows ranked by
    ``predicted`` (ties in row order) and cut into ``groups`` groups of (nearly) equal size,
    group 1 the lowest risk. Columns: group, n, predicted (mean), observed (share with the
    outcome), ci_low, ci_high (Wilson interval of the observed share)."""
    predicted, observed = np.asarray(predicted, float), np.asarray(observed, float)
    rank = np.argsort(np.argsort(predicted, kind="stable"), kind="stable")
    group = rank * groups // len(predicted) + 1
    frame = pd.DataFrame({"group": group, "p": predicted, "y": observed})
    table = frame.groupby("group").agg(n=("y", "size"), predicted=("p", "mean"), hits=("y", "sum"))
    low, high = wilson_arrays(table["hits"].to_numpy(), table["n"].to_numpy(), confidence)
    table["observed"] = table["hits"] / table["n"]
    table["ci_low"], table["ci_high"] = low, high
    return table.reset_index()[list(CALIBRATION_COLUMNS)]


def hosmer_lemeshow(table: pd.DataFrame) -> tuple[float, int, float]:
    """The Hosmer-Lemeshow statistic of a calibration table: sum over groups of
    (O - E)^2 / (E (1 - E / n)) with O, E the observed and expected counts; its degrees of
    freedom (groups - 2) and p-value."""
    n = table["n"].to_numpy(float)
    expected = table["predicted"].to_numpy(float) * n
    observed = table["observed"].to_numpy(float) * n
    chi2 = float(np.sum((observed - expected) ** 2 / (expected * (1 - expected / n))))
    df = len(table) - 2
    return chi2, df, float(stats.chi2.sf(chi2, df))


@dataclass(frozen=True, eq=False)
class ContactScore:
    """Result of :func:`contact_score`.

    ``model``: the proportional-odds model fitted on every linked response; ``bottom_box``:
    the lowest levels counted; ``bottom_levels``: those levels; ``base_rate``: the
    observed bottom-box share of the linked responses; ``threshold``: the chance from
    which a contact is at risk (``at_risk_ratio`` x base_rate); ``calibration``: see
    :func:`calibration_table` (out-of-fold predictions); ``hl_chi2``, ``hl_df``,
    ``hl_p_val``, ``brier``: its statistics; ``at_risk``: by program and "" for all:
    program, n_contacts, n_scored, mean_risk, n_at_risk, share_at_risk; ``sql``: the
    score in the engine's SQL (over a states view); ``folds``.
    """

    model: OrdinalLogitResult
    bottom_box: int
    bottom_levels: tuple
    base_rate: float
    threshold: float
    at_risk_ratio: float
    calibration: pd.DataFrame
    hl_chi2: float
    hl_df: int
    hl_p_val: float
    brier: float
    at_risk: pd.DataFrame
    sql: str
    folds: int

    @property
    def share_at_risk(self) -> float:
        """The share of all scored contacts at risk."""
        return float(self.at_risk.loc[self.at_risk["program"] == "", "share_at_risk"].iloc[0])

    def summary(self) -> pd.DataFrame:
        return self.calibration.copy()

    def plot(self, ax=None):
        """Observed against predicted bottom-box share per group, with the diagonal."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(5, 5))
        c = self.calibration
        top = float(max(c["ci_high"].max(), c["predicted"].max(), 0.05)) * 1.05
        ax.plot([0, top], [0, top], color="grey", lw=1, ls="--")
        ax.errorbar(
            c["predicted"],
            c["observed"],
            yerr=[c["observed"] - c["ci_low"], c["ci_high"] - c["observed"]],
            fmt="o",
            capsize=3,
        )
        ax.set_xlim(0, top)
        ax.set_ylim(0, top)
        return ax


def _at_risk_sql(risk: str, threshold: float) -> str:
    return f"""
        WITH scored AS (SELECT program, {risk} AS risk FROM {{states}})
        SELECT coalesce(program, '') AS program, count(*)::BIGINT AS n_contacts,
               count(risk)::BIGINT AS n_scored, avg(risk) AS mean_risk,
               count_if(risk >= {threshold!r})::BIGINT AS n_at_risk
        FROM scored GROUP BY GROUPING SETS ((program), ()) ORDER BY program NULLS FIRST
    """


def contact_score(
    journeys: Source,
    linked: SurveyedJourneys,
    catalog: pd.DataFrame,
    *,
    contacts: Source | None = None,
    sla_hours: Mapping[str, float] | None = None,
    bottom_box: int = 2,
    at_risk_ratio: float = 2.0,
    folds: int = 5,
    seed: int = 2026,
    confidence: float = 0.95,
) -> ContactScore:
    """Fit the risk model on the linked responses (``linked``: :func:`surveyed`), judge
    its calibration out of sample and score every contact of ``journeys`` in the engine;
    see :class:`ContactScore`. Raises AnalysisError when no checkpoint flag varies among
    the linked responses or the model cannot be fitted."""
    predictors: Sequence[str] = [*linked.flags, *linked.controls]
    if linked.reason:
        raise AnalysisError(linked.reason)
    if not linked.flags:
        raise AnalysisError(
            "no checkpoint failure varies among the surveyed contacts, so there is nothing to "
            "score the contacts by"
        )
    data = linked.data
    model = ordinal_logit(data, "overall", list(predictors))
    if not 1 <= bottom_box < len(model.levels):
        raise ValueError(f"bottom_box must be from 1 to {len(model.levels) - 1}, got {bottom_box}")
    bottom = tuple(model.levels[:bottom_box])
    observed = data["overall"].isin(bottom).to_numpy(float)
    predicted = _fold_predictions(data, list(predictors), bottom_box, folds, seed)
    table = calibration_table(predicted, observed, confidence=confidence)
    chi2, df, p = hosmer_lemeshow(table)
    base = float(observed.mean())
    threshold = at_risk_ratio * base
    sql = risk_sql(model, bottom_box)
    with contact_states(journeys, catalog, contacts=contacts, sla_hours=sla_hours) as states:
        counts = states.query(_at_risk_sql(sql, threshold), "scoring every contact")
    counts["share_at_risk"] = counts["n_at_risk"] / counts["n_scored"].where(counts["n_scored"] > 0)
    return ContactScore(
        model=model,
        bottom_box=bottom_box,
        bottom_levels=bottom,
        base_rate=base,
        threshold=threshold,
        at_risk_ratio=at_risk_ratio,
        calibration=table,
        hl_chi2=chi2,
        hl_df=df,
        hl_p_val=p,
        brier=float(np.mean((predicted - observed) ** 2)),
        at_risk=counts,
        sql=sql,
        folds=folds,
    )

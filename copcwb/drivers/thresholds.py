"""Operational thresholds: where an operational fact starts to hurt the chance of a top rating.

Three ways to trace the predicted top-box probability over a fact (IVR seconds, wait seconds,
transfers, ...), the other predictors (``controls``) held at their means (dummy columns at
their shares):

* ``"hinge"`` (default): a broken-stick (segmented) model. The fact enters the proportional-odds
  model as ``max(0, x - c)``: no effect below the breakpoint ``c``, a constant slope on the logit
  scale beyond it. ``c`` is chosen by profile likelihood over a grid of candidates, with a
  likelihood-ratio interval (the candidates whose deviance from the best is at most the
  chi-square(1) quantile). The threshold is "where it starts to hurt".
* ``"spline"``: a restricted (natural) cubic spline (Harrell's ``rcs``: linear beyond the outer
  knots, knots at fixed quantiles); the threshold is where the curve falls fastest.
* ``"bins"``: quantile bins (dummies, first bin the reference); the threshold is the boundary
  with the largest drop.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from copcwb.drivers._curves import fit_curve, rcs_basis
from copcwb.drivers._design import as_names
from copcwb.drivers._hinge import breakpoint_candidates, davies_p, fit_hinge
from copcwb.drivers._threshold_base import (
    METHODS,
    Prepared,
    ThresholdResult,
    ThresholdSettings,
    weighted_quantile,
)
from copcwb.drivers.columns import OUTCOME, SurveyColumns, continuous_facts, is_seconds
from copcwb.drivers.ordinal import z_critical
from copcwb.errors import AnalysisError

__all__ = [
    "OperationalThresholds",
    "ThresholdResult",
    "ThresholdSettings",
    "breakpoint_candidates",
    "davies_p",
    "operational_threshold",
    "operational_thresholds",
    "rcs_basis",
]


def operational_threshold(
    data: pd.DataFrame,
    fact: str,
    *,
    outcome: str = "overall",
    controls: str | Iterable[str] = (),
    method: str = "hinge",
    unit: str = "s",
    label: str | None = None,
    confidence: float = 0.95,
    weights: str | None = None,
    settings: ThresholdSettings | None = None,
) -> ThresholdResult:
    """Predicted top-box probability over ``fact`` and the threshold where it starts to hurt.

    ``method="hinge"`` (default): the model holds ``max(0, fact - c)`` and the ``controls``;
    ``c`` maximises the profile log-likelihood over the candidates ``settings.breakpoints``
    (default: the weighted 5%, 6%, ..., 95% quantiles of the fact; for a count, a
    whole-number fact with at most ``max_count_levels`` distinct values, each distinct
    value). Candidates with less than ``min_tail`` of the (weighted) responses above them are
    left out. The interval of ``c`` holds the candidates whose deviance from the best is at
    most the chi-square(1) quantile at ``confidence`` (3.84 for 95%). A threshold is reported
    only when the slope beyond ``c`` is negative with Wald p below ``1 - confidence``, the
    search-adjusted p (``p_search``) is below it too, and the fall from ``c`` to the 90th
    percentile (or to ``c + step`` when ``step`` is given) is at least ``min_drop``. The
    slope's interval and p are conditional on ``c``.

    ``method="spline"``: restricted cubic spline with ``n_knots`` (3-5; default 5, suited to
    surveys of thousands) knots at Harrell's quantiles (fewer when the fact has few distinct
    values; linear when fewer than 3 remain); the threshold is where the curve falls fastest.
    ``method="bins"``: ``n_bins`` quantile bins; the threshold is the boundary with the largest
    drop. For these two, ``step`` (default: a round tenth of the curve's range) is the distance
    over which the drop is stated, and the threshold is reported when that drop is at least
    ``min_drop`` (a proportion: 0.01 = 1 point) and its interval excludes 0.

    The settings (:class:`ThresholdSettings`) hold the method's details; the curve covers the
    ``trim`` to ``1 - trim`` weighted quantiles of the fact (sparse tails left out). The
    sentence reads like "beyond about 120 s in the IVR (95% interval 100-140 s) the chance of
    a top rating falls by 0.8 points per additional minute" (pass ``label="the IVR"``).
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {list(METHODS)}, got {method!r}")
    prep = _prepare(
        data,
        fact,
        outcome=outcome,
        controls=as_names(controls),
        weights=weights,
        settings=settings or ThresholdSettings(),
        unit=unit,
        label=label,
        zc=z_critical(confidence),
    )
    if method == "hinge":
        return fit_hinge(prep, confidence)
    return fit_curve(prep, method)


def _prepare(
    data: pd.DataFrame,
    fact: str,
    *,
    outcome: str,
    controls: list[str],
    weights: str | None,
    settings: ThresholdSettings,
    unit: str,
    label: str | None,
    zc: float,
) -> Prepared:
    """The usable rows (listwise deletion) and the fact's trimmed range; ValueError for
    bad arguments, AnalysisError when the fact does not vary."""
    if fact not in data.columns:
        raise ValueError(f"column '{fact}' is not in the data")
    if not is_numeric_dtype(data[fact].dtype) or is_bool_dtype(data[fact].dtype):
        raise ValueError(f"the operational fact '{fact}' must be numeric")
    if fact in controls or outcome == fact:
        raise ValueError(f"'{fact}' cannot also be the outcome or a control")
    cols = list(dict.fromkeys([outcome, fact, *controls] + ([weights] if weights else [])))
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise ValueError(f"columns {missing} are not in the data")
    df = data[cols].dropna()
    x = df[fact].to_numpy(dtype=float)
    w = df[weights].to_numpy(dtype=float) if weights else np.ones(len(df))
    if len(df) == 0 or np.ptp(x) == 0:
        raise AnalysisError(
            f"'{fact}' does not vary among the usable rows; a threshold cannot be found. Fix: "
            "check the join of operational data to the survey"
        )
    trim = settings.trim
    lo, hi = weighted_quantile(x, w, [trim, 1 - trim]) if trim else (x.min(), x.max())
    if hi <= lo:
        lo, hi = x.min(), x.max()
    top_box = settings.top_box
    return Prepared(
        df=df,
        fact=fact,
        outcome=outcome,
        controls=controls,
        weights=weights,
        x=x,
        w=w,
        lo=float(lo),
        hi=float(hi),
        label=label or f"'{fact}'",
        box="a top rating" if top_box == 1 else f"a top-{top_box} rating",
        unit=unit,
        top_box=top_box,
        zc=zc,
        n_dropped=len(data) - len(df),
        settings=settings,
    )


@dataclass(frozen=True, eq=False)
class OperationalThresholds:
    """The threshold of every continuous operational fact of a survey.

    Attributes: ``facts`` (the continuous operational facts, in column order), ``results``
    (fact -> :class:`ThresholdResult`, the facts that could be analysed), ``reasons``
    (fact -> why it could not be), ``confidence``.
    """

    facts: tuple[str, ...]
    results: Mapping[str, ThresholdResult] = field(default_factory=dict)
    reasons: Mapping[str, str] = field(default_factory=dict)
    confidence: float = 0.95

    @property
    def found(self) -> list[str]:
        """The facts with a threshold (a significant fall)."""
        return [f for f, r in self.results.items() if np.isfinite(r.threshold)]

    def summary(self) -> pd.DataFrame:
        """One row per fact: the columns of :meth:`ThresholdResult.summary`, and ``reason``
        (why the fact could not be analysed; "" when it was)."""
        frames = [r.summary().assign(reason="") for r in self.results.values()]
        frames += [pd.DataFrame({"fact": [f], "reason": [why]}) for f, why in self.reasons.items()]
        if not frames:
            return pd.DataFrame(columns=["fact", "method", "threshold", "reason"])
        order = {f: i for i, f in enumerate(self.facts)}
        out = pd.concat(frames, ignore_index=True)
        return out.sort_values("fact", key=lambda c: c.map(order), kind="stable").reset_index(
            drop=True
        )


def operational_thresholds(
    survey: pd.DataFrame,
    columns: SurveyColumns,
    *,
    outcome: str = OUTCOME,
    confidence: float = 0.95,
    settings: ThresholdSettings | None = None,
) -> OperationalThresholds:
    """:func:`operational_threshold` (hinge) for every continuous operational fact of
    ``columns`` (more than two distinct values: 0/1 facts have no curve), with every other
    predictor as a control; a time in seconds (by its name) is stated per minute. A fact
    that cannot be analysed (AnalysisError) gets its reason instead of a result.
    """
    facts = continuous_facts(survey, columns.operational)
    results, reasons = {}, {}
    for fact in facts:
        try:
            results[fact] = operational_threshold(
                survey,
                fact,
                outcome=outcome,
                controls=[p for p in columns.predictors if p != fact],
                unit="s" if is_seconds(fact) else "",
                confidence=confidence,
                settings=settings,
            )
        except AnalysisError as exc:
            reasons[fact] = str(exc)
    return OperationalThresholds(tuple(facts), results, reasons, confidence)

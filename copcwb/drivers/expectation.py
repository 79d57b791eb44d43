"""The service-quality gap (gap 5): perception against expectation per dimension.

Satisfaction is the distance between what customers expect and what they perceive, on
the service-quality dimensions (SERVQUAL: reliability, responsiveness, assurance,
empathy, tangibles). A survey that asks both an expectation and a perception rating of a
dimension gives, per respondent, the gap perception - expectation. Its mean with the
paired-t interval says where expectations are missed (the whole interval below zero)
and where the service is above what customers expect (the whole interval above zero:
possibly money that need not be spent).

* :func:`expectation_gap` - the gap per dimension (and per group), its interval, p and
  verdict.
* :func:`gap_scores`, :func:`gap_model` - each respondent's gaps, and the ordinal model of
  the overall rating on them (:func:`copcwb.drivers.ordinal_logit`).
* :func:`pair_problems` - the columns of the pairs a survey lacks or holds as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype
from scipy import stats

from copcwb.drivers.ordinal import OrdinalLogitResult, ordinal_logit
from copcwb.errors import AnalysisError, InputError, Problem

MISSED, MET, OVER_SERVED = "missed", "met", "over-served"
VERDICTS = (MISSED, MET, OVER_SERVED)
GAP_COLUMNS = [
    "dimension",
    "n",
    "perception",
    "expectation",
    "gap",
    "ci_low",
    "ci_high",
    "p_val",
    "verdict",
]
OPTION = "notebooks: csat_drivers: expectations"


def _by_columns(by: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def pair_problems(
    survey: pd.DataFrame,
    pairs: Mapping[str, str],
    *,
    file: str | Path = "survey",
    by: list[str] | None = None,
) -> list[Problem]:
    """The problems of ``pairs`` (perception column -> expectation column) in ``survey``:
    a column it lacks, or one that does not hold numbers (ratings); and a ``by`` column it
    lacks. Each names ``file``, the column and the fix."""
    file = str(file)
    problems = []
    for column in [c for pair in pairs.items() for c in pair]:
        if column not in survey.columns:
            problems.append(
                Problem(
                    file=file,
                    column=column,
                    problem="the expectation pairs name this column but the survey has no "
                    "such column",
                    fix=f"correct or remove the pair under {OPTION} in the engagement "
                    "(column names are case-sensitive)",
                )
            )
        elif not is_numeric_dtype(survey[column]) or is_bool_dtype(survey[column]):
            problems.append(
                Problem(
                    file=file,
                    column=column,
                    problem="not numeric; a perception or expectation rating must be a number",
                    fix="give ratings on the survey's scale (blank when not answered), or "
                    f"remove the pair under {OPTION}",
                )
            )
    for column in by or []:
        if column not in survey.columns:
            problems.append(
                Problem(
                    file=file,
                    column=column,
                    problem="the gaps are asked per this column but the survey has no such column",
                    fix="name a column of the survey (e.g. program)",
                )
            )
    return problems


def paired_gap(
    perception: np.ndarray, expectation: np.ndarray, confidence: float = 0.95
) -> dict[str, float]:
    """The paired comparison of complete pairs: n, perception and expectation (means), gap
    (mean of perception - expectation), ci_low, ci_high (paired-t interval at
    ``confidence``), p_val (two-sided paired t test) and verdict.

    Fewer than two pairs: the interval and p are NaN and the verdict "met" (no evidence
    of a gap); no pair: the means are NaN too. Every difference the same (no variance):
    the interval is that difference at both ends, p is 0 (1 when the difference is 0)."""
    x, y = np.asarray(perception, dtype=float), np.asarray(expectation, dtype=float)
    n = len(x)
    d = x - y
    row = {
        "n": n,
        "perception": float(x.mean()) if n else np.nan,
        "expectation": float(y.mean()) if n else np.nan,
        "gap": float(d.mean()) if n else np.nan,
        "ci_low": np.nan,
        "ci_high": np.nan,
        "p_val": np.nan,
    }
    if n >= 2 and np.ptp(d) == 0:
        row |= {"ci_low": row["gap"], "ci_high": row["gap"], "p_val": float(row["gap"] == 0)}
    elif n >= 2:
        test = stats.ttest_rel(x, y)
        ci = test.confidence_interval(confidence_level=confidence)
        row |= {"ci_low": float(ci.low), "ci_high": float(ci.high), "p_val": float(test.pvalue)}
    return row | {"verdict": verdict(row["ci_low"], row["ci_high"])}


def verdict(ci_low: float, ci_high: float) -> str:
    """ "missed" when the whole interval is below zero, "over-served" when it is above
    zero, else "met" (also when the interval is not known)."""
    if ci_high < 0:
        return MISSED
    if ci_low > 0:
        return OVER_SERVED
    return MET


def _gap_rows(frame: pd.DataFrame, pairs: Mapping[str, str], confidence: float) -> list[dict]:
    rows = []
    for perception, expectation in pairs.items():
        both = frame[[perception, expectation]].dropna()
        gap = paired_gap(both[perception], both[expectation], confidence)
        rows.append({"dimension": perception, **gap})
    return rows


def expectation_gap(
    survey: pd.DataFrame,
    pairs: Mapping[str, str],
    *,
    by: str | tuple[str, ...] | list[str] | None = None,
    confidence: float = 0.95,
    file: str | Path = "survey",
) -> pd.DataFrame:
    """The service-quality gap of each dimension: perception - expectation.

    ``pairs``: perception column -> expectation column (the dimension is named by its
    perception column). ``by``: None for one row per dimension over every response, or a
    column (or columns) for one row per group and dimension (groups in sorted order,
    responses without a group left out). Each row uses the responses with both ratings
    (pairwise complete); see :func:`paired_gap` for too few pairs and no variance.

    Columns: by..., ``dimension``, ``n``, ``perception`` (mean), ``expectation`` (mean),
    ``gap`` (mean of perception - expectation), ``ci_low``, ``ci_high`` (paired-t
    interval at ``confidence``), ``p_val`` (two-sided paired t test, scipy
    ``ttest_rel``), ``verdict`` in {"missed", "met", "over-served"}: missed when the
    interval lies below zero, over-served when it lies above zero, else met.

    No pairs: an empty frame with these columns. Raises InputError (``file``, the column,
    the fix) for a column the survey lacks or holds as text; ValueError for a
    ``confidence`` outside (0, 1).
    """
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    keys = _by_columns(by)
    problems = pair_problems(survey, pairs, file=file, by=keys)
    if problems:
        raise InputError(problems)
    columns = [*keys, *GAP_COLUMNS]
    if not keys:
        rows = _gap_rows(survey, pairs, confidence)
    else:
        rows = []
        for group, part in survey.groupby(keys if len(keys) > 1 else keys[0], sort=True):
            values = group if isinstance(group, tuple) else (group,)
            named = dict(zip(keys, values, strict=True))
            rows += [named | r for r in _gap_rows(part, pairs, confidence)]
    out = pd.DataFrame(rows, columns=columns)
    return out.astype({"n": "int64"}) if len(out) else out


def gap_scores(survey: pd.DataFrame, outcome: str, pairs: Mapping[str, str]) -> pd.DataFrame:
    """Each response's ``outcome`` and its gap on each dimension: columns ``outcome``, then
    one per dimension (named by its perception column) holding perception - expectation
    (missing when either rating is)."""
    gaps = {p: survey[p].astype(float) - survey[e].astype(float) for p, e in pairs.items()}
    return pd.DataFrame({outcome: survey[outcome], **gaps})


def gap_model(survey: pd.DataFrame, outcome: str, pairs: Mapping[str, str]) -> OrdinalLogitResult:
    """The proportional-odds model of ``outcome`` on the gaps (:func:`gap_scores`; one
    predictor per dimension, named by its perception column, holding perception -
    expectation), fitted by :func:`copcwb.drivers.ordinal_logit` on the responses with
    every gap. Raises AnalysisError when there is no pair or the model cannot be fitted."""
    if not pairs:
        raise AnalysisError("the survey has no expectation ratings to compare perceptions with")
    return ordinal_logit(gap_scores(survey, outcome, pairs), outcome, list(pairs))

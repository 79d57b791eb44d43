"""Every analysis the CSAT driver report shows, run once per session.

``analyse(session)`` works out which survey columns are driver ratings, operational
facts and critical-error flags, fits the proportional-odds model of overall
satisfaction on all of them, and runs the driver analyses of ``copcwb.drivers`` on the
same respondents. The view functions only phrase and draw what it returns.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from copcwb import drivers
from copcwb.errors import AnalysisError, InputError, Problem
from copcwb.options import DriversOptions
from copcwb.session import Session
from copcwb.views.drivers.formats import SECONDS, is_flag, predictor_kind

OUTCOME = "overall"
SEGMENT = "program"
#: columns that are never drivers: the outcome, the segment and identifiers
RESERVED = (OUTCOME, SEGMENT, "response_id", "contact_id", "customer_id")
#: the importance decomposition fits 2^p models; above this many predictors it covers
#: the driver ratings only (4,096 fits take a few seconds)
MAX_IMPORTANCE_PREDICTORS = 12


@dataclass(frozen=True)
class Columns:
    """The roles of the survey columns in the model.

    drivers: driver ratings; operational: operational facts present in the survey;
    flags: critical-error flags present; absent: default operational or flag columns the
    survey does not have (left out); inferred: whether the drivers were inferred;
    constant: columns left out of the model because they do not vary among the complete
    responses (see :func:`without_constant`).
    """

    drivers: tuple[str, ...]
    operational: tuple[str, ...]
    flags: tuple[str, ...]
    absent: tuple[str, ...] = ()
    inferred: bool = True
    constant: tuple[str, ...] = ()

    @property
    def predictors(self) -> list[str]:
        return [*self.drivers, *self.operational, *self.flags]


def infer_drivers(
    frame: pd.DataFrame,
    *,
    scale: tuple[int, int],
    exclude: Iterable[str] = (),
) -> list[str]:
    """The driver rating columns of a survey, in column order.

    A driver is a numeric (not boolean) column with at least one value, every value on
    the rating scale ``scale`` (low, high), that is not the outcome ``overall``, not the
    segment ``program``, not an identifier (``*_id``), not a column of ``exclude``
    (operational facts and critical-error flags), and not a 0/1 flag.
    """
    low, high = scale
    skip = set(exclude) | set(RESERVED)
    found = []
    for column in frame.columns:
        name = str(column)
        if name in skip or name.lower().endswith("_id"):
            continue
        s = frame[column]
        if not is_numeric_dtype(s.dtype) or is_bool_dtype(s.dtype):
            continue
        x = s.dropna().to_numpy(dtype=float)
        if x.size == 0 or x.min() < low or x.max() > high or is_flag(s):
            continue
        found.append(name)
    return found


def resolve_columns(frame: pd.DataFrame, options: DriversOptions, *, file: str) -> Columns:
    """The driver, operational and flag columns of the model.

    ``options.drivers`` None: the drivers are inferred (:func:`infer_drivers`). Operational
    and flag columns of the default options are used when the survey has them; a column an
    option names explicitly (``drivers``, or ``operational`` / ``critical_errors`` set in
    the engagement) must be in the survey. Raises InputError (file = the survey, the
    column, the fix) for a named column the survey lacks, a non-numeric driver or fact, a
    flag that is not 0/1, a column given two roles, or no predictor at all.
    """
    given = options.model_fields_set
    problems: list[Problem] = []

    def absent_problem(column: str, option: str) -> Problem:
        return Problem(
            file=file,
            column=column,
            problem=f"the option '{option}' names this column but the survey has no such column",
            fix=f"correct or remove it under notebooks: csat_drivers: {option} in the engagement "
            "(column names are case-sensitive)",
        )

    def present(names: Sequence[str], option: str, strict: bool) -> tuple[list[str], list[str]]:
        kept, lost = [], []
        for name in names:
            if name in frame.columns:
                kept.append(name)
            elif strict:
                problems.append(absent_problem(name, option))
            else:
                lost.append(name)
        return kept, lost

    operational, lost_ops = present(options.operational, "operational", "operational" in given)
    flags, lost_flags = present(
        options.critical_errors, "critical_errors", "critical_errors" in given
    )
    if options.drivers is None:
        ratings = infer_drivers(
            frame,
            scale=tuple(options.scale),
            exclude=[*options.operational, *options.critical_errors],
        )
    else:
        ratings, _ = present(options.drivers, "drivers", True)

    roles: dict[str, str] = {}
    for role, names in (
        ("drivers", ratings),
        ("operational", operational),
        ("critical_errors", flags),
    ):
        for name in names:
            if name == OUTCOME:
                problems.append(
                    Problem(
                        file=file,
                        column=name,
                        problem=f"the outcome cannot also be listed under '{role}'",
                        fix=f"remove it from notebooks: csat_drivers: {role}",
                    )
                )
            elif name in roles and roles[name] != role:
                problems.append(
                    Problem(
                        file=file,
                        column=name,
                        problem=f"listed under both '{roles[name]}' and '{role}'",
                        fix="keep it under one of the two options",
                    )
                )
            roles.setdefault(name, role)
    for name in [*ratings, *operational, *flags]:
        s = frame[name]
        if not is_numeric_dtype(s.dtype) or (is_bool_dtype(s.dtype) and name not in flags):
            problems.append(
                Problem(
                    file=file,
                    column=name,
                    problem="not numeric; drivers and operational facts must be numbers",
                    fix="give numbers (blank when unknown) or remove the column from the options",
                )
            )
    for name in flags:
        s = frame[name]
        if is_numeric_dtype(s.dtype) and not is_flag(s) and s.notna().any():
            bad = s.notna() & ~s.isin([0, 1])
            problems.append(
                Problem(
                    file=file,
                    column=name,
                    problem=f"a critical-error flag must hold only 0 and 1 ({int(bad.sum())} "
                    "values do not)",
                    examples=[f"{v:g}" for v in s[bad].head(3)],
                    fix="write 1 when the error occurred and 0 when not",
                )
            )
    if not problems and not (ratings or operational or flags):
        problems.append(
            Problem(
                file=file,
                problem="no driver rating, operational fact or critical-error flag was found, "
                "so there is nothing to explain overall satisfaction with",
                fix="add driver rating columns on the survey's scale, or name them under "
                "notebooks: csat_drivers: drivers",
            )
        )
    if problems:
        raise InputError(problems)
    unique = list(dict.fromkeys(ratings))
    return Columns(
        drivers=tuple(unique),
        operational=tuple(operational),
        flags=tuple(flags),
        absent=tuple(lost_ops + lost_flags),
        inferred=options.drivers is None,
    )


def without_constant(frame: pd.DataFrame, cols: Columns) -> Columns:
    """``cols`` without the predictors that take a single value among the responses that
    have the outcome and every predictor (a flag that never occurs, a fact always 0): such
    a column carries no information and would stop the model. They are listed in
    ``constant``; the rest keep their order."""
    complete = frame[[OUTCOME, *cols.predictors]].dropna()
    constant = [c for c in cols.predictors if complete[c].nunique() < 2]
    if not constant:
        return cols
    keep = lambda names: tuple(c for c in names if c not in constant)  # noqa: E731
    return replace(
        cols,
        drivers=keep(cols.drivers),
        operational=keep(cols.operational),
        flags=keep(cols.flags),
        constant=tuple(constant),
    )


def distribution(values: pd.Series, scale: tuple[int, int]) -> pd.DataFrame:
    """Responses per level of the overall rating, every level of the scale listed.

    Columns: level (int), n (int), share (of the responses with a rating). Levels seen
    outside ``scale`` are listed too.
    """
    low, high = scale
    x = values.dropna().astype("int64")
    levels = sorted(set(range(int(low), int(high) + 1)) | set(x.unique().tolist()))
    counts = x.value_counts().reindex(levels, fill_value=0)
    total = int(counts.sum())
    return pd.DataFrame(
        {
            "level": np.asarray(levels, dtype="int64"),
            "n": counts.to_numpy(dtype="int64"),
            "share": counts.to_numpy(dtype=float) / total if total else np.nan,
        }
    )


def kano_cuts(scale: tuple[int, int]) -> tuple[float, float]:
    """Low and top ratings of the penalty-reward analysis: low = the bottom quarter of the
    scale (1-2 on 1..5, 0-2 on 0..10), top = the top of the scale."""
    low, high = scale
    return float(low + math.floor((high - low) / 4)), float(high)


def continuous_facts(frame: pd.DataFrame, operational: Iterable[str]) -> list[str]:
    """Operational facts with more than two distinct values (0/1 facts have no curve)."""
    return [c for c in operational if frame[c].dropna().nunique() > 2]


@dataclass(frozen=True, eq=False)
class DriverFindings:
    """What the driver report shows.

    columns, kinds (column -> "rating", "flag", "seconds", "count" or "number"), scale,
    confidence (1 - alpha); n_responses (survey rows), dist (:func:`distribution`),
    top_box_share and bottom_box_share (observed shares at the top and bottom of the
    scale); model (all predictors) and missing (model columns with missing values:
    column, n_missing); brant or brant_error; importance (or None and importance_note),
    importance_predictors; quadrant; kano or kano_error; thresholds (fact -> result) and
    threshold_errors; critical; whatif; segments or segment_state ("ok", "one_program",
    "failed") with segment_error.
    """

    options: DriversOptions
    file: str
    columns: Columns
    kinds: dict[str, str]
    scale: tuple[int, int]
    n_responses: int
    dist: pd.DataFrame
    top_box_share: float
    bottom_box_share: float
    model: drivers.OrdinalLogitResult
    missing: pd.DataFrame
    brant: pd.DataFrame | None = None
    brant_error: str = ""
    importance: drivers.ImportanceResult | None = None
    importance_note: str = ""
    importance_error: str = ""
    importance_predictors: tuple[str, ...] = ()
    quadrant: drivers.QuadrantResult | None = None
    kano: drivers.KanoResult | None = None
    kano_error: str = ""
    thresholds: dict[str, drivers.ThresholdResult] = field(default_factory=dict)
    threshold_errors: dict[str, str] = field(default_factory=dict)
    critical: drivers.CriticalErrorResult | None = None
    whatif: drivers.WhatIfResult | None = None
    segments: drivers.SegmentResult | None = None
    segment_state: str = "ok"
    segment_error: str = ""

    @property
    def confidence(self) -> float:
        return 1.0 - self.options.alpha

    @property
    def alpha(self) -> float:
        return self.options.alpha

    @property
    def top_level(self) -> int:
        return int(self.scale[1])

    @property
    def bottom_level(self) -> int:
        return int(self.scale[0])

    @property
    def brant_violations(self) -> list[str]:
        """Predictors whose own Brant test rejects parallel lines at alpha."""
        if self.brant is None:
            return []
        rows = self.brant.drop(index="omnibus")
        return [str(p) for p in rows.index[rows["p_val"] < self.alpha]]

    @property
    def brant_holds(self) -> bool | None:
        """Whether parallel lines hold (omnibus and every predictor); None if not tested."""
        if self.brant is None:
            return None
        return bool(self.brant.loc["omnibus", "p_val"] >= self.alpha) and not (
            self.brant_violations
        )


def _importance(frame: pd.DataFrame, cols: Columns, opts: DriversOptions) -> dict:
    chosen = cols.predictors
    note = ""
    if len(chosen) > MAX_IMPORTANCE_PREDICTORS:
        chosen = list(cols.drivers)
        note = "ratings_only"
        if not 0 < len(chosen) <= MAX_IMPORTANCE_PREDICTORS:
            return {"importance_note": "too_many"}
    try:
        result = drivers.driver_importance(
            frame,
            OUTCOME,
            chosen,
            n_boot=opts.bootstrap,
            confidence=1.0 - opts.alpha,
            seed=opts.seed,
        )
    except AnalysisError as exc:
        return {"importance_note": "failed", "importance_error": str(exc)}
    return {"importance": result, "importance_note": note, "importance_predictors": tuple(chosen)}


def _kano(frame: pd.DataFrame, cols: Columns, opts: DriversOptions) -> dict:
    if not cols.drivers:
        return {"kano_error": ""}
    low_max, top_min = kano_cuts(tuple(opts.scale))
    try:
        result = drivers.kano_classes(
            frame,
            list(cols.drivers),
            outcome=OUTCOME,
            low_max=low_max,
            top_min=top_min,
            alpha=opts.alpha,
            confidence=1.0 - opts.alpha,
        )
    except (AnalysisError, ValueError) as exc:
        return {"kano_error": str(exc)}
    return {"kano": result}


def _thresholds(frame: pd.DataFrame, cols: Columns, kinds: dict, opts: DriversOptions) -> dict:
    found, errors = {}, {}
    for fact in continuous_facts(frame, cols.operational):
        controls = [p for p in cols.predictors if p != fact]
        try:
            found[fact] = drivers.operational_threshold(
                frame,
                fact,
                outcome=OUTCOME,
                controls=controls,
                unit="s" if kinds[fact] == SECONDS else "",
                confidence=1.0 - opts.alpha,
            )
        except AnalysisError as exc:
            errors[fact] = str(exc)
    return {"thresholds": found, "threshold_errors": errors}


def _segments(frame: pd.DataFrame, cols: Columns, opts: DriversOptions) -> dict:
    if frame[SEGMENT].dropna().nunique() < 2:
        return {"segment_state": "one_program"}
    try:
        result = drivers.segment_models(
            frame,
            cols.predictors,
            outcome=OUTCOME,
            by=SEGMENT,
            min_responses=opts.min_segment_responses,
            confidence=1.0 - opts.alpha,
        )
    except AnalysisError as exc:
        return {"segment_state": "failed", "segment_error": str(exc)}
    return {"segments": result}


def analyse(session: Session) -> DriverFindings:
    """Run every analysis of the driver report with the session's options.

    Raises InputError when an option names a column the survey lacks (see
    :func:`resolve_columns`) and lets the AnalysisError of the ordinal model through
    (for example when overall satisfaction has fewer than three observed levels).
    """
    opts: DriversOptions = session.options
    frame = session.read("survey")
    file = str(session.engagement.input_path("survey"))
    named = resolve_columns(frame, opts, file=file)
    cols = without_constant(frame, named)
    scale = (int(opts.scale[0]), int(opts.scale[1]))
    conf = 1.0 - opts.alpha
    predictors = cols.predictors
    model = drivers.ordinal_logit(frame, OUTCOME, predictors)
    kinds = {c: predictor_kind(c, frame[c], cols.drivers) for c in predictors}
    used = frame[[OUTCOME, *predictors]]
    n_missing = used.isna().sum()
    missing = pd.DataFrame(
        {"column": [str(c) for c in n_missing.index], "n_missing": n_missing.to_numpy()}
    )
    missing = missing[missing["n_missing"] > 0].reset_index(drop=True)
    dist = distribution(frame[OUTCOME], scale)
    by_level = dist.set_index("level")["share"]

    found: dict = {}
    try:
        found["brant"] = drivers.brant_test(model, by_predictor=True)
    except (AnalysisError, ValueError) as exc:
        found["brant_error"] = str(exc)
    found |= _importance(frame, cols, opts)
    if cols.drivers and found.get("importance") is not None:
        found["quadrant"] = drivers.importance_performance(
            frame, list(cols.drivers), outcome=OUTCOME, importance=found["importance"]
        )
    found |= _kano(frame, cols, opts)
    found |= _thresholds(frame, cols, kinds, opts)
    if named.flags:
        found["critical"] = drivers.critical_error_effects(
            frame,
            list(named.flags),
            outcome=OUTCOME,
            controls=[*cols.drivers, *cols.operational],
            alpha=opts.alpha,
            confidence=conf,
        )
    if cols.drivers or cols.flags:
        found["whatif"] = drivers.what_if(
            frame,
            list(cols.drivers),
            outcome=OUTCOME,
            flags=list(cols.flags),
            controls=list(cols.operational),
            top={d: float(scale[1]) for d in cols.drivers},
            confidence=conf,
        )
    found |= _segments(frame, cols, opts)
    return DriverFindings(
        options=opts,
        file=file,
        columns=cols,
        kinds=kinds,
        scale=scale,
        n_responses=len(frame),
        dist=dist,
        top_box_share=float(by_level.get(scale[1], np.nan)),
        bottom_box_share=float(by_level.get(scale[0], np.nan)),
        model=model,
        missing=missing,
        **found,
    )

"""The roles of the survey columns in the driver analysis: :func:`survey_columns`.

A survey holds the outcome ``overall``, the segment ``program``, identifiers, and the
columns that explain the outcome: driver ratings (on the survey's scale), operational facts
of the contact (IVR seconds, transfers, ...) and critical-error flags joined from QA (0/1).
Covariates named under ``controls`` (program, channel, ...) are kept in every subset model
of the importance decomposition. Each predictor has a *kind* that says how it is coded: a
rating, a 0/1 flag, seconds, a count or another number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from copcwb.errors import InputError, Problem
from copcwb.options import DriversOptions

OUTCOME = "overall"
SEGMENT = "program"
#: columns that are never drivers: the outcome, the segment and identifiers
RESERVED = (OUTCOME, SEGMENT, "response_id", "contact_id", "customer_id")
#: the importance decomposition fits 2^p models; above this many predictors it covers the
#: driver ratings only (4,096 fits take a few seconds)
MAX_IMPORTANCE_PREDICTORS = 12
RATING, FLAG, SECONDS, COUNT, NUMBER = "rating", "flag", "seconds", "count", "number"
#: a column whose name ends so holds seconds
SECONDS_SUFFIXES = ("_seconds", "_secs", "_sec", "_s")


def is_flag(values: pd.Series) -> bool:
    """True when every observed value is 0 or 1 (and at least one is observed)."""
    seen = pd.unique(values.dropna().astype("float64"))
    return len(seen) > 0 and set(seen.tolist()) <= {0.0, 1.0}


def is_seconds(column: str) -> bool:
    """Whether a column holds seconds, by its name (``ivr_seconds``, ``hold_s``)."""
    return str(column).lower().endswith(SECONDS_SUFFIXES)


def predictor_kind(column: str, values: pd.Series, ratings: Iterable[str]) -> str:
    """How a predictor is coded: "rating" (a driver rating), "flag" (0/1), "seconds"
    (a time in seconds, by its name), "count" (whole numbers) or "number"."""
    if column in set(ratings):
        return RATING
    if is_flag(values):
        return FLAG
    if is_seconds(column):
        return SECONDS
    x = values.dropna().to_numpy(dtype=float)
    if x.size and np.all(x == np.round(x)):
        return COUNT
    return NUMBER


def infer_drivers(
    frame: pd.DataFrame, *, scale: tuple[int, int], exclude: Iterable[str] = ()
) -> list[str]:
    """The driver rating columns of a survey, in column order.

    A driver is a numeric (not boolean) column with at least one value, every value on
    the rating scale ``scale`` (low, high), that is not the outcome ``overall``, not the
    segment ``program``, not an identifier (``*_id``), not a column of ``exclude``
    (operational facts, critical-error flags, controls), and not a 0/1 flag.
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


def continuous_facts(frame: pd.DataFrame, operational: Iterable[str]) -> list[str]:
    """Operational facts with more than two distinct values (0/1 facts have no curve)."""
    return [c for c in operational if frame[c].dropna().nunique() > 2]


@dataclass(frozen=True)
class SurveyColumns:
    """The roles of the survey columns.

    ``drivers`` (driver ratings), ``operational`` (operational facts) and ``flags``
    (critical-error flags) are the predictors of the model, each in option order;
    ``error_flags``: every critical-error flag the survey has, also those that never vary
    (the critical-error step assesses them all); ``controls``: covariates kept in every
    subset model of the importance decomposition; ``absent``: columns of the default
    options the survey does not have; ``constant``: columns left out because they take a
    single value among the complete responses; ``inferred``: whether the drivers were
    inferred from the scale; ``kinds``: predictor -> "rating", "flag", "seconds", "count"
    or "number"; ``missing``: model column -> number of missing values (only columns with
    some); ``programs``: the programs among the responses; ``roles``: every column the
    survey has for a role -> "driver", "operational", "flag" or "control".
    """

    drivers: tuple[str, ...]
    operational: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    controls: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    constant: tuple[str, ...] = ()
    inferred: bool = True
    error_flags: tuple[str, ...] = ()
    kinds: dict[str, str] = field(default_factory=dict)
    missing: dict[str, int] = field(default_factory=dict)
    programs: tuple[str, ...] = ()
    roles: dict[str, str] = field(default_factory=dict)

    @property
    def predictors(self) -> list[str]:
        """Drivers, operational facts and critical-error flags: the model's predictors."""
        return [*self.drivers, *self.operational, *self.flags]

    @property
    def importance_drivers(self) -> tuple[str, ...]:
        """What the importance decomposition covers: every predictor when there are at
        most :data:`MAX_IMPORTANCE_PREDICTORS`, else the driver ratings only."""
        if len(self.predictors) <= MAX_IMPORTANCE_PREDICTORS:
            return tuple(self.predictors)
        return self.drivers

    def summary(self) -> pd.DataFrame:
        """One row per column the survey has for a role, then the absent ones. Columns:
        ``column``, ``role`` ("driver", "operational", "flag", "control"; "" when absent),
        ``kind`` ("" for controls and absent columns), ``status`` ("model", "control",
        "constant" or "absent"), ``n_missing``."""
        rows = []
        for name, role in self.roles.items():
            status = "control" if role == "control" else "model"
            rows.append((name, role, "constant" if name in self.constant else status))
        rows += [(c, "", "absent") for c in self.absent]
        return pd.DataFrame(
            {
                "column": [r[0] for r in rows],
                "role": [r[1] for r in rows],
                "kind": [self.kinds.get(r[0], "") for r in rows],
                "status": [r[2] for r in rows],
                "n_missing": [int(self.missing.get(r[0], 0)) for r in rows],
            }
        )


def survey_columns(
    survey: pd.DataFrame, options: DriversOptions, *, file: str | Path = "survey"
) -> SurveyColumns:
    """The driver, operational, flag and control columns of the analysis.

    ``options.drivers`` None: the drivers are inferred (:func:`infer_drivers`; the
    expectation columns of ``options.expectations`` are not drivers). Operational
    and flag columns of the default options are used when the survey has them; a column an
    option names explicitly (``drivers``, ``controls``, or ``operational`` /
    ``critical_errors`` set by the user: ``options.model_fields_set``) must be in the
    survey. Predictors (and controls) that take a single value among the complete responses
    are left out and listed in ``constant``.

    Raises InputError (``file``, the column, the fix) for a named column the survey lacks,
    a non-numeric driver or fact, a flag that is not 0/1, a column given two roles, or no
    predictor that varies.
    """
    file = str(file)
    given = options.model_fields_set
    problems: list[Problem] = []
    operational, lost_ops = _present(
        survey, options.operational, "operational", "operational" in given, file, problems
    )
    flags, lost_flags = _present(
        survey,
        options.critical_errors,
        "critical_errors",
        "critical_errors" in given,
        file,
        problems,
    )
    controls, _ = _present(survey, options.controls, "controls", True, file, problems)
    if options.drivers is None:
        exclude = [*options.operational, *options.critical_errors, *options.controls]
        exclude += options.expectations.values()  # expectation ratings are no drivers
        ratings = infer_drivers(survey, scale=tuple(options.scale), exclude=exclude)
    else:
        ratings, _ = _present(survey, options.drivers, "drivers", True, file, problems)
    roles = {"drivers": ratings, "operational": operational, "critical_errors": flags}
    problems += _role_problems(roles | {"controls": controls}, file)
    problems += _value_problems(survey, ratings, operational, flags, file)
    if not problems and not (ratings or operational or flags):
        problems.append(_nothing_to_explain(file))
    if problems:
        raise InputError(problems)
    return _with_facts(
        survey,
        SurveyColumns(
            drivers=tuple(dict.fromkeys(ratings)),
            operational=tuple(operational),
            flags=tuple(flags),
            controls=tuple(dict.fromkeys(controls)),
            absent=tuple(lost_ops + lost_flags),
            inferred=options.drivers is None,
            error_flags=tuple(flags),
            roles=_roles(ratings, operational, flags, controls),
        ),
        file,
    )


def _roles(*groups: Sequence[str]) -> dict[str, str]:
    names = ("driver", "operational", "flag", "control")
    return {c: role for role, group in zip(names, groups, strict=True) for c in group}


def _present(
    frame: pd.DataFrame,
    names: Sequence[str],
    option: str,
    strict: bool,
    file: str,
    problems: list[Problem],
) -> tuple[list[str], list[str]]:
    """The columns of ``names`` the survey has, and the ones it lacks; a lacking column
    is a problem when the option was named (``strict``)."""
    kept, lost = [], []
    for name in names:
        if name in frame.columns:
            kept.append(name)
        elif strict:
            problems.append(
                Problem(
                    file=file,
                    column=name,
                    problem=f"the option '{option}' names this column but the survey has no "
                    "such column",
                    fix=f"correct or remove it under notebooks: csat_drivers: {option} in the "
                    "engagement (column names are case-sensitive)",
                )
            )
        else:
            lost.append(name)
    return kept, lost


def _role_problems(roles: dict[str, Sequence[str]], file: str) -> list[Problem]:
    """The outcome given a role, and columns given two roles."""
    problems = []
    seen: dict[str, str] = {}
    for role, names in roles.items():
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
            elif name in seen and seen[name] != role:
                problems.append(
                    Problem(
                        file=file,
                        column=name,
                        problem=f"listed under both '{seen[name]}' and '{role}'",
                        fix="keep it under one of the two options",
                    )
                )
            seen.setdefault(name, role)
    return problems


def _value_problems(
    frame: pd.DataFrame,
    ratings: Sequence[str],
    operational: Sequence[str],
    flags: Sequence[str],
    file: str,
) -> list[Problem]:
    """Drivers and facts that are not numbers, flags that are not 0/1."""
    problems = []
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
    return problems


def _nothing_to_explain(file: str, *, constant: Sequence[str] = ()) -> Problem:
    if constant:
        return Problem(
            file=file,
            problem=f"every predictor ({', '.join(constant)}) takes a single value among the "
            "complete responses, so there is nothing to explain overall satisfaction with",
            fix="check the survey extract: the predictors should vary between respondents",
        )
    return Problem(
        file=file,
        problem="no driver rating, operational fact or critical-error flag was found, so "
        "there is nothing to explain overall satisfaction with",
        fix="add driver rating columns on the survey's scale, or name them under "
        "notebooks: csat_drivers: drivers",
    )


def _with_facts(frame: pd.DataFrame, cols: SurveyColumns, file: str) -> SurveyColumns:
    """``cols`` without its constant predictors and controls, with the kinds, the missing
    values per model column and the programs."""
    predictors = cols.predictors
    complete = frame[[OUTCOME, *predictors]].dropna()
    constant = [c for c in predictors if complete[c].nunique() < 2]
    if len(constant) == len(predictors):
        raise InputError(_nothing_to_explain(file, constant=constant))
    with_controls = frame[[OUTCOME, *predictors, *cols.controls]].dropna()
    constant += [c for c in cols.controls if with_controls[c].nunique() < 2]

    def keep(names: Sequence[str]) -> tuple[str, ...]:
        return tuple(c for c in names if c not in constant)

    n_missing = frame[[OUTCOME, *keep(predictors)]].isna().sum()
    programs = frame[SEGMENT].dropna() if SEGMENT in frame.columns else pd.Series([], dtype=str)
    return SurveyColumns(
        drivers=keep(cols.drivers),
        operational=keep(cols.operational),
        flags=keep(cols.flags),
        controls=keep(cols.controls),
        absent=cols.absent,
        constant=tuple(constant),
        inferred=cols.inferred,
        error_flags=cols.error_flags,
        kinds={c: predictor_kind(c, frame[c], cols.drivers) for c in predictors},
        missing={str(c): int(k) for c, k in n_missing.items() if k > 0},
        programs=tuple(sorted(str(p) for p in programs.unique())),
        roles=cols.roles,
    )

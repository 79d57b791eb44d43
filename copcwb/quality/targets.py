"""Critical-error accuracy against target, allowing for sampling error.

The target of each program x error type comes, in order of precedence, from:

1. a per-program override of the metric ``<type>_ce_accuracy`` in the engagement's
   ``targets:`` (source "engagement");
2. the accuracy target the engagement chose for the type (source "engagement");
3. the metric catalog's target for ``<type>_ce_accuracy`` (its own source: "client",
   "catalog", "placeholder", ...);
4. the built-in catalog's target for that metric (source "placeholder").

Only process monitoring is judged against target: individual and targeted monitoring
do not describe the process, and are never pooled with it.

The verdict allows for sampling error: "meets target" when the Wilson interval lies
wholly at or above the target, "below target" when it lies wholly below, "within
sampling error" when it contains the target, "no target" without one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.catalog import OVERRIDE_SOURCE, PLACEHOLDER_SOURCE, load_default_catalog
from copcwb.quality.critical_errors import critical_error_accuracy
from copcwb.terms import ERROR_TYPES

MEETS = "meets target"
BELOW = "below target"
WITHIN = "within sampling error"
NO_TARGET = "no target"

TARGET_COLUMNS = ["program", "error_type", "target", "target_source"]


def _metric(kind: str) -> str:
    return f"{kind}_ce_accuracy"


def _builtin_targets() -> dict[str, float]:
    catalog = load_default_catalog().set_index("metric")["target"]
    return {kind: float(catalog.get(_metric(kind), math.nan)) for kind in ERROR_TYPES}


def accuracy_targets(
    programs: Iterable[str],
    metric_targets: pd.DataFrame | None = None,
    chosen: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """The critical-error accuracy target of each program x error type, and its source.

    metric_targets: program x metric targets with ``target_source`` (the ``targets``
    table of :func:`copcwb.baseline.assess`: catalog plus per-program overrides).
    chosen: ``{error_type: target}`` the engagement chose (e.g. the ``accuracy_targets``
    option). Precedence as in the module docstring.

    Columns: program, error_type, target, target_source.
    """
    unknown = sorted(set(chosen or {}) - set(ERROR_TYPES))
    if unknown:
        raise ValueError(f"accuracy targets must be among {list(ERROR_TYPES)}, got {unknown}")
    table = pd.DataFrame(columns=["program", "metric", "target", "target_source"])
    if metric_targets is not None:
        table = metric_targets
    table = table.set_index(["program", "metric"])
    builtin = _builtin_targets()
    rows = []
    for program in programs:
        for kind in ERROR_TYPES:
            key = (program, _metric(kind))
            target = float(table.at[key, "target"]) if key in table.index else math.nan
            source = str(table.at[key, "target_source"]) if key in table.index else ""
            if source == OVERRIDE_SOURCE and math.isfinite(target):
                chosen_target = (target, OVERRIDE_SOURCE)
            elif chosen and kind in chosen:
                chosen_target = (float(chosen[kind]), OVERRIDE_SOURCE)
            elif math.isfinite(target):
                chosen_target = (target, source)
            else:
                chosen_target = (builtin[kind], PLACEHOLDER_SOURCE)
            rows.append((str(program), kind, *chosen_target))
    out = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    return out.astype({"program": "str", "error_type": "str", "target": "float64"})


def judge_accuracy(accuracy: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Process accuracy against target, allowing for sampling error.

    accuracy: a table of :func:`critical_error_accuracy` per program; rows of other
    monitoring types than process are left out (never pooled with process).
    targets: program, error_type, target, target_source (see :func:`accuracy_targets`).

    Columns: program, error_type, n, n_with_error, accuracy, ci_low, ci_high, target,
    target_source, status ("meets target" when ci_low >= target, "below target" when
    ci_high < target, "within sampling error" otherwise, "no target" without one).
    """
    process = accuracy
    if "monitoring_type" in accuracy.columns:
        process = accuracy[accuracy["monitoring_type"] == "process"]
        process = process.drop(columns="monitoring_type")
    out = process.reset_index(drop=True).merge(targets, on=["program", "error_type"], how="left")
    target = out["target"].to_numpy(dtype=float)
    low = out["ci_low"].to_numpy(dtype=float)
    high = out["ci_high"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        status = np.where(
            np.isnan(target),
            NO_TARGET,
            np.where(low >= target, MEETS, np.where(high < target, BELOW, WITHIN)),
        )
    out["status"] = status
    out["target_source"] = out["target_source"].fillna(PLACEHOLDER_SOURCE)
    return out.astype({"status": "str", "target_source": "str", "target": "float64"})


@dataclass(frozen=True, eq=False)
class JudgedAccuracy:
    """Result of :func:`judged_accuracy`.

    process: the process accuracy judged against target (columns of
        :func:`judge_accuracy`); empty when the QA export holds no process monitoring.
    other: individual and targeted monitoring, kept apart: program, monitoring_type,
        error_type, n, n_with_error, accuracy, ci_low, ci_high.
    confidence: the level of the Wilson intervals.
    """

    process: pd.DataFrame
    other: pd.DataFrame
    confidence: float

    @property
    def has_process(self) -> bool:
        """Whether the QA export holds process monitoring."""
        return not self.process.empty

    def summary(self) -> pd.DataFrame:
        """The judged process accuracy (a copy)."""
        return self.process.copy()


def judged_accuracy(
    qa: pd.DataFrame | None,
    metric_targets: pd.DataFrame | None = None,
    *,
    chosen: Mapping[str, float] | None = None,
    confidence: float = 0.95,
) -> JudgedAccuracy | None:
    """Critical-error accuracy per program and type, process monitoring judged against
    target (see :func:`accuracy_targets` for ``metric_targets`` and ``chosen``, the
    targets the engagement chose per error type), the other monitoring types kept
    apart. None when there is no QA export (``qa`` None).
    """
    if qa is None:
        return None
    accuracy = critical_error_accuracy(
        qa, by=("program",), confidence=confidence, monitoring_types="all"
    )
    is_process = accuracy["monitoring_type"] == "process"
    programs = sorted(accuracy.loc[is_process, "program"].unique())
    goals = accuracy_targets(programs, metric_targets, chosen)
    return JudgedAccuracy(
        process=judge_accuracy(accuracy[is_process], goals),
        other=accuracy[~is_process].reset_index(drop=True),
        confidence=confidence,
    )

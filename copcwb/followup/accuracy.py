"""Critical-error accuracy then and now, per program and type of critical error, with
a two-proportion z test of whether the change is beyond sampling error."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from copcwb.followup.parts import Part, empty, figure, lacking
from copcwb.terms import ERROR_TYPES

IMPROVED, WORSENED, WITHIN = "improved", "worsened", "within sampling error"
NEW, DROPPED = "new", "dropped"
CHANGES: tuple[str, ...] = (WORSENED, IMPROVED, WITHIN, NEW, DROPPED)
_MEASURED = ("n", "n_with_error", "accuracy", "target", "status")
COLUMNS: tuple[str, ...] = (
    "program",
    "error_type",
    *(f"{m}_then" for m in _MEASURED),
    *(f"{m}_now" for m in _MEASURED),
    "difference",
    "z",
    "p_val",
    "change",
)


@dataclass(frozen=True)
class AccuracyChange(Part):
    """One row per program x error type of either run (programs in the follow-up's
    order, types customer, business, compliance): program, error_type, n_then,
    n_with_error_then, accuracy_then, target_then, status_then (the baseline's
    verdict against target), the same ``_now``, difference (accuracy_now -
    accuracy_then), z and p_val of the two-sided pooled two-proportion z test, and
    change in ``CHANGES``: "improved" / "worsened" (p_val < alpha), "within sampling
    error", "new" (only in the follow-up), "dropped" (only in the baseline).
    ``alpha`` is the test's level."""

    alpha: float = 0.05


def two_proportion_z(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """z and two-sided p of the pooled two-proportion test of x1/n1 against x2/n2:
    z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2)) with p = (x1 + x2) / (n1 + n2).
    When p is 0 or 1 both proportions are equal and have no variance: z 0, p 1 (as
    Fisher's exact test gives for such a table)."""
    from scipy.stats import norm

    if min(n1, n2) <= 0:
        raise ValueError("both samples need at least one transaction")
    pooled = (x1 + x2) / (n1 + n2)
    if pooled in (0.0, 1.0):
        return 0.0, 1.0
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = (x1 / n1 - x2 / n2) / se
    return z, float(2 * norm.sf(abs(z)))


def _errors(cell: dict) -> int:
    """Transactions with an error: ``n_with_error``, or, for runs that did not record
    it, n x (1 - accuracy) rounded (accuracy is the ratio of whole counts)."""
    if cell.get("n_with_error") is not None:
        return int(cell["n_with_error"])
    return round(int(cell["n"]) * (1 - float(cell["accuracy"])))


def _cell(cells: dict, error_type: str) -> dict | None:
    """The figures of one type, or None when the run has none (or no transactions)."""
    cell = cells.get(error_type)
    if not cell or not cell.get("n") or cell.get("accuracy") is None:
        return None
    return cell


def _measured(cell: dict | None, suffix: str) -> dict[str, Any]:
    if cell is None:
        return {f"{m}{suffix}": None for m in _MEASURED}
    values = {
        "n": int(cell["n"]),
        "n_with_error": _errors(cell),
        "accuracy": float(cell["accuracy"]),
        "target": cell.get("target"),
        "status": cell.get("status"),
    }
    return {f"{m}{suffix}": values[m] for m in _MEASURED}


def _tested(old: dict | None, new: dict | None, alpha: float) -> dict[str, Any]:
    if old is None or new is None:
        change = DROPPED if new is None else NEW
        return {"difference": None, "z": None, "p_val": None, "change": change}
    n_then, n_now = int(old["n"]), int(new["n"])
    z, p_val = two_proportion_z(n_now - _errors(new), n_now, n_then - _errors(old), n_then)
    change = WITHIN if p_val >= alpha else IMPROVED if z > 0 else WORSENED
    difference = float(new["accuracy"]) - float(old["accuracy"])
    return {"difference": difference, "z": z, "p_val": p_val, "change": change}


def accuracy_change(
    then: dict[str, Any], now: dict[str, Any], *, alpha: float = 0.05
) -> AccuracyChange:
    """Compare the critical-error accuracy of two runs' results.json (figure
    ``critical_error_accuracy`` of baseline_assessment: {program: {type: {n,
    n_with_error, accuracy, target, status}}}); a change is beyond sampling error when
    the two-proportion test gives p_val < ``alpha``. Not available when either run has
    no such figure (no QA export)."""
    old = figure(then, "baseline_assessment", "critical_error_accuracy")
    new = figure(now, "baseline_assessment", "critical_error_accuracy")
    missing = lacking(old, new)
    if missing:
        return AccuracyChange(empty(COLUMNS), missing, alpha=alpha)
    records = []
    for program in dict.fromkeys([*new, *old]):
        cells_then, cells_now = old.get(program) or {}, new.get(program) or {}
        types = [t for t in ERROR_TYPES if t in cells_then or t in cells_now]
        types += [t for t in dict.fromkeys([*cells_now, *cells_then]) if t not in ERROR_TYPES]
        for error_type in types:
            cell_then, cell_now = _cell(cells_then, error_type), _cell(cells_now, error_type)
            records.append(
                {
                    "program": program,
                    "error_type": error_type,
                    **_measured(cell_then, "_then"),
                    **_measured(cell_now, "_now"),
                    **_tested(cell_then, cell_now, alpha),
                }
            )
    return AccuracyChange(pd.DataFrame(records, columns=list(COLUMNS)), alpha=alpha)

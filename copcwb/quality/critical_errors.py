"""Critical-error accuracy per type, from process monitoring, with Wilson intervals.

Accuracy for error type k = monitored transactions without a type-k critical
error / monitored transactions. Each type is reported on its own.

Process monitoring (a random sample of all transactions of a program) describes
the process; individual (coaching one agent) and targeted monitoring do not. The
default is process monitoring only. Other types can be asked for, but every row
carries its ``monitoring_type`` and the types are always grouped apart: they are
never pooled into one figure.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from copcwb.errors import AnalysisError
from copcwb.quality._common import (
    MONITORING_TYPES,
    as_keys,
    monitoring_selection,
    require_columns,
    with_month,
)
from copcwb.quality.intervals import wilson_arrays
from copcwb.terms import ERROR_FLAG_COLUMNS, ERROR_TYPES

ACCURACY_COLUMNS = ["error_type", "n", "n_with_error", "accuracy", "ci_low", "ci_high"]


def select_monitoring(
    qa: pd.DataFrame, monitoring_types: Iterable[str] | str, by: list[str]
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Rows of the chosen monitoring types, and the group keys with monitoring_type added.

    Raises AnalysisError when no row has a chosen type.
    """
    chosen = monitoring_selection(monitoring_types)
    require_columns(qa, ["monitoring_type", *by], "qa", "read_qa")
    data = qa[qa["monitoring_type"].isin(chosen)].copy()
    if data.empty:
        present = sorted(qa["monitoring_type"].dropna().astype(str).unique())
        raise AnalysisError(
            f"the QA records have no {' / '.join(chosen)} monitoring (types present: {present}); "
            "process accuracy needs a random sample of each program's transactions marked "
            "monitoring_type = process, or pass monitoring_types=... to look at the others"
        )
    keys = by if "monitoring_type" in by else [*by, "monitoring_type"]
    return data, keys, chosen


def _sort(out: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    order = {"monitoring_type": list(MONITORING_TYPES), "error_type": list(ERROR_TYPES)}
    sort_cols = []
    for key in [*keys, "error_type"]:
        if key in order:
            out[f"_{key}"] = out[key].map({v: i for i, v in enumerate(order[key])})
            sort_cols.append(f"_{key}")
        else:
            sort_cols.append(key)
    out = out.sort_values(sort_cols, kind="stable")
    return out.drop(columns=[c for c in sort_cols if c.startswith("_")]).reset_index(drop=True)


def critical_error_accuracy(
    qa: pd.DataFrame,
    by: Iterable[str] | str = ("program",),
    confidence: float = 0.95,
    *,
    monitoring_types: Iterable[str] | str = ("process",),
    by_month: bool = False,
    error_types: Iterable[str] = ERROR_TYPES,
) -> pd.DataFrame:
    """Accuracy per critical-error type with a Wilson interval.

    qa: transaction_id, program, date, monitoring_type, customer_ce, business_ce,
    compliance_ce (0/1). ``by``: grouping columns (default per program; ``()`` for
    one figure). ``by_month``: also per calendar month of ``date``.
    ``monitoring_types``: "process" only by default; ``"all"`` or a tuple adds the
    other types as separate rows, never pooled.

    Columns: by..., [month], monitoring_type, error_type ("customer", "business",
    "compliance"), n (monitored transactions), n_with_error, accuracy
    (= 1 - n_with_error / n), ci_low, ci_high (Wilson, at ``confidence``).
    Raises AnalysisError when there are no records of the chosen monitoring types.
    """
    keys = as_keys(by)
    types = list(error_types)
    unknown = sorted(set(types) - set(ERROR_TYPES))
    if unknown or not types:
        raise ValueError(f"error_types must be among {list(ERROR_TYPES)}, got {types}")
    flags = [ERROR_FLAG_COLUMNS[t] for t in types]
    require_columns(qa, flags, "qa", "read_qa")
    data, keys, _ = select_monitoring(qa, monitoring_types, keys)
    keys = with_month(data, keys, "date", by_month)
    values = data[flags].to_numpy(dtype=float)
    if np.isnan(values).any() or not np.isin(values, (0.0, 1.0)).all():
        raise ValueError(
            f"critical-error flags {flags} must be 0 or 1 in every row; fix the QA file "
            "(1 = the error occurred, 0 = it did not)"
        )
    long = data[keys + flags].melt(
        id_vars=keys, value_vars=flags, var_name="error_type", value_name="_error"
    )
    long["error_type"] = long["error_type"].map({c: k for k, c in ERROR_FLAG_COLUMNS.items()})
    grouped = long.groupby([*keys, "error_type"], sort=False, dropna=False)["_error"]
    out = grouped.agg(n="size", n_with_error="sum").reset_index()
    out = out.astype({"n": "int64", "n_with_error": "int64", "error_type": "str"})
    ok = (out["n"] - out["n_with_error"]).to_numpy()
    out["accuracy"] = ok / out["n"].to_numpy(dtype=float)
    out["ci_low"], out["ci_high"] = wilson_arrays(ok, out["n"].to_numpy(), confidence)
    return _sort(out, keys)[[*keys, *ACCURACY_COLUMNS]]

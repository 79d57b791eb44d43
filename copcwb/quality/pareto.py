"""Pareto of QA error codes: which few codes account for most errors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from copcwb.errors import AnalysisError
from copcwb.quality._common import as_keys, require_columns
from copcwb.quality.critical_errors import select_monitoring

PARETO_COLUMNS = ["error_code", "count", "share", "cumulative_share", "vital_few", "rank"]


def error_pareto(
    qa: pd.DataFrame,
    *,
    by: Iterable[str] | str = (),
    monitoring_types: Iterable[str] | str = ("process",),
    code_column: str = "error_code",
    vital_share: float = 0.80,
    separator: str | None = ";",
) -> pd.DataFrame:
    """Count of each error code, most frequent first, with share and cumulative share.

    A cell holding several codes joined by ``separator`` ("CE-RUDE;BE-NO-OFFER")
    counts once for each code. Rows with a missing or blank code are ignored.
    Monitoring types are kept apart (process only by default). ``vital_few`` marks
    the codes needed to reach ``vital_share`` of all coded errors (the code that
    crosses it included).

    Columns: by..., monitoring_type, error_code, count, share (of the group's coded
    errors), cumulative_share, vital_few (bool), rank (1 = most frequent; ties are
    ordered by code). Raises AnalysisError when ``qa`` has no code column or no codes.
    """
    if not 0 < vital_share <= 1:
        raise ValueError(f"vital_share must be in (0, 1], got {vital_share!r}")
    if code_column not in qa.columns:
        raise AnalysisError(
            f"the QA records have no '{code_column}' column, so there is no Pareto of error "
            "codes; add the code of each error found to the QA export"
        )
    data, keys, _ = select_monitoring(qa, monitoring_types, as_keys(by))
    codes = data[code_column].astype("str").where(data[code_column].notna())
    if separator:
        data = data.assign(**{code_column: codes.str.split(separator)}).explode(code_column)
        codes = data[code_column].astype("str").where(data[code_column].notna())
    codes = codes.str.strip()
    data = data.assign(error_code=codes)[codes.notna() & (codes != "")]
    if data.empty:
        raise AnalysisError(
            f"no monitored transaction of the chosen types has an error code in '{code_column}'"
        )
    counts = data.groupby([*keys, "error_code"], sort=True).size().rename("count").reset_index()
    counts = counts.sort_values(
        [*keys, "count", "error_code"], ascending=[True] * len(keys) + [False, True], kind="stable"
    )
    group = counts.groupby(keys, sort=False)["count"]
    total = group.transform("sum").to_numpy(dtype=float)
    counts["share"] = counts["count"].to_numpy() / total
    cumulative = group.cumsum().to_numpy(dtype=float) / total
    counts["cumulative_share"] = cumulative
    before = cumulative - counts["share"].to_numpy()
    counts["vital_few"] = before < vital_share - 1e-12
    counts["rank"] = counts.groupby(keys, sort=False).cumcount().to_numpy() + 1
    counts = counts.astype(
        {"count": "int64", "rank": "int64", "vital_few": "bool", "error_code": "str"}
    )
    return counts[[*keys, *PARETO_COLUMNS]].reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class ErrorPareto:
    """Result of :func:`qa_error_pareto`.

    table: the Pareto of error codes in process monitoring (columns of
        :func:`error_pareto` without by-columns); empty when the export has no process
        monitoring or no codes for it.
    n_process: process-monitored transactions. vital_share: the share of errors the
        vital few reach.
    """

    table: pd.DataFrame
    n_process: int
    vital_share: float

    @property
    def n_errors(self) -> int:
        """Coded errors counted (a transaction with two codes counts twice)."""
        return int(self.table["count"].sum())

    @property
    def vital_few(self) -> pd.DataFrame:
        """The rows of the vital few codes."""
        return self.table[self.table["vital_few"]]

    def summary(self) -> pd.DataFrame:
        """The Pareto table (a copy)."""
        return self.table.copy()


def qa_error_pareto(
    qa: pd.DataFrame | None, *, vital_share: float = 0.80, code_column: str = "error_code"
) -> ErrorPareto | None:
    """The Pareto of the error codes found in process monitoring (see
    :func:`error_pareto`). None when there is no QA export; an empty table when the
    export has no process monitoring, no ``code_column`` or no codes."""
    if qa is None:
        return None
    require_columns(qa, ["monitoring_type"], "qa", "read_qa")
    n_process = int((qa["monitoring_type"] == "process").sum())
    table = pd.DataFrame(columns=PARETO_COLUMNS).astype({"count": "int64", "vital_few": "bool"})
    if n_process and code_column in qa.columns:
        try:
            table = error_pareto(qa, vital_share=vital_share, code_column=code_column)
        except AnalysisError:  # no process transaction carries a code
            pass
        else:
            table = table.drop(columns="monitoring_type")
    return ErrorPareto(table=table, n_process=n_process, vital_share=vital_share)

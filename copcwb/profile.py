"""A data profile of one input: rows, period covered, groups, missing values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from copcwb.engine import LogTable


@dataclass(frozen=True)
class ProfileResult:
    """Profile of one input frame.

    ``missing``: column, n_missing, share_missing (one row per column).
    """

    name: str
    rows: int
    start: str | None
    end: str | None
    group_column: str | None
    groups: tuple[str, ...]
    missing: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        """One row: name, rows, start, end, group_column, n_groups."""
        return pd.DataFrame(
            [
                {
                    "name": self.name,
                    "rows": self.rows,
                    "start": self.start,
                    "end": self.end,
                    "group_column": self.group_column,
                    "n_groups": len(self.groups),
                }
            ]
        )


def _bound(values: pd.Series, how: str) -> str | None:
    values = values.dropna()
    if values.empty:
        return None
    value = values.min() if how == "min" else values.max()
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def profile(
    frame: pd.DataFrame,
    *,
    name: str,
    time_column: str | None = None,
    group_column: str | None = None,
) -> ProfileResult:
    """Profile ``frame``: row count, first and last ``time_column`` value, the distinct
    ``group_column`` values and missing values per column."""
    missing = frame.isna().sum()
    groups: tuple[str, ...] = ()
    if group_column and group_column in frame:
        groups = tuple(sorted(frame[group_column].dropna().astype(str).unique()))
    bounds = (None, None)
    if time_column and time_column in frame:
        bounds = (_bound(frame[time_column], "min"), _bound(frame[time_column], "max"))
    return _result(name, len(frame), bounds, group_column, groups, missing)


def _result(name, n: int, bounds, group_column, groups, missing: pd.Series) -> ProfileResult:
    """The profile from its counts (``missing``: column -> missing values)."""
    table = pd.DataFrame(
        {
            "column": missing.index.astype(str),
            "n_missing": missing.to_numpy(dtype="int64"),
            "share_missing": (missing.to_numpy() / n) if n else 0.0,
        }
    )
    return ProfileResult(
        name=name,
        rows=n,
        start=bounds[0],
        end=bounds[1],
        group_column=group_column,
        groups=groups,
        missing=table,
    )


def profile_log(
    table: LogTable,
    *,
    name: str,
    time_column: str | None = None,
    group_column: str | None = None,
) -> ProfileResult:
    """:func:`profile` of a row-level input kept on disk, counted in the engine."""
    from copcwb.engine import as_relation

    columns = table.columns
    relation = as_relation(table, columns)
    counts = ", ".join(f'count(*) - count("{c}")' for c in columns)
    row = relation.aggregate(f"count(*), {counts}").fetchall()[0]
    n, missing = int(row[0]), [int(v) for v in row[1:]]
    groups: tuple[str, ...] = ()
    if group_column and group_column in columns:
        found = relation.filter(f'"{group_column}" IS NOT NULL').project(f'"{group_column}"')
        groups = tuple(sorted(str(v) for (v,) in found.distinct().fetchall()))
    start = end = None
    if time_column and time_column in columns and n:
        bounds = relation.aggregate(f'min("{time_column}") AS lo, max("{time_column}") AS hi')
        frame = bounds.df()
        zone = table.zone(time_column)
        for column in ("lo", "hi"):
            if zone and isinstance(frame[column].dtype, pd.DatetimeTZDtype):
                frame[column] = frame[column].dt.tz_convert(zone)
        start, end = _bound(frame["lo"], "min"), _bound(frame["hi"], "max")
    missing_of = pd.Series(missing, index=columns, dtype="int64")
    return _result(name, n, (start, end), group_column, groups, missing_of)

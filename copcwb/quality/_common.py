"""Shared checks of the quality analyses."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

#: the monitoring types of a QA export, process (the random sample) first
MONITORING_TYPES = ("process", "individual", "targeted")


def as_keys(by: Iterable[str] | str | None) -> list[str]:
    """``by`` as a list of column names (a single string is one column)."""
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def require_columns(df: pd.DataFrame, columns: Iterable[str], what: str, reader: str) -> None:
    """Raise ValueError naming the columns of ``df`` that are missing."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(
            f"{what} lacks column(s) {missing}; read the file with copcwb.io.{reader} "
            "or pass the column names that exist"
        )


def monitoring_selection(monitoring_types: Iterable[str] | str) -> list[str]:
    """The monitoring types asked for (``"all"`` = all three), checked."""
    if isinstance(monitoring_types, str):
        chosen = list(MONITORING_TYPES) if monitoring_types == "all" else [monitoring_types]
    else:
        chosen = list(monitoring_types)
    unknown = sorted(set(chosen) - set(MONITORING_TYPES))
    if unknown or not chosen:
        raise ValueError(
            f"monitoring_types must be 'all' or among {list(MONITORING_TYPES)}, got {chosen}"
        )
    return [t for t in MONITORING_TYPES if t in chosen]


def with_month(df: pd.DataFrame, keys: list[str], time_column: str, by_month: bool) -> list[str]:
    """Add a Period[M] ``month`` column from ``time_column`` in place when asked for (or named
    in ``keys``); return the keys with ``month`` appended when ``by_month``."""
    if by_month and "month" not in keys:
        keys = [*keys, "month"]
    if "month" in keys and "month" not in df.columns:
        df["month"] = pd.to_datetime(df[time_column]).dt.to_period("M")
    return keys

"""Repeat contacts counted in the engine: one sorted pass over the log for every repeat
window and every grouping.

Each contact's next contact by the same customer (within the match keys) is found once,
with a window function over the log sorted by customer and start time; every window's
repeat, censoring and resolution counts are then sums over those pairs, for all the
groupings asked for at once (GROUPING SETS). The log may be a DataFrame or a
``LogTable`` (a validated Parquet snapshot that is never loaded into memory).
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from copcwb.engine import LogTable, as_relation, engine_error
from copcwb.engine.tables import ROW, zone_of

COUNTS = ("n_contacts", "n_resolved", "n_censored", "n_total")


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def _micros(delta: pd.Timedelta) -> int:
    return int(delta / pd.Timedelta(microseconds=1))


def _source(data: pd.DataFrame | LogTable, needed: list[str]) -> duckdb.DuckDBPyRelation:
    if isinstance(data, pd.DataFrame) and not pd.api.types.is_datetime64_any_dtype(
        data["start_time"]
    ):
        data = data.assign(start_time=pd.to_datetime(data["start_time"]))
    return as_relation(data, needed)


def _local(zone: str | None) -> str:
    """SQL of the wall-clock start time (the month a contact falls in)."""
    return f"timezone('{zone}', start_time)" if zone else "start_time"


def repeat_counts(
    data: pd.DataFrame | LogTable,
    windows: Sequence[pd.Timedelta],
    groupings: Sequence[Sequence[str]],
    *,
    match: Sequence[str],
    data_end: pd.Timestamp | None = None,
) -> dict[tuple[str, ...], list[pd.DataFrame]]:
    """Per grouping (a tuple of columns, "month" = the start time's month) and per window
    (in order): by..., n_contacts (judged), n_resolved, n_censored, n_total, sorted by the
    grouping's columns. A contact repeats when the same customer (same ``match`` values)
    contacts again within the window; it is censored when start + window > data_end
    (default: the latest start time)."""
    plain = sorted({c for g in groupings for c in g if c != "month"} | set(match))
    relation = _source(data, [*plain, "start_time"])
    zone = zone_of(data, "start_time")
    end = "max(start_time) OVER ()"
    if data_end is not None:
        end = (
            f"TIMESTAMPTZ '{pd.Timestamp(data_end).isoformat()}'"
            if zone
            else (f"TIMESTAMP '{pd.Timestamp(data_end).isoformat()}'")
        )
    sums = []
    for i, delta in enumerate(windows):
        us = _micros(delta)
        censored = f"(start_time + to_microseconds({us}) > data_end)"
        repeat = f"(next_start IS NOT NULL AND next_start <= start_time + to_microseconds({us}))"
        sums += [
            f"sum(CASE WHEN {censored} THEN 0 ELSE 1 END)::BIGINT AS n_contacts_{i}",
            f"sum(CASE WHEN {censored} OR {repeat} THEN 0 ELSE 1 END)::BIGINT AS n_resolved_{i}",
            f"sum(CASE WHEN {censored} THEN 1 ELSE 0 END)::BIGINT AS n_censored_{i}",
        ]
    keys = sorted({c for g in groupings for c in g})
    sets = ", ".join("(" + _quoted(g) + ")" for g in groupings)
    month = f"strftime({_local(zone)}, '%Y-%m') AS month, " if "month" in keys else ""
    selected = (
        f"{_quoted(keys)}, GROUPING({_quoted(keys)}) AS grouping_id,"
        if keys
        else ("0 AS grouping_id,")
    )
    sql = f"""
        WITH pairs AS (
            SELECT *, {month}{end} AS data_end,
                   lead(start_time) OVER (
                       PARTITION BY {_quoted(match)} ORDER BY start_time, {ROW}
                   ) AS next_start
            FROM contacts
        )
        SELECT {selected}
               {", ".join(sums)}, count(*)::BIGINT AS n_total
        FROM pairs GROUP BY GROUPING SETS ({sets})
    """
    try:
        counts = relation.query("contacts", sql).df()
    except duckdb.Error as exc:
        raise engine_error(exc, "counting repeat contacts") from None
    return {tuple(g): _split(counts, keys, list(g), len(windows)) for g in groupings}


def _split(counts: pd.DataFrame, keys: list[str], grouping: list[str], n: int) -> list:
    """The rows of one grouping set, one frame per window."""
    absent = sum(1 << (len(keys) - 1 - keys.index(k)) for k in keys if k not in grouping)
    rows = counts[counts["grouping_id"] == absent]
    rows = rows.sort_values(grouping, kind="stable") if grouping else rows
    out = []
    for i in range(n):
        part = pd.DataFrame({k: rows[k].to_numpy() for k in grouping})
        for name in COUNTS:
            column = name if name == "n_total" else f"{name}_{i}"
            part[name] = rows[column].to_numpy(dtype="int64")
        if "month" in grouping:
            part["month"] = pd.PeriodIndex(part["month"], freq="M")
        out.append(part.reset_index(drop=True))
    return out

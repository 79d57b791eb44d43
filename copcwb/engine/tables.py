"""A validated row-level input kept on disk as Parquet, and relations over it or a frame."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from copcwb.engine.connection import connect

if TYPE_CHECKING:
    from copcwb.io.tables import ReadInfo

#: name of the column that numbers a relation's rows in their original order (0-based)
ROW = "_row"


@dataclass(frozen=True)
class LogTable:
    """A validated input of ``kind`` (contacts, qa, wfm...) in the Parquet file ``path``,
    queried through the engine instead of being held in memory.

    ``columns``: its column names; ``len()``: its rows. ``to_pandas(columns)`` loads it
    (or some columns) as the reader would have returned it.
    """

    path: Path
    kind: str

    @property
    def columns(self) -> list[str]:
        return list(pq.read_schema(self.path).names)

    def __len__(self) -> int:
        return int(pq.ParquetFile(self.path).metadata.num_rows)

    def zone(self, column: str) -> str | None:
        """The time zone of timestamp ``column`` (None when naive or not a timestamp)."""
        field = pq.read_schema(self.path).field(column)
        return getattr(field.type, "tz", None)

    @property
    def info(self) -> ReadInfo:
        """How the original file was read (format, encoding, header row, empty rows)."""
        from copcwb.io.snapshot import read_snapshot_info

        return read_snapshot_info(self.path)

    def to_pandas(self, columns: list[str] | None = None) -> pd.DataFrame:
        """The table (or ``columns`` of it) as a DataFrame typed as its reader types it."""
        from copcwb.io.snapshot import read_snapshot

        return read_snapshot(self.path, columns=columns)[0]


def as_relation(data: pd.DataFrame | LogTable, columns: list[str]) -> duckdb.DuckDBPyRelation:
    """``columns`` of ``data`` as an engine relation, plus ``_row`` (the row's position)."""
    con = connect()
    listed = ", ".join(f'"{c}"' for c in columns)
    if isinstance(data, LogTable):
        source = con.read_parquet(str(data.path), file_row_number=True)
        return source.project(f"{listed}, file_row_number AS {ROW}")
    frame = data[columns].assign(**{ROW: range(len(data))})
    return con.from_df(frame)


def zone_of(data: pd.DataFrame | LogTable, column: str) -> str | None:
    """The time zone of timestamp ``column`` of a frame or log table (None when naive)."""
    if isinstance(data, LogTable):
        return data.zone(column)
    dtype = data[column].dtype
    return str(dtype.tz) if isinstance(dtype, pd.DatetimeTZDtype) else None

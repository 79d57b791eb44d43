"""A run's snapshot of its validated inputs: what every notebook of the run analyses.

The runner validates each input once and writes the validated frame to the run folder
as ``inputs/<kind>.parquet``, with how the original file was read (format, encoding,
delimiter, sheet, header row, skipped empty rows: what the data-quality warnings need
to name the rows of the original file) in the Parquet file's metadata. A copy of the
engagement spec the run used sits beside them as ``inputs/engagement.yaml``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from copcwb.errors import InputError, Problem
from copcwb.io.tables import ReadInfo

#: the snapshot's folder inside a run folder
SNAPSHOT_DIR = "inputs"
#: the copy of the engagement spec inside the snapshot folder
SPEC_COPY = "engagement.yaml"
_KEY = "copcwb_snapshot"


def snapshot_file(folder: str | Path, kind: str) -> Path:
    """Where the snapshot of input ``kind`` is inside the snapshot ``folder``."""
    return Path(folder) / f"{kind}.parquet"


def metadata(kind: str, info: ReadInfo, object_columns: list[str]) -> dict[bytes, bytes]:
    """The snapshot's own key in the Parquet file's metadata: its kind, how the original
    was read, and its text columns."""
    meta = {"kind": kind, "read": info.as_dict(), "object_columns": object_columns}
    return {_KEY.encode(): json.dumps(meta).encode()}


def write_snapshot(frame: pd.DataFrame, info: ReadInfo, path: Path, *, kind: str) -> None:
    """Write the validated ``frame`` of input ``kind`` and how it was read to ``path``."""
    text = [str(c) for c in frame.columns if frame[c].dtype == object]
    table = pa.Table.from_pandas(frame, preserve_index=False)
    extra = metadata(kind, info, text)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), **extra})
    pq.write_table(table, path)


def read_snapshot_info(path: str | Path) -> ReadInfo:
    """How the original of the snapshot ``path`` was read (without reading its rows)."""
    return read_snapshot(path, columns=[])[1]


def read_snapshot(
    path: str | Path, *, columns: list[str] | None = None
) -> tuple[pd.DataFrame, ReadInfo]:
    """The validated frame (or its ``columns``) in the snapshot file ``path`` and how its
    original was read.

    Raises InputError when the file is missing or is not a snapshot written by
    :func:`write_snapshot` or by the chunked validation (``copcwb.io.streamed``).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(
            Problem(
                file=str(path),
                problem="the run's snapshot of this input is missing",
                fix="run the engagement again (copcwb run); a run reads its inputs from "
                "its own inputs/ folder",
            )
        )
    try:
        table = pq.read_table(path, columns=columns)
        meta = json.loads(pq.read_metadata(path).metadata[_KEY.encode()])
    except Exception:  # unreadable Parquet, or Parquet without our metadata
        raise InputError(
            Problem(
                file=str(path),
                problem="not an input snapshot written by copcwb",
                fix="run the engagement again (copcwb run)",
            )
        ) from None
    frame = table.to_pandas()
    frame.attrs = {}
    for column in frame.columns:
        values = frame[column]
        if column in meta.get("object_columns", []) and values.dtype != object:
            # text columns come back as pandas' string dtype: give them back as validated
            frame[column] = values.astype(object).where(values.notna(), None)
        elif isinstance(values.dtype, pd.Int64Dtype) and not values.isna().any():
            frame[column] = values.astype("int64")  # whole numbers without gaps, as read
    return frame, ReadInfo.from_dict(meta["read"])

"""A run's snapshot of its validated inputs: what every notebook of the run analyses.

The runner validates each input once and writes the validated frame to the run folder
as ``inputs/<kind>.parquet``, with how the original file was read (format, encoding,
delimiter, sheet, header row, skipped empty rows: what the data-quality warnings need
to name the rows of the original file) in the Parquet file's metadata. A copy of the
engagement spec the run used sits beside them as ``inputs/engagement.yaml``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

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


def write_snapshot(frame: pd.DataFrame, info: ReadInfo, path: Path, *, kind: str) -> None:
    """Write the validated ``frame`` of input ``kind`` and how it was read to ``path``."""
    out = frame.copy(deep=False)
    text = [str(c) for c in frame.columns if frame[c].dtype == object]
    out.attrs = {_KEY: {"kind": kind, "read": info.as_dict(), "object_columns": text}}
    out.to_parquet(path, index=False)


def read_snapshot(path: str | Path) -> tuple[pd.DataFrame, ReadInfo]:
    """The validated frame in the snapshot file ``path`` and how its original was read.

    Raises InputError when the file is missing or is not a snapshot written by
    :func:`write_snapshot`.
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
        frame = pd.read_parquet(path)
        meta = frame.attrs.pop(_KEY)
    except Exception:  # unreadable Parquet, or Parquet without our metadata
        raise InputError(
            Problem(
                file=str(path),
                problem="not an input snapshot written by copcwb",
                fix="run the engagement again (copcwb run)",
            )
        ) from None
    frame.attrs = {}
    for column in meta.get("object_columns", []):
        # text columns come back as pandas' string dtype: give them back as validated
        if frame[column].dtype != object:
            values = frame[column]
            frame[column] = values.astype(object).where(values.notna(), None)
    return frame, ReadInfo.from_dict(meta["read"])

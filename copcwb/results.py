"""Key figures of a notebook, recorded in the notebook and collected by the runner.

``record("readiness", table)`` shows nothing in the report; it leaves a display
output of MIME type ``application/vnd.copcwb.results+json`` in the executed
notebook, from which the runner writes ``results.json``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

MIME = "application/vnd.copcwb.results+json"


def to_jsonable(value: Any) -> Any:
    """Plain JSON types from numpy/pandas scalars, frames, series and dataclasses.

    NaN and infinities become None; DataFrames become lists of records.
    """
    import numpy as np
    import pandas as pd

    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return value if math.isfinite(value) else None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, pd.DataFrame):
        return [to_jsonable(r) for r in value.to_dict(orient="records")]
    if isinstance(value, pd.Series):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (pd.Timestamp, dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, pd.Period):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, np.ndarray)):
        return [to_jsonable(v) for v in value]
    if value is pd.NA or value is pd.NaT:
        return None
    raise TypeError(f"cannot record a value of type {type(value).__name__} as a key figure")


def record(name: str, value: Any) -> None:
    """Record a key figure of the running notebook under ``name`` (JSON-able after conversion)."""
    from IPython.display import display

    display({MIME: {"name": name, "value": to_jsonable(value)}}, raw=True)


def record_all(figures: Mapping[str, Any]) -> None:
    """Record every key figure of ``figures`` ({name: value}), in order."""
    for name, value in figures.items():
        record(name, value)


def collect(nb) -> dict[str, Any]:
    """The key figures recorded in an executed notebook, in recording order."""
    figures: dict[str, Any] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if MIME in data:
                payload = data[MIME]
                figures[payload["name"]] = payload["value"]
    return figures

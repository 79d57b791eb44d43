"""Synthetic tables as CSV files: fixed decimals, UTF-8, "\\n" line endings."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

FILES: dict[str, str] = {
    "kpis": "kpis.csv",
    "qa": "qa.csv",
    "contacts": "contacts.csv",
    "survey": "survey.csv",
    "wfm": "wfm.csv",
    "calibration": "calibration.csv",
    "journeys": "journeys.csv",
}

# fixed number of decimals for every float column written to CSV
FLOAT_DECIMALS: dict[str, dict[str, int]] = {
    "kpis": {"value": 4},
    "survey": {"ivr_seconds": 1, "wait_seconds": 1},
    "journeys": {"ivr_seconds": 1, "queue_seconds": 1, "sla_hours": 1},
    "wfm": {
        "forecast_volume": 2,
        "actual_volume": 1,
        "forecast_aht_s": 1,
        "actual_aht_s": 1,
        "scheduled_agents": 1,
        "forecast_shrinkage": 3,
        "actual_shrinkage": 3,
    },
}


def csv_text(name: str, frame: pd.DataFrame) -> str:
    """``frame`` (the table ``name``) as CSV text, floats with fixed decimals (empty when
    missing)."""
    out = frame.copy()
    for col, dec in FLOAT_DECIMALS.get(name, {}).items():
        if col not in out:
            continue
        values = out[col].to_numpy(dtype=float)
        out[col] = [f"{v:.{dec}f}" if v == v else "" for v in values]
    return out.to_csv(index=False, lineterminator="\n")


def write_tables(folder: Path | str, tables: Mapping[str, pd.DataFrame]) -> dict[str, Path]:
    """Write each table as ``folder/<name>.csv`` (folder created if needed), in the order
    of FILES; return the paths by table."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name, filename in FILES.items():
        if name not in tables:
            continue
        path = folder / filename
        path.write_bytes(csv_text(name, tables[name]).encode("utf-8"))
        paths[name] = path
    return paths

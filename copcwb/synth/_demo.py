"""Generate the demo engagement's input tables and write them as CSV files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from copcwb.synth import contacts, kpis, qa, survey, wfm
from copcwb.synth._rng import Calendar, streams

FILES: dict[str, str] = {
    "kpis": "kpis.csv",
    "qa": "qa.csv",
    "contacts": "contacts.csv",
    "survey": "survey.csv",
    "wfm": "wfm.csv",
}

# fixed number of decimals for every float column written to CSV
FLOAT_DECIMALS: dict[str, dict[str, int]] = {
    "kpis": {"value": 4},
    "survey": {"ivr_seconds": 1, "wait_seconds": 1},
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


def generate_demo(
    seed: int = 2026, *, end_month: str = "2026-10", months: int = 12, weeks: int = 8
) -> dict[str, pd.DataFrame]:
    """The five input tables of the demo engagement, keyed "kpis", "qa", "contacts", "survey",
    "wfm".

    Columns are those of the normalized inputs, with dates as text: kpis.month "YYYY-MM",
    qa.date "YYYY-MM-DD", contacts.start_time "YYYY-MM-DD HH:MM:SS" (local time),
    wfm.interval_start ISO 8601 with the +08:00 offset. ``months`` months of KPIs and QA end
    with ``end_month``; contacts cover its last three months, the survey its last four; WFM
    covers ``weeks`` whole weeks (Monday to Sunday) ending on or before the end of
    ``end_month``. The same seed gives the same tables.
    """
    cal = Calendar.build(end_month, months, weeks)
    rng = streams(seed)
    contact_log = contacts.generate(rng["contacts"], cal)
    return {
        "kpis": kpis.generate(rng["kpis"], cal),
        "qa": qa.generate(rng["qa"], cal),
        "contacts": contact_log,
        "survey": survey.generate(rng["survey"], cal, contact_log),
        "wfm": wfm.generate(rng["wfm"], cal),
    }


def _to_text(name: str, frame: pd.DataFrame) -> str:
    out = frame.copy()
    for col, dec in FLOAT_DECIMALS.get(name, {}).items():
        values = out[col].to_numpy(dtype=float)
        out[col] = [f"{v:.{dec}f}" if v == v else "" for v in values]
    return out.to_csv(index=False, lineterminator="\n")


def write_demo_inputs(folder: Path | str, seed: int = 2026, **kw: object) -> dict[str, Path]:
    """Write kpis.csv, qa.csv, contacts.csv, survey.csv and wfm.csv into ``folder`` (created
    if needed; UTF-8, "\\n" line endings, fixed decimals) and return their paths by table.

    Keyword arguments go to :func:`generate_demo`. The same seed and arguments give the same
    files byte for byte.
    """
    tables = generate_demo(seed, **kw)  # type: ignore[arg-type]
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name, filename in FILES.items():
        path = folder / filename
        path.write_bytes(_to_text(name, tables[name]).encode("utf-8"))
        paths[name] = path
    return paths

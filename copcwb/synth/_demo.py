"""Generate the demo engagement's input tables and write them as CSV files."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from copcwb.synth._engagement import generate_engagement
from copcwb.synth._files import write_tables
from copcwb.synth._shapes import SHAPES


def generate_demo(
    seed: int = 2026, *, end_month: str = "2026-10", months: int = 12, weeks: int = 8
) -> dict[str, pd.DataFrame]:
    """The six input tables of the demo engagement, keyed "kpis", "qa", "contacts", "survey",
    "wfm", "journeys", "calibration".

    Columns are those of the normalized inputs, with dates as text: kpis.month "YYYY-MM",
    qa.date "YYYY-MM-DD", contacts.start_time "YYYY-MM-DD HH:MM:SS" (local time),
    wfm.interval_start ISO 8601 with the +08:00 offset, the journeys' times as local times
    like contacts.start_time. ``months`` months of KPIs and QA end with ``end_month``;
    contacts and journeys cover its last three months, the survey its last four; WFM
    covers ``weeks`` whole weeks (Monday to Sunday) ending on or before the end of
    ``end_month``. The calibration sample rescores process transactions of the QA table's
    last six months. The same seed gives the same tables.
    """
    shape = dataclasses.replace(SHAPES["demo"], months=months, weeks=weeks)
    return generate_engagement(shape, seed, end_month=end_month)


def write_demo_inputs(folder: Path | str, seed: int = 2026, **kw: object) -> dict[str, Path]:
    """Write kpis.csv, qa.csv, contacts.csv, survey.csv, wfm.csv, journeys.csv and
    calibration.csv into
    ``folder`` (created if needed; UTF-8, "\\n" line endings, fixed decimals) and return
    their paths by table.

    Keyword arguments go to :func:`generate_demo`. The same seed and arguments give the same
    files byte for byte.
    """
    return write_tables(folder, generate_demo(seed, **kw))  # type: ignore[arg-type]

"""The run's action plan: the actions each notebook recorded, in run order, written to
``actions.xlsx`` in the run folder for the client to track (and to results.json)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ACTIONS_FILE = "actions.xlsx"


def run_actions(runs) -> list[dict[str, Any]]:
    """Every action recorded by the completed notebooks of ``runs`` (key figure
    ``actions``), in the order the notebooks ran; ids are unique across a run because
    each notebook has its own prefix."""
    return [a for run in runs for a in (run.figures.get("actions") or [])]


def write_run_actions(actions: list[dict[str, Any]], staging: Path, language: str) -> Path:
    """``actions.xlsx`` in the staging run folder (the workbook of
    :func:`copcwb.business.write_actions`; an empty plan gives a sheet with its header)."""
    import pandas as pd

    from copcwb.business import ACTION_COLUMNS, write_actions

    frame = pd.DataFrame(actions).reindex(columns=list(ACTION_COLUMNS))
    return write_actions(frame, staging / ACTIONS_FILE, language=language)

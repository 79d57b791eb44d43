"""Readiness then and now: each program's certification-style verdict at the baseline
and at the follow-up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from copcwb.baseline.readiness_rules import OVERALL
from copcwb.followup.parts import Part, empty, figure, lacking

NEWLY_READY, NO_LONGER_READY = "newly ready", "no longer ready"
STILL_READY, STILL_NOT_READY = "still ready", "still not ready"
NEW_PROGRAM, DROPPED = "new program", "dropped"
CHANGES: tuple[str, ...] = (
    NO_LONGER_READY,
    NEWLY_READY,
    STILL_NOT_READY,
    STILL_READY,
    NEW_PROGRAM,
    DROPPED,
)
_MEASURED = ("ready", "share_meeting", "share_meeting_or_improving", "n_metrics")
COLUMNS: tuple[str, ...] = (
    "program",
    *(f"{m}_then" for m in _MEASURED),
    *(f"{m}_now" for m in _MEASURED),
    "change",
)


@dataclass(frozen=True)
class ReadinessChange(Part):
    """One row per program of either run (the follow-up's order, then programs only
    the baseline had; the overall row "ALL" last): program, ready_then (bool),
    share_meeting_then, share_meeting_or_improving_then, n_metrics_then, the same
    ``_now``, and change in ``CHANGES``: "newly ready", "no longer ready", "still
    ready", "still not ready", "new program", "dropped"."""


def change_of(then: dict | None, now: dict | None) -> str:
    """The change of one program's verdict (None when a run lacks the program)."""
    if then is None:
        return NEW_PROGRAM
    if now is None:
        return DROPPED
    ready_then, ready_now = bool(then.get("ready")), bool(now.get("ready"))
    if ready_then == ready_now:
        return STILL_READY if ready_now else STILL_NOT_READY
    return NEWLY_READY if ready_now else NO_LONGER_READY


def _measured(row: dict | None, suffix: str) -> dict[str, Any]:
    row = row or {}
    values = {m: row.get(m) for m in _MEASURED}
    if values["ready"] is not None:
        values["ready"] = bool(values["ready"])
    return {f"{m}{suffix}": values[m] for m in _MEASURED}


def readiness_change(then: dict[str, Any], now: dict[str, Any]) -> ReadinessChange:
    """Compare the readiness of two runs' results.json (figure ``readiness`` of
    baseline_assessment); not available when either run lacks it."""
    old = figure(then, "baseline_assessment", "readiness")
    new = figure(now, "baseline_assessment", "readiness")
    missing = lacking(old, new)
    if missing:
        return ReadinessChange(empty(COLUMNS), missing)
    programs = [p for p in dict.fromkeys([*new, *old]) if p != OVERALL]
    if OVERALL in new or OVERALL in old:
        programs.append(OVERALL)
    records = [
        {
            "program": program,
            **_measured(old.get(program), "_then"),
            **_measured(new.get(program), "_now"),
            "change": change_of(old.get(program), new.get(program)),
        }
        for program in programs
    ]
    return ReadinessChange(pd.DataFrame(records, columns=list(COLUMNS)))

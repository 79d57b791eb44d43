"""The scorecard then and now: each program's metrics against target at the baseline
and at the follow-up, and what changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from copcwb.followup.parts import Part, empty, figure, lacking

NEWLY_MET, NEWLY_MISSED = "newly met", "newly missed"
STILL_MET, STILL_MISSED = "still met", "still missed"
NEW_METRIC, DROPPED, NOT_JUDGED = "new metric", "dropped", "not judged"
#: the changes of a metric, in the order a report lists them
CHANGES: tuple[str, ...] = (
    NEWLY_MISSED,
    NEWLY_MET,
    STILL_MISSED,
    STILL_MET,
    NOT_JUDGED,
    NEW_METRIC,
    DROPPED,
)
_DESCRIBING = ("label", "category", "unit", "direction")
_MEASURED = ("month", "value", "target", "meets", "trend")
COLUMNS: tuple[str, ...] = (
    "program",
    "metric",
    *_DESCRIBING,
    *(f"{m}_then" for m in _MEASURED),
    *(f"{m}_now" for m in _MEASURED),
    "change",
)


@dataclass(frozen=True)
class ScorecardChange(Part):
    """Each program x metric of either scorecard (the follow-up's order, then the
    metrics only the baseline had): program, metric, label, category, unit, direction
    (the follow-up's, else the baseline's), month_then, value_then, target_then,
    meets_then (bool, None without a target), trend_then, the same ``_now``, and
    change in ``CHANGES``: "newly met" / "newly missed" / "still met" / "still missed"
    (met or not at each run), "not judged" (no target at one of them), "new metric"
    (only in the follow-up), "dropped" (only in the baseline)."""

    def counts(self) -> pd.DataFrame:
        """program, change, n: how many metrics of each program changed how (changes
        in ``CHANGES`` order, those with none left out)."""
        if self.table.empty:
            return empty(("program", "change", "n"))
        order = {c: i for i, c in enumerate(CHANGES)}
        counted = self.table.groupby(["program", "change"], sort=False).size()
        frame = counted.rename("n").reset_index()
        programs = {p: i for i, p in enumerate(dict.fromkeys(self.table["program"]))}
        frame = frame.sort_values(
            ["program", "change"],
            key=lambda s: s.map(programs) if s.name == "program" else s.map(order),
        )
        return frame.reset_index(drop=True)


def _judged(meets: object) -> bool | None:
    return None if meets is None else bool(meets)


def change_of(then: dict | None, now: dict | None) -> str:
    """The change of one metric between its scorecard rows ``then`` and ``now`` (None
    when a scorecard lacks it)."""
    if then is None:
        return NEW_METRIC
    if now is None:
        return DROPPED
    met_then, met_now = _judged(then.get("meets_target")), _judged(now.get("meets_target"))
    if met_then is None or met_now is None:
        return NOT_JUDGED
    if met_then and met_now:
        return STILL_MET
    if not met_then and not met_now:
        return STILL_MISSED
    return NEWLY_MET if met_now else NEWLY_MISSED


def _measured(row: dict | None, suffix: str) -> dict[str, Any]:
    row = row or {}
    values = {m: row.get(m) for m in ("month", "value", "target", "trend")}
    values["meets"] = _judged(row.get("meets_target")) if row else None
    return {f"{m}{suffix}": values[m] for m in _MEASURED}


def scorecard_change(then: dict[str, Any], now: dict[str, Any]) -> ScorecardChange:
    """Compare the baseline scorecards (figure ``scorecard`` of baseline_assessment)
    of two runs' results.json; not available when either run lacks one."""
    rows_then = figure(then, "baseline_assessment", "scorecard")
    rows_now = figure(now, "baseline_assessment", "scorecard")
    missing = lacking(rows_then, rows_now)
    if missing:
        return ScorecardChange(empty(COLUMNS), missing)
    by_key_then = {(r["program"], r["metric"]): r for r in rows_then}
    by_key_now = {(r["program"], r["metric"]): r for r in rows_now}
    keys = list(dict.fromkeys([*by_key_now, *by_key_then]))
    records = []
    for program, metric in keys:
        old, new = by_key_then.get((program, metric)), by_key_now.get((program, metric))
        described = new or old
        records.append(
            {
                "program": program,
                "metric": metric,
                **{k: described.get(k) for k in _DESCRIBING},
                **_measured(old, "_then"),
                **_measured(new, "_now"),
                "change": change_of(old, new),
            }
        )
    table = pd.DataFrame(records, columns=list(COLUMNS))
    return ScorecardChange(_program_order(table))


def _program_order(table: pd.DataFrame) -> pd.DataFrame:
    """The rows grouped by program (the follow-up's order), each program's rows kept."""
    programs = {p: i for i, p in enumerate(dict.fromkeys(table["program"]))}
    rank = table["program"].map(programs)
    return table.iloc[rank.argsort(kind="stable")].reset_index(drop=True)

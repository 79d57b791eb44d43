"""The staffing impact summed by queue, weekday, hour and part of the day, and the block
of the week where under-staffing cost the most.

Every table is a regrouping of one set of additive sums over queue x weekday x hour
cells (counts, FTE-hours, calls, and numerators and denominators of call-weighted
service levels), so the tables agree with each other and with the all-queue total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.forecast.periods import DAYPART_OF_HOUR, DAYPARTS, WEEKDAY_NAMES, LocalClock

CELL_KEYS = ("queue", "weekday", "hour", "daypart")
_HOURS_PER_WEEK = 7 * 24


def cell_sums(
    cell: np.ndarray, n_cells: int, cols: Mapping[str, np.ndarray], has_schedule: bool
) -> dict[str, np.ndarray]:
    """Additive sums of the interval columns per cell (one bincount each); ratios are
    kept as ``<name>__num`` / ``<name>__den`` pairs (see :func:`finish_sums`)."""

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(cell, weights=values, minlength=n_cells)

    gap = cols["agent_gap"]
    known = np.isfinite(gap)
    calls = np.nan_to_num(cols["actual_calls"])
    gap_hours = np.nan_to_num(cols["gap_fte_hours"])
    sums = {
        "n_intervals": total(known),
        "n_under": total(known & (gap < 0)),
        "n_over": total(known & (gap > 0)),
        "under_fte_hours": total(np.maximum(-gap_hours, 0.0)),
        "over_fte_hours": total(np.maximum(gap_hours, 0.0)),
        "actual_calls": total(calls),
    }
    pairs = [("sl_at_forecast_staffing", "overloaded_at_forecast_staffing", "_at_forecast")]
    if has_schedule:
        pairs.append(("achieved_sl", "overloaded", ""))
    for sl_col, flag_col, suffix in pairs:
        sl = cols[sl_col]
        w = np.where(np.isfinite(sl) & (calls > 0), calls, 0.0)
        weighted = w * np.nan_to_num(sl)
        sums[f"{sl_col}__num"] = total(weighted)
        sums[f"{sl_col}__den"] = total(w)
        sums[f"share_overloaded{suffix}__num"] = total(cols[flag_col] & (w > 0))
        sums[f"share_overloaded{suffix}__den"] = total(w > 0)
        if sl_col == ("achieved_sl" if has_schedule else "sl_at_forecast_staffing"):
            under = gap < 0
            sums["sl_when_under__num"] = total(np.where(under, weighted, 0.0))
            sums["sl_when_under__den"] = total(np.where(under, w, 0.0))
    return sums


def finish_sums(table: pd.DataFrame) -> pd.DataFrame:
    """Turn summed ``x__num`` / ``x__den`` pairs into ratios ``x``; counts to integers;
    net_fte_hours = over - under."""
    out = table.copy()
    for col in ("n_intervals", "n_under", "n_over"):
        out[col] = out[col].round().astype(np.int64)
    out.insert(
        out.columns.get_loc("over_fte_hours") + 1,
        "net_fte_hours",
        out["over_fte_hours"] - out["under_fte_hours"],
    )
    for col in [c for c in out.columns if c.endswith("__num")]:
        name = col[: -len("__num")]
        num, den = out.pop(col), out.pop(f"{name}__den")
        out[name] = (num / den.where(den > 0)).astype(np.float64)
    return out


def interval_cells(
    clock: LocalClock,
    q_codes: np.ndarray,
    n_queues: int,
    cols: Mapping[str, np.ndarray],
    has_schedule: bool,
) -> pd.DataFrame:
    """The sums of :func:`cell_sums` in every queue x local weekday x hour cell.

    Columns: queue (code), weekday, hour, daypart (index into DAYPARTS), then the sums.
    """
    cell = (q_codes * 7 + clock.weekday) * 24 + clock.minute_of_day // 60
    cells = pd.DataFrame(cell_sums(cell, n_queues * _HOURS_PER_WEEK, cols, has_schedule))
    cells.insert(0, "queue", np.repeat(np.arange(n_queues), _HOURS_PER_WEEK))
    cells.insert(1, "weekday", np.tile(np.repeat(np.arange(7), 24), n_queues))
    cells.insert(2, "hour", np.tile(np.arange(24), 7 * n_queues))
    cells.insert(3, "daypart", DAYPART_OF_HOUR[cells["hour"].to_numpy()])
    return cells


def regroup(cells: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The cells summed by ``keys`` (groups without intervals dropped), as ratios; with
    no keys, one row for all cells."""
    sums = [c for c in cells.columns if c not in CELL_KEYS]
    if keys:
        t = cells.groupby(keys, sort=True)[sums].sum().reset_index()
        t = t[t["n_intervals"] > 0]
    else:
        t = cells[sums].sum().to_frame().T
    return finish_sums(t.reset_index(drop=True))


@dataclass(frozen=True)
class WorstBlock:
    """The weekday and part of day where under-staffing cost the most FTE-hours.

    weekday (0 = Monday), daypart ("night", "morning", "afternoon", "evening"),
    under_fte_hours (all queues), sl_short (service level of the actual calls in the
    block's short-staffed intervals, weighted by calls: achieved with the scheduled agents
    when the table has them, else with the agents the forecast called for), sl_all (the
    same over all the block's intervals), by_queue (queue -> FTE-hours short, largest
    first, queues without any left out).
    """

    weekday: int
    daypart: str
    under_fte_hours: float
    sl_short: float
    sl_all: float
    by_queue: dict[str, float]


def worst_block(cells: pd.DataFrame, queues: np.ndarray, has_schedule: bool) -> WorstBlock | None:
    """The block behind the staffing headline (None when no interval was short-staffed)."""
    table = regroup(cells, ["weekday", "daypart"])
    if len(table) == 0 or not (table["under_fte_hours"] > 0).any():
        return None
    worst = table.loc[table["under_fte_hours"].idxmax()]
    weekday, part = int(worst["weekday"]), int(worst["daypart"])
    block = cells[(cells["weekday"] == weekday) & (cells["daypart"] == part)]
    hours = block.groupby("queue", sort=True)["under_fte_hours"].sum()
    hours = hours[hours > 0].sort_values(ascending=False, kind="stable")
    sl_col = "achieved_sl" if has_schedule else "sl_at_forecast_staffing"
    return WorstBlock(
        weekday=weekday,
        daypart=DAYPARTS[part][0],
        under_fte_hours=float(worst["under_fte_hours"]),
        sl_short=float(worst["sl_when_under"]),
        sl_all=float(worst[sl_col]),
        by_queue={str(queues[q]): float(h) for q, h in hours.items()},
    )


def target_words(target_sl: float | Mapping, threshold_s: float | Mapping) -> str:
    """The service-level target in words: "(target 80% in 20 s)"."""
    if isinstance(target_sl, Mapping) or isinstance(threshold_s, Mapping):
        return "(against each queue's service-level target)"
    return f"(target {target_sl:.0%} in {threshold_s:g} s)"


def headline(block: WorstBlock | None, target: str, has_schedule: bool) -> str:
    """One sentence on the costliest under-forecast weekday and part of day."""
    if block is None:
        return f"No interval needed more agents than the forecast called for {target}."
    hours = block.under_fte_hours
    amount = f"{hours:,.1f}" if hours < 10 else f"{hours:,.0f}"
    where = f"{WEEKDAY_NAMES[block.weekday]} {block.daypart}s"
    how = "" if has_schedule else " with staffing matched to the forecast"
    sl_text = f"{block.sl_short:.0%}" if np.isfinite(block.sl_short) else "an unknown level"
    return (
        f"Under-forecasting on {where} cost about {amount} FTE-hours and put service level "
        f"at {sl_text}{how} {target}."
    )


@dataclass(frozen=True)
class SummaryTables:
    """The tables of :class:`copcwb.staffing.StaffingImpactResult` built from the cells."""

    by_queue: pd.DataFrame
    by_weekday: pd.DataFrame
    by_hour: pd.DataFrame
    by_weekday_daypart: pd.DataFrame
    total: dict[str, float]
    worst: WorstBlock | None


def summary_tables(
    cells: pd.DataFrame, queues: np.ndarray, queue_dtype: object, has_schedule: bool
) -> SummaryTables:
    """By queue (queue names restored), weekday (+ weekday_name), hour, weekday and part
    of day (+ weekday_name, daypart names), the all-queue total and the worst block."""
    by_queue = regroup(cells, ["queue"])
    by_queue["queue"] = pd.Series(queues[by_queue["queue"].to_numpy()], dtype=queue_dtype)
    by_weekday = regroup(cells, ["weekday"])
    by_weekday.insert(1, "weekday_name", np.array(WEEKDAY_NAMES)[by_weekday["weekday"]])
    by_wd_dp = regroup(cells, ["weekday", "daypart"])
    by_wd_dp.insert(1, "weekday_name", np.array(WEEKDAY_NAMES)[by_wd_dp["weekday"]])
    by_wd_dp["daypart"] = np.array([d[0] for d in DAYPARTS])[by_wd_dp["daypart"]]
    total = regroup(cells, []).drop(columns="sl_when_under").iloc[0]
    tables = [t.drop(columns="sl_when_under") for t in (by_queue, by_weekday, by_wd_dp)]
    return SummaryTables(
        by_queue=tables[0],
        by_weekday=tables[1],
        by_hour=regroup(cells, ["hour"]).drop(columns="sl_when_under"),
        by_weekday_daypart=tables[2],
        total={k: (int(v) if k.startswith("n_") else float(v)) for k, v in total.items()},
        worst=worst_block(cells, queues, has_schedule),
    )

"""What forecast error did to staffing: agents planned from the forecast against agents the
actual calls needed, interval by interval, and the service level that resulted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from copcwb.errors import AnalysisError
from copcwb.forecast.periods import LocalClock, as_float, period_labels, require_columns
from copcwb.staffing.erlang import (
    _number,
    _target,
    required_agents_array,
    service_level_array,
)
from copcwb.staffing.shrinkage import has_shrinkage, shrinkage_accuracy

if TYPE_CHECKING:
    from matplotlib.axes import Axes

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Parts of the local day used in the headline: (name, first hour, hour after the last).
DAYPARTS = (("night", 0, 6), ("morning", 6, 12), ("afternoon", 12, 18), ("evening", 18, 24))
_DAYPART_OF_HOUR = np.repeat(np.arange(len(DAYPARTS)), [end - start for _, start, end in DAYPARTS])
# A scheduled head count such as 11.999999999 (from arithmetic on shares) counts as 12.
_FLOOR_SLACK = 1e-9
# Erlang C runs over blocks of this many intervals (bounded memory, reused allocations).
_BLOCK_ROWS = 1 << 20

_REQUIRED = (
    "queue",
    "interval_start",
    "interval_minutes",
    "forecast_volume",
    "actual_volume",
    "forecast_aht_s",
    "actual_aht_s",
)


@dataclass(frozen=True)
class StaffingImpactResult:
    """Staffing impact of forecast error.

    intervals: one row per WFM row: queue, interval_start (local), forecast_load,
        actual_load (erlangs), required_forecast, required_actual (agents for the target;
        NaN when an input is missing), agent_gap (required_forecast - required_actual:
        > 0 over-staffed, < 0 under-staffed), gap_fte_hours (agent_gap x interval hours),
        sl_at_forecast_staffing (service level of the actual calls with required_forecast
        agents), overloaded_at_forecast_staffing (bool: those agents <= actual load, service
        level taken as 0); with scheduled_agents also on_phone_agents, achieved_sl and
        overloaded (bool).
    by_queue / by_hour / by_weekday (+ weekday_name) / by_weekday_daypart (weekday,
        weekday_name, daypart in night 0-6 h, morning 6-12, afternoon 12-18, evening 18-24):
        the key columns (by_queue also target_sl and threshold_s) then n_intervals, n_under,
        n_over, under_fte_hours, over_fte_hours, net_fte_hours (over - under), actual_calls,
        sl_at_forecast_staffing (weighted by actual calls), share_overloaded_at_forecast (of
        intervals with calls) [, achieved_sl, share_overloaded].
    shrinkage: :func:`copcwb.staffing.shrinkage_accuracy` by queue and day, or None when
        the table has no shrinkage columns.
    headline: one sentence on the costliest under-forecast weekday and part of day.
    """

    target_sl: float | dict[str, float]
    threshold_s: float | dict[str, float]
    has_schedule: bool
    intervals: pd.DataFrame
    by_queue: pd.DataFrame
    by_weekday: pd.DataFrame
    by_hour: pd.DataFrame
    by_weekday_daypart: pd.DataFrame
    shrinkage: pd.DataFrame | None
    headline: str

    def summary(self) -> pd.DataFrame:
        """The table by queue."""
        return self.by_queue

    def plot(self, ax: Axes | None = None) -> Axes:
        """Bars of under- and over-staffed FTE-hours by local hour of day."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(9, 4))
        t = self.by_hour
        ax.bar(t["hour"], t["over_fte_hours"], color="tab:blue", label="Over-staffed")
        ax.bar(t["hour"], -t["under_fte_hours"], color="tab:red", label="Under-staffed")
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_title(
            "Staffing planned from the forecast against staffing the actual calls needed "
            + _target_words(self.target_sl, self.threshold_s)
        )
        ax.set_xlabel("Hour of day (local)")
        ax.set_ylabel("FTE-hours (below 0 = short of agents)")
        ax.set_xticks(range(0, 24, 2))
        ax.legend()
        return ax


def _floats(wfm: pd.DataFrame, col: str) -> np.ndarray:
    return as_float(wfm[col])


def _cell_sums(
    cell: np.ndarray, n_cells: int, cols: dict[str, np.ndarray], has_schedule: bool
) -> dict[str, np.ndarray]:
    """Additive sums of the interval columns per cell (one bincount each)."""

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


def _finish(table: pd.DataFrame) -> pd.DataFrame:
    """Turn summed ``x__num`` / ``x__den`` pairs into ratios ``x``; counts to integers."""
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


def _target_words(target_sl: float | dict, threshold_s: float | dict) -> str:
    if isinstance(target_sl, dict) or isinstance(threshold_s, dict):
        return "(against each queue's service-level target)"
    return f"(target {target_sl:.0%} in {threshold_s:g} s)"


def _headline(table: pd.DataFrame, target: str, has_schedule: bool) -> str:
    if len(table) == 0 or not (table["under_fte_hours"] > 0).any():
        return f"No interval needed more agents than the forecast called for {target}."
    worst = table.loc[table["under_fte_hours"].idxmax()]
    hours = float(worst["under_fte_hours"])
    amount = f"{hours:,.1f}" if hours < 10 else f"{hours:,.0f}"
    where = f"{worst['weekday_name']} {worst['daypart']}s"
    how = "" if has_schedule else " with staffing matched to the forecast"
    level = float(worst["sl_when_under"])
    sl_text = f"{level:.0%}" if np.isfinite(level) else "an unknown level"
    return (
        f"Under-forecasting on {where} cost about {amount} FTE-hours and put service level "
        f"at {sl_text}{how} {target}."
    )


def _erlang_columns(
    f_calls: np.ndarray,
    f_aht: np.ndarray,
    a_calls: np.ndarray,
    a_aht: np.ndarray,
    length_s: np.ndarray,
    target: np.ndarray | float,
    threshold: np.ndarray | float,
    on_phone: np.ndarray | None,
) -> dict[str, np.ndarray]:
    """Required agents and service levels, computed in blocks of rows to bound memory."""
    n = len(f_calls)
    out = {
        "required_forecast": np.empty(n),
        "required_actual": np.empty(n),
        "sl_at_forecast_staffing": np.empty(n),
        "overloaded_at_forecast_staffing": np.empty(n, dtype=bool),
    }
    if on_phone is not None:
        out.update(
            {
                "on_phone_agents": on_phone,
                "achieved_sl": np.empty(n),
                "overloaded": np.empty(n, bool),
            }
        )
    for start in range(0, n, _BLOCK_ROWS):
        rows = slice(start, start + _BLOCK_ROWS)

        def part(x: np.ndarray | float, rows: slice = rows) -> np.ndarray | float:
            return x[rows] if isinstance(x, np.ndarray) else x

        args = part(length_s), part(target), part(threshold)
        req_f = required_agents_array(f_calls[rows], f_aht[rows], *args)
        out["required_forecast"][rows] = req_f
        out["required_actual"][rows] = required_agents_array(a_calls[rows], a_aht[rows], *args)
        actual = a_calls[rows], a_aht[rows], args[0], args[2]
        sl, over = service_level_array(req_f, *actual)
        out["sl_at_forecast_staffing"][rows] = sl
        out["overloaded_at_forecast_staffing"][rows] = over
        if on_phone is not None:
            sl, over = service_level_array(on_phone[rows], *actual)
            out["achieved_sl"][rows] = sl
            out["overloaded"][rows] = over
    return out


def _per_queue(
    name: str, value: float | Mapping[str, float], queues: np.ndarray, check
) -> tuple[float | dict[str, float], np.ndarray | float]:
    """(value as given, per-queue array or scalar) for a scalar or a {queue: value} mapping."""
    if not isinstance(value, Mapping):
        v = check(value)
        return v, v
    missing = [str(q) for q in queues if q not in value]
    if missing:
        raise ValueError(
            f"{name} has no value for queue(s) {', '.join(missing[:5])}; give every queue a "
            "value, or pass one number for all queues"
        )
    per_queue = {str(q): check(value[q]) for q in queues}
    return per_queue, np.array([per_queue[str(q)] for q in queues], dtype=np.float64)


def staffing_impact(
    wfm: pd.DataFrame,
    *,
    target_sl: float | Mapping[str, float] = 0.80,
    threshold_s: float | Mapping[str, float] = 20.0,
    scheduled_includes_shrinkage: bool | None = None,
    timezone: str | None = None,
) -> StaffingImpactResult:
    """Agents the forecast called for against agents the actual calls needed (Erlang C).

    Per interval: required agents for the forecast load (forecast calls x forecast AHT) and
    for the actual load at ``target_sl`` within ``threshold_s`` seconds (one number for all
    queues, or a mapping queue -> value); the gap in agents and in FTE-hours (agents x
    interval hours); the service level the actual calls would have had with the forecast
    staffing. When the table has ``scheduled_agents``, also the service level achieved with
    the agents on the phones. ``scheduled_includes_shrinkage`` says whether scheduled_agents
    is head count before shrinkage (as in scheduled = ceil(N / (1 - shrinkage))): then the
    agents on the phones are scheduled_agents x (1 - actual_shrinkage), rounded down; else
    scheduled_agents rounded down. The default (None) takes True when the table has
    actual_shrinkage and False otherwise. Overloaded intervals (agents <= actual load) have
    service level 0 and are flagged in their own column, never hidden. Local weekday and hour
    come from ``interval_start`` (see :func:`copcwb.forecast.local_interval_start` for
    ``timezone``).

    See :class:`StaffingImpactResult` for the tables.
    """
    require_columns(wfm, _REQUIRED, "staffing_impact")
    q_codes, queues = pd.factorize(wfm["queue"], sort=True, use_na_sentinel=False)
    q_codes = q_codes.astype(np.int64)
    queues = np.asarray(queues)
    target_sl, target_q = _per_queue("target_sl", target_sl, queues, _target)
    threshold_s, threshold_q = _per_queue(
        "threshold_s", threshold_s, queues, lambda v: _number("threshold_s", v)
    )
    target_row = target_q[q_codes] if isinstance(target_q, np.ndarray) else target_q
    threshold_row = threshold_q[q_codes] if isinstance(threshold_q, np.ndarray) else threshold_q
    has_schedule = "scheduled_agents" in wfm.columns
    has_actual_shrinkage = "actual_shrinkage" in wfm.columns
    if scheduled_includes_shrinkage is None:
        scheduled_includes_shrinkage = has_schedule and has_actual_shrinkage
    if scheduled_includes_shrinkage and not (has_schedule and has_actual_shrinkage):
        raise AnalysisError(
            "scheduled_includes_shrinkage=True needs the columns scheduled_agents and "
            "actual_shrinkage. Add them, or pass scheduled_includes_shrinkage=False when "
            "scheduled_agents already counts the agents on the phones."
        )
    clock = LocalClock.of(wfm, timezone)
    minutes = _floats(wfm, "interval_minutes")
    length_s = minutes * 60.0

    def load_inputs(side: str) -> tuple[np.ndarray, np.ndarray]:
        calls, aht = _floats(wfm, f"{side}_volume"), _floats(wfm, f"{side}_aht_s")
        return calls, np.where(calls == 0, 0.0, aht)  # no calls: AHT may be blank

    f_calls, f_aht = load_inputs("forecast")
    a_calls, a_aht = load_inputs("actual")
    on_phone = None
    if has_schedule:
        sched = _floats(wfm, "scheduled_agents")
        if scheduled_includes_shrinkage:
            sched = sched * (1.0 - _floats(wfm, "actual_shrinkage"))
        on_phone = np.floor(np.maximum(sched, 0.0) + _FLOOR_SLACK)
        del sched
    erlang = _erlang_columns(
        f_calls, f_aht, a_calls, a_aht, length_s, target_row, threshold_row, on_phone
    )
    gap = erlang["required_forecast"] - erlang["required_actual"]
    with np.errstate(invalid="ignore"):
        cols: dict[str, np.ndarray] = {
            "actual_calls": a_calls,
            "forecast_load": f_calls * f_aht / length_s,
            "actual_load": a_calls * a_aht / length_s,
            "required_forecast": erlang.pop("required_forecast"),
            "required_actual": erlang.pop("required_actual"),
            "agent_gap": gap,
            "gap_fte_hours": gap * (minutes / 60.0),
            **erlang,
        }
    del f_calls, f_aht, a_aht, length_s, target_row, threshold_row, erlang

    # One pass over the intervals into queue x weekday x hour cells; every table below is a
    # regrouping of those cells.
    weekday = clock.weekday
    hour = clock.minute_of_day // 60
    n_q = len(queues)
    cell = (q_codes * 7 + weekday) * 24 + hour
    del weekday, hour
    cells = pd.DataFrame(_cell_sums(cell, n_q * 168, cols, has_schedule))
    del cell
    cells.insert(0, "queue", np.repeat(np.arange(n_q), 168))
    cells.insert(1, "weekday", np.tile(np.repeat(np.arange(7), 24), n_q))
    cells.insert(2, "hour", np.tile(np.arange(24), 7 * n_q))
    cells.insert(3, "daypart", _DAYPART_OF_HOUR[cells["hour"].to_numpy()])
    sums = [c for c in cells.columns if c not in ("queue", "weekday", "hour", "daypart")]

    def regroup(keys: list[str]) -> pd.DataFrame:
        t = cells.groupby(keys, sort=True)[sums].sum().reset_index()
        return _finish(t[t["n_intervals"] > 0].reset_index(drop=True))

    by_queue = regroup(["queue"])
    q_index = by_queue["queue"].to_numpy()
    by_queue["queue"] = pd.Series(queues[q_index], dtype=wfm["queue"].dtype)
    by_queue.insert(1, "target_sl", np.broadcast_to(target_q, n_q)[q_index])
    by_queue.insert(2, "threshold_s", np.broadcast_to(threshold_q, n_q)[q_index])
    by_weekday = regroup(["weekday"])
    by_weekday.insert(1, "weekday_name", np.array(WEEKDAY_NAMES)[by_weekday["weekday"]])
    by_hour = regroup(["hour"])
    by_wd_dp = regroup(["weekday", "daypart"])
    by_wd_dp.insert(1, "weekday_name", np.array(WEEKDAY_NAMES)[by_wd_dp["weekday"]])
    by_wd_dp["daypart"] = np.array([d[0] for d in DAYPARTS])[by_wd_dp["daypart"]]
    headline = _headline(by_wd_dp, _target_words(target_sl, threshold_s), has_schedule)
    by_queue, by_weekday, by_hour, by_wd_dp = (
        t.drop(columns="sl_when_under") for t in (by_queue, by_weekday, by_hour, by_wd_dp)
    )

    del cols["actual_calls"]
    intervals = pd.DataFrame(
        {
            "queue": wfm["queue"].reset_index(drop=True),
            "interval_start": local_start(clock).array,
            **cols,
        },
        copy=False,
    )
    shrink = shrinkage_accuracy(wfm, level="day", timezone=timezone) if has_shrinkage(wfm) else None
    return StaffingImpactResult(
        target_sl=target_sl,
        threshold_s=threshold_s,
        has_schedule=has_schedule,
        intervals=intervals,
        by_queue=by_queue,
        by_weekday=by_weekday,
        by_hour=by_hour,
        by_weekday_daypart=by_wd_dp,
        shrinkage=shrink,
        headline=headline,
    )


def local_start(clock: LocalClock) -> pd.Series:
    """Zone-aware local interval starts from a LocalClock."""
    return period_labels(clock.utc_ns, "interval", clock.tz)

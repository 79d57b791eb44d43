"""What forecast error did to staffing: agents planned from the forecast against agents the
actual calls needed, interval by interval, and the service level that resulted."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from copcwb.errors import AnalysisError
from copcwb.forecast.periods import LocalClock, as_float, period_labels, require_columns
from copcwb.staffing.blocks import (
    WorstBlock,
    headline,
    interval_cells,
    summary_tables,
    target_words,
)
from copcwb.staffing.erlang import (
    check_number,
    check_target,
    required_agents_array,
    service_level_array,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

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


@dataclass(frozen=True, eq=False, repr=False)
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
    total: the same figures (but the keys) for all queues and intervals.
    has_schedule: whether the table had scheduled_agents (without it the service level
        achieved is not available); net_of_shrinkage: whether the agents on the phones are
        scheduled_agents x (1 - actual_shrinkage).
    worst: the costliest under-staffed weekday and part of day (None when no interval was
        short-staffed); headline: one sentence on it.
    """

    target_sl: float | dict[str, float]
    threshold_s: float | dict[str, float]
    has_schedule: bool
    net_of_shrinkage: bool
    intervals: pd.DataFrame
    by_queue: pd.DataFrame
    by_weekday: pd.DataFrame
    by_hour: pd.DataFrame
    by_weekday_daypart: pd.DataFrame
    total: dict[str, float]
    worst: WorstBlock | None
    headline: str

    def __repr__(self) -> str:
        return (
            f"StaffingImpactResult(queues={len(self.by_queue)}, "
            f"under_fte_hours={self.total['under_fte_hours']:.1f}, "
            f"over_fte_hours={self.total['over_fte_hours']:.1f}, "
            f"has_schedule={self.has_schedule})"
        )

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
            + target_words(self.target_sl, self.threshold_s)
        )
        ax.set_xlabel("Hour of day (local)")
        ax.set_ylabel("FTE-hours (below 0 = short of agents)")
        ax.set_xticks(range(0, 24, 2))
        ax.legend()
        return ax


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
    name: str,
    value: float | Mapping[str, float],
    queues: np.ndarray,
    check: Callable[[float], float],
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


def _on_phone_agents(
    wfm: pd.DataFrame, includes_shrinkage: bool | None
) -> tuple[np.ndarray | None, bool]:
    """(agents on the phones per row, or None without scheduled_agents; whether they are
    scheduled_agents net of actual shrinkage)."""
    has_schedule = "scheduled_agents" in wfm.columns
    has_actual_shrinkage = "actual_shrinkage" in wfm.columns
    if includes_shrinkage is None:
        includes_shrinkage = has_schedule and has_actual_shrinkage
    if includes_shrinkage and not (has_schedule and has_actual_shrinkage):
        raise AnalysisError(
            "scheduled_includes_shrinkage=True needs the columns scheduled_agents and "
            "actual_shrinkage. Add them, or pass scheduled_includes_shrinkage=False when "
            "scheduled_agents already counts the agents on the phones."
        )
    if not has_schedule:
        return None, False
    scheduled = as_float(wfm["scheduled_agents"])
    if includes_shrinkage:
        scheduled = scheduled * (1.0 - as_float(wfm["actual_shrinkage"]))
    return np.floor(np.maximum(scheduled, 0.0) + _FLOOR_SLACK), bool(includes_shrinkage)


def _load_inputs(wfm: pd.DataFrame, side: str) -> tuple[np.ndarray, np.ndarray]:
    """Calls and AHT of ``side`` ("forecast" or "actual"); AHT 0 where there are no calls
    (it may be blank there)."""
    calls, aht = as_float(wfm[f"{side}_volume"]), as_float(wfm[f"{side}_aht_s"])
    return calls, np.where(calls == 0, 0.0, aht)


def _interval_columns(
    wfm: pd.DataFrame,
    target: np.ndarray | float,
    threshold: np.ndarray | float,
    on_phone: np.ndarray | None,
) -> dict[str, np.ndarray]:
    """actual_calls and the columns of ``StaffingImpactResult.intervals`` (but the keys)."""
    minutes = as_float(wfm["interval_minutes"])
    length_s = minutes * 60.0
    f_calls, f_aht = _load_inputs(wfm, "forecast")
    a_calls, a_aht = _load_inputs(wfm, "actual")
    erlang = _erlang_columns(f_calls, f_aht, a_calls, a_aht, length_s, target, threshold, on_phone)
    gap = erlang["required_forecast"] - erlang["required_actual"]
    with np.errstate(invalid="ignore"):
        return {
            "actual_calls": a_calls,
            "forecast_load": f_calls * f_aht / length_s,
            "actual_load": a_calls * a_aht / length_s,
            "required_forecast": erlang.pop("required_forecast"),
            "required_actual": erlang.pop("required_actual"),
            "agent_gap": gap,
            "gap_fte_hours": gap * (minutes / 60.0),
            **erlang,
        }


def _by_row(values: np.ndarray | float, q_codes: np.ndarray) -> np.ndarray | float:
    return values[q_codes] if isinstance(values, np.ndarray) else values


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
    q_codes, queues = q_codes.astype(np.int64), np.asarray(queues)
    target_sl, target_q = _per_queue("target_sl", target_sl, queues, check_target)
    threshold_s, threshold_q = _per_queue("threshold_s", threshold_s, queues, _check_threshold)
    on_phone, net = _on_phone_agents(wfm, scheduled_includes_shrinkage)
    clock = LocalClock.of(wfm, timezone)
    cols = _interval_columns(
        wfm, _by_row(target_q, q_codes), _by_row(threshold_q, q_codes), on_phone
    )
    has_schedule = on_phone is not None
    cells = interval_cells(clock, q_codes, len(queues), cols, has_schedule)
    tables = summary_tables(cells, queues, wfm["queue"].dtype, has_schedule)
    by_queue = tables.by_queue
    n_q = len(queues)
    q_index = pd.Index(queues).get_indexer(by_queue["queue"].astype(object))
    by_queue.insert(1, "target_sl", np.broadcast_to(target_q, n_q)[q_index])
    by_queue.insert(2, "threshold_s", np.broadcast_to(threshold_q, n_q)[q_index])
    del cols["actual_calls"]
    intervals = pd.DataFrame(
        {
            "queue": wfm["queue"].reset_index(drop=True),
            "interval_start": local_start(clock).array,
            **cols,
        },
        copy=False,
    )
    return StaffingImpactResult(
        target_sl=target_sl,
        threshold_s=threshold_s,
        has_schedule=has_schedule,
        net_of_shrinkage=net,
        intervals=intervals,
        by_queue=by_queue,
        by_weekday=tables.by_weekday,
        by_hour=tables.by_hour,
        by_weekday_daypart=tables.by_weekday_daypart,
        total=tables.total,
        worst=tables.worst,
        headline=headline(tables.worst, target_words(target_sl, threshold_s), has_schedule),
    )


def _check_threshold(value: float) -> float:
    return check_number("threshold_s", value)


def local_start(clock: LocalClock) -> pd.Series:
    """Zone-aware local interval starts from a LocalClock."""
    return period_labels(clock.utc_ns, "interval", clock.tz)

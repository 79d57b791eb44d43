"""Every analysis the forecast accuracy report shows, run once per session.

``analyse(session)`` reads the WFM table and runs the accuracy, noise-floor, naive
benchmark, error-pattern, data-check and staffing analyses; ``analyse_frame`` does the
same for a given table, options and time zone. The view functions only phrase and draw
what they return.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb import forecast, staffing
from copcwb.forecast.accuracy import TOLERANCE_SLACK, hit_rate_column
from copcwb.options import ForecastOptions
from copcwb.session import Session
from copcwb.staffing import StaffingImpactResult

MEASURES = ("volume", "aht", "workload")
LEVELS = ("interval", "day", "week", "month")
ALL_QUEUES = "ALL"
# Heat maps show every queue when there are at most this many, else the largest ones.
MAX_QUEUE_PANELS = 6


def floor_column(tolerance: float) -> str:
    """Column of the Poisson floor at ``tolerance``: 0.05 -> floor_5."""
    return "floor" + hit_rate_column(tolerance)[len("hit_rate") :]


def report_tolerances(options: ForecastOptions) -> tuple[float, ...]:
    """The tolerances of the tables: the options' list, plus the headline one if missing,
    in ascending order."""
    values = {round(float(t), 12) for t in options.tolerances} | {round(options.tolerance, 12)}
    return tuple(sorted(values))


def pooled_accuracy(
    errors: pd.DataFrame, tolerances: tuple[float, ...], denominator: str = "actual"
) -> dict[str, float]:
    """Accuracy over the periods of every queue pooled (errors of queues do not cancel).

    ``errors`` is a :func:`copcwb.forecast.period_errors` table. Same formulas as
    :func:`copcwb.forecast.accuracy`: WAPE and bias over periods with F and A known,
    MAPE and hit rates over included periods.

    Keys: n_periods, n_excluded, mape, wape, bias, hit_rate_<pct> per tolerance.
    """
    f = errors["forecast"].to_numpy(dtype=np.float64)
    a = errors["actual"].to_numpy(dtype=np.float64)
    defined = ~(np.isnan(f) | np.isnan(a))
    den = (a if denominator == "actual" else f)[defined].sum()
    diff = (f - a)[defined]
    included = errors["included"].to_numpy(dtype=bool)
    abs_e = np.abs(errors["pct_error"].to_numpy(dtype=np.float64)[included])
    n_inc = int(included.sum())
    out: dict[str, float] = {
        "n_periods": len(errors),
        "n_excluded": len(errors) - n_inc,
        "mape": float(abs_e.mean()) if n_inc else np.nan,
        "wape": float(np.abs(diff).sum() / den) if den > 0 else np.nan,
        "bias": float(diff.sum() / den) if den > 0 else np.nan,
    }
    for t in tolerances:
        hits = (abs_e <= t + TOLERANCE_SLACK).sum()
        out[hit_rate_column(t)] = float(hits / n_inc) if n_inc else np.nan
    return out


def pooled_floor(floor: pd.DataFrame) -> pd.DataFrame:
    """Noise floor of all queues pooled from a per-queue :func:`copcwb.forecast.noise_floor`
    table: hit rate and floor are means over included periods, so the pooled values are
    the means weighted by n_periods.

    Columns: level, tolerance, n_periods, hit_rate, floor.
    """
    rows = []
    for (level, tol), g in floor.groupby(["level", "tolerance"], sort=False):
        n = g["n_periods"].to_numpy(dtype=np.float64)
        total = n.sum()
        hit = np.nansum(g["hit_rate"].to_numpy() * n) / total if total else np.nan
        flo = np.nansum(g["floor"].to_numpy() * n) / total if total else np.nan
        rows.append((level, float(tol), int(total), hit, flo))
    return pd.DataFrame(rows, columns=["level", "tolerance", "n_periods", "hit_rate", "floor"])


def pooled_naive(naive: pd.DataFrame) -> dict[str, float]:
    """MASE and share of days beating naive over the periods of every queue pooled, from a
    per-queue :func:`copcwb.forecast.naive_benchmark` table: MASE = pooled MAE of the
    forecast / pooled MAE of naive; the share of days is over queue-days.

    Keys: n_periods, mae_forecast, mae_naive, mase, n_days, share_days_beating_naive.
    """
    n = naive["n_periods"].to_numpy(dtype=np.float64)
    total = n.sum()
    mae_f = np.nansum(naive["mae_forecast"].to_numpy() * n) / total if total else np.nan
    mae_n = np.nansum(naive["mae_naive"].to_numpy() * n) / total if total else np.nan
    days = naive["n_days"].to_numpy(dtype=np.float64)
    n_days = days.sum()
    beats = np.nansum(naive["share_days_beating_naive"].to_numpy() * days)
    return {
        "n_periods": int(total),
        "mae_forecast": float(mae_f),
        "mae_naive": float(mae_n),
        "mase": float(mae_f / mae_n) if mae_n > 0 else np.nan,
        "n_days": int(n_days),
        "share_days_beating_naive": float(beats / n_days) if n_days else np.nan,
    }


def clock_changes(local_start: pd.Series) -> int:
    """How many times the UTC offset of the local zone changes over the period covered
    (summer time starting or ending), counted on the calendar, not only on the rows."""
    starts = local_start.dropna()
    if starts.empty:
        return 0
    hours = pd.date_range(starts.min().floor("h"), starts.max().ceil("h"), freq="h")
    offsets = (hours.tz_localize(None) - hours.tz_convert("UTC").tz_localize(None)).asi8
    return int((np.diff(offsets) != 0).sum())


@dataclass(frozen=True, eq=False)
class Findings:
    """What the forecast accuracy report shows.

    options, timezone: the options used and the center's time zone.
    queues: queue names (sorted); interval_minutes: interval lengths found.
    start, end: first and last local day; n_rows: rows of the WFM table.
    accuracy: measure, level, queue (ALL_QUEUES for all queues pooled), n_periods,
        n_excluded, mape, wape, bias, hit_rate_<pct> per tolerance, and for volume
        floor_<pct> (the Poisson floor).
    floor: :func:`copcwb.forecast.noise_floor` by queue for every level and tolerance;
        floor_pooled: the same pooled over queues (see :func:`pooled_floor`).
    reasons: counts of interval-level exclusions by measure and excluded_reason.
    patterns: error patterns over all queues; queue_patterns: per queue (largest first).
    naive: naive benchmark by queue at interval level with mase_day (day-level MASE);
        naive_pooled: :func:`pooled_naive` of it.
    problems: :func:`copcwb.forecast.interval_problems`.
    staffing: :func:`copcwb.staffing.staffing_impact`; calls: actual calls of each of its
        interval rows (for call-weighted service levels).
    n_clock_changes: changes of UTC offset of the zone in the period.
    """

    options: ForecastOptions
    timezone: str
    queues: list[str]
    interval_minutes: list[int]
    start: pd.Timestamp
    end: pd.Timestamp
    n_rows: int
    tolerances: tuple[float, ...]
    accuracy: pd.DataFrame
    floor: pd.DataFrame
    floor_pooled: pd.DataFrame
    reasons: pd.DataFrame
    patterns: forecast.PatternResult
    queue_patterns: dict[str, forecast.PatternResult]
    naive: pd.DataFrame
    naive_pooled: dict[str, float]
    problems: pd.DataFrame
    staffing: StaffingImpactResult
    calls: np.ndarray
    n_clock_changes: int

    def level_accuracy(self, measure: str = "volume") -> pd.DataFrame:
        """The pooled rows of ``measure``, one per level (in level order)."""
        acc = self.accuracy
        rows = acc[(acc["measure"] == measure) & (acc["queue"] == ALL_QUEUES)]
        return rows.set_index("level").loc[list(LEVELS)].reset_index()

    def floor_at(self, level: str, tolerance: float, queue: str = ALL_QUEUES) -> float:
        """Poisson floor of volume at ``level`` and ``tolerance`` (pooled or one queue)."""
        table = (
            self.floor_pooled if queue == ALL_QUEUES else self.floor[self.floor["queue"] == queue]
        )
        row = table[(table["level"] == level) & np.isclose(table["tolerance"], tolerance)]
        return float(row["floor"].iloc[0]) if len(row) else np.nan


def _accuracy_table(
    wfm: pd.DataFrame,
    options: ForecastOptions,
    tolerances: tuple[float, ...],
    timezone: str,
    floor: pd.DataFrame,
    floor_pooled: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(accuracy by measure, level and queue with pooled rows; exclusion reasons)."""
    common = {
        "denominator": options.denominator,
        "min_actual": options.min_actual,
        "timezone": timezone,
    }
    parts, reasons = [], []
    for measure in MEASURES:
        for level in LEVELS:
            table = forecast.accuracy(
                wfm, measure=measure, level=level, tolerance=list(tolerances), **common
            )
            errors = forecast.period_errors(wfm, measure=measure, level=level, **common)
            pooled = pooled_accuracy(errors, tolerances, options.denominator)
            table = pd.concat(
                [table, pd.DataFrame([{"queue": ALL_QUEUES, **pooled}])], ignore_index=True
            )
            table.insert(0, "level", level)
            table.insert(0, "measure", measure)
            if level == "interval":
                counts = errors["excluded_reason"].astype(str).value_counts()
                reasons.append(
                    pd.DataFrame(
                        {"measure": measure, "reason": counts.index, "n": counts.to_numpy()}
                    )
                )
            parts.append(table)
    acc = pd.concat(parts, ignore_index=True).drop(columns="hit_rate")
    acc["queue"] = acc["queue"].astype(str)
    for t in tolerances:
        col = floor_column(t)
        acc[col] = np.nan
        for source, mask in (
            (floor, acc["queue"] != ALL_QUEUES),
            (floor_pooled.assign(queue=ALL_QUEUES), acc["queue"] == ALL_QUEUES),
        ):
            sel = source[np.isclose(source["tolerance"], t)]
            lookup = sel.set_index(["queue", "level"])["floor"]
            volume = mask & (acc["measure"] == "volume")
            keys = pd.MultiIndex.from_frame(acc.loc[volume, ["queue", "level"]])
            acc.loc[volume, col] = lookup.reindex(keys).to_numpy()
    return acc, pd.concat(reasons, ignore_index=True)


@dataclass(frozen=True)
class WorstBlock:
    """The weekday and part of day where under-staffing cost the most FTE-hours.

    weekday (0 = Monday), daypart ("night", "morning", "afternoon", "evening"),
    under_fte_hours (all queues), sl_short (service level of the actual calls in the
    block's short-staffed intervals, weighted by calls: achieved with the scheduled agents
    when the table has them, else with the agents the forecast called for), sl_all (the
    same over all the block's intervals), by_queue (queue -> FTE-hours short, largest
    first).
    """

    weekday: int
    daypart: str
    under_fte_hours: float
    sl_short: float
    sl_all: float
    by_queue: dict[str, float]


def _weighted(values: np.ndarray, weights: np.ndarray, mask: np.ndarray) -> float:
    use = mask & np.isfinite(values) & (weights > 0)
    total = weights[use].sum()
    return float((values[use] * weights[use]).sum() / total) if total > 0 else np.nan


def worst_block(impact: StaffingImpactResult, calls: np.ndarray) -> WorstBlock | None:
    """The block behind the staffing headline (None when no interval was short-staffed).

    ``calls`` are the actual calls of each row of ``impact.intervals`` (the WFM rows, in
    order). Parts of the day are those of :data:`copcwb.staffing.DAYPARTS`.
    """
    table = impact.by_weekday_daypart
    if len(table) == 0 or not (table["under_fte_hours"] > 0).any():
        return None
    worst = table.loc[table["under_fte_hours"].idxmax()]
    weekday, daypart = int(worst["weekday"]), str(worst["daypart"])
    first, end = next((a, b) for name, a, b in staffing.DAYPARTS if name == daypart)
    iv = impact.intervals
    start = pd.DatetimeIndex(iv["interval_start"])
    hour = start.hour.to_numpy()
    block = (start.day_of_week.to_numpy() == weekday) & (hour >= first) & (hour < end)
    gap = iv["agent_gap"].to_numpy(dtype=np.float64)
    sl_col = "achieved_sl" if impact.has_schedule else "sl_at_forecast_staffing"
    sl = iv[sl_col].to_numpy(dtype=np.float64)
    short = block & (gap < 0)
    hours = pd.Series(np.where(short, -iv["gap_fte_hours"].to_numpy(dtype=np.float64), 0.0))
    per_queue = hours.groupby(iv["queue"].astype(str).to_numpy()).sum()
    per_queue = per_queue[per_queue > 0].sort_values(ascending=False, kind="stable")
    return WorstBlock(
        weekday=weekday,
        daypart=daypart,
        under_fte_hours=float(worst["under_fte_hours"]),
        sl_short=_weighted(sl, calls, short),
        sl_all=_weighted(sl, calls, block),
        by_queue={str(k): float(v) for k, v in per_queue.items()},
    )


def analyse_frame(wfm: pd.DataFrame, options: ForecastOptions, timezone: str) -> Findings:
    """Run every analysis of the report on ``wfm`` (see :class:`Findings`)."""
    tolerances = report_tolerances(options)
    local = forecast.local_interval_start(wfm, timezone=timezone)
    floor = forecast.noise_floor(
        wfm,
        level=LEVELS,
        tolerance=list(tolerances),
        denominator=options.denominator,
        min_actual=options.min_actual,
        timezone=timezone,
    )
    floor["queue"] = floor["queue"].astype(str)
    floor_pooled = pooled_floor(floor)
    accuracy, reasons = _accuracy_table(wfm, options, tolerances, timezone, floor, floor_pooled)
    pattern_args = {
        "measure": "volume",
        "tolerance": options.tolerance,
        "denominator": options.denominator,
        "min_actual": options.min_actual,
        "timezone": timezone,
    }
    patterns = forecast.error_patterns(wfm, **pattern_args)
    volume = wfm.groupby("queue", sort=True)["actual_volume"].sum().sort_values(ascending=False)
    queue_patterns = {
        str(q): forecast.error_patterns(wfm[wfm["queue"] == q], **pattern_args)
        for q in volume.index[:MAX_QUEUE_PANELS]
    }
    naive_args = {"lag_days": options.naive_lag_days, "timezone": timezone}
    naive = forecast.naive_benchmark(wfm, level="interval", **naive_args)
    naive_day = forecast.naive_benchmark(wfm, level="day", **naive_args)
    naive["queue"] = naive["queue"].astype(str)
    naive["mase_day"] = naive_day["mase"].to_numpy()
    naive_pooled = pooled_naive(naive)
    naive_pooled["mase_day"] = pooled_naive(naive_day)["mase"]
    impact = staffing.staffing_impact(
        wfm, target_sl=options.sl_target, threshold_s=options.sl_threshold_s, timezone=timezone
    )
    days = local.dt.tz_localize(None).dt.normalize()
    return Findings(
        options=options,
        timezone=timezone,
        queues=sorted(str(q) for q in wfm["queue"].unique()),
        interval_minutes=sorted(int(m) for m in wfm["interval_minutes"].unique()),
        start=days.min(),
        end=days.max(),
        n_rows=len(wfm),
        tolerances=tolerances,
        accuracy=accuracy,
        floor=floor,
        floor_pooled=floor_pooled,
        reasons=reasons,
        patterns=patterns,
        queue_patterns=queue_patterns,
        naive=naive,
        naive_pooled=naive_pooled,
        problems=forecast.interval_problems(wfm, timezone=timezone),
        staffing=impact,
        calls=wfm["actual_volume"].to_numpy(dtype=np.float64),
        n_clock_changes=clock_changes(local),
    )


def analyse(session: Session) -> Findings:
    """Run every analysis of the report on the engagement's WFM table."""
    return analyse_frame(session.read("wfm"), session.options, session.engagement.timezone)

"""Tables of the forecast accuracy report, built from the result objects (pure functions).

Each ``build_*`` returns a :class:`TableSpec`: the frame to show, its headers, number
formats and row classes ("met" / "missed" colour the first cell).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from copcwb.forecast import (
    ALL_QUEUES,
    DataChecks,
    LevelAccuracy,
    NaiveComparison,
    NoiseFloorResult,
    PatternResult,
    floor_column,
    hit_rate_column,
)
from copcwb.staffing import ShrinkageResult, StaffingImpactResult
from copcwb.staffing.shrinkage import SHRINKAGE_TABLE_COLUMNS
from copcwb.views._shared import TableSpec
from copcwb.views.forecast.formats import (
    Translate,
    local_day,
    local_time,
    queue_label,
    tolerance,
    weekday,
)

PCT = ".1%"
SIGNED_PCT = "+.1%"


def no_negative_zero(values: object, digits: int) -> np.ndarray:
    """``values`` with those that round to 0 at ``digits`` decimals set to +0.0, so that a
    signed format shows "+0.0%" rather than "-0.0%"."""
    x = np.asarray(values, dtype=np.float64)
    return np.where(np.round(x, digits) == 0, 0.0, x)


def _met_class(verdict: bool | None) -> str:
    return "" if verdict is None else ("met" if verdict else "missed")


def _headers(columns: list[str], t: Translate) -> dict[str, str]:
    return {c: t(f"forecast.col.{c}") for c in columns}


def build_level_table(acc: LevelAccuracy, floor: NoiseFloorResult, t: Translate) -> TableSpec:
    """All queues pooled, call volume: one row per level with the hit rate at the headline
    tolerance, the Poisson floor (hit rate of a perfect forecast), target, WAPE and bias.

    Columns: level, n_periods, hit, best, target, wape, bias.
    """
    tol = acc.tolerance
    rows = acc.levels("volume")
    frame = pd.DataFrame(
        {
            "level": [t(f"forecast.level.{lv}") for lv in rows["level"]],
            "n_periods": rows["n_periods"].astype(int).to_numpy(),
            "hit": rows["hit_rate"].to_numpy(),
            "best": [floor.floor_at(lv, tol) for lv in rows["level"]],
            "target": rows["target"].to_numpy(),
            "wape": rows["wape"].to_numpy(),
            "bias": no_negative_zero(rows["bias"], 3),
        }
    )
    classes = [_met_class(v) for v in rows["meets_target"]]
    headers = _headers(["level", "target", "wape", "bias"], t)
    headers["n_periods"] = t("forecast.col.n_queue_periods")
    headers["hit"] = t("forecast.col.hit", tol=tolerance(tol))
    headers["best"] = t("forecast.col.best", tol=tolerance(tol))
    formats = {"n_periods": ",", "hit": PCT, "best": PCT, "target": ".0%", "wape": PCT}
    formats["bias"] = SIGNED_PCT
    return TableSpec(frame, headers, formats, classes)


def build_accuracy_table(
    acc: LevelAccuracy, floor: NoiseFloorResult, measure: str, t: Translate
) -> TableSpec:
    """Accuracy of ``measure`` by level and queue: periods, exclusions, MAPE, WAPE, bias
    and the hit rate at each tolerance, with the noise floor next to it for call volume.
    Volume rows of levels with a target are marked met / missed at the headline
    tolerance."""
    full = acc.with_floor(floor)
    rows = full[full["measure"] == measure].reset_index(drop=True)
    frame = pd.DataFrame(
        {
            "level": [t(f"forecast.level.{lv}") for lv in rows["level"]],
            "queue": [queue_label(q, t) for q in rows["queue"]],
            "n_periods": rows["n_periods"].astype(int).to_numpy(),
            "n_excluded": rows["n_excluded"].astype(int).to_numpy(),
            "mape": rows["mape"].to_numpy(),
            "wape": rows["wape"].to_numpy(),
            "bias": no_negative_zero(rows["bias"], 3),
        }
    )
    headers = _headers(list(frame.columns), t)
    formats = {"n_periods": ",", "n_excluded": ",", "mape": PCT, "wape": PCT}
    formats["bias"] = SIGNED_PCT
    for tol in acc.tolerances:
        hit, flo = hit_rate_column(tol), floor_column(tol)
        frame[hit] = rows[hit].to_numpy()
        headers[hit] = t("forecast.col.hit", tol=tolerance(tol))
        formats[hit] = PCT
        if measure == "volume":
            frame[flo] = rows[flo].to_numpy()
            headers[flo] = t("forecast.col.floor", tol=tolerance(tol))
            formats[flo] = PCT
    classes = []
    if measure == "volume":
        classes = [_met_class(v) for v in acc.assessed(measure)["meets_target"]]
    return TableSpec(frame, headers, formats, classes)


def build_worst_table(patterns: PatternResult, kind: str, t: Translate) -> TableSpec:
    """The largest misses of call volume: ``kind`` "intervals" or "days".

    Columns: queue, period_start (or day), forecast, actual, error, pct_error.
    """
    source = patterns.worst_intervals if kind == "intervals" else patterns.worst_days
    when = "period_start" if kind == "intervals" else "day"
    shown = [
        local_time(ts, t) if kind == "intervals" else local_day(ts, t)
        for ts in source["period_start"]
    ]
    frame = pd.DataFrame(
        {
            "queue": source["queue"].astype(str).to_numpy(),
            when: shown,
            "forecast": source["forecast"].to_numpy(dtype=float),
            "actual": source["actual"].to_numpy(dtype=float),
            "error": source["error"].to_numpy(dtype=float),
            "pct_error": no_negative_zero(source["pct_error"], 3),
        }
    )
    formats = {"forecast": ",.0f", "actual": ",.0f", "error": "+,.0f", "pct_error": SIGNED_PCT}
    return TableSpec(frame, _headers(list(frame.columns), t), formats)


NAIVE_COLUMNS = [
    "n_periods",
    "mae_forecast",
    "mae_naive",
    "mase",
    "mase_day",
    "n_days",
    "share_days_beating_naive",
]
_NAIVE_FORMATS = {
    "n_periods": ",",
    "mae_forecast": ",.1f",
    "mae_naive": ",.1f",
    "mase": ".2f",
    "mase_day": ".2f",
    "n_days": ",",
    "share_days_beating_naive": ".0%",
}


def build_naive_table(naive: NaiveComparison, t: Translate) -> TableSpec:
    """The forecast against the seasonal naive forecast, by queue and all queues pooled;
    rows where the forecast beats naive are marked met, the others missed.

    Columns: queue, n_periods, mae_forecast, mae_naive, mase, mase_day, n_days,
    share_days_beating_naive.
    """
    summary = naive.summary()
    frame = summary[["queue", *NAIVE_COLUMNS]].copy()
    frame["queue"] = [queue_label(q, t) for q in frame["queue"]]
    frame["n_periods"] = frame["n_periods"].astype(int)
    frame["n_days"] = frame["n_days"].astype(int)
    classes = [_met_class(v) for v in summary["beats_naive"]]
    return TableSpec(frame, _headers(list(frame.columns), t), dict(_NAIVE_FORMATS), classes)


STAFFING_COLUMNS = [
    "n_intervals",
    "n_under",
    "n_over",
    "under_fte_hours",
    "over_fte_hours",
    "net_fte_hours",
    "sl_at_forecast_staffing",
]
_STAFFING_FORMATS = {
    "n_intervals": ",",
    "n_under": ",",
    "n_over": ",",
    "under_fte_hours": ",.1f",
    "over_fte_hours": ",.1f",
    "net_fte_hours": "+,.1f",
    "sl_at_forecast_staffing": ".0%",
    "achieved_sl": ".0%",
    "share_overloaded": ".0%",
}


def _staffing_frame(
    table: pd.DataFrame, key: pd.Series, key_name: str, has_schedule: bool
) -> pd.DataFrame:
    cols = STAFFING_COLUMNS + (["achieved_sl", "share_overloaded"] if has_schedule else [])
    frame = table[cols].copy()
    frame.insert(0, key_name, key.to_numpy())
    for c in ("n_intervals", "n_under", "n_over"):
        frame[c] = frame[c].astype(int)
    return frame.reset_index(drop=True)


def build_staffing_queue_table(impact: StaffingImpactResult, t: Translate) -> TableSpec:
    """Staffing impact by queue and for all queues.

    Columns: queue, n_intervals, n_under, n_over, under_fte_hours, over_fte_hours,
    net_fte_hours, sl_at_forecast_staffing [, achieved_sl, share_overloaded].
    """
    table = pd.concat(
        [
            impact.by_queue.assign(queue=impact.by_queue["queue"].astype(str)).sort_values(
                "queue", kind="stable"
            ),
            pd.DataFrame([{"queue": ALL_QUEUES, **impact.total}]),
        ],
        ignore_index=True,
    )
    labels = pd.Series([queue_label(q, t) for q in table["queue"]])
    frame = _staffing_frame(table, labels, "queue", impact.has_schedule)
    return TableSpec(frame, _headers(list(frame.columns), t), dict(_STAFFING_FORMATS))


def build_staffing_weekday_table(impact: StaffingImpactResult, t: Translate) -> TableSpec:
    """Staffing impact by local weekday, all queues (same columns as by queue, keyed by
    weekday)."""
    table = impact.by_weekday
    names = pd.Series([weekday(d, t) for d in table["weekday"]])
    frame = _staffing_frame(table, names, "weekday", impact.has_schedule)
    return TableSpec(frame, _headers(list(frame.columns), t), dict(_STAFFING_FORMATS))


def build_staffing_hour_table(impact: StaffingImpactResult, t: Translate) -> TableSpec:
    """Staffing impact by local hour of day, all queues (same columns as by queue, keyed
    by the hour, "08:00")."""
    table = impact.by_hour
    names = pd.Series([f"{int(h):02d}:00" for h in table["hour"]])
    frame = _staffing_frame(table, names, "hour", impact.has_schedule)
    return TableSpec(frame, _headers(list(frame.columns), t), dict(_STAFFING_FORMATS))


def build_shrinkage_table(shrinkage: ShrinkageResult, t: Translate) -> TableSpec | None:
    """Planned against actual shrinkage by queue (None when not available).

    Columns: queue, n_periods, forecast_shrinkage, actual_shrinkage, mean_error,
    mean_abs_error (both in percentage points), mape.
    """
    if not shrinkage.available:
        return None
    frame = shrinkage.table[["queue", *SHRINKAGE_TABLE_COLUMNS]].copy()
    frame["queue"] = frame["queue"].astype(str)
    frame["n_periods"] = frame["n_periods"].astype(int)
    frame["mean_error"] = no_negative_zero(frame["mean_error"] * 100, 1)
    frame["mean_abs_error"] = frame["mean_abs_error"] * 100
    headers = _headers(list(frame.columns), t)
    headers["n_periods"] = t("forecast.col.n_days")
    formats = {
        "n_periods": ",",
        "forecast_shrinkage": ".1%",
        "actual_shrinkage": ".1%",
        "mean_error": "+.1f",
        "mean_abs_error": ".1f",
        "mape": ".1%",
    }
    return TableSpec(frame.reset_index(drop=True), headers, formats)


def build_problem_tables(
    checks: DataChecks, t: Translate, *, limit: int = 50
) -> tuple[TableSpec, TableSpec] | None:
    """Duplicate and missing intervals: counts by queue and problem, and the first
    ``limit`` of them (None when there are none).

    Columns: queue, problem, n_problems; and queue, problem, period_start, count.
    """
    p = checks.problems
    if p.empty:
        return None
    summary = checks.summary()
    summary["problem"] = [t(f"forecast.problem.{k}") for k in summary["problem"]]
    head = p.head(limit)
    listing = pd.DataFrame(
        {
            "queue": head["queue"].astype(str).to_numpy(),
            "problem": [t(f"forecast.problem.{k}") for k in head["problem"].astype(str)],
            "period_start": [local_time(ts, t) for ts in head["interval_start"]],
            "count": head["count"].astype(int).to_numpy(),
        }
    )
    return (
        TableSpec(summary, _headers(list(summary.columns), t), {"n_problems": ","}),
        TableSpec(listing, _headers(list(listing.columns), t), {"count": ","}),
    )

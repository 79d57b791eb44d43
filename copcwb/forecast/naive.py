"""Seasonal-naive benchmark: would "same interval last week" have done better?

The naive forecast of an interval is the actual of the same queue at the same local
wall-clock time ``lag_days`` earlier (default 7: same weekday last week). Matching on the
wall clock keeps 09:00 on 09:00 across a change of summer time. Intervals without a match
(the first week, the hour skipped when clocks go forward, gaps in the file) have no naive
value and drop out of the comparison; in the hour repeated when clocks go back both
intervals look back to the single interval of the earlier week (and a lookup into that hour
uses its first, summer-time interval).

MASE here is MAE(forecast) / MAE(naive) over the same periods: below 1 the client's forecast
beats the naive one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.forecast.accuracy import (
    ALL_QUEUES,
    check_measure,
    compute_period_errors,
    needed_columns,
)
from copcwb.forecast.periods import (
    NS_PER_SECOND,
    LocalClock,
    PeriodGrouping,
    as_float,
    check_by,
    check_level,
    group_periods,
    require_columns,
)


def _check_lag(lag_days: int) -> int:
    if isinstance(lag_days, bool) or int(lag_days) != lag_days or lag_days < 1:
        raise ValueError(f"lag_days must be a whole number of days >= 1; got {lag_days!r}")
    return int(lag_days)


def _naive_rows(wfm: pd.DataFrame, clock: LocalClock, lag_days: int) -> np.ndarray:
    """Row index of each row's naive source (-1 where there is none)."""
    q_codes = pd.factorize(wfm["queue"], use_na_sentinel=False)[0].astype(np.int64)
    wall_s = clock.wall_ns // NS_PER_SECOND
    base = int(wall_s.min()) - lag_days * 86_400
    key = (q_codes << 33) | (wall_s - base)
    uniq, first = np.unique(key, return_index=True)
    target = key - lag_days * 86_400
    pos = np.searchsorted(uniq, target)
    pos = np.minimum(pos, len(uniq) - 1)
    found = uniq[pos] == target
    return np.where(found, first[pos], -1)


def seasonal_naive(
    wfm: pd.DataFrame, *, lag_days: int = 7, timezone: str | None = None
) -> pd.DataFrame:
    """``wfm`` with the seasonal-naive forecast added.

    Added columns: naive_volume and naive_aht_s (the actual volume and AHT of the same queue
    at the same local wall-clock time ``lag_days`` earlier; NaN when that interval is not in
    the table).
    """
    lag_days = _check_lag(lag_days)
    require_columns(wfm, ["queue", "interval_start", "actual_volume"], "seasonal_naive")
    clock = LocalClock.of(wfm, timezone)
    src = _naive_rows(wfm, clock, lag_days)
    out = wfm.copy()
    has = src >= 0
    safe = np.where(has, src, 0)
    for col, new in (("actual_volume", "naive_volume"), ("actual_aht_s", "naive_aht_s")):
        if col in wfm:
            values = as_float(wfm[col])
            out[new] = np.where(has, values[safe], np.nan)
    return out


def naive_benchmark(
    wfm: pd.DataFrame,
    *,
    measure: str = "volume",
    level: str = "interval",
    lag_days: int = 7,
    by: Sequence[str] = ("queue",),
    timezone: str | None = None,
) -> pd.DataFrame:
    """The client's forecast against the seasonal-naive forecast.

    At ``level``, over the periods where forecast, naive forecast and actual are all known:
    mae_forecast = mean |F - A|, mae_naive = mean |N - A|, mase = mae_forecast / mae_naive.
    At day level, over the local days where all three are known: share of days where the
    forecast beats naive (|F - A| < |N - A|; a tie does not count as beating).

    Columns: by..., n_periods, mae_forecast, mae_naive, mase, n_days,
    share_days_beating_naive.
    """
    check_measure(measure)
    check_level(level)
    lag_days = _check_lag(lag_days)
    by = check_by(wfm, by)
    require_columns(wfm, needed_columns(measure), "naive_benchmark")
    clock = LocalClock.of(wfm, timezone)
    cols = needed_columns(measure)
    frame = seasonal_naive(
        wfm[[*dict.fromkeys([*cols, *by])]], lag_days=lag_days, timezone=timezone
    )

    def errors(lv: str) -> tuple[PeriodGrouping, np.ndarray, np.ndarray, np.ndarray]:
        g = group_periods(frame, lv, by, clock=clock)
        fc = compute_period_errors(frame, measure=measure, level=lv, by=by, grouping=g)
        nv = compute_period_errors(
            frame, measure=measure, level=lv, by=by, grouping=g, forecast_prefix="naive"
        )
        ok = fc.defined & nv.defined
        return g, ok, np.abs(fc.forecast - fc.actual), np.abs(nv.forecast - nv.actual)

    g, ok, err_f, err_n = errors(level)
    out = g.groups.reset_index(drop=True).copy()
    n = g.group_sum(ok.astype(np.float64))
    with np.errstate(invalid="ignore", divide="ignore"):
        mae_f = g.group_sum(np.where(ok, err_f, 0.0)) / n
        mae_n = g.group_sum(np.where(ok, err_n, 0.0)) / n
        out["n_periods"] = n.round().astype(np.int64)
        out["mae_forecast"] = mae_f
        out["mae_naive"] = mae_n
        out["mase"] = np.where(mae_n > 0, mae_f / np.where(mae_n > 0, mae_n, 1.0), np.nan)
        gd, okd, day_f, day_n = errors("day")
        n_days = gd.group_sum(okd.astype(np.float64))
        beats = gd.group_sum((okd & (day_f < day_n)).astype(np.float64))
        out["n_days"] = n_days.round().astype(np.int64)
        out["share_days_beating_naive"] = beats / n_days
    return out


def pooled_naive(naive: pd.DataFrame) -> dict[str, float]:
    """MASE and share of days beating naive over the periods of every queue pooled, from a
    per-queue :func:`naive_benchmark` table: MASE = pooled MAE of the forecast / pooled
    MAE of naive; the share of days is over queue-days.

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


@dataclass(frozen=True, eq=False, repr=False)
class NaiveComparison:
    """The forecast against the seasonal naive forecast (see :func:`naive_comparison`).

    by_queue: queue, n_periods, mae_forecast, mae_naive, mase (intervals), n_days,
        share_days_beating_naive, mase_day (MASE of the days' totals).
    pooled: the same keys (but queue) for all queues pooled (:func:`pooled_naive`).
    lag_days: the lag of the naive forecast; measure: what was compared.
    """

    by_queue: pd.DataFrame
    pooled: dict[str, float]
    lag_days: int
    measure: str

    def __repr__(self) -> str:
        return f"NaiveComparison(lag_days={self.lag_days}, mase={self.pooled['mase']:.3f})"

    def summary(self) -> pd.DataFrame:
        """The queues (by name) then all queues pooled (queue ``ALL_QUEUES``): the
        columns of ``by_queue`` and beats_naive (interval MASE below 1; None without a
        comparison)."""
        rows = self.by_queue.sort_values("queue", kind="stable")
        pooled = pd.DataFrame([{"queue": ALL_QUEUES, **self.pooled}])[rows.columns]
        out = pd.concat([rows, pooled], ignore_index=True)
        verdicts = [None if not np.isfinite(m) else bool(m < 1) for m in out["mase"]]
        return out.assign(beats_naive=pd.Series(verdicts, dtype=object))

    @property
    def beats_naive(self) -> bool | None:
        """Whether the pooled MASE is below 1 (None when there is no comparison)."""
        mase = self.pooled["mase"]
        return None if not np.isfinite(mase) else bool(mase < 1)

    @property
    def queues_not_beating(self) -> list[str]:
        """Queues whose interval MASE is 1 or more (naive does as well or better)."""
        return self.by_queue[self.by_queue["mase"] >= 1]["queue"].astype(str).tolist()


def naive_comparison(
    wfm: pd.DataFrame,
    *,
    lag_days: int = 7,
    measure: str = "volume",
    timezone: str | None = None,
) -> NaiveComparison:
    """MASE against the seasonal naive forecast by queue, at interval and day level, and
    for all queues pooled (see :func:`naive_benchmark` and :func:`pooled_naive`)."""
    args = {"measure": measure, "lag_days": lag_days, "timezone": timezone}
    intervals = naive_benchmark(wfm, level="interval", **args)
    days = naive_benchmark(wfm, level="day", **args)
    intervals["queue"] = intervals["queue"].astype(str)
    intervals["mase_day"] = days["mase"].to_numpy()
    pooled = pooled_naive(intervals)
    pooled["mase_day"] = pooled_naive(days)["mase"]
    return NaiveComparison(
        by_queue=intervals, pooled=pooled, lag_days=_check_lag(lag_days), measure=measure
    )

"""Where and when the forecast misses: weekday x time-of-day tables, bias by hour, daily
accuracy over time, the worst intervals and days, and their plots."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from copcwb.forecast.accuracy import (
    PeriodErrors,
    check_denominator,
    check_measure,
    check_tolerances,
    compute_period_errors,
    needed_columns,
)
from copcwb.forecast.periods import (
    NS_PER_DAY,
    NS_PER_SECOND,
    WEEKDAY_NAMES,
    LocalClock,
    check_by,
    require_columns,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

_MEASURE_WORDS = {"volume": "call volume", "aht": "handle time", "workload": "workload"}


def cell_stats(pe: PeriodErrors, cell: np.ndarray, n_cells: int, tolerance: float) -> dict:
    """Accuracy of the periods that fall in each of ``n_cells`` table cells (``cell``: the
    table cell of every period). Keys: n_periods, forecast, actual (sums over periods
    with both), mape, wape, bias, hit_rate (NaN where no period qualifies)."""

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(cell, weights=values, minlength=n_cells)

    d = pe.defined
    diff = np.where(d, pe.forecast - pe.actual, 0.0)
    n_inc = total(pe.included.astype(np.float64))
    den = total(np.where(d, pe.denominator, 0.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        return {
            "n_periods": np.bincount(cell, minlength=n_cells).astype(np.int64),
            "forecast": total(np.where(d, pe.forecast, 0.0)),
            "actual": total(np.where(d, pe.actual, 0.0)),
            "mape": np.where(
                n_inc > 0, total(np.where(pe.included, pe.abs_pct_error, 0.0)) / n_inc, np.nan
            ),
            "wape": np.where(den > 0, total(np.abs(diff)) / den, np.nan),
            "bias": np.where(den > 0, total(diff) / den, np.nan),
            "hit_rate": np.where(
                n_inc > 0, total(pe.hits(tolerance).astype(np.float64)) / n_inc, np.nan
            ),
        }


def _worst(pe: PeriodErrors, top_n: int) -> pd.DataFrame:
    err = np.where(pe.defined, np.abs(pe.forecast - pe.actual), -np.inf)
    k = min(top_n, int(pe.defined.sum()))
    if k == 0:
        idx = np.array([], dtype=np.int64)
    else:
        idx = np.argpartition(-err, k - 1)[:k] if k < len(err) else np.arange(len(err))
        idx = idx[np.lexsort((idx, -err[idx]))]
    g = pe.grouping
    out = g.groups.iloc[g.cell_group[idx]].reset_index(drop=True)
    out["period_start"] = g.labels().iloc[idx].array
    out["forecast"] = pe.forecast[idx]
    out["actual"] = pe.actual[idx]
    out["error"] = pe.forecast[idx] - pe.actual[idx]
    out["pct_error"] = pe.pct_error[idx]
    return out


@dataclass(frozen=True)
class PatternResult:
    """Error patterns of a forecast; tables are pandas DataFrames.

    weekday_time: weekday (0 = Monday), weekday_name, time_of_day ("HH:MM", local),
        n_periods, forecast, actual, mape, wape, bias, hit_rate (over queue-intervals).
    bias_by_hour: hour (local, 0-23), n_periods, forecast, actual, mape, wape, bias, hit_rate.
    daily: date (local), n_intervals, forecast, actual, pct_error (error of the day's total,
        NaN when excluded), interval_wape, interval_hit_rate (over that day's intervals).
    worst_intervals / worst_days: by..., period_start, forecast, actual, error (F - A),
        pct_error; the ``top_n`` largest |F - A|, largest first.
    interval_pct_errors: e of every included queue-interval (for the histogram).
    """

    measure: str
    tolerance: float
    denominator: str
    weekday_time: pd.DataFrame
    bias_by_hour: pd.DataFrame
    daily: pd.DataFrame
    worst_intervals: pd.DataFrame
    worst_days: pd.DataFrame
    interval_pct_errors: np.ndarray

    def summary(self) -> pd.DataFrame:
        """The weekday x time-of-day table."""
        return self.weekday_time

    def hour_extremes(self) -> tuple[pd.Series, pd.Series] | None:
        """(row of the most under-forecast hour, row of the most over-forecast hour) of
        ``bias_by_hour``; None when no hour has a bias."""
        table = self.bias_by_hour.dropna(subset=["bias"])
        if table.empty:
            return None
        return table.loc[table["bias"].idxmin()], table.loc[table["bias"].idxmax()]

    def error_spread(self) -> dict[str, float] | None:
        """median_abs_error and p90_abs_error (of |e| over the included queue-intervals)
        and share_under (share of them under-forecast, e < 0); None without any."""
        e = self.interval_pct_errors
        if len(e) == 0:
            return None
        return {
            "median_abs_error": float(np.median(np.abs(e))),
            "p90_abs_error": float(np.quantile(np.abs(e), 0.9)),
            "share_under": float((e < 0).mean()),
        }

    def _pct_words(self) -> str:
        return f"% of {self.denominator}"

    def plot(self, ax: Axes | None = None) -> Axes:
        """Heat map of bias by weekday and time of day (see :meth:`plot_heatmap`)."""
        return self.plot_heatmap(ax=ax)

    def plot_heatmap(self, ax: Axes | None = None, *, value: str = "bias") -> Axes:
        """Heat map of ``value`` ("bias", "wape", "mape" or "hit_rate") by weekday x time."""
        import matplotlib.pyplot as plt
        import seaborn as sns

        if value not in ("bias", "wape", "mape", "hit_rate"):
            raise ValueError(f"value must be bias, wape, mape or hit_rate; got {value!r}")
        if ax is None:
            _, ax = plt.subplots(figsize=(12, 4))
        table = self.weekday_time.pivot(index="weekday", columns="time_of_day", values=value)
        table = table.reindex(range(7)) * 100
        table.index = list(WEEKDAY_NAMES)
        words = {
            "bias": f"Forecast bias ({self._pct_words()}; above 0 = over-forecast)",
            "wape": f"Weighted absolute error ({self._pct_words()})",
            "mape": "Mean absolute percentage error (%)",
            "hit_rate": f"Intervals within {self.tolerance:.0%} (%)",
        }[value]
        centred = value == "bias"
        # Symmetric limits centre the diverging map on 0 (seaborn's center= warns on
        # recent matplotlib).
        span = float(np.nanmax(np.abs(table.to_numpy()))) if table.notna().any().any() else 0.0
        span = span if span > 0 else 1.0
        sns.heatmap(
            table,
            ax=ax,
            cmap="RdBu_r" if centred else "viridis",
            vmin=-span if centred else None,
            vmax=span if centred else None,
            cbar_kws={"label": words},
            xticklabels=max(1, len(table.columns) // 24),
        )
        ax.set_title(
            f"{words.split(' (')[0]} of {_MEASURE_WORDS[self.measure]}, by weekday and time of day"
        )
        ax.set_xlabel("Time of day (local)")
        ax.set_ylabel("Weekday")
        return ax

    def plot_bias_by_hour(self, ax: Axes | None = None) -> Axes:
        """Bar chart of forecast bias per local hour of day."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(8, 4))
        t = self.bias_by_hour
        values = t["bias"].to_numpy() * 100
        ax.bar(t["hour"], values, color=np.where(values >= 0, "tab:red", "tab:blue"))
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_title(f"Forecast bias of {_MEASURE_WORDS[self.measure]} by hour of day")
        ax.set_xlabel("Hour of day (local)")
        ax.set_ylabel(f"Bias ({self._pct_words()}; above 0 = over-forecast)")
        ax.set_xticks(range(0, 24, 2))
        return ax

    def plot_daily(self, ax: Axes | None = None) -> Axes:
        """Line of the share of intervals within tolerance, day by day."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(10, 4))
        t = self.daily
        ax.plot(t["date"], t["interval_hit_rate"] * 100, marker=".", linewidth=1)
        ax.set_title(
            f"Share of intervals forecast within {self.tolerance:.0%}, day by day "
            f"({_MEASURE_WORDS[self.measure]})"
        )
        ax.set_xlabel("Date (local)")
        ax.set_ylabel(f"Intervals within {self.tolerance:.0%} (%)")
        ax.set_ylim(0, 100)
        return ax

    def plot_error_histogram(self, ax: Axes | None = None, *, bins: int = 50) -> Axes:
        """Histogram of interval errors, clipped to -100%..+100% for display."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(8, 4))
        values = np.clip(self.interval_pct_errors * 100, -100, 100)
        ax.hist(values, bins=bins, range=(-100, 100), color="tab:gray")
        for sign in (-1, 1):
            ax.axvline(sign * self.tolerance * 100, color="tab:red", linestyle="--")
        ax.set_title(
            f"Interval forecast errors of {_MEASURE_WORDS[self.measure]} "
            f"(dashed: ±{self.tolerance:.0%})"
        )
        ax.set_xlabel(f"Error ({self._pct_words()}; above 0 = over-forecast; clipped at ±100)")
        ax.set_ylabel("Number of intervals")
        return ax


def _weekday_time_table(pe: PeriodErrors, tolerance: float) -> pd.DataFrame:
    """Cells of weekday x local time of day (minute) that hold at least one period."""
    wall = pe.grouping.cell_wall_ns
    minute = (wall % NS_PER_DAY) // (60 * NS_PER_SECOND)
    weekday = (wall // NS_PER_DAY + 3) % 7
    wt = pd.DataFrame(cell_stats(pe, weekday * 1440 + minute, 7 * 1440, tolerance))
    wt.insert(0, "weekday", np.repeat(np.arange(7), 1440))
    wt.insert(1, "weekday_name", np.repeat(np.array(WEEKDAY_NAMES), 1440))
    wt.insert(2, "time_of_day", [f"{m // 60:02d}:{m % 60:02d}" for m in range(1440)] * 7)
    return wt[wt["n_periods"] > 0].reset_index(drop=True)


def _hourly_table(pe: PeriodErrors, tolerance: float) -> pd.DataFrame:
    """Cells of local hour of day that hold at least one period."""
    hour = (pe.grouping.cell_wall_ns % NS_PER_DAY) // (3600 * NS_PER_SECOND)
    hourly = pd.DataFrame(cell_stats(pe, hour, 24, tolerance))
    hourly.insert(0, "hour", np.arange(24))
    return hourly[hourly["n_periods"] > 0].reset_index(drop=True)


def _daily_table(pe: PeriodErrors, pday: PeriodErrors, tolerance: float) -> pd.DataFrame:
    """Per local day: the error of the day's total (``pday``, all groups summed) and the
    accuracy of that day's intervals (``pe``)."""
    day = pe.grouping.cell_wall_ns // NS_PER_DAY
    d0 = int(day.min())
    stats = cell_stats(pe, day - d0, int(day.max()) - d0 + 1, tolerance)
    daily = pd.DataFrame(
        {
            "day": np.arange(len(stats["n_periods"])) + d0,
            "n_intervals": stats["n_periods"],
            "interval_wape": stats["wape"],
            "interval_hit_rate": stats["hit_rate"],
        }
    )
    totals = pd.DataFrame(
        {
            "day": pday.grouping.cell_key,
            "forecast": pday.forecast,
            "actual": pday.actual,
            "pct_error": pday.pct_error,
        }
    )
    daily = totals.merge(daily[daily["n_intervals"] > 0], on="day", how="inner")
    daily.insert(0, "date", (daily.pop("day").to_numpy() * NS_PER_DAY).astype("datetime64[ns]"))
    columns = ["date", "n_intervals", "forecast", "actual", "pct_error"]
    return daily[[*columns, "interval_wape", "interval_hit_rate"]].reset_index(drop=True)


def error_patterns(
    wfm: pd.DataFrame,
    *,
    measure: str = "volume",
    tolerance: float = 0.10,
    by: Sequence[str] = ("queue",),
    top_n: int = 10,
    denominator: str = "actual",
    min_actual: float = 0.0,
    timezone: str | None = None,
) -> PatternResult:
    """Error tables by weekday x time of day, hour, and day; the worst intervals and days.

    Interval errors are computed per ``by`` group (default per queue) and then pooled into
    the table cells: WAPE and bias of a cell are sum |F - A| / sum A and sum (F - A) / sum A
    over its queue-intervals. Pass a filtered table to look at one queue. See
    :class:`PatternResult` for the columns.
    """
    check_measure(measure)
    check_denominator(denominator)
    tolerances, many = check_tolerances(tolerance)
    if many:
        raise ValueError("error_patterns takes one tolerance, such as 0.10")
    tol = tolerances[0]
    by = check_by(wfm, by)
    if isinstance(top_n, bool) or int(top_n) != top_n or top_n < 1:
        raise ValueError(f"top_n must be a whole number >= 1; got {top_n!r}")
    require_columns(wfm, needed_columns(measure), "error_patterns")
    clock = LocalClock.of(wfm, timezone)
    opts = {"measure": measure, "denominator": denominator, "min_actual": min_actual}
    pe = compute_period_errors(wfm, level="interval", by=by, clock=clock, **opts)
    pday = compute_period_errors(wfm, level="day", by=(), clock=clock, **opts)
    pdq = compute_period_errors(wfm, level="day", by=by, clock=clock, **opts)
    return PatternResult(
        measure=measure,
        tolerance=tol,
        denominator=denominator,
        weekday_time=_weekday_time_table(pe, tol),
        bias_by_hour=_hourly_table(pe, tol),
        daily=_daily_table(pe, pday, tol),
        worst_intervals=_worst(pe, int(top_n)),
        worst_days=_worst(pdq, int(top_n)),
        interval_pct_errors=pe.pct_error[pe.included],
    )

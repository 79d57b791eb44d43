"""Figures of the forecast accuracy report. Every title and axis label comes from the
catalog; sizes are fixed and nothing random or dated is drawn. matplotlib is imported
inside each function."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from copcwb.forecast import PatternResult, QueuePatterns
from copcwb.staffing import StaffingImpactResult
from copcwb.views.forecast.formats import Translate, tolerance, weekday

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# The colour scale of the heat maps stops at this percentile of |bias| (at least 5%), so
# that a few tiny intervals do not wash out the pattern.
_CAP_PERCENTILE = 98
_MIN_CAP = 0.05


def heatmap_tables(patterns: QueuePatterns, t: Translate) -> list[tuple[str, pd.DataFrame]]:
    """(panel title, weekday x time-of-day bias table) for all queues, then each queue of
    ``patterns.by_queue`` (largest first) when there are several; rows are the 7
    weekdays, columns "HH:MM"."""
    panels = [(t("forecast.all_queues"), patterns.pooled)]
    if patterns.n_queues > 1:
        panels += list(patterns.by_queue.items())
    times = sorted(set().union(*(set(p.weekday_time["time_of_day"]) for _, p in panels)))
    out = []
    for title, pattern in panels:
        table = pattern.weekday_time.pivot(index="weekday", columns="time_of_day", values="bias")
        out.append((title, table.reindex(index=range(7), columns=times)))
    return out


def colour_cap(tables: list[pd.DataFrame]) -> float:
    """Symmetric limit of the bias colour scale: the 98th percentile of |bias|, >= 5%."""
    values = np.concatenate([np.abs(tb.to_numpy(dtype=float)).ravel() for tb in tables])
    values = values[np.isfinite(values)]
    if values.size == 0:
        return _MIN_CAP
    return max(float(np.percentile(values, _CAP_PERCENTILE)), _MIN_CAP)


def heatmap_figure(patterns: QueuePatterns, t: Translate) -> tuple[Figure, float]:
    """Bias of call volume by weekday x time of day, one panel per queue, one colour scale.

    Returns (figure, colour cap as a share)."""
    import matplotlib.pyplot as plt

    panels = heatmap_tables(patterns, t)
    cap = colour_cap([tb for _, tb in panels])
    fig, axes = plt.subplots(
        len(panels), 1, figsize=(10, 1.9 * len(panels) + 1.2), sharex=True, squeeze=False
    )
    cmap = plt.get_cmap("RdBu_r").with_extremes(bad="#eeeeee")
    image = None
    for ax, (title, table) in zip(axes[:, 0], panels, strict=True):
        values = np.ma.masked_invalid(table.to_numpy(dtype=float) * 100)
        image = ax.imshow(values, aspect="auto", cmap=cmap, vmin=-cap * 100, vmax=cap * 100)
        ax.set_title(title, fontsize=10, loc="left")
        ax.set_yticks(range(7), [weekday(d, t, short=True) for d in range(7)], fontsize=8)
        step = max(1, len(table.columns) // 28)
        ticks = list(range(0, len(table.columns), step))
        ax.set_xticks(ticks, [table.columns[i] for i in ticks], rotation=90, fontsize=8)
    axes[-1, 0].set_xlabel(t("forecast.heatmap.x"))
    fig.suptitle(t("forecast.heatmap.title"))
    den = t(f"forecast.denominator.{patterns.pooled.denominator}")
    bar = fig.colorbar(image, ax=axes[:, 0].tolist(), extend="both", shrink=0.9, pad=0.02)
    bar.set_label(t("forecast.heatmap.colorbar", denominator=den))
    return fig, cap


def hourly_figure(patterns: PatternResult, t: Translate) -> Figure:
    """Bars of the bias of call volume per local hour, all queues."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4))
    table = patterns.bias_by_hour
    values = table["bias"].to_numpy(dtype=float) * 100
    colours = np.where(values >= 0, "tab:red", "tab:blue")
    ax.bar(table["hour"], values, color=colours)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(table["hour"], [f"{h:02d}" for h in table["hour"]], fontsize=8)
    ax.set_title(t("forecast.hourly.title"))
    ax.set_xlabel(t("forecast.hourly.x"))
    den = t(f"forecast.denominator.{patterns.denominator}")
    ax.set_ylabel(t("forecast.hourly.y", denominator=den))
    return fig


def daily_figure(patterns: PatternResult, target: float, floor: float, t: Translate) -> Figure:
    """Two panels over the local days: the error of the day's total call volume (all
    queues), and the share of queue-intervals within the tolerance against the interval
    ``target`` and the Poisson ``floor`` (each line left out when NaN)."""
    import matplotlib.pyplot as plt

    tol = tolerance(patterns.tolerance)
    daily = patterns.daily
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
    err = daily["pct_error"].to_numpy(dtype=float) * 100
    top.bar(daily["date"], err, color=np.where(err >= 0, "tab:red", "tab:blue"), width=0.8)
    top.axhline(0, color="black", linewidth=0.8)
    den = t(f"forecast.denominator.{patterns.denominator}")
    top.set_title(t("forecast.daily.title_error"), fontsize=10, loc="left")
    top.set_ylabel(t("forecast.daily.y_error", denominator=den))
    bottom.plot(
        daily["date"],
        daily["interval_hit_rate"] * 100,
        marker=".",
        linewidth=1,
        label=t("forecast.daily.measured"),
    )
    if np.isfinite(target):
        bottom.axhline(
            target * 100,
            color="tab:green",
            linestyle="--",
            label=t("forecast.daily.target", target=f"{target:.0%}"),
        )
    if np.isfinite(floor):
        bottom.axhline(
            floor * 100,
            color="tab:gray",
            linestyle=":",
            label=t("forecast.daily.floor", floor=f"{floor:.0%}"),
        )
    bottom.set_ylim(0, 100)
    bottom.set_title(t("forecast.daily.title_hit", tol=tol), fontsize=10, loc="left")
    bottom.set_ylabel(t("forecast.daily.y_hit", tol=tol))
    bottom.set_xlabel(t("forecast.daily.x"))
    bottom.legend(loc="lower right", fontsize=8)
    fig.autofmt_xdate()
    return fig


def distribution_figure(patterns: PatternResult, t: Translate) -> Figure:
    """Histogram of the interval errors of call volume (queue-intervals), capped at ±100%."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4))
    values = np.clip(patterns.interval_pct_errors * 100, -100, 100)
    ax.hist(values, bins=50, range=(-100, 100), color="tab:gray")
    for sign in (-1, 1):
        ax.axvline(sign * patterns.tolerance * 100, color="tab:red", linestyle="--")
    ax.set_title(t("forecast.distribution.title"))
    den = t(f"forecast.denominator.{patterns.denominator}")
    ax.set_xlabel(t("forecast.distribution.x", denominator=den))
    ax.set_ylabel(t("forecast.distribution.y"))
    return fig


def staffing_hour_figure(impact: StaffingImpactResult, t: Translate) -> Figure:
    """Bars of FTE-hours surplus (up) and short (down) per local hour, all queues."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4))
    table = impact.by_hour
    ax.bar(
        table["hour"],
        table["over_fte_hours"],
        color="tab:blue",
        label=t("forecast.staffing.hour_over"),
    )
    ax.bar(
        table["hour"],
        -table["under_fte_hours"],
        color="tab:red",
        label=t("forecast.staffing.hour_under"),
    )
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(table["hour"], [f"{h:02d}" for h in table["hour"]], fontsize=8)
    ax.set_title(t("forecast.staffing.hour_title"))
    ax.set_xlabel(t("forecast.staffing.hour_x"))
    ax.set_ylabel(t("forecast.staffing.hour_y"))
    ax.legend(fontsize=8)
    return fig

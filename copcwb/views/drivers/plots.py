"""Figures of the driver report. matplotlib is imported inside each function.

Titles, axis labels and names are passed in (phrased from the language catalog); the
figures have fixed widths and no randomness.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

BLUE, RED, GREEN, GREY, PURPLE = "#1d4e89", "#c44e52", "#55a868", "#8c8c8c", "#8172b2"
QUADRANT_COLOURS = {
    "fix first": RED,
    "keep up": GREEN,
    "possible overkill": PURPLE,
    "low priority": GREY,
}


def distribution_figure(
    levels: Sequence[object],
    shares: Sequence[float],
    *,
    top_level: object,
    bottom_level: object,
    title: str,
    xlabel: str,
    ylabel: str,
) -> Figure:
    """Bars of the share of responses at each level; top and bottom box coloured."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4))
    x = np.arange(len(levels))
    colours = [GREEN if lv == top_level else RED if lv == bottom_level else BLUE for lv in levels]
    values = 100.0 * np.asarray(shares, dtype=float)
    ax.bar(x, values, color=colours, width=0.7)
    for xi, v in zip(x, values, strict=True):
        ax.annotate(
            f"{v:.1f}%",
            (xi, v),
            ha="center",
            va="bottom",
            fontsize=9,
            xytext=(0, 2),
            textcoords="offset points",
        )
    ax.set_xticks(x, [str(lv) for lv in levels])
    ax.set_ylim(0, max(values.max(initial=0) * 1.15, 1.0))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def forest_figure(
    labels: Sequence[str],
    odds_ratio: Sequence[float],
    ci_low: Sequence[float],
    ci_high: Sequence[float],
    significant: Sequence[bool],
    *,
    title: str,
    xlabel: str,
    legend_significant: str,
    legend_not: str,
) -> Figure:
    """Odds ratios with intervals on a log scale, first predictor on top; the line at 1
    means no effect."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    n = len(labels)
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.38 * n))
    y = np.arange(n)[::-1]
    orr = np.asarray(odds_ratio, dtype=float)
    lo = np.asarray(ci_low, dtype=float)
    hi = np.asarray(ci_high, dtype=float)
    ax.errorbar(orr, y, xerr=[orr - lo, hi - orr], fmt="none", ecolor=GREY, capsize=3)
    ax.scatter(orr, y, c=[BLUE if s else GREY for s in significant], zorder=3, s=30)
    ax.axvline(1.0, color="black", lw=1, ls="--")
    ax.set_xscale("log")
    log_ticks(ax, float(np.nanmin(lo)), float(np.nanmax(hi)))
    ax.set_yticks(y, list(labels))
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_title(title, pad=24)
    ax.set_xlabel(xlabel)
    ax.legend(
        handles=[
            Line2D([], [], marker="o", ls="", color=BLUE, label=legend_significant),
            Line2D([], [], marker="o", ls="", color=GREY, label=legend_not),
        ],
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=2,
        fontsize=8,
        frameon=False,
    )
    ax.grid(axis="x", which="major", color="#e5e5e5", lw=0.6)
    ax.set_axisbelow(True)
    fig.tight_layout()
    return fig


LOG_TICKS = (0.05, 0.1, 0.2, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 10.0, 20.0)


def log_ticks(ax, low: float, high: float) -> None:
    """Plain-number ticks (0.25, 0.5, 1, 2, ...) on a log axis covering low..high."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter, NullLocator

    low = min(low, 1.0) / 1.15
    high = max(high, 1.0) * 1.15
    ticks = [v for v in LOG_TICKS if low <= v <= high]
    if len(ticks) < 3:
        ticks = sorted({round(v, 3) for v in np.geomspace(low, high, 4)} | {1.0})
    ax.set_xlim(low, high)
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_minor_formatter(NullFormatter())


def importance_figure(
    labels: Sequence[str],
    shares: Sequence[float],
    *,
    ci_low: Sequence[float] | None = None,
    ci_high: Sequence[float] | None = None,
    title: str,
    xlabel: str,
) -> Figure:
    """Horizontal bars of each predictor's share of explained satisfaction (%), largest
    on top, with bootstrap intervals when given."""
    import matplotlib.pyplot as plt

    n = len(labels)
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.38 * n))
    y = np.arange(n)[::-1]
    values = 100.0 * np.asarray(shares, dtype=float)
    xerr = None
    if ci_low is not None and ci_high is not None:
        xerr = [
            values - 100.0 * np.asarray(ci_low, dtype=float),
            100.0 * np.asarray(ci_high, dtype=float) - values,
        ]
    ax.barh(y, values, xerr=xerr, color=BLUE, capsize=3, height=0.65)
    for yi, v in zip(y, values, strict=True):
        ax.annotate(
            f"{v:.1f}%", (v, yi), va="center", fontsize=8, xytext=(4, 0), textcoords="offset points"
        )
    ax.set_yticks(y, list(labels))
    ax.set_xlim(0, max(values.max(initial=0) * 1.15, 1.0))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def quadrant_figure(
    table: pd.DataFrame,
    *,
    importance_split: float,
    performance_split: float,
    quadrant_names: Mapping[str, str],
    title: str,
    xlabel: str,
    ylabel: str,
) -> Figure:
    """Importance (%) against performance (mean rating), split lines at the drivers'
    means, each quadrant named in its corner and each driver labelled.

    ``table`` columns: label, importance (share 0-1), performance, quadrant (the rule's
    English name, a key of ``quadrant_names``).
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 6))
    imp = 100.0 * table["importance"].to_numpy(dtype=float)
    perf = table["performance"].to_numpy(dtype=float)
    colours = [QUADRANT_COLOURS.get(q, GREY) for q in table["quadrant"]]
    ax.scatter(perf, imp, c=colours, s=60, zorder=3)
    for name, x, yv, q in zip(table["label"], perf, imp, table["quadrant"], strict=True):
        ax.annotate(
            name,
            (x, yv),
            fontsize=9,
            xytext=(6, 4),
            textcoords="offset points",
            color=QUADRANT_COLOURS.get(q, "black"),
            fontweight="bold" if q == "fix first" else "normal",
        )
    ax.axvline(performance_split, color=GREY, ls="--", lw=1)
    ax.axhline(100.0 * importance_split, color=GREY, ls="--", lw=1)
    span_x = max(perf.max() - perf.min(), 0.2)
    span_y = max(imp.max() - imp.min(), 1.0)
    ax.set_xlim(perf.min() - 0.25 * span_x, perf.max() + 0.35 * span_x)
    ax.set_ylim(max(0.0, imp.min() - 0.2 * span_y), imp.max() + 0.2 * span_y)
    corners = (
        ("fix first", 0.02, 0.98, "left", "top"),
        ("keep up", 0.98, 0.98, "right", "top"),
        ("low priority", 0.02, 0.02, "left", "bottom"),
        ("possible overkill", 0.98, 0.02, "right", "bottom"),
    )
    for q, xa, ya, ha, va in corners:
        ax.text(
            xa,
            ya,
            quadrant_names[q],
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=11,
            color=QUADRANT_COLOURS[q],
            fontweight="bold",
        )
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.tight_layout()
    return fig


def threshold_figure(
    curve: pd.DataFrame,
    *,
    threshold: float,
    title: str,
    xlabel: str,
    ylabel: str,
    band_label: str,
    threshold_label: str,
    threshold_ci: tuple[float, float] | None = None,
    threshold_ci_label: str = "",
) -> Figure:
    """Predicted top-box share (%) over an operational fact with its interval band,
    the threshold (when found) as a dashed line and, when given, the threshold's interval
    as a shaded vertical band."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4))
    x = curve["value"].to_numpy(dtype=float)
    ax.fill_between(
        x,
        100.0 * curve["ci_low"].to_numpy(dtype=float),
        100.0 * curve["ci_high"].to_numpy(dtype=float),
        color=BLUE,
        alpha=0.18,
        lw=0,
        label=band_label,
    )
    ax.plot(x, 100.0 * curve["top_box"].to_numpy(dtype=float), color=BLUE, lw=2)
    if np.isfinite(threshold):
        ax.axvline(threshold, color=RED, ls="--", lw=1.2, label=threshold_label)
        if threshold_ci is not None and np.all(np.isfinite(threshold_ci)):
            low, high = threshold_ci
            if high > low:
                ax.axvspan(low, high, color=RED, alpha=0.1, lw=0, label=threshold_ci_label)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8, loc="upper right")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def whatif_figure(
    labels: Sequence[str],
    change: Sequence[float],
    ci_low: Sequence[float],
    ci_high: Sequence[float],
    *,
    title: str,
    xlabel: str,
) -> Figure:
    """Change in top-box share (points) per scenario with intervals, largest on top."""
    import matplotlib.pyplot as plt

    n = len(labels)
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.42 * n))
    y = np.arange(n)[::-1]
    ch = 100.0 * np.asarray(change, dtype=float)
    lo = 100.0 * np.asarray(ci_low, dtype=float)
    hi = 100.0 * np.asarray(ci_high, dtype=float)
    ax.barh(
        y,
        ch,
        xerr=[ch - lo, hi - ch],
        color=[GREEN if c >= 0 else RED for c in ch],
        capsize=3,
        height=0.6,
    )
    ax.axvline(0, color="black", lw=1)
    ax.set_yticks(y, list(labels))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


#: the colour of each verdict of the service-quality gap
GAP_COLOURS = {"missed": RED, "met": GREY, "over-served": PURPLE}


def gap_figure(
    labels: Sequence[str],
    gap: Sequence[float],
    ci_low: Sequence[float],
    ci_high: Sequence[float],
    verdicts: Sequence[str],
    *,
    title: str,
    xlabel: str,
    legend: Mapping[str, str],
) -> Figure:
    """The gap perception - expectation of each dimension with its interval, first on
    top; the line at zero means expectations just met; points coloured by verdict
    (``legend``: verdict -> its name)."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    n = len(labels)
    fig, ax = plt.subplots(figsize=(9, 1.4 + 0.42 * n))
    y = np.arange(n)[::-1]
    g = np.asarray(gap, dtype=float)
    lo = np.where(np.isfinite(ci_low), ci_low, g)
    hi = np.where(np.isfinite(ci_high), ci_high, g)
    colours = [GAP_COLOURS.get(v, GREY) for v in verdicts]
    ax.errorbar(g, y, xerr=[g - lo, hi - g], fmt="none", ecolor=GREY, capsize=3)
    ax.scatter(g, y, c=colours, zorder=3, s=36)
    ax.axvline(0.0, color="black", lw=1)
    reach = float(np.nanmax(np.abs(np.concatenate([lo, hi, [0.1]]))))
    ax.set_xlim(-1.15 * reach, 1.15 * reach)
    ax.set_yticks(y, list(labels))
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_title(title, pad=24)
    ax.set_xlabel(xlabel)
    handles = [
        Line2D([], [], marker="o", ls="", color=GAP_COLOURS[v], label=name)
        for v, name in legend.items()
    ]
    ax.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=len(handles),
        fontsize=8,
        frameon=False,
    )
    ax.grid(axis="x", color="#e5e5e5", lw=0.6)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig

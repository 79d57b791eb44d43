"""Figures of the baseline report. matplotlib is imported inside each function.

Titles and axis labels are passed in (phrased from the language catalog); the
figures have fixed sizes and no randomness.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def heatmap_figure(
    result, program: str, *, title: str, xlabel: str, ylabel: str, max_months: int = 12
) -> Figure:
    """Metric x month target attainment of one program (``plot_scorecard``), relabelled."""
    import matplotlib.pyplot as plt

    n_rows = int((result.scorecard["program"] == program).sum())
    n_months = min(max_months, result.history["month"].nunique())
    fig, ax = plt.subplots(figsize=(2.5 + 0.65 * n_months, 1.2 + 0.32 * n_rows))
    result.plot(ax=ax, program=program, max_months=max_months)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.tight_layout()
    return fig


def accuracy_figure(
    process: pd.DataFrame,
    *,
    type_labels: Mapping[str, str],
    targets: Mapping[str, float] | None,
    confidence: float,
    title: str,
    xlabel: str,
    target_label: str,
) -> Figure:
    """Process accuracy per program and type with interval bars (``plot_accuracy``),
    relabelled; each type's target as a dashed line when all programs share it."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from copcwb.quality import plot_accuracy

    table = process[["program", "error_type", "n", "accuracy", "ci_low", "ci_high"]]
    fig, ax = plt.subplots(figsize=(9, 1.4 + 0.38 * len(table)))
    plot_accuracy(table, ax=ax, targets=targets, confidence=confidence)
    y = np.arange(len(table))[::-1]
    labels = [
        f"{p}: {type_labels[k]}" for p, k in zip(table["program"], table["error_type"], strict=True)
    ]
    ax.set_yticks(y, labels)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:.0%}")
    handles, names = ax.get_legend_handles_labels()
    names = [type_labels.get(n.removesuffix("-critical"), n) for n in names]
    if targets:
        handles.append(Line2D([], [], color="grey", linestyle="--", linewidth=1))
        names.append(target_label)
    ax.legend(handles, names, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    fig.tight_layout()
    return fig


def resolution_figure(table: pd.DataFrame, *, title: str, xlabel: str) -> Figure:
    """Resolution rate per program and channel (``plot_resolution``), relabelled."""
    import matplotlib.pyplot as plt

    from copcwb.quality import plot_resolution

    shown = table[["program", "channel", "n_contacts", "n_resolved", "resolution_rate"]]
    fig, ax = plt.subplots(figsize=(9, 1.4 + 0.38 * len(shown)))
    plot_resolution(shown, ax=ax)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:.0%}")
    fig.tight_layout()
    return fig


def resolution_month_figure(
    tables: Sequence[pd.DataFrame],
    *,
    window_titles: Sequence[str],
    title: str,
    xlabel: str,
    ylabel: str,
) -> Figure:
    """Resolution rate by month, one line per program, one panel per window."""
    import matplotlib.pyplot as plt

    n = max(len(tables), 1)
    fig, axes = plt.subplots(1, n, figsize=(9, 4.2), sharey=True, squeeze=False)
    for ax, table, sub in zip(axes[0], tables, window_titles, strict=False):
        months = sorted(table["month"].unique())
        x = {m: i for i, m in enumerate(months)}
        for i, (program, g) in enumerate(table.groupby("program", sort=True)):
            g = g.sort_values("month")
            ax.plot(
                [x[m] for m in g["month"]],
                g["resolution_rate"].to_numpy(dtype=float),
                marker="o",
                color=f"C{i}",
                label=str(program),
            )
        month_panel(ax, months, sub, xlabel)
    return finish_month_panels(fig, axes, title, ylabel)


def month_panel(ax, months: Sequence, title: str, xlabel: str) -> None:
    """One panel of resolution by month: month ticks, its title, rates as percentages."""
    ax.set_xticks(range(len(months)), [str(m) for m in months], rotation=45, ha="right")
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(xlabel)
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    ax.grid(axis="y", alpha=0.3)


def finish_month_panels(fig: Figure, axes, title: str, ylabel: str) -> Figure:
    """The shared y label and legend of the month panels, and the figure's title."""
    axes[0][0].set_ylabel(ylabel)
    axes[0][0].legend(fontsize=8, loc="lower left")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def pareto_figure(
    pareto: pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    cumulative_label: str,
    other_label: str,
    vital_share: float = 0.80,
    max_codes: int = 12,
) -> Figure:
    """Pareto chart of error codes: bars of counts (most frequent first, the rest
    grouped as ``other_label``) and the cumulative share on a second axis."""
    import matplotlib.pyplot as plt

    data = pareto[["error_code", "count", "vital_few"]].reset_index(drop=True)
    if len(data) > max_codes:
        rest = int(data["count"].iloc[max_codes - 1 :].sum())
        data = pd.concat(
            [
                data.iloc[: max_codes - 1],
                pd.DataFrame({"error_code": [other_label], "count": [rest], "vital_few": [False]}),
            ],
            ignore_index=True,
        )
    counts = data["count"].to_numpy(dtype=float)
    cumulative = np.cumsum(counts) / counts.sum()
    fig, ax = plt.subplots(figsize=(9, 4.5))
    colours = ["C3" if v else "C7" for v in data["vital_few"]]
    x = np.arange(len(data))
    ax.bar(x, counts, color=colours)
    ax.set_xticks(x, [str(c) for c in data["error_code"]], rotation=45, ha="right", fontsize=8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    right = ax.twinx()
    right.plot(x, cumulative, color="C0", marker="o", markersize=3)
    right.axhline(vital_share, color="C0", linestyle=":", linewidth=1)
    right.set_ylim(0, 1.05)
    right.yaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    right.set_ylabel(cumulative_label)
    fig.tight_layout()
    return fig

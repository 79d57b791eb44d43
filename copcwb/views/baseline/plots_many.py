"""Figures of the baseline report for many programs: one chart of every program,
ordered by value and sized to the count, instead of one chart per program.
matplotlib is imported inside each function; titles and labels are passed in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from copcwb.quality import BELOW, MEETS
from copcwb.views.baseline.plots import finish_month_panels, month_panel

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.colors import Colormap
    from matplotlib.figure import Figure
    from matplotlib.image import AxesImage

#: colours of a verdict against target (the report's met / missed colours)
STATUS_COLOURS = {MEETS: "#2f855a", BELOW: "#c53030"}
OTHER_COLOUR = "#718096"
NO_TARGET, NO_DATA = "#d9d9d9", "#ffffff"


def row_height(n: int, *, per_row: float = 0.16, base: float = 1.6) -> float:
    """The height in inches of a chart with one row per program: ``base`` for titles
    and axes, ``per_row`` for each of ``n`` rows."""
    return base + per_row * max(n, 1)


def label_size(n: int) -> float:
    """The font size of the labels of ``n`` programs on one axis."""
    return 8.0 if n <= 40 else 7.0 if n <= 80 else 6.0


def attainment_matrix_figure(
    scorecard: pd.DataFrame,
    order: Sequence[str],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    clip: float = 0.25,
) -> Figure:
    """Programs (columns, in ``order``) x metrics (rows, in scorecard order): the latest
    month against target, green where met and red where missed (shade = gap, clipped
    at +/- ``clip``), grey without a target, white without data."""
    import matplotlib
    import matplotlib.pyplot as plt
    from matplotlib.colors import TwoSlopeNorm

    labels = list(dict.fromkeys(scorecard["label"]))
    col = {p: j for j, p in enumerate(order)}
    row = {m: i for i, m in enumerate(labels)}
    grid = np.full((len(labels), len(order)), np.nan)
    has_data = np.zeros_like(grid, dtype=bool)
    for p, lab, g in scorecard[["program", "label", "gap_pct"]].itertuples(index=False):
        if p in col:
            grid[row[lab], col[p]] = g
            has_data[row[lab], col[p]] = True
    width = min(11.0, 3.2 + 0.105 * len(order))
    fig, ax = plt.subplots(figsize=(width, 2.3 + 0.17 * len(labels)))
    ax.imshow(np.where(has_data, 0.0, np.nan), cmap=_flat(NO_TARGET), aspect="auto")
    cmap = matplotlib.colormaps["RdYlGn"].with_extremes(bad=(0, 0, 0, 0))
    ax.imshow(
        np.ma.masked_invalid(np.clip(grid, -clip, clip)),
        cmap=cmap,
        norm=TwoSlopeNorm(vmin=-clip, vcenter=0.0, vmax=clip),
        aspect="auto",
        interpolation="nearest",
    )
    ax.set_facecolor(NO_DATA)
    size = label_size(len(order))
    ax.set_xticks(range(len(order)), [str(p) for p in order], rotation=90, fontsize=size)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    grid_lines(ax, len(labels), len(order))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.tight_layout()
    return fig


def _flat(colour: str):
    from matplotlib.colors import ListedColormap

    return ListedColormap([colour]).with_extremes(bad=(0, 0, 0, 0))


def grid_lines(ax: Axes, n_rows: int, n_cols: int) -> None:
    """White lines between the cells of an ``n_rows`` x ``n_cols`` image."""
    ax.set_xticks(np.arange(-0.5, n_cols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=0.6)
    ax.tick_params(which="minor", length=0)


def monthly_share_figure(
    attainment: pd.DataFrame,
    order: Sequence[str],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    scale_label: str,
) -> Figure:
    """Programs (rows, in ``order``, first at the top) x months: the share of the
    program's metrics meeting target that month (``copcwb.baseline.monthly_attainment``)."""
    import matplotlib
    import matplotlib.pyplot as plt

    months = sorted(attainment["month"].unique())
    col = {m: j for j, m in enumerate(months)}
    row = {p: i for i, p in enumerate(order)}
    grid = np.full((len(order), len(months)), np.nan)
    for p, m, v in attainment[["program", "month", "share_meeting"]].itertuples(index=False):
        if p in row:
            grid[row[p], col[m]] = v
    fig, ax = plt.subplots(figsize=(2.8 + 0.55 * len(months), row_height(len(order))))
    cmap = matplotlib.colormaps["RdYlGn"].with_extremes(bad=NO_TARGET)
    image = share_image(ax, grid, cmap)
    ax.set_xticks(range(len(months)), [str(m) for m in months], rotation=45, ha="right")
    ax.set_yticks(range(len(order)), [str(p) for p in order], fontsize=label_size(len(order)))
    grid_lines(ax, len(order), len(months))
    bar = fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02, aspect=50)
    bar.ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    bar.set_label(scale_label)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.tight_layout()
    return fig


def accuracy_panels_figure(
    process: pd.DataFrame,
    *,
    type_labels: Mapping[str, str],
    title: str,
    xlabel: str,
    target_label: str,
) -> Figure:
    """One panel per critical-error type, one row per program: accuracy with its
    interval, coloured by the verdict against target, the target as a dashed line (or
    a tick per program when programs have different targets). Programs are ordered by
    the first type's accuracy, highest at the top."""
    import matplotlib.pyplot as plt

    types = list(dict.fromkeys(process["error_type"]))
    first = process[process["error_type"] == types[0]]
    order = list(first.sort_values(["accuracy", "program"], ascending=[False, True])["program"])
    order += sorted(set(process["program"]) - set(order))
    y = {p: len(order) - 1 - i for i, p in enumerate(order)}
    fig, axes = plt.subplots(
        1, len(types), figsize=(11, row_height(len(order))), sharey=True, squeeze=False
    )
    for ax, kind in zip(axes[0], types, strict=True):
        rows = process[process["error_type"] == kind]
        _accuracy_panel(ax, rows, y, target_label)
        ax.set_title(type_labels.get(kind, kind), fontsize=10)
        ax.set_xlabel(xlabel, fontsize=8)
        ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:.0%}")
        ax.grid(axis="x", alpha=0.3)
    axes[0][0].set_yticks(list(y.values()), list(y), fontsize=label_size(len(order)))
    axes[0][0].set_ylim(-0.7, len(order) - 0.3)
    axes[0][-1].legend(loc="lower left", fontsize=7)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def _accuracy_panel(ax: Axes, rows: pd.DataFrame, y: Mapping[str, int], target_label: str) -> None:
    ys = np.array([y[p] for p in rows["program"]], dtype=float)
    acc = rows["accuracy"].to_numpy(dtype=float)
    err = [acc - rows["ci_low"].to_numpy(dtype=float), rows["ci_high"].to_numpy(dtype=float) - acc]
    colours = [STATUS_COLOURS.get(s, OTHER_COLOUR) for s in rows["status"]]
    ax.errorbar(acc, ys, xerr=err, fmt="none", ecolor="#a0aec0", elinewidth=1)
    ax.scatter(acc, ys, c=colours, s=12, zorder=3)
    targets = rows["target"].dropna().unique()
    if len(targets) == 1:
        ax.axvline(targets[0], color="grey", linestyle="--", linewidth=1, label=target_label)
    elif len(targets) > 1:
        ax.scatter(rows["target"], ys, marker="|", color="grey", s=30, label=target_label)


def resolution_panels_figure(
    tables: Sequence[pd.DataFrame], *, window_titles: Sequence[str], title: str, xlabel: str
) -> Figure:
    """One panel per repeat window, one bar per program (``Resolution.program``): the
    share of its contacts resolved, labelled; programs ordered by the first window's
    rate, highest at the top."""
    import matplotlib.pyplot as plt

    first = tables[0]
    order = list(
        first.sort_values(["resolution_rate", "program"], ascending=[False, True])["program"]
    )
    y = {p: len(order) - 1 - i for i, p in enumerate(order)}
    fig, axes = plt.subplots(
        1, len(tables), figsize=(11, row_height(len(order))), sharey=True, squeeze=False
    )
    size = label_size(len(order))
    for ax, table, sub in zip(axes[0], tables, window_titles, strict=True):
        rate = table["resolution_rate"].to_numpy(dtype=float)
        ys = [y[p] for p in table["program"]]
        ax.barh(ys, np.nan_to_num(rate), color="C0", height=0.7)
        for yi, r in zip(ys, rate, strict=True):
            if np.isfinite(r):
                ax.text(r + 0.01, yi, f"{r:.0%}", va="center", fontsize=size - 1)
        ax.set_xlim(0, 1.12)
        ax.set_title(sub, fontsize=10)
        ax.set_xlabel(xlabel, fontsize=8)
        ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    axes[0][0].set_yticks(list(y.values()), list(y), fontsize=size)
    axes[0][0].set_ylim(-0.7, len(order) - 0.3)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def resolution_month_many_figure(
    tables: Sequence[pd.DataFrame],
    pooled: Sequence[pd.DataFrame],
    *,
    window_titles: Sequence[str],
    title: str,
    xlabel: str,
    ylabel: str,
    each_label: str,
    all_label: str,
) -> Figure:
    """Resolution rate by month, one panel per window: a thin grey line per program
    (``Resolution.month``) and a bold line for all programs pooled
    (``Resolution.pooled_month``)."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, max(len(tables), 1), figsize=(9, 4.2), sharey=True, squeeze=False)
    for ax, table, total, sub in zip(axes[0], tables, pooled, window_titles, strict=False):
        months = sorted(table["month"].unique())
        x = {m: i for i, m in enumerate(months)}
        for i, (_, g) in enumerate(table.groupby("program", sort=True)):
            g = g.sort_values("month")
            ax.plot(
                [x[m] for m in g["month"]],
                g["resolution_rate"].to_numpy(dtype=float),
                color="#a0aec0",
                linewidth=0.8,
                alpha=0.6,
                label=each_label if i == 0 else None,
            )
        total = total.sort_values("month")
        ax.plot(
            [x[m] for m in total["month"] if m in x],
            total.loc[total["month"].isin(list(x)), "resolution_rate"].to_numpy(dtype=float),
            color="C0",
            linewidth=2.5,
            marker="o",
            label=all_label,
        )
        month_panel(ax, months, sub, xlabel)
    return finish_month_panels(fig, axes, title, ylabel)


def share_image(ax: Axes, grid: np.ndarray, cmap: Colormap) -> AxesImage:
    """``grid`` of shares (0..1, NaN for none) drawn cell by cell on ``ax`` in ``cmap``
    (NaN in its "bad" colour); returns the image, for a colour bar."""
    return ax.imshow(
        np.ma.masked_invalid(grid),
        cmap=cmap,
        vmin=0,
        vmax=1,
        aspect="auto",
        interpolation="nearest",
    )

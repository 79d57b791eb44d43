"""Figures of the maturity stage: the ladder of each program as small multiples, or for
many programs one grid of programs x stages. matplotlib is imported inside each
function; titles and labels are passed in (phrased from the language catalog)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from copcwb.baseline import MaturityResult, plot_ladder
from copcwb.terms import STAGES
from copcwb.views.baseline.plots_many import grid_lines, label_size, row_height, share_image

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: panels per row of the small multiples
PANELS_PER_ROW = 4


def ladder_panels_figure(
    result: MaturityResult,
    programs: Sequence[str],
    *,
    panel_titles: Mapping[str, str],
    stage_labels: Mapping[str, str],
    title: str,
    xlabel: str,
    threshold_label: str,
    reached_label: str,
) -> Figure:
    """One ladder per program of ``programs`` (in that order, the overall row too if
    named), four to a row: the stages bottom to top, each bar the share of its metrics
    managed against the threshold, the stage reached marked (``plot_ladder``)."""
    import matplotlib.pyplot as plt

    n = max(len(programs), 1)
    cols = min(PANELS_PER_ROW, n)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(
        rows, cols, figsize=(2.9 * cols + 0.8, 2.3 * rows + 0.6), squeeze=False, sharex=True
    )
    for ax, program in zip(axes.flat, programs, strict=False):
        plot_ladder(
            result,
            ax=ax,
            program=program,
            stage_labels=stage_labels,
            threshold_label=threshold_label,
            reached_label=reached_label,
        )
        ax.set_title(panel_titles.get(program, str(program)), fontsize=9)
    for ax in list(axes.flat)[len(programs) :]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel(xlabel, fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def ladder_grid_figure(
    result: MaturityResult,
    order: Sequence[str],
    *,
    stage_labels: Mapping[str, str],
    title: str,
    xlabel: str,
    ylabel: str,
    scale_label: str,
) -> Figure:
    """Programs (rows, in ``order``, first at the top) x stages (columns, bottom rung
    first): the share of the stage's metrics managed, written in the cell and shaded
    from white (none) to green (all), the threshold marked on the scale, and a dot on
    each program's stage reached."""
    import matplotlib
    import matplotlib.pyplot as plt

    stages = result.stages.set_index(["program", "stage"])["share_managed"]
    grid = np.array([[stages.get((p, s), np.nan) for s in STAGES] for p in order], dtype=float)
    reached = result.table.set_index("program")["stage"]
    fig, ax = plt.subplots(figsize=(7.2, row_height(len(order))))
    cmap = matplotlib.colormaps["Greens"].with_extremes(bad="#d9d9d9")
    image = share_image(ax, grid, cmap)
    dots = [(STAGES.index(reached[p]), i) for i, p in enumerate(order) if reached.get(p) in STAGES]
    if dots:
        xs, ys = zip(*dots, strict=True)
        ax.scatter(np.array(xs) - 0.33, ys, marker="o", s=14, color="#1a202c", zorder=3)
    _cell_shares(ax, grid, size=label_size(len(order)) - 1)
    ax.set_xticks(range(len(STAGES)), [stage_labels.get(s, s) for s in STAGES], fontsize=8)
    ax.set_yticks(range(len(order)), [str(p) for p in order], fontsize=label_size(len(order)))
    grid_lines(ax, len(order), len(STAGES))
    bar = fig.colorbar(image, ax=ax, fraction=0.05, pad=0.03, aspect=50)
    bar.ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    bar.ax.axhline(result.threshold, color="#1a202c", linestyle="--", linewidth=1)
    bar.set_label(scale_label)
    ax.xaxis.tick_top()
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.tight_layout()
    return fig


def _cell_shares(ax, grid: np.ndarray, *, size: float) -> None:
    """Each cell's share as a whole percentage, white on the dark cells."""
    for (i, j), value in np.ndenumerate(grid):
        if np.isfinite(value):
            colour = "white" if value >= 0.6 else "#1a202c"
            ax.text(j, i, f"{value:.0%}", ha="center", va="center", fontsize=size, color=colour)

"""Figures of the journey report. matplotlib is imported inside each function; titles,
labels and names are passed in (phrased from the language catalog)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from matplotlib.figure import Figure

BLUE, GREY = "#1d4e89", "#d9d9d9"


def matrix_figure(
    rates: np.ndarray,
    notes: Sequence[Sequence[str]],
    *,
    rows: Sequence[str],
    columns: Sequence[str],
    title: str,
    colour_label: str,
    uncoloured: np.ndarray | None = None,
) -> Figure:
    """The touchpoint x dimension grid: each cell coloured by ``rates`` (NaN: not
    coloured; grey where ``uncoloured`` is True, white elsewhere) and written with its
    note (the worst failure rate, or a mark)."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    rates = np.asarray(rates, dtype=float)
    top = max(0.5, float(np.nanmax(rates, initial=0.0)))
    fig, ax = plt.subplots(figsize=(1.9 * len(columns) + 2.5, 0.62 * len(rows) + 1.6))
    image = ax.imshow(np.ma.masked_invalid(rates), cmap="Reds", vmin=0.0, vmax=top, aspect="auto")
    grey = np.zeros(rates.shape, bool) if uncoloured is None else np.asarray(uncoloured, bool)
    for i, j in zip(*np.nonzero(grey), strict=True):
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, color=GREY, zorder=0))
    for i, row in enumerate(notes):
        for j, note in enumerate(row):
            if note:
                dark = np.isfinite(rates[i, j]) and rates[i, j] > 0.6 * top
                ax.text(j, i, note, ha="center", va="center", fontsize=9,
                        color="white" if dark else "black")  # fmt: skip
    ax.set_xticks(range(len(columns)), columns, rotation=20, ha="right")
    ax.set_yticks(range(len(rows)), rows)
    ax.set_xticks(np.arange(-0.5, len(columns)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(rows)), minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    ax.set_title(title)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label(colour_label)
    fig.tight_layout()
    return fig


def calibration_figure(
    predicted: Sequence[float],
    observed: Sequence[float],
    low: Sequence[float],
    high: Sequence[float],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
) -> Figure:
    """Observed against predicted share (percent) per group, with intervals and the
    diagonal of perfect calibration."""
    import matplotlib.pyplot as plt

    p, o = 100 * np.asarray(predicted, float), 100 * np.asarray(observed, float)
    lo, hi = 100 * np.asarray(low, float), 100 * np.asarray(high, float)
    top = float(max(hi.max(initial=1.0), p.max(initial=1.0))) * 1.08
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.plot([0, top], [0, top], color="grey", lw=1, ls="--")
    ax.errorbar(p, o, yerr=[o - lo, hi - o], fmt="o", color=BLUE, capsize=3)
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig

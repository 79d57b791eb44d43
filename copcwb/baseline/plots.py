"""Pictures of the baseline assessment (matplotlib is imported only when drawing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from copcwb.baseline.assess import BaselineResult


def plot_scorecard(
    result: BaselineResult,
    *,
    ax: Axes | None = None,
    program: str | None = None,
    max_months: int = 12,
    clip: float = 0.25,
) -> Axes:
    """Heat map of metric x month target attainment.

    Each cell is the month's value relative to target (gap_pct, positive = better
    than target), coloured green where the target was met and red where it was
    missed (shade = size of the gap, clipped at +/- ``clip``); metrics without a
    target are grey. ``program``: one program, or all programs (rows "program:
    label"). Shows the last ``max_months`` months.
    """
    import matplotlib
    from matplotlib.colors import TwoSlopeNorm

    hist = result.history
    if program is not None:
        if program not in set(hist["program"]):
            raise ValueError(f"program {program!r} is not in the assessment")
        hist = hist[hist["program"] == program]
    months = sorted(hist["month"].unique())[-max_months:]
    hist = hist[hist["month"].isin(months)]
    order = result.scorecard[["program", "metric", "label"]]
    if program is not None:
        order = order[order["program"] == program]
    several = order["program"].nunique() > 1
    rows = [
        (p, m, f"{p}: {lab}" if several else str(lab))
        for p, m, lab in order.itertuples(index=False)
    ]
    index = {(p, m): i for i, (p, m, _) in enumerate(rows)}
    col = {mo: j for j, mo in enumerate(months)}
    grid = np.full((len(rows), len(months)), np.nan)
    for p, m, mo, g in hist[["program", "metric", "month", "gap_pct"]].itertuples(index=False):
        if (p, m) in index:
            grid[index[(p, m)], col[mo]] = g

    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(1.0 + 0.6 * len(months), 1.0 + 0.3 * len(rows)))
    cmap = matplotlib.colormaps["RdYlGn"].with_extremes(bad="#d9d9d9")
    shown = np.ma.masked_invalid(np.clip(grid, -clip, clip))
    ax.imshow(
        shown,
        cmap=cmap,
        norm=TwoSlopeNorm(vmin=-clip, vcenter=0.0, vmax=clip),
        aspect="auto",
        interpolation="nearest",
    )
    ax.set_xticks(range(len(months)), [str(mo) for mo in months], rotation=45, ha="right")
    ax.set_yticks(range(len(rows)), [lab for _, _, lab in rows])
    if len(rows) * len(months) <= 400:
        for i in range(len(rows)):
            for j in range(len(months)):
                if np.isfinite(grid[i, j]):
                    ax.text(j, i, f"{grid[i, j]:+.0%}", ha="center", va="center", fontsize=7)
    title = "Target attainment by month (green = target met, red = missed)"
    ax.set_title(title if program is None else f"{program}: {title}")
    ax.set_xlabel("Month")
    ax.set_ylabel("Metric")
    return ax

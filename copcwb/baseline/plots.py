"""Pictures of the baseline assessment (matplotlib is imported only when drawing)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from copcwb.baseline.readiness_rules import OVERALL

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from copcwb.baseline.assess import BaselineResult
    from copcwb.baseline.maturity import MaturityResult


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


#: colours of the ladder: a stage managed to the threshold, one not, the stage reached
LADDER_MET, LADDER_NOT_MET, LADDER_REACHED = "#9ae6b4", "#cbd5e0", "#2f855a"


def plot_ladder(
    result: MaturityResult,
    *,
    ax: Axes | None = None,
    program: str = OVERALL,
    stage_labels: Mapping[str, str] | None = None,
    threshold_label: str = "threshold",
    reached_label: str = "reached",
) -> Axes:
    """The maturity ladder of one program: the stages bottom (operational) to top
    (visionary), each a bar of its share of metrics managed, labelled managed /
    expected, against the threshold (dashed line); the stage reached dark green and
    marked, the other stages at the threshold light green, those under it grey."""
    from copcwb.terms import STAGES

    rows = result.stages[result.stages["program"] == program].set_index("stage")
    if rows.empty:
        raise ValueError(f"program {program!r} is not on the ladder")
    reached = result.table.set_index("program").at[program, "stage"]
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(4.5, 2.6))
    labels = dict(stage_labels or {})
    shares = [rows.at[s, "share_managed"] for s in STAGES]
    colours = [
        LADDER_REACHED if s == reached else LADDER_MET if rows.at[s, "met"] else LADDER_NOT_MET
        for s in STAGES
    ]
    y = np.arange(len(STAGES))
    ax.barh(y, np.nan_to_num(np.asarray(shares, dtype=float)), color=colours, height=0.65)
    for i, s in enumerate(STAGES):
        count = f"{rows.at[s, 'n_managed']}/{rows.at[s, 'n_expected']}"
        mark = f"  ◀ {reached_label}" if s == reached else ""
        x = min(np.nan_to_num(shares[i]), 1.0) + 0.02
        box = {"facecolor": "white", "edgecolor": "none", "pad": 0.3, "alpha": 0.8}
        ax.text(x, i, count + mark, va="center", fontsize=7, bbox=box)
    ax.axvline(result.threshold, color="#4a5568", linestyle="--", linewidth=1)
    ax.text(result.threshold, len(STAGES) - 0.45, f" {threshold_label}", fontsize=7, va="bottom")
    ax.set_yticks(y, [labels.get(s, s) for s in STAGES], fontsize=8)
    ax.set_xlim(0, 1.35)
    ax.set_ylim(-0.6, len(STAGES) - 0.1)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    ax.tick_params(axis="x", labelsize=7)
    ax.set_title(str(program), fontsize=9)
    return ax

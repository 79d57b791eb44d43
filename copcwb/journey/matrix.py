"""The journey matrix: touchpoints x service-quality dimensions, each cell holding its
checkpoints and their failure rates (``matrix``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.journey.checkpoints import COMPUTED
from copcwb.quality.intervals import wilson_arrays
from copcwb.terms import DIMENSIONS, TOUCHPOINTS

CELL_COLUMNS = (
    "touchpoint",
    "dimension",
    "n_checkpoints",
    "n_computed",
    "checkpoints",
    "worst",
    "worst_rate",
)


def pooled(table: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """One row per checkpoint of a :func:`copcwb.journey.checkpoints` table, its counts
    summed over the groups (the rate of all contacts). Columns: checkpoint, touchpoint,
    dimension, n_applicable, n_failed, failure_rate, ci_low, ci_high, n_open, status,
    missing, in the table's checkpoint order."""
    order = list(dict.fromkeys(table["checkpoint"]))
    first = table.drop_duplicates("checkpoint").set_index("checkpoint")
    sums = table.groupby("checkpoint")[["n_applicable", "n_failed", "n_open"]].sum()
    out = first[["touchpoint", "dimension", "status", "missing"]].join(sums).loc[order]
    n, failed = out["n_applicable"].to_numpy(), out["n_failed"].to_numpy()
    out["failure_rate"] = np.where(n > 0, failed / np.maximum(n, 1), np.nan)
    out["ci_low"], out["ci_high"] = wilson_arrays(failed, n, confidence)
    columns = ["touchpoint", "dimension", "n_applicable", "n_failed", "failure_rate"]
    columns += ["ci_low", "ci_high", "n_open", "status", "missing"]
    return out[columns].reset_index()


@dataclass(frozen=True, eq=False)
class JourneyMatrix:
    """The touchpoint x dimension grid.

    ``cells``: one row per touchpoint x dimension (every pair, touchpoints in journey
    order): touchpoint, dimension, n_checkpoints, n_computed (judged from data),
    checkpoints (the ids in the cell, in catalog order), worst (the id with the highest
    failure rate, "" when none is computed), worst_rate. ``checkpoints``: the pooled
    rates of every checkpoint (see :func:`pooled`). ``touchpoints``, ``dimensions``: the
    grid's rows and columns.
    """

    cells: pd.DataFrame
    checkpoints: pd.DataFrame
    touchpoints: tuple[str, ...]
    dimensions: tuple[str, ...]

    def summary(self) -> pd.DataFrame:
        return self.cells.copy()

    def grid(self, value: str = "worst_rate") -> pd.DataFrame:
        """``value`` of each cell as a touchpoints x dimensions frame."""
        return self.cells.pivot(index="touchpoint", columns="dimension", values=value).loc[
            list(self.touchpoints), list(self.dimensions)
        ]

    def plot(self, ax=None):
        """The grid coloured by the worst failure rate of each cell; returns the Axes."""
        import matplotlib.pyplot as plt

        rates = self.grid().to_numpy(dtype=float)
        if ax is None:
            _, ax = plt.subplots(figsize=(1.6 * len(self.dimensions) + 2, 0.6 * len(rates) + 1))
        ax.imshow(
            np.ma.masked_invalid(rates),
            cmap="Reds",
            vmin=0,
            vmax=max(0.5, np.nanmax(rates, initial=0)),
        )
        ax.set_xticks(range(len(self.dimensions)), self.dimensions)
        ax.set_yticks(range(len(self.touchpoints)), self.touchpoints)
        return ax


def matrix(table: pd.DataFrame, confidence: float = 0.95) -> JourneyMatrix:
    """The journey matrix of a :func:`copcwb.journey.checkpoints` table (its groups
    pooled): every touchpoint x dimension cell with its checkpoints and the worst failure
    rate among those judged from data. Touchpoints and dimensions are the standard ones
    (``copcwb.terms``) and any other the catalog names, in catalog order."""
    rates = pooled(table, confidence)
    touchpoints = tuple(dict.fromkeys([*TOUCHPOINTS, *rates["touchpoint"]]))
    dimensions = tuple(dict.fromkeys([*DIMENSIONS, *rates["dimension"]]))
    rows = []
    for tp in touchpoints:
        for dim in dimensions:
            cell = rates[(rates["touchpoint"] == tp) & (rates["dimension"] == dim)]
            judged = cell[(cell["status"] == COMPUTED) & cell["failure_rate"].notna()]
            worst = judged.sort_values("failure_rate", ascending=False, kind="stable").head(1)
            rows.append(
                {
                    "touchpoint": tp,
                    "dimension": dim,
                    "n_checkpoints": len(cell),
                    "n_computed": int((cell["status"] == COMPUTED).sum()),
                    "checkpoints": tuple(cell["checkpoint"]),
                    "worst": worst["checkpoint"].iloc[0] if len(worst) else "",
                    "worst_rate": float(worst["failure_rate"].iloc[0]) if len(worst) else np.nan,
                }
            )
    cells = pd.DataFrame(rows, columns=list(CELL_COLUMNS))
    return JourneyMatrix(cells, rates, touchpoints, dimensions)

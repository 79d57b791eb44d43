"""Where to spend and where not: metrics far worse and far better than target."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from copcwb.baseline.assess import BaselineResult

SPEND = "spend here"
OVER_INVEST = "possible over-investment"

SPEND_COLUMNS = [
    "program",
    "metric",
    "label",
    "category",
    "value",
    "target",
    "gap_pct",
    "action",
    "trend",
    "deteriorating",
    "note",
    "rank",
]


def where_to_spend(
    result: BaselineResult,
    *,
    threshold: float = 0.10,
    categories: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Metrics whose latest value is far from target, in either direction.

    gap_pct <= -threshold -> action "spend here" (far worse than target);
    gap_pct >= +threshold -> action "possible over-investment" (far better than
    target: the money may do more elsewhere). gap_pct follows the scorecard's sign
    (positive = better than target). Metrics without a target (or with target 0)
    are left out. ``categories``: restrict to these categories (default all).

    Deteriorating metrics are called out: column ``deteriorating`` and a ``note``
    ("deteriorating: act before it misses further" for spend rows, "deteriorating:
    check the trend before cutting" for over-investment rows, else "").

    Columns: program, metric, label, category, value, target, gap_pct, action,
    trend, deteriorating, note, rank. Sorted by action ("spend here" first), then
    by |gap_pct| (largest first); rank counts 1, 2, ... within each action.
    """
    if not threshold > 0:
        raise ValueError(f"threshold must be a positive share, got {threshold!r}")
    card = result.scorecard
    if categories is not None:
        card = card[card["category"].isin(list(categories))]
    gap = card["gap_pct"].to_numpy(dtype=float)
    far = np.isfinite(gap) & (np.abs(gap) >= threshold - 1e-12)
    out = card.loc[far].copy()
    out["action"] = np.where(out["gap_pct"] < 0, SPEND, OVER_INVEST)
    out["deteriorating"] = out["trend"] == "deteriorating"
    notes = np.where(
        out["action"] == SPEND,
        "deteriorating: act before it misses further",
        "deteriorating: check the trend before cutting",
    )
    out["note"] = np.where(out["deteriorating"], notes, "")
    out["_abs"] = out["gap_pct"].abs()
    out["_act"] = (out["action"] != SPEND).astype(int)
    out = out.sort_values(["_act", "_abs"], ascending=[True, False], kind="stable")
    out["rank"] = out.groupby("action", sort=False).cumcount() + 1
    out = out.astype({"action": "str", "note": "str", "deteriorating": "bool"})
    return out[SPEND_COLUMNS].reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class SpendList:
    """Result of :func:`spend_list`.

    table: the rows of :func:`where_to_spend` (program, metric, label, category,
        value, target, gap_pct, action, trend, deteriorating, note, rank) plus unit.
    threshold: the relative gap that puts a metric on the list.
    """

    table: pd.DataFrame
    threshold: float

    def part(self, action: str) -> pd.DataFrame:
        """The rows of one action ("spend here" or "possible over-investment")."""
        return self.table[self.table["action"] == action].reset_index(drop=True)

    @property
    def n_spend(self) -> int:
        """Metrics far worse than target."""
        return len(self.part(SPEND))

    @property
    def n_spend_deteriorating(self) -> int:
        """Metrics far worse than target that are also deteriorating."""
        return int(self.part(SPEND)["deteriorating"].sum())

    @property
    def n_over(self) -> int:
        """Metrics far better than target (possible over-investment)."""
        return len(self.part(OVER_INVEST))

    def summary(self) -> pd.DataFrame:
        """The list (a copy)."""
        return self.table.copy()


def spend_list(
    result: BaselineResult, *, threshold: float = 0.10, categories: Iterable[str] | None = None
) -> SpendList:
    """Where to spend and where not: :func:`where_to_spend` as a result object, each
    row with the metric's unit."""
    table = where_to_spend(result, threshold=threshold, categories=categories)
    units = result.scorecard[["program", "metric", "unit"]]
    table = table.merge(units, on=["program", "metric"], how="left")
    return SpendList(table=table, threshold=threshold)

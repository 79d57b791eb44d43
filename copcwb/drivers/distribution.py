"""How the overall rating is distributed over the scale: :func:`rating_distribution`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True, eq=False)
class RatingDistribution:
    """Responses per level of a rating.

    Attributes: ``outcome``, ``scale`` (low, high), ``table`` (see :meth:`summary`),
    ``n_responses`` (rows, with or without a rating), ``n_rated`` (rows with a rating),
    ``top_box_share`` and ``bottom_box_share`` (shares of the rated responses at the top and
    at the bottom of the scale), ``mean`` (mean rating; NaN without ratings).
    """

    outcome: str
    scale: tuple[int, int]
    table: pd.DataFrame
    n_responses: int
    n_rated: int
    top_box_share: float
    bottom_box_share: float
    mean: float

    @property
    def top_level(self) -> int:
        return int(self.scale[1])

    @property
    def bottom_level(self) -> int:
        return int(self.scale[0])

    @property
    def n_missing(self) -> int:
        """Responses without a rating."""
        return self.n_responses - self.n_rated

    def summary(self) -> pd.DataFrame:
        """One row per level, every level of the scale listed (and any level seen outside
        it). Columns: ``level`` (int), ``n`` (int), ``share`` (of the rated responses)."""
        return self.table.copy()


def rating_distribution(
    survey: pd.DataFrame, outcome: str = "overall", scale: tuple[int, int] = (1, 5)
) -> RatingDistribution:
    """Responses and shares per level of ``outcome``, with the top-box (the highest level of
    ``scale``) and bottom-box (its lowest level) shares. Missing ratings are counted apart.
    """
    low, high = int(scale[0]), int(scale[1])
    values = survey[outcome]
    x = values.dropna().astype("int64")
    levels = sorted(set(range(low, high + 1)) | set(x.unique().tolist()))
    counts = x.value_counts().reindex(levels, fill_value=0)
    total = int(counts.sum())
    shares = counts.to_numpy(dtype=float) / total if total else np.full(len(levels), np.nan)
    table = pd.DataFrame(
        {
            "level": np.asarray(levels, dtype="int64"),
            "n": counts.to_numpy(dtype="int64"),
            "share": shares,
        }
    )
    by_level = table.set_index("level")["share"]
    return RatingDistribution(
        outcome=outcome,
        scale=(low, high),
        table=table,
        n_responses=len(values),
        n_rated=total,
        top_box_share=float(by_level.get(high, np.nan)),
        bottom_box_share=float(by_level.get(low, np.nan)),
        mean=float((table["level"] * table["n"]).sum() / total) if total else float("nan"),
    )

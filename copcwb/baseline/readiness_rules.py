"""Readiness: the share of counted metrics meeting target, and meeting it or improving.

Counted: the metrics of the chosen categories (default service, quality, cost,
revenue, satisfaction; key support processes are left out as in the 2006 rule)
that **have a target**. Metrics without a target (meets_target NA) are excluded
from both the numerator and the denominator and counted in ``n_no_target``.

A program is ready when share_meeting >= level_share AND
share_meeting_or_improving >= level_or_trend_share (placeholders 0.65 / 0.75).
A program with no counted metric is not ready (shares NaN).

The overall row has program ``"ALL"`` and ``scope == "overall"``: it pools every
program x metric pair of the counted categories (a pair is one vote), so a large
program with many metrics weighs more than a small one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from copcwb.baseline.assess import BaselineResult

DEFAULT_CATEGORIES = ("service", "quality", "cost", "revenue", "satisfaction")
OVERALL = "ALL"

READINESS_COLUMNS = [
    "program",
    "scope",
    "n_metrics",
    "n_meeting",
    "n_meeting_or_improving",
    "n_no_target",
    "share_meeting",
    "share_meeting_or_improving",
    "ready",
]


def _shares(group: pd.DataFrame) -> dict[str, float | int]:
    has_target = group["meets_target"].notna()
    counted = group[has_target]
    meets = counted["meets_target"].astype(bool)
    meets_or_improving = meets | (counted["trend"] == "improving")
    n = len(counted)
    return {
        "n_metrics": n,
        "n_meeting": int(meets.sum()),
        "n_meeting_or_improving": int(meets_or_improving.sum()),
        "n_no_target": int((~has_target).sum()),
        "share_meeting": float(meets.mean()) if n else np.nan,
        "share_meeting_or_improving": float(meets_or_improving.mean()) if n else np.nan,
    }


def readiness_table(
    scorecard: pd.DataFrame,
    *,
    categories: tuple[str, ...],
    level_share: float,
    level_or_trend_share: float,
) -> pd.DataFrame:
    """Readiness per program plus an overall ``"ALL"`` row.

    Columns: program, scope ("program" or "overall"), n_metrics (counted metrics
    with a target), n_meeting, n_meeting_or_improving, n_no_target, share_meeting,
    share_meeting_or_improving, ready (bool).
    """
    counted = scorecard[scorecard["category"].isin(categories)]
    rows = []
    for program in sorted(scorecard["program"].unique()):
        rows.append(
            {
                "program": program,
                "scope": "program",
                **_shares(counted[counted["program"] == program]),
            }
        )
    rows.append({"program": OVERALL, "scope": "overall", **_shares(counted)})
    out = pd.DataFrame(rows)
    share = out["share_meeting"].to_numpy(dtype=float)
    share_or = out["share_meeting_or_improving"].to_numpy(dtype=float)
    tol = 1e-12
    out["ready"] = (np.nan_to_num(share, nan=-1) >= level_share - tol) & (
        np.nan_to_num(share_or, nan=-1) >= level_or_trend_share - tol
    )
    return out.astype({"program": "str", "scope": "str", "ready": "bool"})[READINESS_COLUMNS]


def blockers_table(scorecard: pd.DataFrame, *, categories: tuple[str, ...]) -> pd.DataFrame:
    """The counted metrics that miss their target, i.e. what holds each program back.

    reason:
      * "misses target and deteriorating"
      * "misses target, no significant improvement" (trend stable)
      * "misses target, too few consecutive months for a trend"
      * "misses target but improving" (counts for the meet-or-improve share only)

    Columns: program, metric, label, category, value, target, gap, gap_pct, trend,
    reason, holds_back ("level and trend" or "level"). Sorted by program, then the
    severity of the reason, then gap_pct (worst first).
    """
    counted = scorecard[scorecard["category"].isin(categories)]
    missing = counted[counted["meets_target"].eq(False).fillna(False).astype(bool)]
    reasons = {
        "deteriorating": "misses target and deteriorating",
        "stable": "misses target, no significant improvement",
        "insufficient": "misses target, too few consecutive months for a trend",
        "improving": "misses target but improving",
    }
    severity = {"deteriorating": 0, "stable": 1, "insufficient": 2, "improving": 3}
    out = missing.assign(
        reason=missing["trend"].map(reasons),
        holds_back=np.where(missing["trend"] == "improving", "level", "level and trend"),
        _severity=missing["trend"].map(severity),
    ).sort_values(["program", "_severity", "gap_pct"])
    columns = [
        "program",
        "metric",
        "label",
        "category",
        "value",
        "target",
        "gap",
        "gap_pct",
        "trend",
        "reason",
        "holds_back",
    ]
    return out[columns].astype({"reason": "str", "holds_back": "str"}).reset_index(drop=True)


READY = "ready"
NOT_READY = "not ready"


@dataclass(frozen=True, eq=False)
class Readiness:
    """Result of :func:`readiness`.

    table: one row per program, then the overall "ALL" row: program, scope, verdict
        ("ready" / "not ready"), ready, n_metrics, n_meeting, n_meeting_or_improving,
        n_no_target, share_meeting, share_meeting_or_improving, level_share,
        level_or_trend_share (the thresholds), n_blockers (counted metrics missing
        target).
    blockers: the counted metrics that miss target (see :func:`blockers_table`).
    trend_months: months of the trend run the verdicts rest on.
    """

    table: pd.DataFrame
    blockers: pd.DataFrame
    trend_months: int

    @property
    def level_share(self) -> float:
        """The share of counted metrics that must meet target."""
        return float(self.table["level_share"].iloc[0])

    @property
    def level_or_trend_share(self) -> float:
        """The share of counted metrics that must meet target or improve."""
        return float(self.table["level_or_trend_share"].iloc[0])

    @property
    def n_no_target(self) -> int:
        """Counted metrics without a target, over all programs."""
        overall = self.table.loc[self.table["scope"] == "overall", "n_no_target"]
        return int(overall.iloc[0]) if len(overall) else 0

    def summary(self) -> pd.DataFrame:
        """The readiness table (a copy)."""
        return self.table.copy()


def readiness(result: BaselineResult) -> Readiness:
    """Readiness verdict of every program and overall, with the metrics that hold each
    back, from a baseline assessment (its thresholds are those of :func:`assess`)."""
    table = result.readiness.copy()
    n_blockers = result.blockers.groupby("program").size()
    table["n_blockers"] = table["program"].map(n_blockers).fillna(0).astype("int64")
    table.loc[table["scope"] == "overall", "n_blockers"] = len(result.blockers)
    table["verdict"] = np.where(table["ready"], READY, NOT_READY)
    table["level_share"] = float(result.params.get("level_share", np.nan))
    table["level_or_trend_share"] = float(result.params.get("level_or_trend_share", np.nan))
    columns = ["program", "scope", "verdict", *READINESS_COLUMNS[2:], "level_share"]
    columns += ["level_or_trend_share", "n_blockers"]
    return Readiness(
        table=table[columns].reset_index(drop=True),
        blockers=result.blockers,
        trend_months=int(result.params.get("trend_months", 0)),
    )

"""The drivers of satisfaction then and now: each driver's rank and share of the
explained satisfaction in the two runs' CSAT driver analyses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from copcwb.followup.parts import Part, empty, figure, lacking

COLUMNS: tuple[str, ...] = (
    "driver",
    "rank_then",
    "share_then",
    "rank_now",
    "share_now",
    "rank_change",
    "share_change",
)


@dataclass(frozen=True)
class DriverChange(Part):
    """The drivers ranked within the ``top`` of either run, most important now first
    (then those no longer measured, by their rank then): driver, rank_then, share_then,
    rank_now, share_now (rank 1 the most important; None when the run did not measure
    the driver), rank_change (rank_then - rank_now: positive = moved up), share_change
    (share_now - share_then)."""

    top: int | None = None


def _ranks(importance: list[dict]) -> dict[str, tuple[int, float]]:
    """{driver: (rank, share)}; importance lists the most important first."""
    return {
        str(row["driver"]): (rank, float(row["share"]))
        for rank, row in enumerate(importance, start=1)
    }


def _difference(new: float | None, old: float | None) -> float | None:
    return None if new is None or old is None else new - old


def driver_change(
    then: dict[str, Any], now: dict[str, Any], *, top: int | None = 5
) -> DriverChange:
    """Compare the driver importance of two runs' results.json (figure ``importance``
    of csat_drivers: [{driver, share}], most important first), keeping the drivers in
    the ``top`` of either run (every driver with None); not available when either run
    lacks the figure (no CSAT driver analysis)."""
    old = figure(then, "csat_drivers", "importance")
    new = figure(now, "csat_drivers", "importance")
    missing = lacking(old, new)
    if missing:
        return DriverChange(empty(COLUMNS), missing, top=top)
    ranks_then, ranks_now = _ranks(old), _ranks(new)
    records = []
    for driver in dict.fromkeys([*ranks_now, *ranks_then]):
        rank_then, share_then = ranks_then.get(driver, (None, None))
        rank_now, share_now = ranks_now.get(driver, (None, None))
        if top is not None and min(r for r in (rank_then, rank_now) if r is not None) > top:
            continue
        records.append(
            {
                "driver": driver,
                "rank_then": rank_then,
                "share_then": share_then,
                "rank_now": rank_now,
                "share_now": share_now,
                "rank_change": _difference(rank_then, rank_now),
                "share_change": _difference(share_now, share_then),
            }
        )
    table = pd.DataFrame(records, columns=list(COLUMNS))
    ranks = ["rank_then", "rank_now", "rank_change"]
    table[ranks] = table[ranks].astype("Int64")
    return DriverChange(_by_rank(table), top=top)


def _by_rank(table: pd.DataFrame) -> pd.DataFrame:
    """Rows by rank now, the drivers no longer measured last by their rank then."""
    missing = len(table) + 1
    order = pd.DataFrame(
        {
            "now": table["rank_now"].astype("float64").fillna(missing),
            "then": table["rank_then"].astype("float64").fillna(missing),
        }
    )
    return table.loc[order.sort_values(["now", "then"]).index].reset_index(drop=True)

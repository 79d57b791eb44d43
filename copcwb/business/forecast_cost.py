"""The cost of forecast error: the FTE-hours the forecast put in the wrong place, in money."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.business.economics import Economics
from copcwb.business.workload import DAYS_PER_YEAR, days_covered

COST_COLUMNS = [
    "queue",
    "program",
    "under_fte_hours",
    "over_fte_hours",
    "hourly_cost",
    "over_cost",
    "under_cost",
    "over_cost_per_year",
    "under_cost_per_year",
    "placeholders",
]


def program_of_queues(queues, mapping: dict[str, list[str]]) -> dict[str, str]:
    """queue -> program from the engagement's program -> queues mapping; a queue no program
    names stands for itself."""
    owner = {str(q): p for p, qs in mapping.items() for q in qs}
    return {str(q): owner.get(str(q), str(q)) for q in queues}


def queue_programs(wfm: pd.DataFrame, settings) -> list[str]:
    """The programs of the WFM export's queues (see :func:`program_of_queues`), sorted."""
    owners = program_of_queues(pd.unique(wfm["queue"]), settings.queues)
    return sorted(set(owners.values()))


@dataclass(frozen=True, eq=False)
class ForecastCost:
    """Result of :func:`forecast_error_cost`.

    table: COST_COLUMNS, one row per queue: the staffing impact's under- and over-staffed
        FTE-hours (agents on the phones), the loaded cost of a paid hour (loaded cost per
        FTE / paid hours), over_cost = over-staffed hours / (1 - shrinkage) x hourly cost
        (money spent on agents the calls did not need), under_cost the same for the
        hours short (money the missing cover would have cost); *_per_year scaled by
        365.25 / days covered.
    days: calendar days the WFM export covers.
    """

    table: pd.DataFrame
    days: float
    economics: Economics

    @property
    def over_cost_per_year(self) -> float:
        return float(self.table["over_cost_per_year"].sum())

    @property
    def under_cost_per_year(self) -> float:
        return float(self.table["under_cost_per_year"].sum())

    def summary(self) -> pd.DataFrame:
        return self.table.copy()


def forecast_error_cost(impact, wfm: pd.DataFrame, economics: Economics) -> ForecastCost:
    """Money of the staffing impact of forecast error (``impact``, a
    :class:`copcwb.staffing.StaffingImpactResult` of ``wfm``); ``economics`` holds the
    figures per program (see :func:`program_of_queues`)."""
    owners = program_of_queues(impact.by_queue["queue"], economics.settings.queues)
    days = days_covered(wfm["interval_start"])
    rows = []
    used = ["shrinkage", "paid_hours_per_fte", "loaded_cost_per_fte"]
    for r in impact.by_queue.itertuples(index=False):
        program = owners[str(r.queue)]
        hourly = economics.hourly_cost(program)
        paid = 1.0 / (1.0 - economics.value(program, "shrinkage"))
        over, under = r.over_fte_hours * paid * hourly, r.under_fte_hours * paid * hourly
        rows.append(
            {
                "queue": r.queue,
                "program": program,
                "under_fte_hours": r.under_fte_hours,
                "over_fte_hours": r.over_fte_hours,
                "hourly_cost": hourly,
                "over_cost": over,
                "under_cost": under,
                "over_cost_per_year": over * DAYS_PER_YEAR / days,
                "under_cost_per_year": under * DAYS_PER_YEAR / days,
                "placeholders": ", ".join(economics.placeholders(program, used)),
            }
        )
    table = pd.DataFrame(rows, columns=COST_COLUMNS)
    return ForecastCost(
        table.fillna({"placeholders": ""}), days if np.isfinite(days) else 0.0, economics
    )

"""What need not be spent: agents beyond what a service metric's target needs.

A service level that beats its target by more than the spend gap is over-investment. The
agents on the phones in each WFM interval minus the agents Erlang C needs for the target,
summed over the intervals where there are more than needed, less the agent-hours short in
the other intervals (which must be covered first), are what could be released while still
meeting the target; in FTE and money with the engagement's economics.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.business.economics import Economics
from copcwb.business.figures import wfm_queues_of
from copcwb.business.workload import DAYS_PER_YEAR, days_covered, fte

#: the service metrics that staffing buys
STAFFING_METRICS = ("service_level", "asa_s", "abandon_rate")
RELEASE_COLUMNS = [
    "program",
    "metric",
    "label",
    "value",
    "target",
    "gap_pct",
    "unit",
    "queues",
    "n_intervals",
    "days",
    "surplus_hours",
    "short_hours",
    "agents",
    "hours_per_year",
    "fte",
    "value_money",
    "basis",
    "placeholders",
]


@dataclass(frozen=True, eq=False)
class Release:
    """Result of :func:`over_investment`.

    table: RELEASE_COLUMNS: one row per program with an over-invested staffing metric;
        surplus_hours / short_hours: agent-hours on the phones above / below what the
        target needs, over the intervals of the export; the releasable hours are the
        surplus less the hours short (those must be covered first), never below 0;
        agents: releasable agents in an average interval, hours_per_year: releasable
        agent-hours a year, fte: paid FTE (÷ (1 - shrinkage)),
        value_money: FTE x loaded cost per FTE (NaN when not computed), n_intervals and
        days: the WFM intervals and calendar days counted (a year = 365.25 / days of
        them), basis: "intervals", or why not: "no_wfm" (no WFM intervals of the
        program's queues), "no_schedule" (the export has no scheduled agents).
    """

    table: pd.DataFrame
    economics: Economics

    @property
    def total_value(self) -> float:
        return float(self.table["value_money"].sum(min_count=1)) if len(self.table) else np.nan

    def summary(self) -> pd.DataFrame:
        return self.table.copy()


@dataclass(frozen=True)
class _Spare:
    """Agent-hours above (surplus) and below (short) the target's need, over the export."""

    surplus: float
    short: float
    n_intervals: int
    open_hours: float
    days: float

    @property
    def releasable(self) -> float:
        """Surplus hours less the hours short elsewhere (those must be covered first)."""
        return max(self.surplus - self.short, 0.0)


def _spare_hours(impact, wfm: pd.DataFrame, queues: list[str]) -> _Spare:
    rows = impact.intervals["queue"].isin(queues).to_numpy()
    spare = impact.intervals["on_phone_agents"].to_numpy(dtype=float)[rows]
    spare = spare - impact.intervals["required_actual"].to_numpy(dtype=float)[rows]
    minutes = wfm["interval_minutes"].to_numpy(dtype=float)[rows]
    ok = np.isfinite(spare)
    spare, minutes = spare[ok], minutes[ok]
    return _Spare(
        surplus=float(np.sum(np.maximum(spare, 0.0) * minutes) / 60.0),
        short=float(np.sum(np.maximum(-spare, 0.0) * minutes) / 60.0),
        n_intervals=int(ok.sum()),
        open_hours=float(minutes.sum() / 60.0),
        days=days_covered(wfm["interval_start"][rows]),
    )


def _release_row(row, impact, wfm, economics: Economics) -> dict:
    s = economics.settings
    queues = wfm_queues_of(row.program, s.queues, wfm)
    out = {c: getattr(row, c) for c in ("program", "metric", "label", "value", "target")}
    out |= {"gap_pct": row.gap_pct, "unit": row.unit, "queues": ", ".join(map(str, queues))}
    empty = dict.fromkeys(("agents", "hours_per_year", "fte", "value_money", "days"), np.nan)
    empty |= dict.fromkeys(("surplus_hours", "short_hours"), np.nan)
    empty |= {"n_intervals": 0, "placeholders": ""}
    if impact is None or not queues:
        return out | empty | {"basis": "no_wfm"}
    if not impact.has_schedule:
        return out | empty | {"basis": "no_schedule"}
    spare = _spare_hours(impact, wfm, queues)
    per_year = spare.releasable * DAYS_PER_YEAR / spare.days
    paid = economics.value(row.program, "paid_hours_per_fte")
    n_fte = fte(per_year, paid, economics.value(row.program, "shrinkage"))
    used = ["shrinkage", "paid_hours_per_fte", "loaded_cost_per_fte"]
    return out | {
        "n_intervals": spare.n_intervals,
        "days": spare.days,
        "surplus_hours": spare.surplus,
        "short_hours": spare.short,
        "agents": spare.releasable / spare.open_hours if spare.open_hours else np.nan,
        "hours_per_year": per_year,
        "fte": n_fte,
        "value_money": n_fte * economics.value(row.program, "loaded_cost_per_fte"),
        "basis": "intervals",
        "placeholders": ", ".join(economics.placeholders(row.program, used)),
    }


def over_investment(
    spend, economics: Economics, *, impact=None, wfm: pd.DataFrame | None = None
) -> Release:
    """The programs with a staffing metric of ``spend`` (a :class:`copcwb.baseline.SpendList`)
    marked possible over-investment (one row per program: its first of STAFFING_METRICS, so
    that the agents are counted once), with the agents, FTE and money that could be released while
    the target is still met: from ``impact`` (:func:`copcwb.staffing.staffing_impact` of
    ``wfm`` at the engagement's service-level target) on the program's queues. Without WFM
    intervals of a program the row says so and carries no money."""
    from copcwb.baseline.spend import OVER_INVEST

    rows = spend.part(OVER_INVEST)
    rows = rows[rows["metric"].isin(STAFFING_METRICS)]
    rows = rows.assign(_order=rows["metric"].map(STAFFING_METRICS.index))
    rows = rows.sort_values(["program", "_order"], kind="stable").drop_duplicates("program")
    table = [_release_row(r, impact, wfm, economics) for r in rows.itertuples(index=False)]
    return Release(pd.DataFrame(table, columns=RELEASE_COLUMNS), economics)


def staffing_at_target(wfm: pd.DataFrame | None, economics: Economics):
    """Erlang C on every WFM interval at the engagement's service-level target
    (:func:`copcwb.staffing.staffing_impact`), None without a WFM export."""
    if wfm is None:
        return None
    from copcwb.staffing import staffing_impact

    return staffing_impact(wfm, target_sl=economics.target_sl, threshold_s=economics.threshold_s)

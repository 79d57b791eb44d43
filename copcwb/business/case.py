"""The business case of contact resolution, program by program: contacts removed by
reaching the resolution target, their workload, the agents and FTE they free, and the
money."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.business.economics import Economics
from copcwb.business.figures import wfm_queues_of
from copcwb.business.resolution import resolution_value
from copcwb.business.workload import Staffing, average_reduction, fte, interval_reduction

RATE_COLUMNS = ["program", "rate_now", "rate_source", "rate_target"]
CASE_COLUMNS = [
    "program",
    "annual_volume",
    "volume_source",
    "volume_observed",
    "volume_days",
    "rate_now",
    "rate_source",
    "rate_target",
    "share_removed",
    "avoidable_contacts",
    "aht_s",
    "workload_hours",
    "staffing_method",
    "agents",
    "fte",
    "value_contacts",
    "value_fte",
    "value",
    "value_basis",
    "placeholders",
    "fte_placeholders",
]


def resolution_rates(
    resolution, scorecard: pd.DataFrame, *, metric: str = "fcr_7d", window: str = "7D"
) -> pd.DataFrame:
    """Each program's resolution rate now and its target.

    The rate is measured from the contact log at ``window`` (``resolution``, a
    :class:`copcwb.quality.ResolutionWindows`; its first window when ``window`` is not
    among them), else the KPI ``metric`` of the latest month; the target is the
    scorecard's target of ``metric``. Columns: program, rate_now, rate_source
    ("contacts <window>" or "kpis"), rate_target (NaN without a target).
    """
    card = scorecard[scorecard["metric"] == metric].set_index("program")
    measured: dict[str, tuple[float, str]] = {}
    if resolution is not None and resolution.windows:
        chosen = next((w for w in resolution.windows if w.window == window), resolution.windows[0])
        for r in chosen.program.itertuples(index=False):
            if np.isfinite(r.resolution_rate):
                measured[r.program] = (float(r.resolution_rate), f"contacts {chosen.window}")
    programs = list(dict.fromkeys([*card.index, *measured]))
    rows = []
    for program in programs:
        kpi = float(card.loc[program, "value"]) if program in card.index else np.nan
        rate, source = measured.get(program, (kpi, "kpis"))
        target = float(card.loc[program, "target"]) if program in card.index else np.nan
        rows.append((program, rate, source, target))
    return pd.DataFrame(rows, columns=RATE_COLUMNS)


@dataclass(frozen=True, eq=False)
class ResolutionCase:
    """Result of :func:`resolution_case`.

    table: one row per program with a rate, a target and a volume: CASE_COLUMNS
        (volume_source, volume_observed and volume_days: how the annual volume was
        found, see :func:`copcwb.business.annual_volumes`;
        (value = value_contacts when a cost per contact is known, else value_fte;
        value_basis "cost_per_contact" or "loaded_cost_per_fte"; placeholders: the
        placeholders ``value`` rests on, comma-separated (none for a cost per contact from
        the engagement or the KPIs); fte_placeholders: those the agents and FTE rest on).
    skipped: program, reason (no target, no rate, no volume).
    economics: the figures used.
    """

    table: pd.DataFrame
    skipped: pd.DataFrame
    economics: Economics

    @property
    def total_value(self) -> float:
        return float(self.table["value"].sum(min_count=1)) if len(self.table) else np.nan

    @property
    def total_avoidable(self) -> float:
        return float(self.table["avoidable_contacts"].sum()) if len(self.table) else 0.0

    def summary(self) -> pd.DataFrame:
        return self.table.copy()


def _staffing(
    program: str, share: float, volume: float, economics: Economics, wfm: pd.DataFrame | None
) -> Staffing | None:
    s = economics.settings
    queues = wfm_queues_of(program, s.queues, wfm)
    sl = {"target_sl": economics.target_sl, "threshold_s": economics.threshold_s}
    if queues:
        found = interval_reduction(wfm[wfm["queue"].isin(queues)], share, volume, **sl)
        if found is not None:
            return found
    aht = economics.value(program, "aht_s")
    if aht is None:
        return None
    return average_reduction(
        volume, share, aht, economics.value(program, "open_hours_per_year"), **sl
    )


def _fte_and_used(program: str, staffing: Staffing | None, economics: Economics):
    """FTE freed and the assumptions it rests on."""
    used = ["shrinkage", "paid_hours_per_fte", "loaded_cost_per_fte"]
    if staffing is None:
        return np.nan, used
    if staffing.method == "average":
        used.append("open_hours_per_year")
    hours = economics.value(program, "paid_hours_per_fte")
    return fte(staffing.hours_per_year, hours, economics.value(program, "shrinkage")), used


def _case_row(program: str, rate, volume, economics, wfm) -> dict:
    cost = economics.value(program, "cost_per_contact")
    rv = resolution_value(
        volume.annual_volume, rate.rate_now, rate.rate_target, cost_per_contact=cost
    )
    aht = economics.value(program, "aht_s")
    staffing = None
    if rv.share_removed > 0:
        staffing = _staffing(program, rv.share_removed, rv.volume, economics, wfm)
    n_fte, used = _fte_and_used(program, staffing, economics)
    value_fte = n_fte * economics.value(program, "loaded_cost_per_fte")
    by_contact = rv.value is not None
    fte_placeholders = ", ".join(economics.placeholders(program, used))
    return {
        "program": program,
        "annual_volume": rv.volume,
        "volume_source": volume.source,
        "volume_observed": volume.n_observed,
        "volume_days": volume.days_observed,
        "rate_now": rv.rate_now,
        "rate_source": rate.rate_source,
        "rate_target": rv.rate_target,
        "share_removed": rv.share_removed,
        "avoidable_contacts": rv.avoidable_contacts,
        "aht_s": np.nan if aht is None else aht,
        "workload_hours": np.nan if aht is None else rv.avoidable_contacts * aht / 3600.0,
        "staffing_method": "none" if staffing is None else staffing.method,
        "agents": np.nan if staffing is None else staffing.agents,
        "fte": n_fte,
        "value_contacts": rv.value if by_contact else np.nan,
        "value_fte": value_fte,
        "value": rv.value if by_contact else value_fte,
        "value_basis": "cost_per_contact" if by_contact else "loaded_cost_per_fte",
        "placeholders": "" if by_contact else fte_placeholders,
        "fte_placeholders": fte_placeholders,
    }


def resolution_case(
    rates: pd.DataFrame,
    volumes: pd.DataFrame,
    economics: Economics,
    *,
    wfm: pd.DataFrame | None = None,
) -> ResolutionCase:
    """The value of reaching each program's resolution target (see :class:`ResolutionCase`).

    rates: :func:`resolution_rates`; volumes: :func:`copcwb.business.annual_volumes`.
    Contacts removed = volume x (1 - rate / target); workload = contacts x AHT; agents on
    the phones by Erlang C at the engagement's service-level target, on the program's WFM
    intervals when the export covers its queues, else on the average open hour; FTE =
    agent-hours / (1 - shrinkage) / paid hours per FTE; money = contacts x cost per
    contact, else FTE x loaded cost per FTE.
    """
    by_program = volumes.set_index("program")
    rows, skipped = [], []
    for rate in rates.itertuples(index=False):
        volume = by_program.loc[rate.program] if rate.program in by_program.index else None
        reason = (
            "no resolution target"
            if not np.isfinite(rate.rate_target)
            else "no resolution rate"
            if not np.isfinite(rate.rate_now)
            else "no contact volume"
            if volume is None or not np.isfinite(volume.annual_volume)
            else ""
        )
        if reason:
            skipped.append((rate.program, reason))
            continue
        rows.append(_case_row(rate.program, rate, volume, economics, wfm))
    return ResolutionCase(
        table=pd.DataFrame(rows, columns=CASE_COLUMNS),
        skipped=pd.DataFrame(skipped, columns=["program", "reason"]),
        economics=economics,
    )

"""Contacts removed or agents spare, turned into agents on the phones (Erlang C), FTE and
hours: interval by interval where the WFM export covers a program, else on average."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.staffing import required_agents_array

DAYS_PER_YEAR = 365.25


def days_covered(starts) -> float:
    """Calendar days from the first to the last interval start of ``starts``, both
    counted (what a WFM export's figures are annualised over)."""
    starts = pd.to_datetime(starts)
    return float((starts.max().normalize() - starts.min().normalize()).days + 1)


@dataclass(frozen=True)
class Staffing:
    """Agents freed by a change of workload.

    method: "intervals" (Erlang C on each WFM interval) or "average" (on the average open
        hour); agents: agents on the phones freed in an average open hour (interval method:
        in an average interval with calls, scaled like the hours); hours_per_year:
        agent-hours on the phones freed per year; basis: how the year was reached.
    """

    method: str
    agents: float
    hours_per_year: float
    basis: str


def interval_reduction(
    wfm: pd.DataFrame,
    share_removed: float,
    annual_volume: float,
    *,
    target_sl: float,
    threshold_s: float,
) -> Staffing | None:
    """Agents freed when every interval's actual calls fall by ``share_removed``.

    The export's intervals give the shape of the year: their calls are scaled by k =
    ``annual_volume`` / (the export's calls x 365.25 / the days it covers), so that a
    year of such intervals carries the annual volume. Required agents (Erlang C at the
    target) for k x calls minus for k x calls x (1 - share_removed), times each interval's
    hours, summed and scaled by 365.25 / days, are the agent-hours freed a year; agents is
    that difference in an average interval. None when the intervals hold no calls."""
    calls = wfm["actual_volume"].to_numpy(dtype=float)
    aht = wfm["actual_aht_s"].to_numpy(dtype=float)
    length = wfm["interval_minutes"].to_numpy(dtype=float) * 60.0
    ok = np.isfinite(calls) & np.isfinite(aht) & (calls > 0) & (aht > 0)
    if not ok.any():
        return None
    days = days_covered(wfm["interval_start"])
    calls, aht, length = calls[ok], aht[ok], length[ok]
    k = annual_volume / (float(calls.sum()) * DAYS_PER_YEAR / days)
    sl = {"target_sl": target_sl, "threshold_s": threshold_s}
    now = required_agents_array(calls * k, aht, length, **sl)
    after = required_agents_array(calls * k * (1.0 - share_removed), aht, length, **sl)
    hours = float(np.nansum((now - after) * length) / 3600.0)
    return Staffing(
        method="intervals",
        agents=hours * 3600.0 / float(length.sum()),
        hours_per_year=hours * DAYS_PER_YEAR / days,
        basis=f"{int(ok.sum())} intervals over {days:.0f} days, calls x {k:.3g}",
    )


def average_reduction(
    annual_volume: float,
    share_removed: float,
    aht_s: float,
    open_hours: float,
    *,
    target_sl: float,
    threshold_s: float,
) -> Staffing:
    """Agents freed on the average open hour (annual volume / open hours calls an hour):
    required agents now minus after, times the open hours of a year. Erlang C on an
    average hour understates the peaks; the interval method is better where WFM data
    exist."""
    per_hour = np.array([annual_volume / open_hours])
    args = (np.array([aht_s]), np.array([3600.0]), target_sl, threshold_s)
    now = required_agents_array(per_hour, *args)
    after = required_agents_array(per_hour * (1.0 - share_removed), *args)
    agents = float((now - after)[0])
    return Staffing(
        method="average",
        agents=agents,
        hours_per_year=agents * open_hours,
        basis=f"{per_hour[0]:.1f} contacts an hour over {open_hours:,.0f} open hours",
    )


def fte(hours_on_phones: float, paid_hours_per_fte: float, shrinkage: float) -> float:
    """Full-time equivalents for ``hours_on_phones`` a year: hours / (1 - shrinkage) paid
    hours, divided by an FTE's paid hours a year."""
    return hours_on_phones / (1.0 - shrinkage) / paid_hours_per_fte

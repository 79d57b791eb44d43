"""The economics of an engagement, figure by figure and program by program, with the
source of each: the engagement, the client's data, or a placeholder."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.business.figures import figure_for, queues_of
from copcwb.business_options import PLACEHOLDERS, BusinessSettings

#: figure -> (unit, KPI metric holding it, how to read it from WFM)
_FIGURES = {
    "cost_per_contact": ("currency", "cost_per_contact", None),
    "aht_s": ("seconds", "aht_s", "aht"),
    "shrinkage": ("share", "shrinkage", "shrinkage"),
    "loaded_cost_per_fte": ("currency", None, None),
    "paid_hours_per_fte": ("hours", None, None),
    "open_hours_per_year": ("hours", None, None),
}
ASSUMPTION_COLUMNS = ["program", "assumption", "value", "unit", "source"]


def _wfm_figure(wfm: pd.DataFrame | None, queues: list[str], how: str | None) -> float | None:
    """AHT (weighted by actual calls) or mean actual shrinkage of ``queues``."""
    if wfm is None or not queues or how is None:
        return None
    part = wfm[wfm["queue"].isin(queues)]
    if how == "aht":
        calls = part["actual_volume"].to_numpy(dtype=float)
        aht = part["actual_aht_s"].to_numpy(dtype=float)
        ok = np.isfinite(calls) & np.isfinite(aht) & (calls > 0)
        return float(np.sum(calls[ok] * aht[ok]) / np.sum(calls[ok])) if ok.any() else None
    if "actual_shrinkage" not in part.columns:
        return None
    value = pd.to_numeric(part["actual_shrinkage"], errors="coerce").mean()
    return float(value) if np.isfinite(value) else None


def _kpi_figure(scorecard: pd.DataFrame | None, program: str, metric: str | None) -> float | None:
    if scorecard is None or metric is None:
        return None
    row = scorecard[(scorecard["program"] == program) & (scorecard["metric"] == metric)]
    value = float(row["value"].iloc[0]) if len(row) else np.nan
    return value if np.isfinite(value) else None


@dataclass(frozen=True, eq=False)
class Economics:
    """The figures the money is computed with.

    table: program, assumption (cost_per_contact, aht_s, shrinkage, loaded_cost_per_fte,
        paid_hours_per_fte, open_hours_per_year), value (NaN when nothing gives it), unit,
        source (engagement, kpis (latest month), wfm (the program's queues), placeholder,
        none).
    settings: the engagement's ``business:`` section.
    target_sl, threshold_s: the service-level target agents are counted for (Erlang C).
    """

    table: pd.DataFrame
    settings: BusinessSettings
    target_sl: float = 0.80
    threshold_s: float = 20.0

    @property
    def currency(self) -> str:
        return self.settings.currency

    def _row(self, program: str, name: str) -> pd.Series:
        t = self.table
        return t[(t["program"] == program) & (t["assumption"] == name)].iloc[0]

    def value(self, program: str, name: str) -> float | None:
        """The figure ``name`` of ``program`` (None when nothing gives it)."""
        value = float(self._row(program, name)["value"])
        return value if np.isfinite(value) else None

    def source(self, program: str, name: str) -> str:
        return str(self._row(program, name)["source"])

    def placeholders(self, program: str, names: Iterable[str]) -> list[str]:
        """Which of ``names`` are placeholders for ``program``."""
        return [n for n in names if self.source(program, n) == "placeholder"]

    def hourly_cost(self, program: str) -> float:
        """Loaded cost of one paid FTE-hour: loaded cost per FTE / paid hours per FTE."""
        cost = self.value(program, "loaded_cost_per_fte")
        hours = self.value(program, "paid_hours_per_fte")
        return float(cost / hours)

    def summary(self) -> pd.DataFrame:
        return self.table.copy()


def _resolve(
    settings: BusinessSettings,
    program: str,
    name: str,
    scorecard: pd.DataFrame | None,
    wfm: pd.DataFrame | None,
    queues: list[str],
) -> tuple[float | None, str]:
    _, metric, how = _FIGURES[name]
    candidates = [
        (figure_for(getattr(settings, name), program), "engagement"),
        (_kpi_figure(scorecard, program, metric), "kpis"),
        (_wfm_figure(wfm, queues, how), "wfm"),
        (PLACEHOLDERS.get(name), "placeholder"),
    ]
    for value, source in candidates:
        if value is not None:
            return value, source
    return None, "none"


def engagement_economics(engagement, programs: Iterable[str], **data) -> Economics:
    """:func:`economics` with the ``business:`` section and the service-level target of
    ``engagement`` (a :class:`copcwb.engagement.Engagement`); ``data``: scorecard, wfm."""
    target_sl, threshold_s = engagement.service_target
    return economics(
        engagement.business, programs, **data, target_sl=target_sl, threshold_s=threshold_s
    )


def economics(
    settings: BusinessSettings,
    programs: Iterable[str],
    *,
    scorecard: pd.DataFrame | None = None,
    wfm: pd.DataFrame | None = None,
    target_sl: float = 0.80,
    threshold_s: float = 20.0,
) -> Economics:
    """Each figure of :data:`_FIGURES` for each program: the engagement's value, else the
    KPI of the latest month (scorecard value), else the WFM export (AHT weighted by actual
    calls, mean actual shrinkage of the program's queues), else the placeholder (loaded cost,
    paid hours, open hours, shrinkage; none for cost per contact and AHT). ``target_sl``
    within ``threshold_s`` seconds is the service level agents are counted for (the
    engagement's, see :attr:`copcwb.engagement.Engagement.service_target`)."""
    known = [] if wfm is None else list(pd.unique(wfm["queue"]))
    rows = []
    for program in programs:
        queues = queues_of(program, settings.queues, known)
        for name, (unit, _, _) in _FIGURES.items():
            value, source = _resolve(settings, program, name, scorecard, wfm, queues)
            rows.append((program, name, np.nan if value is None else value, unit, source))
    table = pd.DataFrame(rows, columns=ASSUMPTION_COLUMNS)
    return Economics(table, settings, float(target_sl), float(threshold_s))

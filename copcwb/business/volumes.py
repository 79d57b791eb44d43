"""Contacts per year per program: given by the engagement, or annualised from the data."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from copcwb.business.figures import figure_for, queues_of
from copcwb.business.workload import DAYS_PER_YEAR, days_covered
from copcwb.business_options import BusinessSettings
from copcwb.engine.tables import LogTable, as_relation

VOLUME_COLUMNS = ["program", "annual_volume", "source", "n_observed", "days_observed"]


def _log_counts(contacts: pd.DataFrame | LogTable) -> pd.DataFrame:
    """program, n, first, last (dates) of a contact log, counted in the engine."""
    rel = as_relation(contacts, ["program", "start_time"])
    return rel.aggregate(
        "program, count(*) AS n, min(start_time)::DATE AS first, max(start_time)::DATE AS last",
        "program",
    ).df()


def _span_days(first: pd.Series, last: pd.Series) -> float:
    """Calendar days from the first to the last day observed, both counted."""
    return float((pd.to_datetime(last).max() - pd.to_datetime(first).min()).days + 1)


def _wfm_counts(wfm: pd.DataFrame) -> tuple[pd.Series, float]:
    """Actual calls per queue and the calendar days the WFM export covers."""
    calls = wfm.groupby("queue", observed=True)["actual_volume"].sum(min_count=1)
    days = days_covered(wfm["interval_start"])
    return calls, days


def annual_volumes(
    programs: Iterable[str],
    settings: BusinessSettings | None = None,
    *,
    contacts: pd.DataFrame | LogTable | None = None,
    wfm: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Contacts per year of each program, and how the number was found.

    In this order: the engagement's ``annual_volume`` (``settings``, the ``business:``
    section); the contact log (contacts of the
    program x 365.25 / calendar days from the log's first to its last day); the WFM export
    (actual calls of the program's queues x 365.25 / days covered). A program none of them
    covers has no volume (NaN, source "none").

    Columns: program, annual_volume, source (engagement, contacts, wfm, none), n_observed
    (contacts or calls counted), days_observed.
    """
    programs = list(programs)
    given = settings.annual_volume if settings is not None else None
    queues = settings.queues if settings is not None else {}
    log = _log_counts(contacts) if contacts is not None and len(contacts) else None
    log_days = _span_days(log["first"], log["last"]) if log is not None else np.nan
    log_n = log.set_index("program")["n"] if log is not None else pd.Series(dtype=float)
    wfm_calls, wfm_days = _wfm_counts(wfm) if wfm is not None else (pd.Series(dtype=float), np.nan)
    rows = []
    for program in programs:
        fixed = figure_for(given, program)
        mapped = queues_of(program, queues, wfm_calls.index)
        if fixed is not None:
            rows.append((program, fixed, "engagement", np.nan, np.nan))
        elif program in log_n.index:
            n = float(log_n[program])
            rows.append((program, n * DAYS_PER_YEAR / log_days, "contacts", n, log_days))
        elif mapped:
            n = float(wfm_calls[mapped].sum())
            rows.append((program, n * DAYS_PER_YEAR / wfm_days, "wfm", n, wfm_days))
        else:
            rows.append((program, np.nan, "none", np.nan, np.nan))
    return pd.DataFrame(rows, columns=VOLUME_COLUMNS)

"""What the WFM table covers (queues, interval lengths, local period, clock changes) and
its duplicate and missing intervals."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.forecast.intervals import PROBLEMS, interval_problems
from copcwb.forecast.periods import local_interval_start, require_columns


def clock_changes(local_start: pd.Series) -> int:
    """How many times the UTC offset of the local zone changes over the period covered
    (summer time starting or ending), counted on the calendar, not only on the rows."""
    starts = local_start.dropna()
    if starts.empty:
        return 0
    hours = pd.date_range(starts.min().floor("h"), starts.max().ceil("h"), freq="h")
    offsets = (hours.tz_localize(None) - hours.tz_convert("UTC").tz_localize(None)).asi8
    return int((np.diff(offsets) != 0).sum())


@dataclass(frozen=True, eq=False, repr=False)
class DataChecks:
    """Coverage and interval problems of a WFM table (see :func:`data_checks`).

    problems: :func:`copcwb.forecast.interval_problems` (queue, problem, interval_start,
        count). queues: queue names (sorted); interval_minutes: the lengths found.
    n_rows: rows of the table; start, end: first and last local day (tz-naive midnight);
    timezone: the local zone; n_clock_changes: changes of UTC offset in the period.
    """

    problems: pd.DataFrame
    queues: tuple[str, ...]
    interval_minutes: tuple[int, ...]
    n_rows: int
    start: pd.Timestamp
    end: pd.Timestamp
    timezone: str
    n_clock_changes: int

    def __repr__(self) -> str:
        return (
            f"DataChecks(queues={len(self.queues)}, rows={self.n_rows}, "
            f"duplicate={self.n_duplicate}, missing={self.n_missing})"
        )

    @property
    def n_duplicate(self) -> int:
        """Intervals found more than once."""
        return int((self.problems["problem"].astype(str) == "duplicate").sum())

    @property
    def n_missing(self) -> int:
        """Intervals missing within the queues' opening hours."""
        return int((self.problems["problem"].astype(str) == "missing").sum())

    @property
    def partial_weeks(self) -> bool:
        """Whether the data start or end inside a Monday-to-Sunday week."""
        return self.start.weekday() != 0 or self.end.weekday() != 6

    @property
    def partial_months(self) -> bool:
        """Whether the data start or end inside a calendar month."""
        return self.start.day != 1 or not self.end.is_month_end

    def summary(self) -> pd.DataFrame:
        """Problems counted by queue and kind: queue, problem, n_problems (queues and
        problems sorted; empty when there are none)."""
        p = self.problems
        counts = (
            pd.DataFrame({"queue": p["queue"].astype(str), "problem": p["problem"].astype(str)})
            .groupby(["queue", "problem"], sort=False)
            .size()
            .rename("n_problems")
            .reset_index()
        )
        counts["_kind"] = counts["problem"].map(PROBLEMS.index)
        counts = counts.sort_values(["queue", "_kind"], kind="stable").drop(columns="_kind")
        return counts.reset_index(drop=True)


def data_checks(
    wfm: pd.DataFrame, *, expected: str = "open_hours", timezone: str | None = None
) -> DataChecks:
    """What ``wfm`` covers and its duplicate and missing intervals (``expected`` as in
    :func:`copcwb.forecast.interval_problems`). Local days follow ``timezone`` (see
    :func:`copcwb.forecast.local_interval_start`)."""
    require_columns(wfm, ["queue", "interval_start", "interval_minutes"], "data_checks")
    local = local_interval_start(wfm, timezone=timezone)
    days = local.dt.tz_localize(None).dt.normalize()
    return DataChecks(
        problems=interval_problems(wfm, expected=expected, timezone=timezone),
        queues=tuple(sorted(str(q) for q in wfm["queue"].unique())),
        interval_minutes=tuple(sorted(int(m) for m in wfm["interval_minutes"].unique())),
        n_rows=len(wfm),
        start=days.min(),
        end=days.max(),
        timezone=str(local.dt.tz),
        n_clock_changes=clock_changes(local),
    )

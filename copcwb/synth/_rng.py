"""Random streams and the calendar of the demo engagement."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: the five exports every synthetic engagement may write (each draws from the stream of
#: its name; the large demo's streams are these, "design", then "journeys")
TABLES: tuple[str, ...] = ("kpis", "qa", "contacts", "survey", "wfm")
#: the demo's service journeys and calibration sample: tables drawn from streams after
#: those of TABLES, so that adding them left every other table as it was
JOURNEYS = "journeys"
CALIBRATION = "calibration"
ALL_TABLES: tuple[str, ...] = (*TABLES, JOURNEYS, CALIBRATION)
#: the expectation ratings of the demo survey: columns drawn from a stream after every
#: table's, so that adding them left the other columns and tables as they were
EXPECTATIONS = "expectations"
#: the streams of a synthetic engagement: one per table, then the expectations'
STREAMS: tuple[str, ...] = (*ALL_TABLES, EXPECTATIONS)


def streams(seed: int, names: tuple[str, ...] = TABLES) -> dict[str, np.random.Generator]:
    """One independent generator per name (by default per table), spawned from ``seed`` in
    the order of ``names``.

    Each table draws only from its own stream, so changing how one table is generated never
    shifts the random numbers of another.
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    children = np.random.SeedSequence(int(seed)).spawn(len(names))
    return {
        name: np.random.Generator(np.random.PCG64(ss))
        for name, ss in zip(names, children, strict=True)
    }


@dataclass(frozen=True)
class Calendar:
    """The periods covered by each table."""

    end_month: pd.Period
    months: int
    weeks: int

    @classmethod
    def build(cls, end_month: str, months: int, weeks: int) -> Calendar:
        if not isinstance(end_month, str) or not re.fullmatch(r"\d{4}-\d{2}", end_month):
            raise ValueError(f"end_month must be a 'YYYY-MM' string, got {end_month!r}")
        month = int(end_month[5:7])
        if not 1 <= month <= 12:
            raise ValueError(f"end_month has no month {month}: use 'YYYY-MM' with MM in 01..12")
        if isinstance(months, bool) or not isinstance(months, int) or not 7 <= months <= 60:
            raise ValueError(f"months must be an integer from 7 to 60, got {months!r}")
        if isinstance(weeks, bool) or not isinstance(weeks, int) or weeks < 2:
            raise ValueError(f"weeks must be an integer of at least 2, got {weeks!r}")
        cal = cls(pd.Period(end_month, freq="M"), months, weeks)
        if cal.wfm_start < cal.month_list[0].start_time:
            raise ValueError(
                f"{weeks} weeks of WFM data do not fit in {months} months ending {end_month}: "
                "use fewer weeks or more months"
            )
        return cal

    @property
    def month_list(self) -> list[pd.Period]:
        """The engagement months, oldest first."""
        return [self.end_month - (self.months - 1 - i) for i in range(self.months)]

    @property
    def contacts_start(self) -> pd.Timestamp:
        """First day of the contact-log extract (the last three months)."""
        return (self.end_month - 2).start_time

    @property
    def period_end(self) -> pd.Timestamp:
        """Midnight after the last day of the latest month."""
        return (self.end_month + 1).start_time

    @property
    def wfm_end(self) -> pd.Timestamp:
        """The day after the last Sunday on or before the last day of the latest month."""
        last_day = self.period_end - pd.Timedelta(days=1)
        last_sunday = last_day - pd.Timedelta(days=(last_day.day_of_week + 1) % 7)
        return last_sunday + pd.Timedelta(days=1)

    @property
    def wfm_start(self) -> pd.Timestamp:
        """A Monday, ``weeks`` weeks before :attr:`wfm_end`."""
        return self.wfm_end - pd.Timedelta(weeks=self.weeks)

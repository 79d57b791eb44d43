"""Error patterns of all queues and of the largest queues, and the recurring misses: the
queue, weekday and part of the day where the forecast misses most over the period."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.forecast.accuracy import (
    check_denominator,
    check_measure,
    compute_period_errors,
    needed_columns,
)
from copcwb.forecast.patterns import PatternResult, cell_stats, error_patterns
from copcwb.forecast.periods import (
    DAYPART_OF_HOUR,
    DAYPARTS,
    NS_PER_DAY,
    NS_PER_SECOND,
    LocalClock,
    require_columns,
)

RECURRING_COLUMNS = [
    "queue",
    "weekday",
    "daypart",
    "forecast",
    "actual",
    "error",
    "bias",
    "n_weeks",
]


def recurring_misses(
    wfm: pd.DataFrame,
    *,
    measure: str = "volume",
    denominator: str = "actual",
    min_actual: float = 0.0,
    timezone: str | None = None,
) -> pd.DataFrame:
    """Forecast against actual of each queue, local weekday and part of the day (night
    0-6 h, morning 6-12, afternoon 12-18, evening 18-24), summed over the intervals with
    both values, largest absolute error first.

    Columns: queue, weekday (0 = Monday), daypart, forecast, actual, error (F - A),
    bias (error / actual, NaN without actual calls), n_weeks (days of that weekday from
    the first to the last local day of the table).
    """
    check_measure(measure)
    check_denominator(denominator)
    require_columns(wfm, needed_columns(measure), "recurring_misses")
    clock = LocalClock.of(wfm, timezone)
    pe = compute_period_errors(
        wfm,
        measure=measure,
        level="interval",
        by=("queue",),
        denominator=denominator,
        min_actual=min_actual,
        clock=clock,
    )
    g = pe.grouping
    wall = g.cell_wall_ns
    weekday = (wall // NS_PER_DAY + 3) % 7
    part = DAYPART_OF_HOUR[(wall % NS_PER_DAY) // (3600 * NS_PER_SECOND)]
    n_parts = len(DAYPARTS)
    n_cells = g.n_groups * 7 * n_parts
    stats = cell_stats(pe, (g.cell_group * 7 + weekday) * n_parts + part, n_cells, 0.0)
    index = np.arange(n_cells)
    out = pd.DataFrame(
        {
            "queue": g.groups["queue"].astype(str).to_numpy()[index // (7 * n_parts)],
            "weekday": (index // n_parts) % 7,
            "daypart": np.array([name for name, _, _ in DAYPARTS])[index % n_parts],
            "forecast": stats["forecast"],
            "actual": stats["actual"],
        }
    )[stats["n_periods"] > 0]
    out["error"] = out["forecast"] - out["actual"]
    out["bias"] = out["error"] / out["actual"].where(out["actual"] > 0)
    days = np.arange(int(clock.day.min()), int(clock.day.max()) + 1)
    per_weekday = np.bincount((days + 3) % 7, minlength=7)
    out["n_weeks"] = per_weekday[out["weekday"].to_numpy()]
    out = out.sort_values(["queue", "weekday", "daypart"], kind="stable")
    order = out["error"].abs().sort_values(ascending=False, kind="stable").index
    return out.loc[order, RECURRING_COLUMNS].reset_index(drop=True)


@dataclass(frozen=True, eq=False, repr=False)
class QueuePatterns:
    """Error patterns over all queues and per queue (see :func:`error_patterns_by_queue`).

    pooled: :class:`PatternResult` of every queue (errors per queue, pooled in the cells).
    by_queue: queue -> :class:`PatternResult` for the largest queues by actual volume,
        largest first.
    recurring: :func:`recurring_misses` of every queue.
    n_queues: queues in the table.
    """

    pooled: PatternResult
    by_queue: dict[str, PatternResult]
    recurring: pd.DataFrame
    n_queues: int

    def __repr__(self) -> str:
        return (
            f"QueuePatterns(measure={self.pooled.measure!r}, tolerance={self.pooled.tolerance}, "
            f"queues={list(self.by_queue)})"
        )

    def summary(self) -> pd.DataFrame:
        """The recurring misses (see :func:`recurring_misses`)."""
        return self.recurring


def error_patterns_by_queue(
    wfm: pd.DataFrame,
    *,
    measure: str = "volume",
    tolerance: float = 0.10,
    denominator: str = "actual",
    min_actual: float = 0.0,
    max_queues: int = 6,
    top_n: int = 10,
    timezone: str | None = None,
) -> QueuePatterns:
    """:func:`error_patterns` of all queues and of each of the ``max_queues`` queues with
    the most actual calls, and :func:`recurring_misses` of every queue."""
    if isinstance(max_queues, bool) or int(max_queues) != max_queues or max_queues < 0:
        raise ValueError(f"max_queues must be a whole number >= 0; got {max_queues!r}")
    args = {
        "measure": measure,
        "tolerance": tolerance,
        "denominator": denominator,
        "min_actual": min_actual,
        "top_n": top_n,
        "timezone": timezone,
    }
    pooled = error_patterns(wfm, **args)
    volume = wfm.groupby("queue", sort=True)["actual_volume"].sum().sort_values(ascending=False)
    by_queue = {
        str(q): error_patterns(wfm[wfm["queue"] == q], **args)
        for q in volume.index[: int(max_queues)]
    }
    recurring = recurring_misses(
        wfm, measure=measure, denominator=denominator, min_actual=min_actual, timezone=timezone
    )
    return QueuePatterns(
        pooled=pooled, by_queue=by_queue, recurring=recurring, n_queues=int(wfm["queue"].nunique())
    )

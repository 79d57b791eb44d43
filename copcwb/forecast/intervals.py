"""Duplicate and missing intervals per queue: reported, never silently dropped."""

from __future__ import annotations

import numpy as np
import pandas as pd

from copcwb.errors import AnalysisError
from copcwb.forecast.periods import (
    NS_PER_SECOND,
    LocalClock,
    period_labels,
    require_columns,
)

PROBLEMS = ("duplicate", "missing")


def _check_minutes(wfm: pd.DataFrame) -> np.ndarray:
    """interval_minutes as floats; AnalysisError unless every row has a positive length."""
    minutes = pd.to_numeric(wfm["interval_minutes"], errors="coerce").to_numpy(dtype=np.float64)
    bad = ~(np.isfinite(minutes) & (minutes > 0))
    if bad.any():
        raise AnalysisError(
            "interval_minutes must be a positive number of minutes in every row; "
            f"{int(bad.sum())} row(s) are not. "
            "Fix the column (e.g. 15, 30 or 60) and read the file again."
        )
    return minutes


def _gaps(u_q: np.ndarray, u_s: np.ndarray, u_step: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(queue code, UTC start) of every interval missing between consecutive distinct
    intervals of a queue (sorted by queue and start), stepping by the earlier interval's
    length."""
    same_queue = u_q[1:] == u_q[:-1]
    gap = u_s[1:] - u_s[:-1]
    prev_step = u_step[:-1]
    n_missing = np.maximum(np.where(same_queue, -(-gap // prev_step) - 1, 0), 0)
    total = int(n_missing.sum())
    owner = np.repeat(np.arange(len(n_missing)), n_missing)
    offset = np.arange(total) - np.repeat(np.cumsum(n_missing) - n_missing, n_missing) + 1
    return u_q[:-1][owner], u_s[:-1][owner] + offset * prev_step[owner]


def _within_open_hours(
    clock: LocalClock, q_codes: np.ndarray, n_queues: int, miss_q: np.ndarray, miss_s: np.ndarray
) -> np.ndarray:
    """Which missing intervals fall inside their queue's opening window for that weekday:
    from the earliest to the latest local start the queue has on any such weekday."""
    cell = q_codes * 7 + clock.weekday
    first_min = np.full(n_queues * 7, 24 * 60, dtype=np.int64)
    last_min = np.full(n_queues * 7, -1, dtype=np.int64)
    np.minimum.at(first_min, cell, clock.minute_of_day)
    np.maximum.at(last_min, cell, clock.minute_of_day)
    miss_clock = LocalClock.of(
        pd.DataFrame({"interval_start": period_labels(miss_s, "interval", clock.tz)})
    )
    miss_cell = miss_q * 7 + miss_clock.weekday
    minute = miss_clock.minute_of_day
    return (minute >= first_min[miss_cell]) & (minute <= last_min[miss_cell])


def interval_problems(
    wfm: pd.DataFrame, *, expected: str = "open_hours", timezone: str | None = None
) -> pd.DataFrame:
    """Intervals that appear more than once, or not at all, in each queue's series.

    A queue's intervals run from its first to its last ``interval_start`` in steps of
    ``interval_minutes`` of elapsed time, so the day clocks go forward has 23 hours of
    intervals and the day they go back 25. ``expected="open_hours"`` reports a missing
    interval only inside the queue's opening window for that weekday (from the earliest to
    the latest local start time the queue has on any such weekday in the table), so closed
    nights and closed weekdays, which exports often leave out, are not reported, while a
    missing day the queue is normally open (a holiday, or lost data) is; ``expected="all"``
    reports every gap.

    Columns: queue, problem ("duplicate" or "missing"), interval_start (local, zone-aware),
    count (rows found for that queue and interval: 2 or more for a duplicate, 0 for a missing
    interval). Sorted by queue and interval_start; empty when the series are complete.
    """
    if expected not in ("open_hours", "all"):
        raise ValueError(f"expected must be 'open_hours' or 'all'; got {expected!r}")
    require_columns(wfm, ["queue", "interval_start", "interval_minutes"], "interval_problems")
    clock = LocalClock.of(wfm, timezone)
    minutes = _check_minutes(wfm)
    q_codes, queues = pd.factorize(wfm["queue"], sort=True, use_na_sentinel=False)
    q_codes = q_codes.astype(np.int64)
    order = np.lexsort((clock.utc_ns, q_codes))
    sq, ss = q_codes[order], clock.utc_ns[order]
    step = np.round(minutes[order] * 60 * NS_PER_SECOND).astype(np.int64)
    new = np.ones(len(order), dtype=bool)
    new[1:] = (sq[1:] != sq[:-1]) | (ss[1:] != ss[:-1])
    first = np.flatnonzero(new)
    counts = np.diff(np.append(first, len(order)))
    u_q, u_s = sq[first], ss[first]
    dup = counts > 1
    miss_q, miss_s = _gaps(u_q, u_s, step[first])
    if expected == "open_hours" and len(miss_q):
        keep = _within_open_hours(clock, q_codes, len(queues), miss_q, miss_s)
        miss_q, miss_s = miss_q[keep], miss_s[keep]
    q_all = np.concatenate([u_q[dup], miss_q])
    s_all = np.concatenate([u_s[dup], miss_s])
    kind = np.concatenate([np.zeros(int(dup.sum()), np.int8), np.ones(len(miss_q), np.int8)])
    cnt = np.concatenate([counts[dup], np.zeros(len(miss_q), np.int64)]).astype(np.int64)
    o = np.lexsort((s_all, q_all))
    return pd.DataFrame(
        {
            "queue": pd.Series(np.asarray(queues)[q_all[o]], dtype=wfm["queue"].dtype),
            "problem": pd.Categorical.from_codes(kind[o].astype(np.int64), list(PROBLEMS)),
            "interval_start": period_labels(s_all[o], "interval", clock.tz).array,
            "count": cnt[o],
        }
    )

"""What a WFM table covers and its interval problems, on tables built by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from copcwb.forecast import clock_changes, data_checks

TZ = "Europe/Berlin"


def frame(rows: list[tuple], minutes: int = 30) -> pd.DataFrame:
    out = pd.DataFrame(
        rows, columns=["queue", "interval_start", "forecast_volume", "actual_volume"]
    )
    out["interval_start"] = pd.DatetimeIndex(out["interval_start"]).tz_localize(TZ)
    out.insert(2, "interval_minutes", np.full(len(out), minutes, dtype=np.int64))
    out["forecast_aht_s"] = 300.0
    out["actual_aht_s"] = 300.0
    return out


def two_weeks() -> pd.DataFrame:
    """Queues A and B, 09:00 and 09:30 on the 14 days from Monday 2026-03-02 to Sunday
    2026-03-15; A's first interval twice, B without Wednesday 2026-03-04 09:30."""
    rows = []
    for day in pd.date_range("2026-03-02", periods=14, freq="D"):
        for minute in (0, 30):
            start = str(day + pd.Timedelta(hours=9, minutes=minute))
            rows += [("A", start, 100.0, 90.0), ("B", start, 20.0, 18.0)]
    rows.append(rows[0])
    return frame([r for r in rows if not (r[0] == "B" and r[1] == "2026-03-04 09:30:00")])


def test_clock_changes_counted_on_the_calendar():
    berlin = pd.Series(pd.date_range("2026-03-28", "2026-03-30", freq="h", tz=TZ))
    assert clock_changes(berlin) == 1  # summer time starts 2026-03-29
    year = pd.Series(pd.DatetimeIndex(["2026-01-05 09:00", "2026-12-07 09:00"]).tz_localize(TZ))
    assert clock_changes(year) == 2  # March and October, though no row falls on them
    taipei = pd.Series(pd.date_range("2026-03-01", "2026-11-01", freq="D", tz="Asia/Taipei"))
    assert clock_changes(taipei) == 0


def test_coverage_and_problems():
    checks = data_checks(two_weeks())
    # 14 days x 2 intervals x 2 queues = 56 rows, + 1 duplicate - 1 missing
    assert checks.n_rows == 56
    assert checks.queues == ("A", "B")
    assert checks.interval_minutes == (30,)
    assert (checks.start, checks.end) == (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-15"))
    assert checks.timezone == TZ
    assert checks.n_clock_changes == 0
    assert (checks.n_duplicate, checks.n_missing) == (1, 1)
    assert checks.summary().to_dict("records") == [
        {"queue": "A", "problem": "duplicate", "n_problems": 1},
        {"queue": "B", "problem": "missing", "n_problems": 1},
    ]
    # Monday to Sunday: whole weeks; the 2nd to the 15th: partial months
    assert not checks.partial_weeks and checks.partial_months


def test_clean_table_over_a_clock_change():
    rows = [("A", f"2026-03-{d} 09:00", 10.0, 10.0) for d in (27, 28, 29, 30)]
    checks = data_checks(frame(rows, minutes=60), expected="open_hours")
    assert checks.problems.empty and checks.summary().empty
    assert checks.n_clock_changes == 1
    assert checks.partial_weeks  # Friday to Monday


def test_timezone_converts_an_aware_column():
    rows = [("A", "2026-03-02 23:30", 10.0, 10.0)]  # Berlin: 2026-03-03 06:30 in Taipei
    checks = data_checks(frame(rows), timezone="Asia/Taipei")
    assert checks.start == pd.Timestamp("2026-03-03")
    assert checks.timezone == "Asia/Taipei"


@pytest.mark.parametrize(
    ("expected", "n_missing"),
    # "all" also counts the nights: 13 nights of 46 half-hours (10:00 to 08:30) in each of
    # the 2 queues, plus B's Wednesday 09:30
    [("all", 13 * 46 * 2 + 1), ("open_hours", 1)],
)
def test_expected_is_passed_on(expected, n_missing):
    assert data_checks(two_weeks(), expected=expected).n_missing == n_missing

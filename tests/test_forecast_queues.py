"""Recurring misses by queue, weekday and part of the day, the patterns of the largest
queues, and the hour and spread summaries of a pattern, on a table worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from copcwb.forecast import error_patterns, error_patterns_by_queue, recurring_misses

TZ = "Europe/Berlin"


@pytest.fixture
def table() -> pd.DataFrame:
    # Hourly intervals:
    #   A Mon 2026-03-02 09:00  F 100 A 80    (morning)
    #   A Mon 2026-03-02 15:00  F  50 A 60    (afternoon)
    #   A Mon 2026-03-09 09:00  F 100 A 90    (morning)
    #   B Tue 2026-03-03 20:00  F  10 A 30    (evening)
    rows = [
        ("A", "2026-03-02 09:00", 100.0, 80.0),
        ("A", "2026-03-02 15:00", 50.0, 60.0),
        ("A", "2026-03-09 09:00", 100.0, 90.0),
        ("B", "2026-03-03 20:00", 10.0, 30.0),
    ]
    out = pd.DataFrame(
        rows, columns=["queue", "interval_start", "forecast_volume", "actual_volume"]
    )
    out["interval_start"] = pd.DatetimeIndex(out["interval_start"]).tz_localize(TZ)
    out.insert(2, "interval_minutes", np.full(len(out), 60, dtype=np.int64))
    out["forecast_aht_s"] = 300.0
    out["actual_aht_s"] = 300.0
    return out


def test_recurring_misses_by_hand(table):
    got = recurring_misses(table)
    assert list(got.columns) == [
        "queue",
        "weekday",
        "daypart",
        "forecast",
        "actual",
        "error",
        "bias",
        "n_weeks",
    ]
    # Largest |F - A| first: A Monday mornings 200 - 170 = +30, B Tuesday evenings
    # 10 - 30 = -20, A Monday afternoons 50 - 60 = -10
    assert got[["queue", "weekday", "daypart"]].values.tolist() == [
        ["A", 0, "morning"],
        ["B", 1, "evening"],
        ["A", 0, "afternoon"],
    ]
    assert got["error"].tolist() == [30.0, -20.0, -10.0]
    assert got["bias"].tolist() == pytest.approx([30 / 170, -20 / 30, -10 / 60])
    # 2026-03-02 .. 2026-03-09: two Mondays, one Tuesday
    assert got["n_weeks"].tolist() == [2, 1, 2]


def test_patterns_of_the_largest_queues(table):
    got = error_patterns_by_queue(table, tolerance=0.10, max_queues=1)
    assert list(got.by_queue) == ["A"]  # A has 230 actual calls, B 30
    assert got.n_queues == 2
    pooled = error_patterns(table, tolerance=0.10)
    pd.testing.assert_frame_equal(got.pooled.weekday_time, pooled.weekday_time)
    pd.testing.assert_frame_equal(got.summary(), recurring_misses(table))
    with pytest.raises(ValueError, match="max_queues"):
        error_patterns_by_queue(table, max_queues=-1)


def test_hour_extremes_and_error_spread(table):
    p = error_patterns(table, tolerance=0.10)
    # Bias by hour: 09:00 (200 - 170) / 170 > 0, 15:00 -10 / 60, 20:00 -20 / 30 (lowest)
    low, high = p.hour_extremes()
    assert (int(low["hour"]), int(high["hour"])) == (20, 9)
    # e of the four intervals: +20/80, -10/60, +10/90, -20/30
    e = np.array([20 / 80, -10 / 60, 10 / 90, -20 / 30])
    spread = p.error_spread()
    # |e| sorted: 1/9, 1/6, 1/4, 2/3: median (1/6 + 1/4) / 2; 90th percentile at rank
    # 0.9 x 3 = 2.7: 1/4 + 0.7 x (2/3 - 1/4)
    assert spread["median_abs_error"] == pytest.approx((1 / 6 + 1 / 4) / 2)
    assert spread["p90_abs_error"] == pytest.approx(1 / 4 + 0.7 * (2 / 3 - 1 / 4))
    assert spread["share_under"] == pytest.approx((e < 0).mean())

"""Seasonal naive forecast and MASE on tiny series worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from copcwb.forecast import naive_benchmark, seasonal_naive

TZ = "Europe/Berlin"


def rows(queue, starts, fv, av, aht=300.0):
    n = len(starts)
    return pd.DataFrame(
        {
            "queue": queue,
            "interval_start": pd.DatetimeIndex(starts).tz_localize(TZ),
            "interval_minutes": np.full(n, 60, dtype=np.int64),
            "forecast_volume": np.asarray(fv, dtype=float),
            "actual_volume": np.asarray(av, dtype=float),
            "forecast_aht_s": aht,
            "actual_aht_s": aht,
        }
    )


@pytest.fixture
def five_days() -> pd.DataFrame:
    # One interval a day at 10:00, 2026-06-01 .. 06-05; lag 1 day.
    #   day       1   2   3   4   5
    #   actual   10  12   9  15  11
    #   forecast 11  11  12  13  11
    #   naive     -  10  12   9  15   (yesterday's actual)
    starts = [f"2026-06-0{d} 10:00" for d in range(1, 6)]
    return rows("Q", starts, fv=[11, 11, 12, 13, 11], av=[10, 12, 9, 15, 11])


def test_seasonal_naive_values(five_days):
    out = seasonal_naive(five_days, lag_days=1)
    assert np.isnan(out["naive_volume"].iloc[0])
    assert out["naive_volume"].iloc[1:].tolist() == [10.0, 12.0, 9.0, 15.0]
    assert out["naive_aht_s"].iloc[1:].tolist() == [300.0] * 4


def test_mase_by_hand(five_days):
    out = naive_benchmark(five_days, lag_days=1, level="interval")
    assert list(out.columns) == [
        "queue",
        "n_periods",
        "mae_forecast",
        "mae_naive",
        "mase",
        "n_days",
        "share_days_beating_naive",
    ]
    row = out.iloc[0]
    # Days 2..5 have a naive value.
    # |F - A| = |11-12|, |12-9|, |13-15|, |11-11| = 1, 3, 2, 0 -> MAE 6/4 = 1.5
    # |N - A| = |10-12|, |12-9|, |9-15|,  |15-11| = 2, 3, 6, 4 -> MAE 15/4 = 3.75
    # MASE = 1.5 / 3.75 = 0.4
    assert row["n_periods"] == 4
    assert row["mae_forecast"] == pytest.approx(1.5)
    assert row["mae_naive"] == pytest.approx(3.75)
    assert row["mase"] == pytest.approx(0.4)
    # Beats naive on days 2, 4, 5; day 3 is a tie (3 = 3) and does not count: 3/4
    assert row["n_days"] == 4
    assert row["share_days_beating_naive"] == pytest.approx(0.75)


def test_weekly_naive_matches_wall_clock_across_dst():
    # Sundays 22 March (CET) and 29 March (CEST, clocks go forward at 02:00), 08:00-10:00.
    # The naive value of 29 March 09:00 is 22 March 09:00 (same wall clock), not 08:00
    # (which is exactly 168 elapsed hours earlier).
    starts = [f"2026-03-22 0{h}:00" for h in (8, 9)] + [f"2026-03-29 0{h}:00" for h in (8, 9)]
    df = rows("Q", starts, fv=[1, 1, 1, 1], av=[80, 90, 81, 91])
    out = seasonal_naive(df)
    assert out["naive_volume"].iloc[2:].tolist() == [80.0, 90.0]


def test_hour_skipped_by_dst_has_no_naive():
    # 02:00 does not exist on 29 March 2026 in Berlin, so 5 April 02:00 has no naive value.
    starts = ["2026-03-29 01:00", "2026-03-29 03:00", "2026-04-05 01:00", "2026-04-05 02:00"]
    df = rows("Q", starts, fv=[1, 1, 1, 1], av=[5, 6, 7, 8])
    out = seasonal_naive(df)
    assert out["naive_volume"].iloc[2] == 5.0
    assert np.isnan(out["naive_volume"].iloc[3])


def test_naive_is_per_queue(five_days):
    other = five_days.assign(queue="R", actual_volume=five_days["actual_volume"] * 10)
    out = seasonal_naive(pd.concat([five_days, other], ignore_index=True), lag_days=1)
    assert out["naive_volume"].iloc[6:].tolist() == [100.0, 120.0, 90.0, 150.0]


def test_bad_lag(five_days):
    with pytest.raises(ValueError, match="lag_days"):
        seasonal_naive(five_days, lag_days=0)
    with pytest.raises(ValueError, match="lag_days"):
        naive_benchmark(five_days, lag_days=1.5)


def test_pooled_naive_weighs_queues_by_periods():
    from copcwb.forecast import pooled_naive

    naive = pd.DataFrame(
        {
            "n_periods": [10, 30],
            "mae_forecast": [2.0, 4.0],
            "mae_naive": [4.0, 4.0],
            "n_days": [5, 15],
            "share_days_beating_naive": [0.2, 0.6],
        }
    )
    pooled = pooled_naive(naive)
    # MASE = (10 x 2 + 30 x 4) / (10 x 4 + 30 x 4) = 140 / 160; days (1 + 9) / 20
    assert pooled["mase"] == pytest.approx(0.875)
    assert pooled["share_days_beating_naive"] == pytest.approx(0.5)
    assert (pooled["n_periods"], pooled["n_days"]) == (40, 20)


def test_naive_comparison_by_queue_and_pooled(five_days):
    from copcwb.forecast import ALL_QUEUES, naive_comparison

    # Queue R: actual twice Q's (20 24 18 30 22), forecast 0 every day. Days 2..5:
    #   |F - A| = 24, 18, 30, 22 -> MAE 23.5;  |N - A| = 4, 6, 12, 8 -> MAE 7.5
    r = five_days.assign(
        queue="R", actual_volume=five_days["actual_volume"] * 2, forecast_volume=0.0
    )
    got = naive_comparison(pd.concat([five_days, r], ignore_index=True), lag_days=1)
    by_queue = got.by_queue.set_index("queue")
    assert by_queue.loc["Q", "mase"] == pytest.approx(0.4)  # see test_mase_by_hand
    assert by_queue.loc["R", "mase"] == pytest.approx(23.5 / 7.5)
    # One interval a day: the days' totals are the intervals, so the day MASE is the same
    assert by_queue["mase_day"].tolist() == pytest.approx([0.4, 23.5 / 7.5])
    # Pooled: MAE forecast (4 x 1.5 + 4 x 23.5) / 8 = 12.5, naive (4 x 3.75 + 4 x 7.5) / 8
    assert got.pooled["mase"] == pytest.approx(12.5 / 5.625)
    # Q beats naive on 3 of 4 days, R on none: 3 of 8 queue-days
    assert got.pooled["share_days_beating_naive"] == pytest.approx(3 / 8)
    assert got.beats_naive is False
    assert got.queues_not_beating == ["R"]
    assert got.summary()["queue"].tolist() == ["Q", "R", ALL_QUEUES]
    assert got.summary()["beats_naive"].tolist() == [True, False, False]
    assert got.lag_days == 1


def test_naive_comparison_without_overlap(five_days):
    from copcwb.forecast import naive_comparison

    got = naive_comparison(five_days, lag_days=7)  # five days: no interval a week earlier
    assert np.isnan(got.pooled["mase"])
    assert got.beats_naive is None

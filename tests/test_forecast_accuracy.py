"""copcwb.forecast.accuracy against hand-computed figures (arithmetic in the comments)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from copcwb.errors import AnalysisError
from copcwb.forecast import accuracy, period_errors

TZ = "Europe/Berlin"


def wfm_rows(queue: str, starts: list[str], fv, av, faht=300.0, aaht=300.0, minutes=60):
    n = len(starts)
    return pd.DataFrame(
        {
            "queue": queue,
            "interval_start": pd.DatetimeIndex(starts).tz_localize(TZ),
            "interval_minutes": np.full(n, minutes, dtype=np.int64),
            "forecast_volume": np.asarray(fv, dtype=float),
            "actual_volume": np.asarray(av, dtype=float),
            "forecast_aht_s": np.broadcast_to(np.asarray(faht, dtype=float), n).copy(),
            "actual_aht_s": np.broadcast_to(np.asarray(aaht, dtype=float), n).copy(),
        }
    )


@pytest.fixture
def monday() -> pd.DataFrame:
    # Queue A, Monday 2026-03-02, four hourly intervals:
    #   09:00  F=110 A=100  e = +10/100 = +0.10  (a hit at 10%, on the boundary)
    #   10:00  F= 90 A=120  e = -30/120 = -0.25
    #   11:00  F=  5 A=  0  zero actual: excluded from MAPE and hit rate
    #   12:00  F= 52 A= 40  e = +12/40  = +0.30
    return wfm_rows(
        "A",
        ["2026-03-02 09:00", "2026-03-02 10:00", "2026-03-02 11:00", "2026-03-02 12:00"],
        fv=[110, 90, 5, 52],
        av=[100, 120, 0, 40],
        faht=300.0,
        aaht=[330.0, 280.0, np.nan, 300.0],
    )


def test_interval_volume_by_hand(monday):
    out = accuracy(monday)
    assert list(out.columns) == [
        "queue",
        "n_periods",
        "n_excluded",
        "mape",
        "wape",
        "bias",
        "hit_rate",
    ]
    row = out.iloc[0]
    assert row["queue"] == "A"
    assert row["n_periods"] == 4
    assert row["n_excluded"] == 1
    # MAPE = (0.10 + 0.25 + 0.30) / 3 = 0.65 / 3
    assert row["mape"] == pytest.approx(0.65 / 3, abs=1e-12)
    # WAPE = (10 + 30 + 5 + 12) / (100 + 120 + 0 + 40) = 57 / 260 (zero-actual period counts)
    assert row["wape"] == pytest.approx(57 / 260, abs=1e-12)
    # bias = (10 - 30 + 5 + 12) / 260 = -3 / 260
    assert row["bias"] == pytest.approx(-3 / 260, abs=1e-12)
    # hits at 10%: only 09:00 (|e| = 0.10 <= 0.10) of the 3 included
    assert row["hit_rate"] == pytest.approx(1 / 3, abs=1e-12)


def test_tolerance_sequence_gives_one_column_each(monday):
    out = accuracy(monday, tolerance=(0.05, 0.10, 0.15, 0.30))
    assert list(out.columns)[-5:] == [
        "hit_rate",
        "hit_rate_5",
        "hit_rate_10",
        "hit_rate_15",
        "hit_rate_30",
    ]
    row = out.iloc[0]
    # |e| = 0.10, 0.25, 0.30: within 5% none, 10% one, 15% one, 30% all three
    assert row["hit_rate_5"] == 0.0
    assert row["hit_rate_10"] == pytest.approx(1 / 3)
    assert row["hit_rate_15"] == pytest.approx(1 / 3)
    assert row["hit_rate_30"] == 1.0
    # hit_rate is the first tolerance listed
    assert row["hit_rate"] == row["hit_rate_5"]


def test_min_actual_excludes_low_volume(monday):
    row = accuracy(monday, min_actual=50).iloc[0]
    # 11:00 (A=0) and 12:00 (A=40 < 50) are excluded
    assert row["n_excluded"] == 2
    # MAPE = (0.10 + 0.25) / 2 = 0.175; hit rate 1/2
    assert row["mape"] == pytest.approx(0.175, abs=1e-12)
    assert row["hit_rate"] == pytest.approx(0.5)
    # WAPE and bias still over all periods: 57/260 and -3/260
    assert row["wape"] == pytest.approx(57 / 260, abs=1e-12)
    assert row["bias"] == pytest.approx(-3 / 260, abs=1e-12)


def test_forecast_denominator(monday):
    row = accuracy(monday, denominator="forecast").iloc[0]
    # e = (F - A)/F: 10/110, -30/90, (11:00 zero actual: excluded), 12/52
    mape = (10 / 110 + 30 / 90 + 12 / 52) / 3
    assert row["mape"] == pytest.approx(mape, abs=1e-12)
    # WAPE = 57 / (110 + 90 + 5 + 52) = 57/257; bias = -3/257
    assert row["wape"] == pytest.approx(57 / 257, abs=1e-12)
    assert row["bias"] == pytest.approx(-3 / 257, abs=1e-12)
    # within 10%: only 10/110 = 0.0909
    assert row["hit_rate"] == pytest.approx(1 / 3)
    assert row["n_excluded"] == 1


def test_day_level_volume_aht_workload(monday):
    vol = accuracy(monday, level="day").iloc[0]
    # Day totals: F = 110 + 90 + 5 + 52 = 257, A = 260: e = -3/260
    assert vol["n_periods"] == 1 and vol["n_excluded"] == 0
    assert vol["mape"] == pytest.approx(3 / 260, abs=1e-12)
    assert vol["bias"] == pytest.approx(-3 / 260, abs=1e-12)
    assert vol["hit_rate"] == 1.0

    aht = accuracy(monday, level="day", measure="aht").iloc[0]
    # Forecast AHT: 300 everywhere. Actual AHT weighted by actual calls (11:00 has no calls,
    # so its blank AHT adds nothing): (100*330 + 120*280 + 40*300) / 260 = 78600 / 260.
    # e = (300 - 78600/260) / (78600/260) = (78000 - 78600) / 78600 = -600/78600
    assert aht["mape"] == pytest.approx(600 / 78600, abs=1e-12)
    assert aht["bias"] == pytest.approx(-600 / 78600, abs=1e-12)

    work = accuracy(monday, level="day", measure="workload").iloc[0]
    # Workload: F = 257 * 300 = 77100 s, A = 78600 s: e = -1500/78600
    assert work["mape"] == pytest.approx(1500 / 78600, abs=1e-12)


def test_interval_aht_excludes_interval_without_calls(monday):
    row = accuracy(monday, measure="aht").iloc[0]
    # e: (300-330)/330, (300-280)/280, 11:00 no calls (AHT unknown), (300-300)/300
    assert row["n_excluded"] == 1
    assert row["mape"] == pytest.approx((30 / 330 + 20 / 280 + 0) / 3, abs=1e-12)
    # within 10%: all three (0.0909, 0.0714, 0)
    assert row["hit_rate"] == 1.0
    pe = period_errors(monday, measure="aht", level="interval")
    assert pe["excluded_reason"].tolist() == ["", "", "missing_value", ""]


def test_day_week_month_levels_local_calendar():
    # Queue C, one interval a day at 12:00 local:
    #   Sat 2026-02-28 F=10 A= 8   e = +2/8   = +0.25
    #   Sun 2026-03-01 F=20 A=25   e = -5/25  = -0.20
    #   Mon 2026-03-02 F=30 A=30   e =  0
    #   Tue 2026-03-03 F=40 A=50   e = -10/50 = -0.20
    df = wfm_rows(
        "C",
        ["2026-02-28 12:00", "2026-03-01 12:00", "2026-03-02 12:00", "2026-03-03 12:00"],
        fv=[10, 20, 30, 40],
        av=[8, 25, 30, 50],
    )
    day = accuracy(df, level="day", tolerance=(0.10, 0.20)).iloc[0]
    assert day["n_periods"] == 4
    assert day["mape"] == pytest.approx((0.25 + 0.2 + 0 + 0.2) / 4, abs=1e-12)
    # WAPE = (2 + 5 + 0 + 10) / (8 + 25 + 30 + 50) = 17/113; bias = (2 - 5 - 10)/113
    assert day["wape"] == pytest.approx(17 / 113, abs=1e-12)
    assert day["bias"] == pytest.approx(-13 / 113, abs=1e-12)
    assert day["hit_rate_10"] == pytest.approx(1 / 4)
    assert day["hit_rate_20"] == pytest.approx(3 / 4)

    week = accuracy(df, level="week").iloc[0]
    # Weeks start Monday: week of Mon 02-23 holds Sat + Sun: F = 30, A = 33, e = -3/33;
    # week of Mon 03-02 holds Mon + Tue: F = 70, A = 80, e = -10/80
    assert week["n_periods"] == 2
    assert week["mape"] == pytest.approx((3 / 33 + 10 / 80) / 2, abs=1e-12)
    assert week["wape"] == pytest.approx(13 / 113, abs=1e-12)
    assert week["hit_rate"] == pytest.approx(1 / 2)  # |-0.0909| <= 0.10, |-0.125| is not

    month = accuracy(df, level="month").iloc[0]
    # February: F = 10, A = 8, e = 0.25; March: F = 90, A = 105, e = -15/105
    assert month["n_periods"] == 2
    assert month["mape"] == pytest.approx((0.25 + 15 / 105) / 2, abs=1e-12)
    assert month["wape"] == pytest.approx(17 / 113, abs=1e-12)
    assert month["bias"] == pytest.approx(-13 / 113, abs=1e-12)

    labels = period_errors(df, level="week")["period_start"].tolist()
    assert labels == [pd.Timestamp("2026-02-23"), pd.Timestamp("2026-03-02")]
    labels = period_errors(df, level="month")["period_start"].tolist()
    assert labels == [pd.Timestamp("2026-02-01"), pd.Timestamp("2026-03-01")]


def test_dst_days_are_local_calendar_days():
    # 2026-03-29 in Berlin has 23 local hours, 2026-10-25 has 25. One call forecast and one
    # taken in every hour, except the last hour of each day: forecast 1, actual 3.
    frames = []
    for day in ("2026-03-29", "2026-10-25"):
        start = pd.Timestamp(day, tz=TZ)
        end = (pd.Timestamp(day) + pd.Timedelta(days=1)).tz_localize(TZ)  # next local midnight
        hours = pd.date_range(start, end, freq="h", inclusive="left")
        av = np.ones(len(hours))
        av[-1] = 3
        frames.append(
            pd.DataFrame(
                {
                    "queue": "D",
                    "interval_start": hours,
                    "interval_minutes": 60,
                    "forecast_volume": 1.0,
                    "actual_volume": av,
                    "forecast_aht_s": 300.0,
                    "actual_aht_s": 300.0,
                }
            )
        )
    df = pd.concat(frames, ignore_index=True)
    assert len(df) == 23 + 25
    pe = period_errors(df, level="day")
    assert pe["period_start"].tolist() == [pd.Timestamp("2026-03-29"), pd.Timestamp("2026-10-25")]
    # 29 March: F = 23, A = 22 + 3 = 25; 25 October: F = 25, A = 24 + 3 = 27
    assert pe["forecast"].tolist() == [23.0, 25.0]
    assert pe["actual"].tolist() == [25.0, 27.0]
    # The same table in UTC, declared in Berlin time, gives the same local days.
    utc = df.assign(interval_start=df["interval_start"].dt.tz_convert("UTC"))
    pe_utc = period_errors(utc, level="day", timezone=TZ)
    assert pe_utc["actual"].tolist() == [25.0, 27.0]
    # And so does the zone-naive local wall clock with timezone= (the repeated 02:00 of
    # 25 October is read as summer time first, then winter time).
    naive = df.assign(interval_start=df["interval_start"].dt.tz_localize(None))
    pe_naive = period_errors(naive, level="day", timezone=TZ)
    assert pe_naive["actual"].tolist() == [25.0, 27.0]
    assert period_errors(naive, level="interval", timezone=TZ)["period_start"].is_unique


def test_by_nothing_pools_queues(monday):
    other = monday.assign(queue="B")
    out = accuracy(pd.concat([monday, other]), by=())
    # Each interval total doubles F and A, so e is unchanged: same MAPE as one queue.
    assert list(out.columns)[0] == "n_periods"
    assert out["mape"].iloc[0] == pytest.approx(0.65 / 3, abs=1e-12)


def test_two_queues_sorted(monday):
    other = monday.assign(queue="B", actual_volume=monday["forecast_volume"])
    out = accuracy(pd.concat([other, monday]))
    assert out["queue"].tolist() == ["A", "B"]
    # B: F = A everywhere -> no error, every period a hit
    assert out.iloc[1]["mape"] == 0.0 and out.iloc[1]["hit_rate"] == 1.0


def test_missing_value_excludes_period(monday):
    df = monday.copy()
    df.loc[0, "actual_volume"] = np.nan
    row = accuracy(df, level="day").iloc[0]
    assert row["n_periods"] == 1 and row["n_excluded"] == 1
    assert np.isnan(row["mape"]) and np.isnan(row["wape"])


def test_bad_arguments(monday):
    with pytest.raises(ValueError, match="measure"):
        accuracy(monday, measure="calls")
    with pytest.raises(ValueError, match="level"):
        accuracy(monday, level="year")
    with pytest.raises(ValueError, match="tolerance"):
        accuracy(monday, tolerance=-0.1)
    with pytest.raises(ValueError, match="denominator"):
        accuracy(monday, denominator="mean")
    with pytest.raises(ValueError, match="by"):
        accuracy(monday, by=("site",))
    with pytest.raises(AnalysisError, match="actual_aht_s"):
        accuracy(monday.drop(columns="actual_aht_s"), measure="aht")
    naive = monday.assign(interval_start=monday["interval_start"].dt.tz_localize(None))
    with pytest.raises(AnalysisError, match="timezone="):
        accuracy(naive)


def test_nonexistent_local_time_is_an_error():
    df = wfm_rows("A", ["2026-03-29 01:00"], fv=[1], av=[1])
    df["interval_start"] = pd.Series([pd.Timestamp("2026-03-29 02:30")])
    with pytest.raises(AnalysisError, match="do not exist"):
        accuracy(df, timezone=TZ)


def test_public_names():
    import copcwb.forecast as forecast

    assert {"accuracy", "noise_floor", "naive_benchmark", "interval_problems"} <= set(
        forecast.__all__
    )
    for name in forecast.__all__:
        assert hasattr(forecast, name)

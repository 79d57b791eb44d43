"""Duplicate and missing intervals, and period aggregation around changes of summer time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from copcwb.errors import AnalysisError
from copcwb.forecast import aggregate, interval_problems

TZ = "Europe/Berlin"


def local_day(day: str, minutes: int) -> pd.DatetimeIndex:
    start = pd.Timestamp(day, tz=TZ)
    end = (pd.Timestamp(day) + pd.Timedelta(days=1)).tz_localize(TZ)
    return pd.date_range(start, end, freq=f"{minutes}min", inclusive="left")


def frame(queue: str, starts, minutes: int = 15) -> pd.DataFrame:
    n = len(starts)
    return pd.DataFrame(
        {
            "queue": queue,
            "interval_start": starts,
            "interval_minutes": np.full(n, minutes, dtype=np.int64),
            "forecast_volume": 2.0,
            "actual_volume": 1.0,
            "forecast_aht_s": 300.0,
            "actual_aht_s": 240.0,
        }
    )


def test_complete_dst_days_have_no_problems():
    # 23 local hours x 4 = 92 quarter hours on 29 March, 25 x 4 = 100 on 25 October.
    spring, autumn = local_day("2026-03-29", 15), local_day("2026-10-25", 15)
    assert (len(spring), len(autumn)) == (92, 100)
    df = pd.concat([frame("A", spring), frame("B", autumn)], ignore_index=True)
    out = interval_problems(df)
    assert list(out.columns) == ["queue", "problem", "interval_start", "count"]
    assert len(out) == 0


def test_duplicates_and_gaps_reported():
    # Queue A, 30-minute intervals 22:00 on 24 Oct to 05:00 on 25 Oct (clocks go back at
    # 03:00 CEST -> 02:00 CET, so 02:00 and 02:30 happen twice): 16 intervals in all.
    starts = pd.date_range(
        pd.Timestamp("2026-10-24 22:00", tz=TZ),
        pd.Timestamp("2026-10-25 05:00", tz=TZ),
        freq="30min",
        inclusive="left",
    )
    assert len(starts) == 16
    a = frame("A", starts, minutes=30)
    # Drop positions 3 (23:30 CEST), 4 (00:00 CEST) and 9 (02:30 CEST, the first 02:30);
    # add position 5 (00:30) twice more; queue B has 22:00 and 23:00 only.
    df = pd.concat(
        [a.drop(index=[3, 4, 9]), a.iloc[[5, 5]], frame("B", starts[[0, 2]], minutes=30)],
        ignore_index=True,
    )
    out = interval_problems(df, expected="all")
    expected = pd.DataFrame(
        {
            "queue": ["A", "A", "A", "A", "B"],
            "problem": ["missing", "missing", "duplicate", "missing", "missing"],
            "interval_start": [
                pd.Timestamp("2026-10-24 23:30", tz=TZ),
                pd.Timestamp("2026-10-25 00:00", tz=TZ),
                pd.Timestamp("2026-10-25 00:30", tz=TZ),
                pd.Timestamp("2026-10-25 02:30+02:00").tz_convert(TZ),
                pd.Timestamp("2026-10-24 22:30", tz=TZ),
            ],
            "count": [0, 0, 3, 0, 0],
        }
    )
    assert out["queue"].tolist() == expected["queue"].tolist()
    assert out["problem"].astype(str).tolist() == expected["problem"].tolist()
    assert out["interval_start"].tolist() == expected["interval_start"].tolist()
    assert out["count"].tolist() == expected["count"].tolist()


def test_closed_hours_are_not_missing_by_default():
    # Open 08:00-09:45 (quarter hours) on 4, 5 and 6 May 2026; 5 May 09:00 is absent.
    days = ["2026-05-04", "2026-05-05", "2026-05-06"]
    starts = pd.DatetimeIndex(
        [
            pd.Timestamp(f"{d} 08:00", tz=TZ) + pd.Timedelta(minutes=15 * k)
            for d in days
            for k in range(8)
        ]
    )
    df = frame("A", starts.delete(8 + 4))
    out = interval_problems(df)
    assert out["interval_start"].tolist() == [pd.Timestamp("2026-05-05 09:00", tz=TZ)]
    assert out["problem"].astype(str).tolist() == ["missing"]
    # Every gap: each closed night runs 10:00 .. 07:45 next day, 21 h 45 min = 87 quarter
    # hours plus the one at 07:45 = 88 missing; with 09:00 on 5 May: 88 + 88 + 1 = 177
    assert len(interval_problems(df, expected="all")) == 177
    with pytest.raises(ValueError, match="expected"):
        interval_problems(df, expected="some")


def test_systematic_gap_inside_opening_hours_is_reported():
    # Open 08:00-09:45 on 4 and 5 May, but the file has only the :00 and :30 quarter hours:
    # 08:15, 08:45, 09:15 are missing on both days (inside the opening window), 09:45 is
    # past the last start seen (09:30), and the night is outside the window.
    days = ["2026-05-04", "2026-05-05"]
    starts = pd.DatetimeIndex(
        [
            pd.Timestamp(f"{d} 08:00", tz=TZ) + pd.Timedelta(minutes=30 * k)
            for d in days
            for k in range(4)
        ]
    )
    out = interval_problems(frame("A", starts))
    assert [t.strftime("%d %H:%M") for t in out["interval_start"]] == [
        "04 08:15",
        "04 08:45",
        "04 09:15",
        "05 08:15",
        "05 08:45",
        "05 09:15",
    ]


def test_closed_weekday_is_not_missing_but_a_lost_open_day_is():
    # Open Monday to Saturday 09:00-10:00 (hourly) for two weeks from Monday 4 May 2026;
    # Sundays are closed; Wednesday 13 May is lost.
    days = pd.date_range("2026-05-04", "2026-05-17", freq="D")
    keep = [d for d in days if d.day_of_week != 6 and d != pd.Timestamp("2026-05-13")]
    starts = pd.DatetimeIndex(
        [pd.Timestamp(d).tz_localize(TZ) + pd.Timedelta(hours=h) for d in keep for h in (9, 10)]
    )
    out = interval_problems(frame("A", starts, minutes=60))
    assert out["interval_start"].tolist() == [
        pd.Timestamp("2026-05-13 09:00", tz=TZ),
        pd.Timestamp("2026-05-13 10:00", tz=TZ),
    ]


def test_bad_interval_minutes():
    df = frame("A", local_day("2026-01-05", 60), minutes=60)
    df.loc[3, "interval_minutes"] = 0
    with pytest.raises(AnalysisError, match="interval_minutes"):
        interval_problems(df)


def test_aggregate_columns_and_dst_days():
    df = pd.concat(
        [frame("A", local_day("2026-03-29", 15)), frame("A", local_day("2026-10-25", 15))],
        ignore_index=True,
    )
    out = aggregate(df, level="day")
    assert list(out.columns) == [
        "queue",
        "period_start",
        "n_intervals",
        "forecast_volume",
        "actual_volume",
        "forecast_aht_s",
        "actual_aht_s",
        "forecast_workload_s",
        "actual_workload_s",
    ]
    assert out["n_intervals"].tolist() == [92, 100]
    # forecast 2 calls per quarter hour: 2 x 92 = 184 and 2 x 100 = 200
    assert out["forecast_volume"].tolist() == [184.0, 200.0]
    # workload = calls x AHT: actual 92 x 240 = 22080 s and 100 x 240 = 24000 s
    assert out["actual_workload_s"].tolist() == [22080.0, 24000.0]
    assert out["actual_aht_s"].tolist() == [240.0, 240.0]
    weeks = aggregate(df, level="week")
    # Both days are Sundays: weeks start Monday 23 March and Monday 19 October
    assert weeks["period_start"].tolist() == [
        pd.Timestamp("2026-03-23"),
        pd.Timestamp("2026-10-19"),
    ]
    months = aggregate(df, level="month", by=())
    assert months["period_start"].tolist() == [
        pd.Timestamp("2026-03-01"),
        pd.Timestamp("2026-10-01"),
    ]
    assert months["n_intervals"].tolist() == [92, 100]

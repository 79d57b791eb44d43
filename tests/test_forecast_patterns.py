"""Error pattern tables (by hand) and their plots."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from copcwb.forecast import error_patterns

matplotlib.use("Agg")

TZ = "Europe/Berlin"


@pytest.fixture
def table() -> pd.DataFrame:
    # Two queues, Monday 2026-03-02 and Tuesday 2026-03-03, 09:00 and 10:00 local (F, A):
    #            Mon 09:00  Mon 10:00  Tue 09:00  Tue 10:00
    #   queue A  12, 10     8, 10      10, 10     30, 20
    #   queue B  20, 20     20, 25     11, 10     10, 10
    starts = ["2026-03-02 09:00", "2026-03-02 10:00", "2026-03-03 09:00", "2026-03-03 10:00"]
    a = {"queue": "A", "fv": [12, 8, 10, 30], "av": [10, 10, 10, 20]}
    b = {"queue": "B", "fv": [20, 20, 11, 10], "av": [20, 25, 10, 10]}
    frames = [
        pd.DataFrame(
            {
                "queue": q["queue"],
                "interval_start": pd.DatetimeIndex(starts).tz_localize(TZ),
                "interval_minutes": np.full(4, 60, dtype=np.int64),
                "forecast_volume": np.asarray(q["fv"], dtype=float),
                "actual_volume": np.asarray(q["av"], dtype=float),
                "forecast_aht_s": 300.0,
                "actual_aht_s": 300.0,
            }
        )
        for q in (a, b)
    ]
    return pd.concat(frames, ignore_index=True)


def test_tables_by_hand(table):
    r = error_patterns(table, top_n=2)
    wt = r.summary().set_index(["weekday", "time_of_day"])
    # Monday 09:00: A (12 vs 10), B (20 vs 20): bias = (2 + 0) / 30; WAPE = 2/30
    assert wt.loc[(0, "09:00"), "bias"] == pytest.approx(2 / 30)
    assert wt.loc[(0, "09:00"), "wape"] == pytest.approx(2 / 30)
    # MAPE = mean(0.2, 0) = 0.1; hit rate at 10%: only B -> 1/2
    assert wt.loc[(0, "09:00"), "mape"] == pytest.approx(0.1)
    assert wt.loc[(0, "09:00"), "hit_rate"] == pytest.approx(0.5)
    # Monday 10:00: A (8 vs 10), B (20 vs 25): bias = (-2 - 5) / 35
    assert wt.loc[(0, "10:00"), "bias"] == pytest.approx(-7 / 35)
    assert wt.loc[(0, "10:00"), "weekday_name"] == "Monday"
    assert len(wt) == 4

    hours = r.bias_by_hour.set_index("hour")
    # 09:00 over both days: F = 12 + 20 + 10 + 11 = 53, A = 10 + 20 + 10 + 10 = 50: +3/50
    assert hours.loc[9, "bias"] == pytest.approx(3 / 50)
    # 10:00: F = 8 + 20 + 30 + 10 = 68, A = 10 + 25 + 20 + 10 = 65: +3/65
    assert hours.loc[10, "bias"] == pytest.approx(3 / 65)
    # WAPE at 10:00: (2 + 5 + 10 + 0) / 65
    assert hours.loc[10, "wape"] == pytest.approx(17 / 65)

    daily = r.daily
    assert daily["date"].tolist() == [pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-03")]
    # Monday total: F = 12 + 8 + 20 + 20 = 60, A = 65: e = -5/65
    assert daily["pct_error"].iloc[0] == pytest.approx(-5 / 65)
    # Tuesday intervals within 10%: A 09:00 (0), B 09:00 (0.1), B 10:00 (0): 3 of 4
    assert daily["interval_hit_rate"].iloc[1] == pytest.approx(0.75)
    # Tuesday interval WAPE: (0 + 10 + 1 + 0) / (10 + 20 + 10 + 10) = 11/50
    assert daily["interval_wape"].iloc[1] == pytest.approx(11 / 50)

    worst = r.worst_intervals
    # Largest |F - A|: A Tue 10:00 (10), then B Mon 10:00 (5)
    assert worst["queue"].tolist() == ["A", "B"]
    assert worst["error"].tolist() == [10.0, -5.0]
    assert worst["period_start"].iloc[0] == pd.Timestamp("2026-03-03 10:00", tz=TZ)
    # Days per queue: A Mon 20 vs 20 (0), A Tue 40 vs 30 (+10), B Mon 40 vs 45 (-5), B Tue 21 vs 20
    assert r.worst_days["error"].tolist() == [10.0, -5.0]
    assert len(r.interval_pct_errors) == 8


def test_plots_are_titled_and_labelled(table):
    import matplotlib.pyplot as plt

    r = error_patterns(table)
    for method in ("plot", "plot_bias_by_hour", "plot_daily", "plot_error_histogram"):
        ax = getattr(r, method)()
        assert ax.get_title()
        assert ax.get_xlabel() and ax.get_ylabel()
        plt.close(ax.figure)
    fig, ax = plt.subplots()
    assert r.plot_heatmap(ax=ax, value="wape") is ax
    plt.close(fig)
    with pytest.raises(ValueError, match="value"):
        r.plot_heatmap(value="median")


def test_one_tolerance_only(table):
    with pytest.raises(ValueError, match="one tolerance"):
        error_patterns(table, tolerance=[0.05, 0.1])

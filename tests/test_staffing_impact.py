"""Staffing impact of forecast error, checked against a direct Erlang C computation."""

from __future__ import annotations

import math
from fractions import Fraction

import matplotlib
import numpy as np
import pandas as pd
import pytest

from copcwb.errors import AnalysisError
from copcwb.staffing import shrinkage_accuracy, shrinkage_comparison, staffing_impact

matplotlib.use("Agg")

TZ = "Europe/Berlin"


def direct_sl(n: int, load: Fraction, aht: float, t: float) -> float:
    # DOMAIN.md formula with exact fractions: Pw = top / (sum_{k<N} A^k/k! + top)
    if n <= load:
        return 0.0
    top = load**n / math.factorial(n) * Fraction(n) / (n - load)
    pw = top / (sum(load**k / math.factorial(k) for k in range(n)) + top)
    return 1.0 - float(pw) * math.exp(-float(n - load) * t / aht)


def direct_required(load: Fraction, aht: float, target=0.80, t=20.0) -> int:
    n = math.floor(load) + 1
    while direct_sl(n, load, aht, t) < target:
        n += 1
    return n


@pytest.fixture
def table() -> pd.DataFrame:
    # Queue A, hourly intervals, AHT 180 s everywhere, 80% in 20 s:
    #   Mon 09:00  F=200 A=200  load 10 / 10 erlangs   scheduled 14
    #   Mon 10:00  F=200 A=300  load 10 / 15           scheduled 14
    #   Tue 14:00  F=200 A=100  load 10 /  5           scheduled 10
    #   Tue 15:00  F=  0 A=  0  (actual AHT blank)     scheduled  0
    starts = ["2026-03-02 09:00", "2026-03-02 10:00", "2026-03-03 14:00", "2026-03-03 15:00"]
    return pd.DataFrame(
        {
            "queue": "A",
            "interval_start": pd.DatetimeIndex(starts).tz_localize(TZ),
            "interval_minutes": np.full(4, 60, dtype=np.int64),
            "forecast_volume": [200.0, 200.0, 200.0, 0.0],
            "actual_volume": [200.0, 300.0, 100.0, 0.0],
            "forecast_aht_s": 180.0,
            "actual_aht_s": [180.0, 180.0, 180.0, np.nan],
            "scheduled_agents": [14.0, 14.0, 10.0, 0.0],
        }
    )


def test_interval_table_by_direct_formula(table):
    r = staffing_impact(table)
    it = r.intervals
    r10, r15, r5 = (direct_required(Fraction(x), 180.0) for x in (10, 15, 5))
    assert r10 == 14  # the DOMAIN check values: 13 -> 0.7956, 14 -> 0.8884
    assert it["required_forecast"].tolist() == [14.0, 14.0, 14.0, 0.0]
    assert it["required_actual"].tolist() == [14.0, r15, r5, 0.0]
    assert it["agent_gap"].tolist() == [0.0, 14.0 - r15, 14.0 - r5, 0.0]
    assert it["gap_fte_hours"].tolist() == [0.0, 14.0 - r15, 14.0 - r5, 0.0]
    assert it["forecast_load"].tolist() == [10.0, 10.0, 10.0, 0.0]
    assert it["actual_load"].tolist() == [10.0, 15.0, 5.0, 0.0]
    # Staffed to the forecast (14 agents): 0.8884 at load 10; overloaded at load 15
    sl = it["sl_at_forecast_staffing"].to_numpy()
    assert sl[0] == pytest.approx(direct_sl(14, Fraction(10), 180, 20), abs=1e-9)
    assert sl[1] == 0.0 and it["overloaded_at_forecast_staffing"].tolist()[1]
    assert sl[2] == pytest.approx(direct_sl(14, Fraction(5), 180, 20), abs=1e-9)
    assert sl[3] == 1.0  # no calls
    # Achieved with the scheduled agents: 10 agents at load 5 in the third interval
    assert it["achieved_sl"].iloc[2] == pytest.approx(direct_sl(10, Fraction(5), 180, 20), abs=1e-9)
    assert it["overloaded"].tolist() == [False, True, False, False]
    assert it["interval_start"].iloc[0] == pd.Timestamp("2026-03-02 09:00", tz=TZ)


def test_summaries_and_headline(table):
    r = staffing_impact(table)
    r15, r5 = direct_required(Fraction(15), 180.0), direct_required(Fraction(5), 180.0)
    q = r.summary().iloc[0]
    assert q["queue"] == "A"
    assert (q["n_intervals"], q["n_under"], q["n_over"]) == (4, 1, 1)
    assert q["under_fte_hours"] == pytest.approx(r15 - 14)  # agents x 1 hour
    assert q["over_fte_hours"] == pytest.approx(14 - r5)
    assert q["net_fte_hours"] == pytest.approx((14 - r5) - (r15 - 14))
    assert q["actual_calls"] == 600.0
    s10 = direct_sl(14, Fraction(10), 180, 20)
    # weighted by actual calls: (200 x SL(14, 10) + 300 x 0 + 100 x SL(14, 5)) / 600
    expected = (200 * s10 + 100 * direct_sl(14, Fraction(5), 180, 20)) / 600
    assert q["sl_at_forecast_staffing"] == pytest.approx(expected, abs=1e-9)
    assert q["share_overloaded_at_forecast"] == pytest.approx(1 / 3)
    expected = (200 * s10 + 100 * direct_sl(10, Fraction(5), 180, 20)) / 600
    assert q["achieved_sl"] == pytest.approx(expected, abs=1e-9)
    assert q["share_overloaded"] == pytest.approx(1 / 3)

    by_hour = r.by_hour.set_index("hour")
    assert by_hour.loc[10, "under_fte_hours"] == pytest.approx(r15 - 14)
    assert by_hour.loc[14, "over_fte_hours"] == pytest.approx(14 - r5)
    wd = r.by_weekday.set_index("weekday_name")
    assert wd.loc["Monday", "n_under"] == 1 and wd.loc["Tuesday", "n_over"] == 1
    parts = r.by_weekday_daypart
    assert parts[["weekday_name", "daypart"]].values.tolist() == [
        ["Monday", "morning"],
        ["Tuesday", "afternoon"],
    ]
    # Monday 10:00 was short r15 - 14 agents for one hour; the 14 scheduled agents faced
    # 15 erlangs: service level 0 in that interval.
    assert r.headline == (
        f"Under-forecasting on Monday mornings cost about {r15 - 14:,.1f} FTE-hours and put "
        "service level at 0% (target 80% in 20 s)."
    )
    assert not r.net_of_shrinkage  # no actual_shrinkage column: scheduled = on the phones


def test_total_and_worst_block(table):
    r = staffing_impact(table)
    r15 = direct_required(Fraction(15), 180.0)
    total = r.total
    # One queue: the total is that queue's row
    assert (total["n_intervals"], total["n_under"], total["n_over"]) == (4, 1, 1)
    assert total["under_fte_hours"] == pytest.approx(r.by_queue["under_fte_hours"].iloc[0])
    assert total["achieved_sl"] == pytest.approx(r.by_queue["achieved_sl"].iloc[0])
    # Monday morning (09:00 and 10:00) holds the only short-staffed interval (10:00, short
    # r15 - 14 agents for an hour), where 14 scheduled agents faced 15 erlangs: SL 0.
    # Over the block, weighted by calls: (200 x SL(14 agents, 10 erlangs) + 300 x 0) / 500
    block = r.worst
    assert (block.weekday, block.daypart) == (0, "morning")
    assert block.under_fte_hours == pytest.approx(r15 - 14)
    assert block.sl_short == 0.0
    assert block.sl_all == pytest.approx(200 * direct_sl(14, Fraction(10), 180, 20) / 500)
    assert block.by_queue == {"A": pytest.approx(r15 - 14)}


def test_total_adds_up_the_queues(table):
    two = pd.concat([table, table.assign(queue="B", actual_volume=table["actual_volume"] / 2)])
    r = staffing_impact(two.reset_index(drop=True))
    for col in ("n_intervals", "n_under", "n_over", "under_fte_hours", "over_fte_hours"):
        assert r.total[col] == pytest.approx(r.by_queue[col].sum())
    # Service level weighted by actual calls: the queues' levels weighted by their calls
    calls = r.by_queue["actual_calls"]
    weighted = (r.by_queue["sl_at_forecast_staffing"] * calls).sum() / calls.sum()
    assert r.total["sl_at_forecast_staffing"] == pytest.approx(weighted)


def test_without_schedule(table):
    r = staffing_impact(table.drop(columns="scheduled_agents"), target_sl=0.9, threshold_s=30)
    assert "achieved_sl" not in r.intervals and "achieved_sl" not in r.by_queue
    assert "with staffing matched to the forecast (target 90% in 30 s)" in r.headline
    assert r.intervals["required_forecast"].iloc[0] == direct_required(
        Fraction(10), 180.0, target=0.9, t=30.0
    )


def test_targets_per_queue(table):
    two = pd.concat([table, table.assign(queue="B")], ignore_index=True)
    r = staffing_impact(two, target_sl={"A": 0.80, "B": 0.90}, threshold_s={"A": 20, "B": 30})
    req = r.intervals.groupby("queue")["required_forecast"].first()
    assert req["A"] == direct_required(Fraction(10), 180.0)
    assert req["B"] == direct_required(Fraction(10), 180.0, target=0.90, t=30.0)
    assert r.by_queue[["queue", "target_sl", "threshold_s"]].values.tolist() == [
        ["A", 0.80, 20.0],
        ["B", 0.90, 30.0],
    ]
    assert r.headline.endswith("(against each queue's service-level target).")
    with pytest.raises(ValueError, match="no value for queue"):
        staffing_impact(two, target_sl={"A": 0.8})


def test_no_under_forecast(table):
    calm = table.assign(actual_volume=table["forecast_volume"], actual_aht_s=180.0)
    r = staffing_impact(calm)
    assert r.headline.startswith("No interval needed more agents")


def test_scheduled_net_of_shrinkage(table):
    df = table.assign(scheduled_agents=20.0, actual_shrinkage=0.3, forecast_shrinkage=0.3)
    # With actual_shrinkage present, scheduled_agents is read as head count before shrinkage:
    # 20 x (1 - 0.3) = 14 (13.999999999999998 in floating point) agents on the phones
    r = staffing_impact(df)
    assert r.intervals["on_phone_agents"].tolist() == [14.0] * 4
    assert r.net_of_shrinkage
    r = staffing_impact(df, scheduled_includes_shrinkage=False)
    assert r.intervals["on_phone_agents"].tolist() == [20.0] * 4
    assert not r.net_of_shrinkage
    with pytest.raises(AnalysisError, match="actual_shrinkage"):
        staffing_impact(table, scheduled_includes_shrinkage=True)


def test_plot(table):
    import matplotlib.pyplot as plt

    ax = staffing_impact(table).plot()
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    plt.close(ax.figure)


def test_shrinkage_accuracy_by_hand():
    # One day, two intervals: scheduled 10 and 30 agents; forecast shrinkage 0.30 in both,
    # actual 0.25 and 0.35. Weighted actual = (10 x 0.25 + 30 x 0.35) / 40 = 13/40 = 0.325.
    df = pd.DataFrame(
        {
            "queue": "A",
            "interval_start": pd.DatetimeIndex(
                ["2026-03-02 09:00", "2026-03-02 10:00"]
            ).tz_localize(TZ),
            "interval_minutes": np.array([60, 60], dtype=np.int64),
            "scheduled_agents": [10.0, 30.0],
            "forecast_shrinkage": [0.30, 0.30],
            "actual_shrinkage": [0.25, 0.35],
        }
    )
    row = shrinkage_accuracy(df).iloc[0]
    assert row["n_periods"] == 1
    assert row["forecast_shrinkage"] == pytest.approx(0.30)
    assert row["actual_shrinkage"] == pytest.approx(0.325)
    assert row["mean_error"] == pytest.approx(-0.025)  # 0.30 - 0.325
    assert row["mean_abs_error"] == pytest.approx(0.025)
    assert row["mape"] == pytest.approx(0.025 / 0.325)
    # Without scheduled_agents the intervals weigh by length (equal here): mean 0.30
    row = shrinkage_accuracy(df.drop(columns="scheduled_agents")).iloc[0]
    assert row["actual_shrinkage"] == pytest.approx(0.30)
    # The same through shrinkage_comparison: actual above plan (0.325 > 0.30) on A
    got = shrinkage_comparison(df)
    assert got.available and got.missing_columns == ()
    assert got.summary().iloc[0]["actual_shrinkage"] == pytest.approx(0.325)
    assert (got.queues_above_plan, got.queues_below_plan) == (["A"], [])


def test_shrinkage_comparison_names_missing_columns(table):
    got = shrinkage_comparison(table)  # no shrinkage columns at all
    assert not got.available
    assert got.missing_columns == ("forecast_shrinkage", "actual_shrinkage")
    assert got.summary().empty and "mean_error" in got.summary().columns
    one = shrinkage_comparison(table.assign(actual_shrinkage=0.3))
    assert one.missing_columns == ("forecast_shrinkage",)
    assert one.queues_above_plan == []

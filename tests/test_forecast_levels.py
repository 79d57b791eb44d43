"""Accuracy by level with the pooled all-queue rows and the Poisson floor beside them, on
a four-interval table worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from copcwb import forecast
from copcwb.forecast import ALL_QUEUES

TZ = "Europe/Berlin"


def frame(rows: list[tuple]) -> pd.DataFrame:
    """A WFM table from (queue, local start, forecast, actual) rows, 30-minute intervals,
    AHT 300 s."""
    out = pd.DataFrame(
        rows, columns=["queue", "interval_start", "forecast_volume", "actual_volume"]
    )
    out["interval_start"] = pd.DatetimeIndex(out["interval_start"]).tz_localize(TZ)
    out.insert(2, "interval_minutes", np.full(len(out), 30, dtype=np.int64))
    out["forecast_aht_s"] = 300.0
    out["actual_aht_s"] = 300.0
    return out


# Queue A: F=110 A=100 (e = +0.10, a hit at 10% exactly), F=80 A=100 (e = -0.20).
# Queue B: F=10 A=0 (zero actual: out of MAPE and hit rate, in WAPE and bias),
#          F=50 A=40 (e = +0.25).
SMALL = [
    ("A", "2026-03-02 09:00", 110.0, 100.0),
    ("A", "2026-03-02 09:30", 80.0, 100.0),
    ("B", "2026-03-02 09:00", 10.0, 0.0),
    ("B", "2026-03-02 09:30", 50.0, 40.0),
]


@pytest.fixture
def acc() -> forecast.LevelAccuracy:
    return forecast.accuracy_by_level(
        frame(SMALL), tolerances=(0.25,), tolerance=0.10, targets={"interval": 0.5, "day": 0.9}
    )


def row(acc, level: str, queue: str, measure: str = "volume") -> pd.Series:
    t = acc.table
    return t[(t["measure"] == measure) & (t["level"] == level) & (t["queue"] == queue)].iloc[0]


def test_report_tolerances_and_column_names():
    assert forecast.report_tolerances([0.05, 0.15], 0.10) == (0.05, 0.10, 0.15)
    assert forecast.report_tolerances([0.10, 0.05], 0.10) == (0.05, 0.10)
    assert forecast.floor_column(0.05) == "floor_5"
    assert forecast.floor_column(0.025) == "floor_2_5"


def test_meets_target():
    assert forecast.meets_target(0.80, 0.80) is True  # reaching the target meets it
    assert forecast.meets_target(0.7999, 0.80) is False
    assert forecast.meets_target(0.5, np.nan) is None  # no target set
    assert forecast.meets_target(np.nan, 0.8) is None


def test_interval_rows_by_hand(acc):
    a, b, pooled = (row(acc, "interval", q) for q in ("A", "B", ALL_QUEUES))
    # A: MAPE (0.10 + 0.20) / 2; WAPE (10 + 20) / 200; bias (10 - 20) / 200; hits at 10%: 1 of 2
    assert (a["mape"], a["wape"], a["bias"]) == pytest.approx((0.15, 0.15, -0.05))
    assert (a["hit_rate_10"], a["hit_rate_25"]) == pytest.approx((0.5, 1.0))
    # B: one included interval (e = 0.25); WAPE (10 + 10) / 40, bias 20 / 40
    assert (b["n_periods"], b["n_excluded"]) == (2, 1)
    assert (b["mape"], b["wape"], b["bias"]) == pytest.approx((0.25, 0.5, 0.5))
    # All queues: the four queue-intervals pooled. WAPE 50 / 240, bias 10 / 240, MAPE over
    # the three included (0.10 + 0.20 + 0.25) / 3, hits at 10%: 1 of 3
    assert (pooled["n_periods"], pooled["n_excluded"]) == (4, 1)
    assert pooled["wape"] == pytest.approx(50 / 240)
    assert pooled["bias"] == pytest.approx(10 / 240)
    assert pooled["mape"] == pytest.approx(0.55 / 3)
    assert pooled["hit_rate_10"] == pytest.approx(1 / 3)
    # The pooled row is not the accuracy of the summed queues: summed per interval,
    # 09:00 is F 120 A 100 and 09:30 F 130 A 140, WAPE (20 + 10) / 240.
    summed = forecast.accuracy(frame(SMALL), level="interval", by=())
    assert summed["wape"].iloc[0] == pytest.approx(30 / 240)


def test_pooled_rows_with_forecast_denominator():
    acc = forecast.accuracy_by_level(frame(SMALL), tolerance=0.10, denominator="forecast")
    pooled = row(acc, "interval", ALL_QUEUES)
    # WAPE = 50 / (110 + 80 + 10 + 50); e = 10/110, -20/80, 10/50 (B 09:00 has A = 0 and
    # stays out); hits at 10%: 10/110 = 0.0909 only
    assert pooled["wape"] == pytest.approx(50 / 250)
    assert pooled["mape"] == pytest.approx((10 / 110 + 20 / 80 + 10 / 50) / 3)
    assert pooled["hit_rate_10"] == pytest.approx(1 / 3)


def test_day_rows_and_targets(acc):
    # Day totals: A F 190 A 200 (e = -0.05), B F 60 A 40 (e = +0.5)
    pooled = row(acc, "day", ALL_QUEUES)
    assert pooled["mape"] == pytest.approx((0.05 + 0.5) / 2)
    assert pooled["wape"] == pytest.approx(30 / 240)
    assert pooled["hit_rate_10"] == pytest.approx(0.5)
    levels = acc.levels("volume")
    assert levels["level"].tolist() == ["interval", "day", "week", "month"]
    # interval 1/3 < 0.5: missed; day 0.5 < 0.9: missed; weeks and months have no target
    assert levels["meets_target"].tolist() == [False, False, None, None]
    assert levels["hit_rate"].iloc[0] == pytest.approx(1 / 3)
    assessed = acc.assessed("volume")
    interval = assessed[assessed["level"] == "interval"]
    # A hits 1 of 2 = 0.5, the interval target exactly: met; B 0 of 1: missed
    assert interval["meets_target"].tolist() == [True, False, False]
    assert math.isnan(acc.target("week"))


def test_rows_in_report_order_and_reasons(acc):
    t = acc.table
    assert list(t.columns[:3]) == ["measure", "level", "queue"]
    assert t["measure"].unique().tolist() == ["volume", "aht", "workload"]
    volume = t[t["measure"] == "volume"]
    assert volume["queue"].tolist() == ["A", "B", ALL_QUEUES] * 4
    assert "hit_rate" not in t.columns and {"hit_rate_10", "hit_rate_25"} <= set(t.columns)
    reasons = acc.reasons[acc.reasons["measure"] == "volume"].set_index("reason")["n"]
    assert (reasons[""], reasons["zero_actual"], reasons.sum()) == (3, 1, 4)


def test_largest_bias_queue(acc):
    # Bias over the period: A (190 - 200) / 200 = -0.05, B (60 - 40) / 40 = +0.5
    worst = acc.largest_bias("volume")
    assert worst["queue"] == "B"
    assert worst["bias"] == pytest.approx(0.5)
    one = forecast.accuracy_by_level(frame(SMALL[:2]))
    assert one.largest_bias() is None  # one queue: nothing to compare


def test_without_the_aht_columns_only_volume_is_measured():
    wfm = frame(SMALL).drop(columns=["forecast_aht_s", "actual_aht_s"])
    acc = forecast.accuracy_by_level(wfm)
    assert acc.measures == ("volume",)
    assert acc.missing_columns == {
        "aht": ("forecast_aht_s", "actual_aht_s"),
        "workload": ("forecast_aht_s", "actual_aht_s"),
    }
    assert acc.table["measure"].unique().tolist() == ["volume"]


def poisson_window(mean: float, tol: float) -> float:
    # Actual as denominator: |F - X| <= tol X  <=>  F / (1 + tol) <= X <= F / (1 - tol)
    lo, hi = math.ceil(mean / (1 + tol)), math.floor(mean / (1 - tol))
    return math.fsum(
        math.exp(k * math.log(mean) - mean - math.lgamma(k + 1)) for k in range(lo, hi + 1)
    )


def test_floor_beside_the_hit_rates(acc):
    floor = forecast.noise_floor_by_level(frame(SMALL), tolerances=(0.25,), tolerance=0.10)
    # Included intervals: A 09:00 (F 110), A 09:30 (F 80), B 09:30 (F 50)
    p = {f: poisson_window(f, 0.10) for f in (110.0, 80.0, 50.0)}
    assert floor.floor_at("interval", 0.10, "A") == pytest.approx((p[110.0] + p[80.0]) / 2)
    assert floor.floor_at("interval", 0.10, "B") == pytest.approx(p[50.0])
    pooled = (p[110.0] + p[80.0] + p[50.0]) / 3
    assert floor.floor_at("interval", 0.10) == pytest.approx(pooled)
    assert floor.hit_rate_at("interval", 0.10) == pytest.approx(1 / 3)
    full = acc.with_floor(floor)
    got = full[(full["measure"] == "volume") & (full["level"] == "interval")]
    assert got["floor_10"].tolist() == pytest.approx([(p[110.0] + p[80.0]) / 2, p[50.0], pooled])
    assert full[full["measure"] == "aht"]["floor_10"].isna().all()
    assert list(full.columns[-2:]) == ["floor_10", "floor_25"]
    # The widest gap to the floor: A 0.5 against its floor, B 0 against p(50)
    gaps = {"A": (p[110.0] + p[80.0]) / 2 - 0.5, "B": p[50.0] - 0.0}
    assert floor.widest_gap("interval", 0.10)["queue"] == max(gaps, key=gaps.get)

"""The Poisson floor against direct sums of Poisson probabilities (math.exp / factorial)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from copcwb.forecast import noise_floor, poisson_hit_probability

TZ = "Europe/Berlin"


def pmf(k: int, mean: float) -> float:
    # e^-F F^k / k!, in logs so that F = 150 does not overflow
    return math.exp(k * math.log(mean) - mean - math.lgamma(k + 1))


def direct_floor(mean: float, tol: float) -> float:
    # P(|X - F| <= tol F): sum pmf(k) over whole k in [F - tol F, F + tol F]
    lo, hi = mean - tol * mean, mean + tol * mean
    return math.fsum(pmf(k, mean) for k in range(0, int(hi) + 2) if lo <= k <= hi)


def test_poisson_hit_probability_by_hand():
    # F = 10, 10%: X in {9, 10, 11}; e^-10 (10^9/9! + 10^10/10! + 10^11/11!)
    by_hand = math.exp(-10) * (1e9 / 362_880 + 1e10 / 3_628_800 + 1e11 / 39_916_800)
    assert float(poisson_hit_probability(10.0, 0.10)) == pytest.approx(by_hand, abs=1e-12)
    # F = 2.5, 50%: X in [1.25, 3.75] -> {2, 3}; e^-2.5 (2.5^2/2 + 2.5^3/6)
    by_hand = math.exp(-2.5) * (2.5**2 / 2 + 2.5**3 / 6)
    assert float(poisson_hit_probability(2.5, 0.50)) == pytest.approx(by_hand, abs=1e-12)
    # F = 0: no calls expected, none arrive: probability 1
    assert float(poisson_hit_probability(0.0, 0.10)) == 1.0


@pytest.mark.parametrize("mean", [0.7, 3.0, 12.5, 40.0, 150.0])
@pytest.mark.parametrize("tol", [0.05, 0.10, 0.15])
def test_poisson_hit_probability_matches_direct_sum(mean, tol):
    got = float(poisson_hit_probability(np.array([mean]), tol)[0])
    assert got == pytest.approx(direct_floor(mean, tol), abs=1e-10)


def test_noise_floor_table():
    # Two hourly intervals of queue A:
    #   F = 10,  A = 10: e = 0    (hit at 10% and 50%)
    #   F = 2.5, A = 1:  e = 1.5  (miss at both)
    df = pd.DataFrame(
        {
            "queue": "A",
            "interval_start": pd.DatetimeIndex(
                ["2026-05-04 09:00", "2026-05-04 10:00"]
            ).tz_localize(TZ),
            "interval_minutes": np.array([60, 60], dtype=np.int64),
            "forecast_volume": [10.0, 2.5],
            "actual_volume": [10.0, 1.0],
            "forecast_aht_s": 300.0,
            "actual_aht_s": 300.0,
        }
    )
    # The forecast as denominator: the window is |X - F| <= tol F (DOMAIN.md's formula).
    out = noise_floor(df, level=["interval", "day"], tolerance=[0.10, 0.50], denominator="forecast")
    assert list(out.columns) == ["queue", "level", "tolerance", "n_periods", "hit_rate", "floor"]
    it = out[out["level"] == "interval"].set_index("tolerance")
    assert it.loc[0.10, "hit_rate"] == 0.5
    # floor at 10% = (P(X in {9,10,11} | 10) + P(X in [2.25, 2.75] | 2.5) = 0) / 2
    assert it.loc[0.10, "floor"] == pytest.approx(direct_floor(10, 0.10) / 2, abs=1e-12)
    # floor at 50% = (P(5 <= X <= 15 | 10) + P(X in {2, 3} | 2.5)) / 2
    p10 = math.fsum(pmf(k, 10) for k in range(5, 16))
    p25 = pmf(2, 2.5) + pmf(3, 2.5)
    assert it.loc[0.50, "floor"] == pytest.approx((p10 + p25) / 2, abs=1e-12)
    day = out[out["level"] == "day"].set_index("tolerance")
    # The day: F = 12.5, A = 11, e = 1.5/12.5 = 0.12: a miss at 10%, a hit at 50%
    assert day.loc[0.10, "hit_rate"] == 0.0 and day.loc[0.50, "hit_rate"] == 1.0
    assert day.loc[0.10, "floor"] == pytest.approx(direct_floor(12.5, 0.10), abs=1e-12)
    assert (out["n_periods"] == np.array([2, 2, 1, 1])).all()


def test_noise_floor_bad_level():
    with pytest.raises(ValueError, match="level"):
        noise_floor(pd.DataFrame({"queue": ["A"]}), level="hour")


def test_floor_with_the_actual_as_denominator_uses_the_actual_window():
    """|F - X| <= 0.10 X  <=>  F/1.1 <= X <= F/0.9. For F = 20: 18.18 <= X <= 22.22,
    so X in {19, 20, 21, 22}; with the forecast as denominator X in {18, ..., 22}."""
    from math import exp, factorial

    from copcwb.forecast import poisson_hit_probability

    def pmf(k: int) -> float:
        return exp(-20) * 20**k / factorial(k)

    actual = sum(pmf(k) for k in range(19, 23))
    forecast = sum(pmf(k) for k in range(18, 23))
    assert poisson_hit_probability(20.0, 0.10, "actual") == pytest.approx(actual, abs=1e-12)
    assert poisson_hit_probability(20.0, 0.10) == pytest.approx(forecast, abs=1e-12)


def test_pooled_floor_weighs_queues_by_periods():
    from copcwb.forecast import pooled_floor

    floor = pd.DataFrame(
        {
            "queue": ["A", "B"],
            "level": "interval",
            "tolerance": 0.1,
            "n_periods": [100, 300],
            "hit_rate": [0.4, 0.2],
            "floor": [0.5, 0.3],
        }
    )
    got = pooled_floor(floor).iloc[0]
    # floor (100 x 0.5 + 300 x 0.3) / 400 = 140 / 400; hit rate (40 + 60) / 400
    assert got["floor"] == pytest.approx(0.35)
    assert got["hit_rate"] == pytest.approx(0.25)
    assert got["n_periods"] == 400


@pytest.mark.parametrize(
    ("hit", "floor", "target", "case", "noise", "fixable"),
    [
        (0.43, 0.49, 0.80, "split", 0.31, 0.06),  # 37 points: 31 noise + 6 forecast error
        (0.60, 0.85, 0.80, "reachable", 0.0, 0.20),
        (0.50, 0.45, 0.80, "limit", 0.30, 0.0),
        (0.85, 0.90, 0.80, "met", 0.0, 0.0),
    ],
)
def test_noise_split(hit, floor, target, case, noise, fixable):
    from copcwb.forecast import noise_split

    got = noise_split(hit, floor, target)
    assert got.case == case
    assert got.noise == pytest.approx(noise)
    assert got.fixable == pytest.approx(fixable)
    assert got.gap == pytest.approx(max(0.0, target - hit))


def test_noise_split_without_target():
    from copcwb.forecast import noise_split

    assert noise_split(0.4, 0.5, float("nan")).case == "no_target"

"""Erlang C against the textbook check values and an independent direct computation.

Direct formula (DOMAIN.md): with load A and N agents,
    Pw = [A^N/N! * N/(N-A)] / [sum_{k<N} A^k/k! + A^N/N! * N/(N-A)]
    SL = 1 - Pw exp(-(N - A) T / AHT),  ASA = Pw AHT / (N - A)
computed here exactly with fractions and math.factorial (small N) or with log-space terms
and math.fsum (large N), never with the package's recursion.
"""

from __future__ import annotations

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest

from copcwb import staffing
from copcwb.staffing import (
    OverloadWarning,
    average_speed_of_answer,
    erlang_c_metrics,
    is_overloaded,
    occupancy,
    required_agents,
    required_agents_array,
    scheduled_agents,
    service_level,
    service_level_array,
)


def direct_pw(n: int, a: Fraction) -> Fraction:
    top = a**n / math.factorial(n) * Fraction(n) / (n - a)
    return top / (sum(a**k / math.factorial(k) for k in range(n)) + top)


def direct_sl(n: int, calls, aht, interval, t) -> float:
    a = Fraction(calls) * Fraction(aht) / Fraction(interval)
    pw = direct_pw(n, a)
    return 1.0 - float(pw) * math.exp(-float(n - a) * t / aht)


def log_direct_sl(n: int, load: float, aht: float, t: float) -> float:
    # Same formula with every term as exp(log term - log of the largest term).
    logs = [k * math.log(load) - math.lgamma(k + 1) for k in range(n)]
    top = n * math.log(load) - math.lgamma(n + 1) + math.log(n / (n - load))
    m = max([*logs, top])
    num = math.exp(top - m)
    pw = num / (math.fsum(math.exp(x - m) for x in logs) + num)
    return 1.0 - pw * math.exp(-(n - load) * t / aht)


def test_check_values_from_domain():
    # A = 10 erlangs (200 calls x 180 s in 3600 s), T = 20 s: N=13 -> 0.7956, N=14 -> 0.8884
    assert service_level(13, 200, 180, 3600, 20) == pytest.approx(0.7956, abs=5e-5)
    assert service_level(14, 200, 180, 3600, 20) == pytest.approx(0.8884, abs=5e-5)
    # 80% in 20 s needs 14 agents: 13 gives 0.7956 < 0.80, 14 gives 0.8884
    assert required_agents(200, 180, 3600, 0.80, 20) == 14


@pytest.mark.parametrize(
    ("n", "calls", "aht", "interval", "t"),
    [
        (13, 200, 180, 3600, 20),
        (14, 200, 180, 3600, 20),
        (1, 1, 300, 900, 20),
        (3, 7, 240, 900, 10),
        (25, 210, 95, 900, 30),
        (40, 130, 250, 900, 15),
        (60, 400, 120, 900, 0),
    ],
)
def test_exact_against_direct_formula(n, calls, aht, interval, t):
    assert service_level(n, calls, aht, interval, t) == pytest.approx(
        direct_sl(n, calls, aht, interval, t), abs=1e-9
    )


def test_asa_and_occupancy_against_direct_formula():
    a = Fraction(10)
    pw = float(direct_pw(13, a))
    # ASA = Pw x 180 / (13 - 10)
    assert average_speed_of_answer(13, 200, 180, 3600) == pytest.approx(pw * 180 / 3, abs=1e-9)
    assert occupancy(13, 200, 180, 3600) == pytest.approx(10 / 13, abs=1e-15)
    r = erlang_c_metrics(13, 200, 180, 3600, 20)
    assert r.p_wait == pytest.approx(pw, abs=1e-12)
    assert r.load_erlangs == 10.0 and not r.overloaded
    assert list(r.summary().columns)[-1] == "overloaded"


@pytest.mark.parametrize(("load", "n"), [(250.0, 262), (1000.0, 1040), (3000.0, 3030)])
def test_large_loads_stable_and_exact(load, n):
    # calls chosen so that calls x 300 / 900 = load
    calls = load * 3
    got = service_level(n, calls, 300, 900, 20)
    assert 0.0 < got < 1.0
    assert got == pytest.approx(log_direct_sl(n, load, 300, 20), abs=1e-9)
    arr, over = service_level_array(np.array([n]), calls, 300, 900, 20)
    assert arr[0] == pytest.approx(got, abs=1e-9) and not over[0]


def test_required_agents_large_load_against_direct_search():
    # A = 1000 erlangs; the fewest N whose direct SL reaches 80% in 20 s
    n = 1001
    while log_direct_sl(n, 1000.0, 900.0, 20.0) < 0.80:
        n += 1
    assert required_agents(4000, 900, 3600, 0.80, 20) == n
    assert required_agents_array(np.array([4000.0]), 900, 3600, 0.80, 20)[0] == n


def test_overload_is_flagged_not_silent():
    # A = 10 erlangs and 10 agents: no steady state
    with pytest.warns(OverloadWarning, match="grows without bound"):
        assert service_level(10, 200, 180, 3600, 20) == 0.0
    with pytest.warns(OverloadWarning):
        assert average_speed_of_answer(8, 200, 180, 3600) == math.inf
    with pytest.warns(OverloadWarning):
        assert occupancy(8, 200, 180, 3600) == 1.0
    assert is_overloaded(10, 200, 180, 3600)
    assert not is_overloaded(11, 200, 180, 3600)
    r = erlang_c_metrics(9, 200, 180, 3600, 20)
    assert r.overloaded and r.service_level == 0.0 and r.p_wait == 1.0
    sl, over = service_level_array(np.array([9, 10, 11]), 200, 180, 3600, 20)
    assert over.tolist() == [True, True, False]
    assert sl[0] == 0.0 and sl[1] == 0.0 and sl[2] > 0.0


def test_no_load():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert service_level(0, 0, 180, 900, 20) == 1.0
        assert service_level(3, 0, 180, 900, 20) == 1.0
    assert required_agents(0, 180, 900, 0.8, 20) == 0
    assert not is_overloaded(0, 0, 180, 900)


def test_scheduled_agents():
    # ceil(13 / 0.7) = ceil(18.57) = 19; ceil(7 / 0.7) = 10 exactly (not 11)
    assert scheduled_agents(13, 0.30) == 19
    assert scheduled_agents(7, 0.30) == 10
    assert scheduled_agents(14, 0.0) == 14
    with pytest.raises(ValueError, match="shrinkage"):
        scheduled_agents(14, 1.0)


def test_vectorised_matches_scalar():
    rng = np.random.default_rng(7)
    calls = np.concatenate([rng.uniform(0, 60, 150), rng.uniform(100, 3000, 40), [0.0, 1.0]])
    aht = rng.uniform(60, 600, len(calls))
    interval = np.where(rng.random(len(calls)) < 0.5, 900.0, 1800.0)
    req = required_agents_array(calls, aht, interval, 0.85, 15)
    expected = [
        required_agents(c, h, i, 0.85, 15) for c, h, i in zip(calls, aht, interval, strict=True)
    ]
    assert req.tolist() == expected
    agents = req + rng.integers(-2, 3, len(req))
    agents = np.maximum(agents, 0)
    sl, over = service_level_array(agents, calls, aht, interval, 15)
    for k in range(len(calls)):
        assert over[k] == is_overloaded(int(agents[k]), calls[k], aht[k], interval[k])
        if not over[k]:
            assert sl[k] == pytest.approx(
                service_level(int(agents[k]), calls[k], aht[k], interval[k], 15), abs=1e-9
            )


def test_arrays_carry_missing_values():
    req = required_agents_array(np.array([np.nan, 200.0]), 180, 3600, 0.8, 20)
    assert np.isnan(req[0]) and req[1] == 14
    sl, over = service_level_array(np.array([13.0, np.nan]), 200, 180, 3600, 20)
    assert sl[0] == pytest.approx(0.7956, abs=5e-5) and np.isnan(sl[1]) and not over[1]


def test_bad_arguments():
    with pytest.raises(ValueError, match="whole number"):
        service_level(12.5, 200, 180, 3600, 20)
    with pytest.raises(ValueError, match="target_sl"):
        required_agents(200, 180, 3600, 1.0, 20)
    with pytest.raises(ValueError, match="interval_s"):
        service_level(13, 200, 180, 0, 20)
    with pytest.raises(ValueError, match="calls"):
        service_level(13, -1, 180, 3600, 20)
    with pytest.raises(ValueError, match="whole numbers"):
        service_level_array(np.array([12.5]), 200, 180, 3600, 20)


def test_argument_checks():
    assert staffing.check_number("calls", "12.5") == 12.5
    assert staffing.check_target(0.8) == 0.8
    with pytest.raises(ValueError, match="threshold_s must be a finite number >= 0"):
        staffing.check_number("threshold_s", -1)
    with pytest.raises(ValueError, match="> 0"):
        staffing.check_number("interval_s", 0, positive=True)
    for bad in (0.0, 1.0):
        with pytest.raises(ValueError, match="between 0 and 1"):
            staffing.check_target(bad)


def test_public_names():
    assert {"service_level", "required_agents", "staffing_impact"} <= set(staffing.__all__)
    for name in staffing.__all__:
        assert hasattr(staffing, name)

"""Wilson interval and sample size, checked against DOMAIN.md and hand arithmetic."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import norm

from copcwb.quality import achieved_margin, sample_size, wilson_interval


def test_wilson_48_of_50():
    # DOMAIN.md: 48/50 at 95% -> Wilson (0.865, 0.989); the normal approximation's upper
    # bound would be 0.96 + 1.96*sqrt(0.96*0.04/50) = 0.96 + 0.0543 = 1.014.
    # z = 1.959964, z^2 = 3.841459, p = 0.96, n = 50
    # z^2/n = 0.0768292; centre = (0.96 + 0.0384146) / 1.0768292 = 0.998415/1.0768292 = 0.927181
    # half = z/1.0768292 * sqrt(0.96*0.04/50 + 3.841459/(4*2500))
    #      = 1.820120 * sqrt(0.000768 + 0.000384146) = 1.820120 * 0.0339433 = 0.0617811
    # low = 0.927181 - 0.061781 = 0.865400; high = 0.927181 + 0.061781 = 0.988962
    low, high = wilson_interval(48, 50)
    assert low == pytest.approx(0.865400, abs=2e-6)
    assert high == pytest.approx(0.988962, abs=2e-6)
    assert round(low, 3) == 0.865 and round(high, 3) == 0.989


def test_wilson_at_the_edges():
    # x = n: low = n / (n + z^2) = 10 / (10 + 3.841459) = 0.722467, high = 1
    low, high = wilson_interval(10, 10)
    assert low == pytest.approx(10 / (10 + norm.ppf(0.975) ** 2))
    assert high == 1.0
    # x = 0: low = 0, high = z^2 / (n + z^2) = 3.841459/13.841459 = 0.277533
    low, high = wilson_interval(0, 10)
    assert low == 0.0
    assert high == pytest.approx(3.841459 / 13.841459, abs=1e-6)


def test_wilson_99_percent_is_wider():
    low95, high95 = wilson_interval(48, 50, 0.95)
    low99, high99 = wilson_interval(48, 50, 0.99)
    assert low99 < low95 and high99 > high95


def test_wilson_argument_checks():
    for args in ((5, 0), (6, 5), (-1, 5), (2.5, 5)):
        with pytest.raises(ValueError):
            wilson_interval(*args)
    with pytest.raises(ValueError):
        wilson_interval(1, 5, confidence=95)


def test_sample_size_checks_from_domain():
    # 95%: z = 1.959964; n0 = 1.959964^2 * 0.25 / 0.05^2 = 3.841459*0.25/0.0025 = 384.146
    # N = 1000: n = 384.146 / (1 + 383.146/1000) = 384.146/1.383146 = 277.73 -> 278
    assert sample_size(0.05, 0.95, population=1000) == 278
    # 99%: z = 2.575829; n0 = 6.634897*0.25/0.0009 = 1843.027
    # N = 60000: n = 1843.027 / (1 + 1842.027/60000) = 1843.027/1.030700 = 1788.13 -> 1789
    assert sample_size(0.03, 0.99, population=60000) == 1789
    # no population: ceil(384.146) = 385
    assert sample_size(0.05) == 385
    # expected accuracy 0.95: n0 = 3.841459*0.95*0.05/0.0025 = 72.99 -> 73
    assert sample_size(0.05, p=0.95) == 73
    # never more than the population
    assert sample_size(0.01, population=50) <= 50


def test_sample_size_argument_checks():
    with pytest.raises(ValueError):
        sample_size(0)
    with pytest.raises(ValueError):
        sample_size(0.05, confidence=1.0)
    with pytest.raises(ValueError):
        sample_size(0.05, p=1.0)
    with pytest.raises(ValueError):
        sample_size(0.05, population=0)


def test_achieved_margin_inverts_sample_size():
    # n = 278 of N = 1000: E = 1.959964 * sqrt(0.25/278) * sqrt(722/999)
    #                        = 1.959964 * 0.0299880 * 0.850125 = 0.049966 (<= 0.05)
    margin = achieved_margin(np.array([278]), 0.95, 0.5, np.array([1000.0]))[0]
    expected = 1.959964 * math.sqrt(0.25 / 278) * math.sqrt(722 / 999)
    assert margin == pytest.approx(expected, rel=1e-6)
    assert margin <= 0.05
    # one fewer misses the margin
    assert achieved_margin(np.array([277]), 0.95, 0.5, np.array([1000.0]))[0] > 0.05

"""Mann-Kendall trend test and the trend labels of the baseline scorecard.

References: Mann (1945), Kendall (1975); S = sum_{i<j} sign(x_j - x_i);
var(S) = [n(n-1)(2n+5) - sum_t t(t-1)(2t+5)] / 18; z = (S - sign S)/sqrt(var S).
Exact p-values are checked against a brute-force enumeration of all n! orderings
written independently in this file.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import kendalltau, norm

from copcwb.baseline import assess, mann_kendall
from copcwb.baseline.trend import latest_run

SMALL = pd.DataFrame(
    {
        "metric": ["sl", "asa", "note"],
        "label": ["Service level", "Speed of answer", "No target"],
        "category": ["service", "service", "quality"],
        "unit": ["share", "seconds", "share"],
        "direction": ["higher", "lower", "higher"],
        "target": [0.80, 30.0, float("nan")],
    }
)


def brute_force_p(x):
    """Two-sided exact p: share of the n! orderings of x with |S| >= |S_obs|."""

    def s_of(v):
        return sum(np.sign(v[j] - v[i]) for i in range(len(v)) for j in range(i + 1, len(v)))

    s_obs = abs(s_of(x))
    perms = list(itertools.permutations(x))
    return sum(abs(s_of(p)) >= s_obs for p in perms) / len(perms)


def kpis(rows):
    months, values, metric = zip(*rows, strict=True)
    return pd.DataFrame(
        {
            "program": "P",
            "metric": list(metric),
            "month": pd.PeriodIndex(list(months), freq="M"),
            "value": list(values),
        }
    )


def series(metric, start, values):
    months = pd.period_range(start, periods=len(values), freq="M").astype(str)
    return [(m, v, metric) for m, v in zip(months, values, strict=True)]


def test_rising_series_exact_and_normal():
    # x = 1..6: all C(6,2) = 15 pairs rise, so S = 15.
    # Exact: only the identity ordering gives S = 15 and only its reverse S = -15,
    # so p = 2 / 6! = 2/720 = 0.0027778.
    test = mann_kendall([0.70, 0.72, 0.74, 0.76, 0.78, 0.81])
    assert test.s == 15
    assert test.method == "exact"
    assert test.p_val == pytest.approx(2 / 720)
    # var(S) = 6*5*17/18 = 510/18 = 28.3333; z = (15-1)/sqrt(28.3333) = 14/5.32291 = 2.63014
    # p = 2*(1 - Phi(2.63014)) = 0.008535 (< 0.05 as well)
    normal = mann_kendall([0.70, 0.72, 0.74, 0.76, 0.78, 0.81], method="normal")
    assert normal.var_s == pytest.approx(510 / 18)
    assert normal.z == pytest.approx(14 / math.sqrt(510 / 18))
    assert normal.z == pytest.approx(2.63014, abs=1e-5)
    assert normal.p_val == pytest.approx(2 * norm.sf(2.630142), rel=1e-5)
    assert normal.p_val < 0.05


def test_falling_series():
    # 6 falling values: S = -15, exact p = 2/720.
    test = mann_kendall([40, 38, 35, 33, 31, 28])
    assert test.s == -15
    assert test.p_val == pytest.approx(2 / 720)
    # Theil-Sen slope: median of the 15 pairwise slopes.
    x = [40, 38, 35, 33, 31, 28]
    slopes = sorted((x[j] - x[i]) / (j - i) for i in range(6) for j in range(i + 1, 6))
    assert test.slope == pytest.approx(slopes[7])


def test_flat_and_constant_series():
    # Constant: every pair tied, S = 0, p = 1.
    flat = mann_kendall([5.0] * 6)
    assert flat.s == 0 and flat.p_val == pytest.approx(1.0)
    # Noisy flat x = (3, 1, 4, 2, 6, 5):
    # pairs from 3: (1,-) (4,+) (2,-) (6,+) (5,+) -> +1
    # from 1: 4+,2+,6+,5+ -> +4; from 4: 2-,6+,5+ -> +1; from 2: 6+,5+ -> +2; from 6: 5- -> -1
    # S = 1 + 4 + 1 + 2 - 1 = 7
    x = [3, 1, 4, 2, 6, 5]
    test = mann_kendall(x)
    assert test.s == 7
    assert test.p_val == pytest.approx(brute_force_p(x))
    assert test.p_val > 0.05


def test_ties_exact_matches_brute_force_and_normal_variance():
    x = [1, 1, 2, 3, 4, 5]
    # S: the tied pair (1,1) gives 0, the other 14 pairs rise -> S = 14.
    # Orderings with |S| >= 14: ascending (2 ways: the tied 1s swap) and descending (2): 4/720.
    test = mann_kendall(x)
    assert test.s == 14
    assert test.p_val == pytest.approx(4 / 720)
    assert test.p_val == pytest.approx(brute_force_p(x))
    # Tie-corrected variance: [6*5*17 - 2*1*9]/18 = (510 - 18)/18 = 27.3333
    assert test.var_s == pytest.approx(492 / 18)
    x2 = [2, 2, 1, 3, 3, 3, 4]
    assert mann_kendall(x2).p_val == pytest.approx(brute_force_p(x2))


def test_s_agrees_with_kendall_tau_and_large_n_uses_normal():
    rng = np.random.default_rng(7)
    x = rng.normal(size=12).cumsum()
    test = mann_kendall(x)
    # Without ties S = tau * n(n-1)/2 (Kendall's tau-a = tau-b).
    tau = kendalltau(np.arange(12), x).statistic
    assert test.s == round(tau * 66)
    assert test.method == "normal"
    # var(S) = 12*11*29/18 = 3828/18 = 212.667
    assert test.var_s == pytest.approx(3828 / 18)
    z = (test.s - np.sign(test.s)) / math.sqrt(3828 / 18)
    assert test.p_val == pytest.approx(2 * norm.sf(abs(z)))


def test_exact_without_ties_for_larger_n_matches_known_count():
    # n = 10 strictly rising: exact p = 2/10! = 2/3628800.
    assert mann_kendall(list(range(10)), method="exact").p_val == pytest.approx(2 / 3628800)


def test_mann_kendall_argument_checks():
    with pytest.raises(ValueError):
        mann_kendall([1, 2])
    with pytest.raises(ValueError):
        mann_kendall([1, 2, float("nan")])
    with pytest.raises(ValueError):
        mann_kendall([1, 2, 3], method="bayes")


def test_latest_run():
    # months 1,2,3, 5,6 -> the run ending at 6 is (5, 6): length 2
    assert latest_run(np.array([1, 2, 3, 5, 6])) == 2
    assert latest_run(np.array([1, 2, 3])) == 3
    assert latest_run(np.array([])) == 0


def test_trend_labels_in_scorecard():
    rows = (
        # service level rising (higher is better): improving, p = 2/720
        series("sl", "2024-01", [0.70, 0.72, 0.74, 0.76, 0.78, 0.81])
        # speed of answer rising (lower is better): deteriorating, p = 2/720
        + series("asa", "2024-01", [20, 22, 25, 27, 29, 31])
    )
    card = assess(kpis(rows), SMALL).scorecard.set_index("metric")
    assert card.loc["sl", "trend"] == "improving"
    assert card.loc["asa", "trend"] == "deteriorating"
    assert card.loc["sl", "trend_p_val"] == pytest.approx(2 / 720)
    assert card.loc["asa", "trend_s"] == 15
    assert card.loc["sl", "trend_n"] == 6
    assert str(card.loc["sl", "trend_start"]) == "2024-01"


def test_falling_lower_is_better_is_improving_and_flat_is_stable():
    rows = series("asa", "2024-01", [40, 38, 35, 33, 31, 28]) + series(
        "sl", "2024-01", [0.80, 0.78, 0.81, 0.79, 0.80, 0.80]
    )
    card = assess(kpis(rows), SMALL).scorecard.set_index("metric")
    assert card.loc["asa", "trend"] == "improving"
    # sl = (.80,.78,.81,.79,.80,.80): S = (-1+1-1+0+0) + (1+1+1+1) + (-1-1-1) + (1+1) + (0) = 2
    assert card.loc["sl", "trend_s"] == 2
    assert card.loc["sl", "trend"] == "stable"


def test_gap_in_months_breaks_the_run():
    # Jan-Mar, then May-Sep: the run ending at the latest month (Sep) has 5 months < 6.
    gapped = series("sl", "2024-01", [0.70, 0.71, 0.72]) + series(
        "sl", "2024-05", [0.73, 0.74, 0.75, 0.76, 0.77]
    )
    card = assess(kpis(gapped), SMALL).scorecard.set_index("metric")
    assert card.loc["sl", "trend"] == "insufficient"
    assert math.isnan(card.loc["sl", "trend_p_val"])
    assert card.loc["sl", "trend_n"] == 5
    # One more month (Oct) makes the run May-Oct = 6 months: enough.
    longer = gapped + [("2024-10", 0.78, "sl")]
    card = assess(kpis(longer), SMALL).scorecard.set_index("metric")
    assert card.loc["sl", "trend"] == "improving"
    assert str(card.loc["sl", "trend_start"]) == "2024-05"


def test_only_the_last_trend_months_are_used():
    # 8 months: the first two are high, the last 6 rise strictly -> improving on the last 6.
    rows = series("sl", "2024-01", [0.95, 0.94, 0.70, 0.72, 0.74, 0.76, 0.78, 0.81])
    card = assess(kpis(rows), SMALL).scorecard.set_index("metric")
    assert card.loc["sl", "trend_s"] == 15 and card.loc["sl", "trend"] == "improving"
    # With trend_months = 8 all 8 values are used (exact, n = 8): 0.95 is above all 7 later
    # values (-7), 0.94 above the 6 later ones (-6), the last 6 rise (+15): S = 2 -> stable.
    card8 = assess(kpis(rows), SMALL, trend_months=8).scorecard.set_index("metric")
    assert card8.loc["sl", "trend_n"] == 8
    assert card8.loc["sl", "trend_s"] == 2
    assert card8.loc["sl", "trend"] == "stable"


def test_alpha_decides_the_label():
    # x = (3,1,4,2,6,5): S = 7; exact p from enumeration is about 0.136.
    rows = series("sl", "2024-01", [0.3, 0.1, 0.4, 0.2, 0.6, 0.5])
    p = brute_force_p([3, 1, 4, 2, 6, 5])
    assert assess(kpis(rows), SMALL, alpha=0.05).scorecard.loc[0, "trend"] == "stable"
    assert assess(kpis(rows), SMALL, alpha=p + 0.01).scorecard.loc[0, "trend"] == "improving"

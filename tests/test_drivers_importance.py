"""Dominance (Shapley) importance of drivers and the importance-performance quadrant."""

from __future__ import annotations

from itertools import combinations
from math import factorial
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

from copcwb.drivers import (
    driver_importance,
    importance_performance,
    ordinal_logit,
)
from copcwb.drivers.ordinal import z_critical
from copcwb.drivers.quadrant import quadrant_label
from copcwb.errors import AnalysisError

matplotlib.use("Agg")

REF = Path(__file__).resolve().parent / "data" / "reference"


def ratings(n: int = 1200, seed: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    mood = rng.normal(size=n)
    df = pd.DataFrame(
        {
            name: np.clip(np.round(3.4 + 0.7 * mood + rng.normal(size=n)), 1, 5).astype(int)
            for name in ("reliability", "empathy", "tangibles", "assurance")
        }
    )
    eta = 0.8 * df["reliability"] + 0.4 * df["empathy"] + 0.1 * df["tangibles"]
    df["overall"] = 1 + np.searchsorted([4.0, 5.5, 7.0, 8.5], eta + rng.logistic(size=n))
    df["program"] = rng.choice(["north", "south"], size=n)
    return df


def r2(df: pd.DataFrame, drivers: list[str]) -> float:
    return ordinal_logit(df, "overall", drivers).pseudo_r2 if drivers else 0.0


def test_two_drivers_equal_the_hand_formula():
    df = ratings()
    res = driver_importance(df, "overall", ["reliability", "empathy"])
    # general dominance of driver 1 with two drivers = average of its marginal contributions:
    #   GD_1 = 1/2 [R2(1) - R2()] + 1/2 [R2(1,2) - R2(2)]
    r_1, r_2, r_12 = (
        r2(df, ["reliability"]),
        r2(df, ["empathy"]),
        r2(df, ["reliability", "empathy"]),
    )
    gd1 = 0.5 * r_1 + 0.5 * (r_12 - r_2)
    gd2 = 0.5 * r_2 + 0.5 * (r_12 - r_1)
    t = res.summary().set_index("driver")
    assert t.loc["reliability", "r2_contribution"] == pytest.approx(gd1, abs=1e-9)
    assert t.loc["empathy", "r2_contribution"] == pytest.approx(gd2, abs=1e-9)
    assert res.r2_full == pytest.approx(r_12, abs=1e-12)
    assert t.loc["reliability", "importance_pct"] == pytest.approx(100 * gd1 / r_12, rel=1e-9)
    assert t.loc["reliability", "rank"] == 1
    assert t["ci_low"].isna().all() and res.n_boot == 0


def test_weights_sum_to_full_r2_and_equal_shapley_formula():
    df = ratings()
    names = ["reliability", "empathy", "tangibles", "assurance"]
    res = driver_importance(df, "overall", names)
    t = res.summary().set_index("driver")
    assert t["r2_contribution"].sum() == pytest.approx(res.r2_full, abs=1e-12)
    assert t["importance_pct"].sum() == pytest.approx(100.0, abs=1e-9)
    # Shapley value of 'tangibles' written out: sum over subsets S of the other three of
    #   |S|! (p - |S| - 1)! / p! * (R2(S + j) - R2(S))
    p, j = 4, "tangibles"
    others = [d for d in names if d != j]
    value = 0.0
    for k in range(p):
        for S in combinations(others, k):
            wgt = factorial(k) * factorial(p - k - 1) / factorial(p)
            value += wgt * (r2(df, [*S, j]) - r2(df, list(S)))
    assert t.loc[j, "r2_contribution"] == pytest.approx(value, abs=1e-9)
    # conditional dominance: column 0 is the driver's R2 alone
    assert res.conditional.loc[j, 0] == pytest.approx(r2(df, [j]), abs=1e-9)
    assert list(t.index[:2]) == ["reliability", "empathy"]


def test_categorical_driver_counts_once_and_weights():
    df = ratings()
    agg = df.groupby(["overall", "reliability", "program"]).size().rename("n").reset_index()
    res = driver_importance(agg, "overall", ["reliability", "program"], weights="n")
    full = driver_importance(df, "overall", ["reliability", "program"])
    assert res.drivers == ("reliability", "program")
    pd.testing.assert_frame_equal(res.summary(), full.summary(), atol=1e-9)


def test_bootstrap_interval_is_seeded():
    df = ratings(600)
    a = driver_importance(df, "overall", ["reliability", "empathy"], n_boot=20, seed=7)
    b = driver_importance(df, "overall", ["reliability", "empathy"], n_boot=20, seed=7)
    pd.testing.assert_frame_equal(a.summary(), b.summary())
    t = a.summary()
    assert a.n_boot == 20
    assert (t["ci_low"] <= t["importance_pct"]).all()
    assert (t["importance_pct"] <= t["ci_high"]).all()
    assert a.plot() is not None


def test_too_many_drivers_is_refused():
    df = ratings(200)
    with pytest.raises(AnalysisError, match="at most 1"):
        driver_importance(df, "overall", ["reliability", "empathy"], max_drivers=1)


# ------------------------------------------------------------------- controls (domin all())


def test_controls_match_stata_domin_ologit_all():
    """Stata's own example of an ordered logit with a covariate in every subset model.

    Source: the README of the Stata package domin (J. N. Luchman, repository jluchman/domin,
    README.md, section "Ordered Logistic Regression-based DA", commit 26efab0), which prints
    the output of

        . sysuse auto
        . domin rep78 trunk weight length, reg(ologit) fitstat(e(r2_p)) all(turn)

    on Stata's 1978 automobile data (tests/data/reference/auto.csv, see README.md there).
    Printed to 4 decimals, so the tolerance is half a unit of the last printed digit.
    """
    auto = pd.read_csv(REF / "auto.csv")
    res = driver_importance(auto, "rep78", ["trunk", "weight", "length"], controls=["turn"])
    tol = 5e-5
    assert res.nobs == 69  # Number of obs = 69 (rep78 is missing for 5 of the 74 cars)
    assert res.r2_full == pytest.approx(0.1209, abs=tol)  # Overall Fit Statistic
    assert res.r2_controls == pytest.approx(0.1003, abs=tol)  # All Subsets Fit Stat.
    assert res.controls == ("turn",)
    t = res.summary().set_index("driver")
    # General dominance statistics: Dominance Stat., Standardized Domin. Stat., Ranking
    published = {
        "trunk": (0.0082, 0.0680, 2),
        "weight": (0.0021, 0.0174, 3),
        "length": (0.0102, 0.0845, 1),
    }
    for driver, (stat, standardized, rank) in published.items():
        assert t.loc[driver, "r2_contribution"] == pytest.approx(stat, abs=tol)
        # domin standardizes by the overall fit statistic (controls' part included)
        assert t.loc[driver, "r2_contribution"] / res.r2_full == pytest.approx(
            standardized, abs=tol
        )
        assert t.loc[driver, "rank"] == rank
    # Conditional dominance statistics, columns "#indepvars: 1, 2, 3" (turn always in)
    conditional = {
        "trunk": [0.0131, 0.0077, 0.0039],
        "weight": [0.0027, 0.0016, 0.0020],
        "length": [0.0139, 0.0097, 0.0070],
    }
    for driver, row in conditional.items():
        assert list(res.conditional.loc[driver]) == pytest.approx(row, abs=tol)
    # importance_pct is the share of what the drivers add beyond turn, and sums to 100
    assert t["importance_pct"].sum() == pytest.approx(100.0, abs=1e-9)
    assert t.loc["length", "importance_pct"] == pytest.approx(
        100 * t.loc["length", "r2_contribution"] / (res.r2_full - res.r2_controls), rel=1e-12
    )


def test_controls_two_drivers_equal_the_hand_formula():
    df = ratings()
    controls = ["program", "tangibles"]  # one categorical, one numeric control
    res = driver_importance(df, "overall", ["reliability", "empathy"], controls=controls)
    # the four subset fits, every one with the controls C in it:
    #   GD_1 = 1/2 [R2(C,1) - R2(C)] + 1/2 [R2(C,1,2) - R2(C,2)]
    r_c = r2(df, controls)
    r_c1 = r2(df, [*controls, "reliability"])
    r_c2 = r2(df, [*controls, "empathy"])
    r_c12 = r2(df, [*controls, "reliability", "empathy"])
    gd1 = 0.5 * (r_c1 - r_c) + 0.5 * (r_c12 - r_c2)
    gd2 = 0.5 * (r_c2 - r_c) + 0.5 * (r_c12 - r_c1)
    t = res.summary().set_index("driver")
    assert t.loc["reliability", "r2_contribution"] == pytest.approx(gd1, abs=1e-9)
    assert t.loc["empathy", "r2_contribution"] == pytest.approx(gd2, abs=1e-9)
    assert res.r2_controls == pytest.approx(r_c, abs=1e-9)
    assert res.r2_full == pytest.approx(r_c12, abs=1e-9)
    # the drivers share out only the fit beyond the controls-only model
    assert t["r2_contribution"].sum() == pytest.approx(r_c12 - r_c, abs=1e-12)
    assert t.loc["reliability", "importance_pct"] == pytest.approx(
        100 * gd1 / (r_c12 - r_c), rel=1e-9
    )
    assert t["importance_pct"].sum() == pytest.approx(100.0, abs=1e-9)
    assert res.drivers == ("reliability", "empathy")
    assert res.controls == ("program", "tangibles")
    assert res.conditional.loc["empathy", 0] == pytest.approx(r_c2 - r_c, abs=1e-9)
    assert list(res.summary().columns) == [
        "driver",
        "r2_contribution",
        "importance_pct",
        "ci_low",
        "ci_high",
        "rank",
    ]


def test_no_controls_means_a_zero_baseline():
    res = driver_importance(ratings(400), "overall", ["reliability", "empathy"])
    assert res.controls == ()
    assert res.r2_controls == 0.0
    assert res.summary()["r2_contribution"].sum() == pytest.approx(res.r2_full, abs=1e-12)


def test_controls_share_one_listwise_sample():
    df = ratings(800)
    df["tenure"] = np.random.default_rng(5).normal(size=len(df))
    df.loc[df.index[:37], "tenure"] = np.nan  # a control missing on 37 rows
    df.loc[df.index[40:45], "empathy"] = np.nan  # a driver missing on 5 more
    res = driver_importance(df, "overall", ["reliability", "empathy"], controls=["tenure"])
    complete = df.dropna(subset=["tenure", "empathy"])
    same = driver_importance(complete, "overall", ["reliability", "empathy"], controls=["tenure"])
    assert res.nobs == len(df) - 42
    pd.testing.assert_frame_equal(res.summary(), same.summary(), atol=1e-12)
    # the controls-only model is fitted on those same rows, not on every row with tenure
    assert res.r2_controls == pytest.approx(r2(complete, ["tenure"]), abs=1e-9)


def test_bootstrap_keeps_the_controls():
    df = ratings(600)
    # a noisy reading of a control: important alone, adds little once the control is in
    df["reliability_seen"] = df["reliability"] + np.random.default_rng(1).normal(
        scale=0.3, size=len(df)
    )
    names = ["reliability_seen", "empathy"]
    kw = {"controls": ["reliability"], "n_boot": 15, "seed": 3}
    a = driver_importance(df, "overall", names, **kw)
    b = driver_importance(df, "overall", names, **kw)
    pd.testing.assert_frame_equal(a.summary(), b.summary())
    assert a.n_boot == 15
    t = a.summary().set_index("driver")
    assert (t["ci_low"] <= t["ci_high"]).all()
    # every replicate kept the control: the interval of reliability_seen's share stays far
    # below its share when nothing is controlled for
    alone = driver_importance(df, "overall", names).summary().set_index("driver")
    assert (
        t.loc["reliability_seen", "ci_high"] < 0.5 * alone.loc["reliability_seen", "importance_pct"]
    )
    # with two drivers each replicate's shares are (x, 100 - x): the intervals mirror
    assert t.loc["reliability_seen", "ci_low"] == pytest.approx(
        100 - t.loc["empathy", "ci_high"], abs=1e-9
    )
    assert a.plot() is not None


def test_control_errors_name_the_column_and_the_fix():
    df = ratings(200)
    with pytest.raises(ValueError, match="'empathy' is given both as a driver and as a control"):
        driver_importance(df, "overall", ["reliability", "empathy"], controls=["empathy"])
    with pytest.raises(ValueError, match="control 'channel' is not a column.*Fix"):
        driver_importance(df, "overall", ["reliability"], controls=["channel"])
    with pytest.raises(ValueError, match="driver 'speed' is not a column.*Fix"):
        driver_importance(df, "overall", ["speed"], controls=["program"])
    with pytest.raises(AnalysisError, match="at least one driver"):
        driver_importance(df, "overall", [], controls=["program"])


def test_z_critical_is_the_two_sided_normal_value():
    # textbook normal quantiles: z_0.975 = 1.959964, z_0.995 = 2.575829
    assert z_critical(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert z_critical(0.99) == pytest.approx(2.575829, abs=1e-6)
    with pytest.raises(ValueError, match="between 0 and 1"):
        z_critical(1.0)


# --------------------------------------------------------------------------------- quadrant


def test_quadrant_rule_with_given_importance():
    df = ratings()
    # performance = mean rating, written out per driver
    means = {d: df[d].mean() for d in ("reliability", "empathy", "tangibles", "assurance")}
    imp = {"reliability": 50.0, "empathy": 30.0, "tangibles": 15.0, "assurance": 5.0}
    res = importance_performance(df, list(imp), importance=imp)
    i_cut = np.mean(list(imp.values()))  # 25
    p_cut = np.mean(list(means.values()))
    t = res.summary().set_index("driver")
    for d in imp:
        assert t.loc[d, "performance"] == pytest.approx(means[d], abs=1e-12)
        assert t.loc[d, "quadrant"] == quadrant_label(imp[d] >= i_cut, means[d] >= p_cut)
    assert res.importance_split == pytest.approx(i_cut)
    assert res.performance_split == pytest.approx(p_cut)
    assert res.plot() is not None


def test_quadrant_labels_and_top_box_median_split():
    assert quadrant_label(True, False) == "fix first"
    assert quadrant_label(True, True) == "keep up"
    assert quadrant_label(False, True) == "possible overkill"
    assert quadrant_label(False, False) == "low priority"
    df = pd.DataFrame(
        {
            "a": [5, 5, 5, 1, 2],  # top-box share 3/5
            "b": [5, 1, 1, 1, 2],  # 1/5
            "c": [5, 5, 4, 4, 4],  # 2/5
            "overall": [1, 2, 3, 2, 1],
        }
    )
    res = importance_performance(
        df,
        ["a", "b", "c"],
        importance={"a": 10, "b": 60, "c": 30},
        performance="top_box",
        top_box=5,
        split="median",
    )
    t = res.summary().set_index("driver")
    assert t["performance"].to_dict() == pytest.approx({"a": 0.6, "b": 0.2, "c": 0.4})
    # medians: importance 30, performance 0.4
    assert t.loc["b", "quadrant"] == "fix first"
    assert t.loc["c", "quadrant"] == "keep up"
    assert t.loc["a", "quadrant"] == "possible overkill"
    assert res.fix_first == ["b"]


def test_quadrant_computes_importance_when_not_given():
    df = ratings(800)
    res = importance_performance(df, ["reliability", "empathy", "tangibles"])
    assert res.importance is not None
    t = res.summary()
    assert t["importance"].sum() == pytest.approx(100.0)
    with pytest.raises(ValueError, match="no importance"):
        importance_performance(df, ["reliability", "empathy"], importance={"empathy": 1.0})

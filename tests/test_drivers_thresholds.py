"""Operational thresholds: where an operational fact starts to hurt the top box (hinge), and the
top-box curve over it (spline, bins)."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from copcwb.drivers import (
    SurveyColumns,
    ThresholdSettings,
    operational_threshold,
    operational_thresholds,
    ordinal_logit,
)
from copcwb.drivers.thresholds import breakpoint_candidates, davies_p, rcs_basis
from copcwb.errors import AnalysisError

matplotlib.use("Agg")


def survey(n: int = 6000, seed: int = 9) -> pd.DataFrame:
    """IVR time with a designed cliff: the logit of satisfaction falls by 2 around 120 s
    (a logistic step of scale 20 s, steepest exactly at 120 s)."""
    rng = np.random.default_rng(seed)
    ivr = np.round(rng.uniform(0, 300, size=n))
    rel = rng.integers(1, 6, size=n)
    eta = 0.4 * rel - 2.0 / (1.0 + np.exp(-(ivr - 120.0) / 20.0))
    overall = 1 + np.searchsorted([-1.0, 0.0, 1.0, 2.0], eta + rng.logistic(size=n))
    return pd.DataFrame({"overall": overall, "ivr_seconds": ivr, "reliability": rel})


def test_rcs_basis_by_hand():
    knots = np.array([0.0, 1.0, 2.0, 4.0])
    x = np.array([-1.0, 0.5, 3.0, 6.0])
    B = rcs_basis(x, knots)
    assert B[:, 0] == pytest.approx(x)
    # term 1 at x = 3: (3-0)^3 - (3-2)^3 (4-0)/(4-2) + 0 = 27 - 2 = 25, over (4-0)^2 = 16
    assert B[2, 1] == pytest.approx(25 / 16)
    # term 2 at x = 3: (3-1)^3 - (3-2)^3 (4-1)/(4-2) = 8 - 1.5 = 6.5, over 16
    assert B[2, 2] == pytest.approx(6.5 / 16)
    # zero below the first knot; linear beyond the last (second differences vanish)
    assert B[0, 1:] == pytest.approx([0.0, 0.0])
    far = rcs_basis(np.array([5.0, 6.0, 7.0]), knots)
    assert np.diff(far[:, 1:], n=2, axis=0) == pytest.approx(np.zeros((1, 2)), abs=1e-12)


def test_spline_finds_the_designed_cliff():
    df = survey()
    res = operational_threshold(
        df, "ivr_seconds", controls=["reliability"], method="spline", label="the IVR"
    )
    # the designed top-box curve at mean reliability r: P(top) = expit(0.4 r - 2 s(x) - 2),
    # s the logistic step at 120 s; it falls fastest a little before 120 s (about 108 s),
    # where P(1 - P) is larger. A 5-knot spline smooths the cliff: allow 15 s.
    x = np.linspace(0, 300, 30001)
    r = df["reliability"].mean()
    p = 1 / (1 + np.exp(-(0.4 * r - 2 / (1 + np.exp(-(x - 120) / 20)) - 2.0)))
    steepest = x[np.argmin(np.gradient(p, x))]
    assert abs(res.threshold - steepest) <= 15
    assert res.drop_ci[0] > 0 and res.drop_ci[0] <= res.drop <= res.drop_ci[1]
    assert res.sentence.startswith("beyond about ")
    assert "s in the IVR the chance of a top rating drops by" in res.sentence
    c = res.curve
    assert list(c.columns) == ["value", "top_box", "ci_low", "ci_high", "slope"]
    assert (c["ci_low"] <= c["top_box"]).all() and (c["top_box"] <= c["ci_high"]).all()
    assert c["top_box"].iloc[0] > c["top_box"].iloc[-1]
    s = res.summary()
    assert s.loc[0, "drop_points"] == pytest.approx(100 * res.drop)
    assert res.plot() is not None


def test_curve_is_the_model_prediction_at_control_means():
    df = survey(3000, seed=1)
    res = operational_threshold(
        df,
        "ivr_seconds",
        controls=["reliability"],
        method="spline",
        settings=ThresholdSettings(n_knots=3),
    )
    # top-box probability at a grid point, from the fitted coefficients by hand:
    # P(Y = top) = 1 - expit(theta_last - (b' basis(x) + b_rel * mean(reliability)))
    m = res.model
    x0 = float(res.curve["value"].iloc[50])
    basis = rcs_basis(np.array([x0]), np.array(res.knots))[0]
    eta = basis @ m.coef.to_numpy()[:2] + m.coef["reliability"] * df["reliability"].mean()
    p_top = 1 / (1 + np.exp(-(eta - m.thresholds.iloc[-1])))
    assert res.curve["top_box"].iloc[50] == pytest.approx(p_top, abs=1e-10)


def test_bins_method_marks_a_boundary_near_the_cliff():
    res = operational_threshold(
        survey(), "ivr_seconds", method="bins", settings=ThresholdSettings(n_bins=6)
    )
    assert res.method == "bins"
    assert 80 <= res.threshold <= 160  # a sextile boundary (every 50 s) next to the cliff
    assert len(res.curve) == 6
    assert "bin" in res.sentence


def test_no_fall_and_bad_input():
    df = survey(2000, seed=2)
    df["speed"] = -df["ivr_seconds"]  # satisfaction rises with it
    for method in ("hinge", "spline"):
        res = operational_threshold(df, "speed", method=method)
        assert np.isnan(res.threshold) and "does not fall significantly" in res.sentence
    with pytest.raises(ValueError, match="numeric"):
        operational_threshold(df.assign(t="x"), "t")
    with pytest.raises(AnalysisError, match="does not vary"):
        operational_threshold(df.assign(c=5.0), "c")
    with pytest.raises(ValueError, match="method"):
        operational_threshold(df, "ivr_seconds", method="steepest")
    with pytest.raises(ValueError, match="n_knots"):
        ThresholdSettings(n_knots=6)


# -- hinge: where the fact starts to hurt ------------------------------------------------------

#: chi-square(1) 95% quantile (tables: 3.841459 = 1.959964^2)
CHI2_1_95 = 3.841459


def hinge_survey(n: int = 5000, seed: int = 11, slope: float = -0.010) -> pd.DataFrame:
    """IVR time that is harmless up to 120 s and costs ``slope`` on the logit scale per second
    beyond it (the demo's design); two transfers or more cost 0.8 per transfer beyond the
    first; reliability 0.4 per point. Thresholds -1, 0, 1, 2 (polr convention)."""
    rng = np.random.default_rng(seed)
    ivr = np.round(rng.uniform(0, 300, size=n))
    rel = rng.integers(1, 6, size=n)
    transfers = rng.choice(4, size=n, p=[0.55, 0.25, 0.13, 0.07])
    eta = 0.4 * rel + slope * np.maximum(ivr - 120.0, 0.0) - 0.8 * np.maximum(transfers - 1.0, 0.0)
    overall = 1 + np.searchsorted([-1.0, 0.0, 1.0, 2.0], eta + rng.logistic(size=n))
    return pd.DataFrame(
        {"overall": overall, "ivr_seconds": ivr, "reliability": rel, "transfers": transfers}
    )


def hinge_loglik(df: pd.DataFrame, fact: str, c: float, controls: list[str]) -> float:
    """The model with the single hinge term max(0, fact - c), fitted on its own."""
    work = df.assign(h=np.maximum(df[fact] - c, 0.0))
    return ordinal_logit(work, "overall", ["h", *controls]).loglik


@pytest.fixture(scope="module")
def hinge_result():
    df = hinge_survey()
    res = operational_threshold(
        df, "ivr_seconds", controls=["reliability", "transfers"], label="the IVR"
    )
    return df, res


def test_hinge_recovers_the_designed_breakpoint(hinge_result):
    _, res = hinge_result
    assert res.method == "hinge"
    # the design: harmless below 120 s, -0.010 per second beyond it
    assert abs(res.threshold - 120.0) <= 15.0
    assert res.threshold_ci[0] <= 120.0 <= res.threshold_ci[1]
    assert res.threshold_ci[0] <= res.threshold <= res.threshold_ci[1]
    assert res.slope_ci[0] <= -0.010 <= res.slope_ci[1]
    assert res.slope < 0 and res.p_val < 0.05 and res.p_search < 0.05
    # the hinge fits better than a straight line in the IVR time
    assert res.lr_vs_linear[0] > CHI2_1_95 and res.lr_vs_linear[1] < 0.05
    assert res.sentence.startswith("beyond about 1")
    assert "s in the IVR (95% interval " in res.sentence
    assert "points per additional minute" in res.sentence
    s = res.summary().iloc[0]
    assert s["threshold_ci_low"] == res.threshold_ci[0] and s["p_val"] == res.p_val
    assert s["drop_points"] == pytest.approx(100 * res.drop)
    assert res.plot() is not None


def test_hinge_curve_is_flat_then_falls_and_drop_runs_to_the_90th_percentile(hinge_result):
    df, res = hinge_result
    c, m = res.threshold, res.model
    curve = res.curve
    assert list(curve.columns) == ["value", "top_box", "ci_low", "ci_high", "slope"]
    assert c in set(curve["value"])  # the breakpoint is on the plotted grid
    below = curve[curve["value"] <= c]["top_box"].to_numpy()
    beyond = curve[curve["value"] >= c]["top_box"].to_numpy()
    assert np.ptp(below) == pytest.approx(0.0, abs=1e-12) and np.all(np.diff(beyond) < 0)
    assert (curve["ci_low"] <= curve["top_box"]).all()
    assert (curve["top_box"] <= curve["ci_high"]).all()
    # by hand: P(top) = expit(b_h max(0, x - c) + b_rel mean(rel) + b_tr mean(tr) - theta_4|5)
    # at x = c and at the 90th percentile of the IVR time (uniform 0..300: about 270 s)
    p90 = np.quantile(df["ivr_seconds"], 0.9, method="hazen")
    assert res.step == pytest.approx(p90 - c)
    b = m.coef
    base = b["reliability"] * df["reliability"].mean() + b["transfers"] * df["transfers"].mean()
    top = [1 / (1 + np.exp(-(b.iloc[0] * h + base - m.thresholds.iloc[-1]))) for h in (0, p90 - c)]
    assert res.drop == pytest.approx(top[0] - top[1], abs=1e-10)
    assert res.drop_ci[0] < res.drop < res.drop_ci[1]


def test_profile_loglik_matches_independent_fits(hinge_result):
    df, res = hinge_result
    prof = res.profile
    # candidates: the 5%, 6%, ..., 95% quantiles (Hazen's definition, unweighted rows)
    expected = np.unique(
        np.quantile(df["ivr_seconds"], np.linspace(0.05, 0.95, 91), method="hazen")
    )
    assert prof["breakpoint"].to_numpy() == pytest.approx(expected)
    best = prof["loglik"].idxmax()
    assert prof.loc[best, "breakpoint"] == res.threshold
    ctrl = ["reliability", "transfers"]
    # the maximum and two other candidates equal a fresh fit with the single hinge term
    for i in (best, 0, len(prof) - 1):
        c = float(prof.loc[i, "breakpoint"])
        assert prof.loc[i, "loglik"] == pytest.approx(
            hinge_loglik(df, "ivr_seconds", c, ctrl), abs=1e-8
        )
    assert res.model.loglik == pytest.approx(prof.loc[best, "loglik"], abs=1e-8)
    # model comparison: linear in the IVR time and no IVR term at all, fitted on their own
    linear = ordinal_logit(df, "overall", ["ivr_seconds", *ctrl]).loglik
    none = ordinal_logit(df, "overall", ctrl).loglik
    cmp = res.comparison.set_index("model")["loglik"]
    assert cmp["linear"] == pytest.approx(linear, abs=1e-8)
    assert cmp["no_effect"] == pytest.approx(none, abs=1e-8)
    assert res.lr_vs_linear[0] == pytest.approx(2 * (res.model.loglik - linear), abs=1e-7)
    assert res.lr_vs_none[0] == pytest.approx(2 * (res.model.loglik - none), abs=1e-7)


def test_likelihood_ratio_interval_by_independent_fits(hinge_result):
    df, res = hinge_result
    ctrl = ["reliability", "transfers"]
    ll_max = hinge_loglik(df, "ivr_seconds", res.threshold, ctrl)
    grid = res.profile["breakpoint"].to_numpy()
    low, high = res.threshold_ci
    # each end is inside: 2 (ll_max - ll(end)) <= 3.841
    for end in (low, high):
        assert 2 * (ll_max - hinge_loglik(df, "ivr_seconds", end, ctrl)) <= CHI2_1_95
    # the next candidate beyond each end is outside (both ends are inside the grid here)
    i_low, i_high = np.flatnonzero(grid == low)[0], np.flatnonzero(grid == high)[0]
    assert i_low > 0 and i_high < grid.size - 1
    for outside in (grid[i_low - 1], grid[i_high + 1]):
        assert 2 * (ll_max - hinge_loglik(df, "ivr_seconds", outside, ctrl)) > CHI2_1_95


def test_no_effect_gives_no_threshold():
    df = hinge_survey(seed=5, slope=0.0)
    df["ivr_seconds"] = np.random.default_rng(6).permutation(df["ivr_seconds"].to_numpy())
    res = operational_threshold(df, "ivr_seconds", controls=["reliability"])
    assert np.isnan(res.threshold) and np.isnan(res.threshold_ci[0])
    assert res.sentence.startswith("no threshold: the chance of a top rating does not fall")
    assert res.p_search >= 0.05 or res.p_val >= 0.05 or res.slope >= 0
    assert len(res.curve) > 0 and res.profile["loglik"].notna().all()
    s = res.summary().iloc[0]
    assert np.isnan(s["threshold"]) and s["drop_points"] == 0.0


def test_count_breakpoint_is_a_whole_number():
    df = hinge_survey(seed=3)
    res = operational_threshold(
        df, "transfers", controls=["reliability", "ivr_seconds"], unit="", label="transfers"
    )
    # candidates: each value with at least 1% of the responses above it: 0, 1, 2 (not 3)
    assert res.profile["breakpoint"].tolist() == [0.0, 1.0, 2.0]
    assert res.threshold == round(res.threshold) and res.threshold in (0.0, 1.0, 2.0)
    assert res.threshold_ci[0] == round(res.threshold_ci[0])
    assert res.threshold_ci[1] == round(res.threshold_ci[1])
    # the design: harmless up to one transfer, -0.8 per transfer beyond it
    assert res.threshold == 1.0 and res.threshold_ci[0] <= 1.0 <= res.threshold_ci[1]
    assert res.sentence.startswith("beyond 1 in transfers (95% interval ")
    assert "per additional unit" in res.sentence
    # the profile at c = 0 is the model linear in transfers
    linear = ordinal_logit(df, "overall", ["transfers", "reliability", "ivr_seconds"]).loglik
    assert res.profile.loc[0, "loglik"] == pytest.approx(linear, abs=1e-8)


def test_breakpoint_candidates():
    x = np.array([0, 0, 0, 1, 1, 2, 2, 3, 0, 0] * 10, dtype=float)
    # shares above 0, 1, 2, 3: 50%, 30%, 10%, 0%
    assert breakpoint_candidates(x).tolist() == [0.0, 1.0, 2.0]
    assert breakpoint_candidates(x, min_tail=0.2).tolist() == [0.0, 1.0]
    y = np.arange(1000, dtype=float) / 10  # 1,000 distinct values: the quantile grid
    cand = breakpoint_candidates(y)
    assert cand.size == 91
    assert cand[0] == pytest.approx(np.quantile(y, 0.05, method="hazen"))


def test_davies_bound_by_hand():
    # signed roots W = sqrt(2 (ll - ll0)) with harmful (negative) slopes: 2, 3, 2
    # M = 3, V = |3 - 2| + |2 - 3| = 2; p = Phi(-3) + V exp(-M^2/2) / sqrt(8 pi)
    #   = 0.0013499 + 2 * 0.0111090 / 5.0132565 = 0.0013499 + 0.0044319 = 0.0057818
    p = davies_p(np.array([2.0, 4.5, 2.0]), np.array([-1.0, -1.0, -1.0]), 0.0)
    assert p == pytest.approx(0.0057818, abs=1e-6)
    # the same fit improvements with beneficial slopes: W = -2, -3, -2, M = -2, V = 2
    # p = Phi(2) + 2 exp(-2) / sqrt(8 pi) > 1, capped at 1
    assert davies_p(np.array([2.0, 4.5, 2.0]), np.array([1.0, 1.0, 1.0]), 0.0) == 1.0


def test_on_the_demo_the_ivr_starts_to_hurt_near_120_seconds(demo_spec):
    survey = pd.read_csv(demo_spec.parent / "data" / "survey.csv")
    # copcwb.synth: harmless below 120 s, -0.010 per second above it
    ratings = ["reliability", "responsiveness", "assurance", "empathy", "tangibles"]
    other = ["wait_seconds", "transfers", "repeat_contact_7d", "customer_ce"]
    res = operational_threshold(survey, "ivr_seconds", controls=ratings + other)
    assert 100.0 <= res.threshold <= 140.0
    assert res.threshold_ci[0] <= 120.0 <= res.threshold_ci[1]


def test_thresholds_of_every_continuous_fact_of_a_survey():
    df = hinge_survey(seed=12)
    df["repeat"] = (np.random.default_rng(1).random(len(df)) < 0.2).astype(int)
    # almost always 0: no value has 1% of the responses above it, so no breakpoint
    df["escalations"] = 0
    df.loc[:9, "escalations"] = [1, 2, 3, 1, 2, 3, 1, 2, 3, 4]
    cols = SurveyColumns(
        drivers=("reliability",),
        operational=("ivr_seconds", "transfers", "repeat", "escalations"),
    )
    found = operational_thresholds(df, cols)
    # the 0/1 fact has no curve; the others are continuous (more than two values)
    assert found.facts == ("ivr_seconds", "transfers", "escalations")
    assert set(found.results) == {"ivr_seconds", "transfers"}
    assert "no candidate breakpoint" in found.reasons["escalations"]
    # the designs: harmless up to 120 s, then -0.010 per second; up to 1 transfer
    assert abs(found.results["ivr_seconds"].threshold - 120.0) <= 15.0
    assert found.results["transfers"].threshold == 1.0
    assert found.found == ["ivr_seconds", "transfers"]
    # seconds are stated per minute, the count per unit
    assert "per additional minute" in found.results["ivr_seconds"].sentence
    assert "per additional unit" in found.results["transfers"].sentence
    # every other predictor is a control: the IVR model holds reliability, transfers, ...
    assert set(found.results["ivr_seconds"].model.predictors) == {
        "ivr_seconds_beyond",
        "reliability",
        "transfers",
        "repeat",
        "escalations",
    }
    s = found.summary()
    assert s["fact"].tolist() == ["ivr_seconds", "transfers", "escalations"]
    assert s["reason"].tolist()[:2] == ["", ""] and s["reason"].iloc[2]

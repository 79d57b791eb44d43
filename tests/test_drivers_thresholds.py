"""Operational thresholds: the top-box curve over an operational fact."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from copcwb.drivers import operational_threshold
from copcwb.drivers.thresholds import rcs_basis
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
    res = operational_threshold(df, "ivr_seconds", controls=["reliability"], label="the IVR")
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
    res = operational_threshold(df, "ivr_seconds", controls=["reliability"], n_knots=3)
    # top-box probability at a grid point, from the fitted coefficients by hand:
    # P(Y = top) = 1 - expit(theta_last - (b' basis(x) + b_rel * mean(reliability)))
    m = res.model
    x0 = float(res.curve["value"].iloc[50])
    basis = rcs_basis(np.array([x0]), np.array(res.knots))[0]
    eta = basis @ m.coef.to_numpy()[:2] + m.coef["reliability"] * df["reliability"].mean()
    p_top = 1 / (1 + np.exp(-(eta - m.thresholds.iloc[-1])))
    assert res.curve["top_box"].iloc[50] == pytest.approx(p_top, abs=1e-10)


def test_bins_method_marks_a_boundary_near_the_cliff():
    res = operational_threshold(survey(), "ivr_seconds", method="bins", n_bins=6)
    assert res.method == "bins"
    assert 80 <= res.threshold <= 160  # a sextile boundary (every 50 s) next to the cliff
    assert len(res.curve) == 6
    assert "bin" in res.sentence


def test_no_fall_and_bad_input():
    df = survey(2000, seed=2)
    df["speed"] = -df["ivr_seconds"]  # satisfaction rises with it
    res = operational_threshold(df, "speed")
    assert np.isnan(res.threshold) and "does not fall significantly" in res.sentence
    with pytest.raises(ValueError, match="numeric"):
        operational_threshold(df.assign(t="x"), "t")
    with pytest.raises(AnalysisError, match="does not vary"):
        operational_threshold(df.assign(c=5.0), "c")

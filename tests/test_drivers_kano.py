"""Penalty-reward analysis and Kano-style classes."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from copcwb.drivers import kano_classes, kano_cuts, ordinal_logit
from copcwb.drivers.kano import kano_class
from copcwb.errors import AnalysisError

matplotlib.use("Agg")


def survey(n: int = 4000, seed: int = 21) -> pd.DataFrame:
    """Independent 1-5 ratings with a designed effect on overall satisfaction:

    reliability must-be (a low rating costs 1.2 on the logit scale, a top rating adds 0),
    empathy attractive (top +0.9, low 0), responsiveness one-dimensional (low -0.8, top +0.8),
    tangibles indifferent (no effect).
    """
    rng = np.random.default_rng(seed)
    names = ["reliability", "empathy", "responsiveness", "tangibles"]
    df = pd.DataFrame({c: rng.integers(1, 6, size=n) for c in names})
    eta = (
        -1.2 * (df["reliability"] <= 2)
        + 0.9 * (df["empathy"] == 5)
        - 0.8 * (df["responsiveness"] <= 2)
        + 0.8 * (df["responsiveness"] == 5)
    )
    df["overall"] = 1 + np.searchsorted([-2.0, -1.0, 0.0, 1.0], eta + rng.logistic(size=n))
    return df


def test_class_rule():
    assert kano_class(True, True) == "one-dimensional"
    assert kano_class(True, False) == "must-be"
    assert kano_class(False, True) == "attractive"
    assert kano_class(False, False) == "indifferent"


def test_designed_classes_are_recovered():
    df = survey()
    res = kano_classes(df, ["reliability", "empathy", "responsiveness", "tangibles"])
    t = res.summary().set_index("driver")
    assert t.loc["reliability", "kano_class"] == "must-be"
    assert t.loc["empathy", "kano_class"] == "attractive"
    assert t.loc["responsiveness", "kano_class"] == "one-dimensional"
    assert t.loc["tangibles", "kano_class"] == "indifferent"
    # the designed effects lie inside the intervals
    assert t.loc["reliability", "penalty_ci_low"] < 1.2 < t.loc["reliability", "penalty_ci_high"]
    assert t.loc["empathy", "reward_ci_low"] < 0.9 < t.loc["empathy", "reward_ci_high"]
    # counts: ratings 1-2 low, 3-4 middle, 5 top
    assert t.loc["tangibles", "n_low"] == (df["tangibles"] <= 2).sum()
    assert t.loc["tangibles", "n_middle"] == df["tangibles"].between(3, 4).sum()
    assert t.loc["tangibles", "n_top"] == (df["tangibles"] == 5).sum()
    assert res.cut_points["empathy"] == (2.0, 5.0)
    assert res.plot() is not None


def test_penalty_and_reward_are_the_dummy_coefficients():
    df = survey(1500, seed=4)
    res = kano_classes(df, ["reliability", "empathy"], low_max=1, top_min=4)
    # the same model built by hand: low = rating <= 1, top = rating >= 4, middle = 2-3
    work = df.assign(
        rl=(df["reliability"] <= 1).astype(float),
        rt=(df["reliability"] >= 4).astype(float),
        el=(df["empathy"] <= 1).astype(float),
        et=(df["empathy"] >= 4).astype(float),
    )
    hand = ordinal_logit(work, "overall", ["rl", "rt", "el", "et"]).summary()
    t = res.summary().set_index("driver")
    assert t.loc["reliability", "penalty"] == pytest.approx(-hand.loc["rl", "coef"], abs=1e-10)
    assert t.loc["reliability", "reward"] == pytest.approx(hand.loc["rt", "coef"], abs=1e-10)
    assert t.loc["empathy", "penalty_p_val"] == pytest.approx(hand.loc["el", "p_val"], abs=1e-12)
    assert t.loc["empathy", "penalty_ci_low"] == pytest.approx(-hand.loc["el", "ci_high"])


def test_cuts_from_the_scale_and_unexpected_directions():
    df = survey(3000, seed=8)
    # a made-up reverse effect: a low "waiting" rating raises satisfaction (+1.0)
    rng = np.random.default_rng(9)
    df["waiting"] = rng.integers(1, 6, size=len(df))
    eta = 1.0 * (df["waiting"] <= 2) - 1.2 * (df["reliability"] <= 2)
    df["overall"] = 1 + np.searchsorted([-2.0, -1.0, 0.0, 1.0], eta + rng.logistic(size=len(df)))
    res = kano_classes(df, ["reliability", "waiting"], scale=(1, 5))
    # kano_cuts((1, 5)): low = 1 + floor(4 / 4) = 2, top = 5
    assert res.cut_points == {"reliability": (2.0, 5.0), "waiting": (2.0, 5.0)}
    t = res.summary().set_index("driver")
    assert bool(t.loc["waiting", "penalty_unexpected"]) and t.loc["waiting", "penalty"] < 0
    assert not bool(t.loc["reliability", "penalty_unexpected"])
    assert "unexpected direction" in t.loc["waiting", "note"]
    with pytest.raises(AnalysisError, match="no driver ratings"):
        kano_classes(df, [])


@pytest.mark.parametrize(
    ("scale", "cuts"),
    # low = bottom + floor((top - bottom) / 4): 1 + 1, 0 + 2, 1 + 2, 1 + 1; top = the top
    [((1, 5), (2.0, 5.0)), ((0, 10), (2.0, 10.0)), ((1, 10), (3.0, 10.0)), ((1, 7), (2.0, 7.0))],
)
def test_kano_cut_points_follow_the_scale(scale, cuts):
    assert kano_cuts(scale) == cuts


def test_driver_without_low_ratings_gets_a_note():
    df = survey(1500, seed=5)
    df["tangibles"] = df["tangibles"].clip(lower=3)
    res = kano_classes(df, ["reliability", "tangibles"])
    row = res.summary().set_index("driver").loc["tangibles"]
    assert np.isnan(row["penalty"]) and "no low ratings" in row["note"]
    df["flat"] = np.where(df["tangibles"] > 4, 5, 1)
    with pytest.raises(AnalysisError, match="middle"):
        kano_classes(df, ["flat"])

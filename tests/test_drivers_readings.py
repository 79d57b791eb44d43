"""How results are read: significant effects, collinearity, importance shares without an
effect of their own, and the what-if scenarios that raise the top box significantly."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from copcwb.drivers import (
    WhatIfResult,
    collinearity,
    effect_directions,
    ordinal_logit,
    shared_without_effect,
    vif_reading,
)


def survey(n: int = 3000, seed: int = 31) -> pd.DataFrame:
    """speed raises satisfaction (+0.8 per point), wait lowers it (-0.02 per second),
    noise has no effect; wait_copy is wait plus noise (correlation about 0.95)."""
    rng = np.random.default_rng(seed)
    speed = rng.integers(1, 6, n)
    wait = rng.uniform(0, 100, n)
    noise = rng.normal(size=n)
    eta = 0.8 * speed - 0.02 * wait
    overall = 1 + np.searchsorted([0.0, 1.0, 2.0, 3.0], eta + rng.logistic(size=n))
    wait_copy = wait + rng.normal(0, 10, n)
    return pd.DataFrame(
        {"overall": overall, "speed": speed, "wait": wait, "noise": noise, "wait_copy": wait_copy}
    )


def test_effect_directions_follow_the_design():
    model = ordinal_logit(survey(), "overall", ["speed", "wait", "noise"])
    assert effect_directions(model, 0.05) == {
        "raise": ["speed"],
        "lower": ["wait"],
        "none": ["noise"],
    }


@pytest.mark.parametrize(
    ("vif", "reading"),
    [(1.0, "fine"), (5.0, "fine"), (5.01, "moderate"), (10.0, "moderate"), (10.01, "high")],
)
def test_vif_readings(vif, reading):
    assert vif_reading(vif) == reading


def test_collinearity_of_two_predictors_is_one_over_one_minus_r_squared():
    df = survey()
    model = ordinal_logit(df, "overall", ["wait", "wait_copy", "speed"])
    # with wait_copy = wait + N(0, 10): r = sd(wait) / sd(wait_copy) = 28.9 / 30.6 = 0.94;
    # VIF of wait given the two others is 1 / (1 - R^2) from its regression on them
    X = np.column_stack([np.ones(len(df)), df["wait_copy"], df["speed"]])
    beta, *_ = np.linalg.lstsq(X, df["wait"], rcond=None)
    resid = df["wait"] - X @ beta
    r2 = 1 - resid.var() / df["wait"].var()
    assert model.vif.loc["wait", "vif"] == pytest.approx(1 / (1 - r2), rel=1e-6)
    assert 1 / (1 - r2) > 5
    found = collinearity(model)
    assert found["fine"] == ["speed"] and set(found["high"] + found["moderate"]) == {
        "wait",
        "wait_copy",
    }


def test_shares_without_an_effect_of_their_own():
    importance = SimpleNamespace(
        summary=lambda: pd.DataFrame(
            {"driver": ["a", "b", "c", "d"], "importance_pct": [60.0, 30.0, 8.5, 1.5]}
        )
    )
    model = SimpleNamespace(
        summary=lambda: pd.DataFrame({"p_val": [0.001, 0.40, 0.049, 0.90]}, index=list("abcd"))
    )
    # b: 30% and p = 0.40 -> pointed out; c is significant; d has less than 2% of the share
    assert shared_without_effect(importance, model, alpha=0.05) == ["b"]
    assert shared_without_effect(importance, model, alpha=0.05, min_share=0.01) == ["b", "d"]


def test_gains_are_the_significant_top_box_rises_largest_first():
    table = pd.DataFrame(
        {
            "scenario": ["a", "b", "c", "d"],
            # c gains most but its interval includes zero; d falls significantly
            "top_box_change": [0.02, 0.10, 0.12, -0.05],
            "top_box_ci_low": [0.01, 0.08, -0.01, -0.07],
            "top_box_ci_high": [0.03, 0.12, 0.25, -0.03],
        }
    )
    res = WhatIfResult("overall", None, table, (5,), (1,), 0.95)
    assert res.gains()["scenario"].tolist() == ["b", "a"]
    empty = WhatIfResult("overall", None, table.iloc[[2, 3]], (5,), (1,), 0.95)
    assert empty.gains().empty

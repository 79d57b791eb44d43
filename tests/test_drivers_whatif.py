"""What-if scenarios: predicted top-box / bottom-box changes with delta-method intervals."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from copcwb.drivers import what_if
from copcwb.errors import AnalysisError

matplotlib.use("Agg")


def survey(n: int = 2000, seed: int = 17) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(
        {
            "reliability": rng.integers(1, 6, size=n),
            "empathy": rng.integers(1, 6, size=n),
            "customer_ce": (rng.random(n) < 0.1).astype(int),
        }
    )
    eta = 0.6 * df["reliability"] + 0.3 * df["empathy"] - 0.9 * df["customer_ce"]
    df["overall"] = 1 + np.searchsorted([1.0, 2.0, 3.0, 4.0], eta + rng.logistic(size=n))
    return df


def expit(z):
    return 1 / (1 + np.exp(-z))


def test_shares_by_hand_from_the_fitted_coefficients():
    df = survey()
    res = what_if(df, ["reliability"], flags=["customer_ce"], controls=["empathy"])
    m = res.model
    b, th = m.coef, m.thresholds.to_numpy()
    eta = (
        b["reliability"] * df["reliability"]
        + b["customer_ce"] * df["customer_ce"]
        + b["empathy"] * df["empathy"]
    )
    # top box = level 5: P(Y = 5) = expit(eta - theta_4)
    # bottom box = level 1: P(Y = 1) = expit(theta_1 - eta)
    top_base = expit(eta - th[-1]).mean()
    bottom_base = expit(th[0] - eta).mean()
    # reliability + 1 point for those below 5, capped at 5
    eta_rel = eta + b["reliability"] * (df["reliability"] < 5)
    top_rel = expit(eta_rel - th[-1]).mean()
    # no customer-critical error
    eta_ce = eta - b["customer_ce"] * df["customer_ce"]
    bottom_ce = expit(th[0] - eta_ce).mean()
    t = res.summary().set_index("variable")
    assert t.loc["reliability", "top_box_base"] == pytest.approx(top_base, abs=1e-12)
    assert t.loc["reliability", "bottom_box_base"] == pytest.approx(bottom_base, abs=1e-12)
    assert t.loc["reliability", "top_box_new"] == pytest.approx(top_rel, abs=1e-12)
    assert t.loc["reliability", "top_box_change"] == pytest.approx(top_rel - top_base, abs=1e-12)
    assert t.loc["customer_ce", "bottom_box_new"] == pytest.approx(bottom_ce, abs=1e-12)
    assert t.loc["reliability", "n_affected"] == (df["reliability"] < 5).sum()
    assert t.loc["customer_ce", "n_affected"] == df["customer_ce"].sum()
    assert t.loc["reliability", "kind"] == "driver" and t.loc["customer_ce", "kind"] == "flag"
    assert res.top_box_levels == (5,) and res.bottom_box_levels == (1,)
    assert len(res.sentences()) == 2
    assert res.plot() is not None


def test_delta_interval_agrees_with_parametric_bootstrap():
    df = survey(1500, seed=4)
    res = what_if(df, ["empathy"], controls=["reliability"])
    row = res.summary().iloc[0]
    m = res.model
    # parametric bootstrap from N(estimate, cov), seeded, written out here
    rng = np.random.default_rng(0)
    est = np.concatenate([m.coef.to_numpy(), m.thresholds.to_numpy()])
    draws = rng.multivariate_normal(est, m.cov.to_numpy(), size=4000)
    X = df[["empathy", "reliability"]].to_numpy(float)
    Xn = X.copy()
    Xn[:, 0] = np.where(X[:, 0] < 5, X[:, 0] + 1, X[:, 0])
    ch = np.array(
        [expit(Xn @ d[:2] - d[-1]).mean() - expit(X @ d[:2] - d[-1]).mean() for d in draws]
    )
    sd_delta = (row["top_box_ci_high"] - row["top_box_ci_low"]) / (2 * 1.959964)
    assert ch.std() == pytest.approx(sd_delta, rel=0.1)
    assert ch.mean() == pytest.approx(row["top_box_change"], abs=0.1 * sd_delta + 1e-4)


def test_cap_and_top_options():
    df = survey(800, seed=5)
    res = what_if(df, ["reliability"], top=3, top_box=2, bottom_box=2)
    row = res.summary().iloc[0]
    # only ratings 1 and 2 move (to 2 and 3); 3, 4 and 5 are left as they are
    assert row["n_affected"] == (df["reliability"] < 3).sum()
    assert row["top_box_change"] > 0 and row["bottom_box_change"] < 0
    assert res.top_box_levels == (4, 5) and res.bottom_box_levels == (1, 2)
    with pytest.raises(ValueError, match="not possible"):
        what_if(df, ["reliability"], top_box=5)
    with pytest.raises(AnalysisError, match="no driver rating and no critical-error flag"):
        what_if(df, [])

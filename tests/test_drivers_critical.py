"""Critical-error proof: which error types are proven customer-critical."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from copcwb.drivers import critical_error_effects, ordinal_logit
from copcwb.errors import AnalysisError

matplotlib.use("Agg")


def survey(n: int = 3000, seed: int = 13) -> pd.DataFrame:
    """customer_ce lowers satisfaction (logit -1.0), business_ce has no effect,
    compliance_ce raises it (+0.8, a made-up reverse effect), reliability +0.5 per point."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(
        {
            "reliability": rng.integers(1, 6, size=n),
            "customer_ce": (rng.random(n) < 0.10).astype(int),
            "business_ce": (rng.random(n) < 0.08).astype(int),
            "compliance_ce": (rng.random(n) < 0.10).astype(int),
        }
    )
    eta = 0.5 * df["reliability"] - 1.0 * df["customer_ce"] + 0.8 * df["compliance_ce"]
    df["overall"] = 1 + np.searchsorted([0.0, 1.0, 2.0, 3.0], eta + rng.logistic(size=n))
    return df


def test_only_significant_harmful_errors_are_proven():
    df = survey()
    res = critical_error_effects(df, controls=["reliability"])
    t = res.summary().set_index("flag")
    assert bool(t.loc["customer_ce", "proven_customer_critical"])
    assert not bool(t.loc["business_ce", "proven_customer_critical"])
    # significant, but in the helpful direction: not proven
    assert t.loc["compliance_ce", "p_val"] < 0.05
    assert not bool(t.loc["compliance_ce", "proven_customer_critical"])
    assert "rated higher" in t.loc["compliance_ce", "note"]
    assert res.proven == ["customer_ce"]
    # the designed effects read: -1.0 proven, 0 not proven, +0.8 significant but higher
    assert t["verdict"].to_dict() == {
        "customer_ce": "proven",
        "business_ce": "not_proven",
        "compliance_ce": "higher",
    }
    # the same model fitted directly: odds ratio = exp(coef), interval = exp(Wald interval)
    direct = ordinal_logit(
        df, "overall", ["customer_ce", "business_ce", "compliance_ce", "reliability"]
    ).summary()
    assert t.loc["customer_ce", "odds_ratio"] == pytest.approx(
        np.exp(direct.loc["customer_ce", "coef"]), rel=1e-12
    )
    assert t.loc["customer_ce", "ci_high"] == pytest.approx(
        np.exp(direct.loc["customer_ce", "ci_high"]), rel=1e-12
    )
    assert t.loc["customer_ce", "n_with_error"] == df["customer_ce"].sum()
    assert t.loc["customer_ce", "ci_low"] < np.exp(-1.0) < t.loc["customer_ce", "ci_high"]
    assert res.plot() is not None


def test_alpha_governs_the_proof():
    df = survey(400, seed=3)
    loose = critical_error_effects(df, ["customer_ce"], alpha=0.999)
    strict = critical_error_effects(df, ["customer_ce"], alpha=1e-12)
    row_l = loose.summary().iloc[0]
    assert bool(row_l["proven_customer_critical"]) == bool(row_l["coef"] < 0)
    assert not bool(strict.summary().iloc[0]["proven_customer_critical"])


def test_flag_that_never_occurs_gets_a_note():
    df = survey(800)
    df["business_ce"] = 0
    df.loc[0, "customer_ce"] = np.nan
    res = critical_error_effects(df)
    t = res.summary().set_index("flag")
    assert "no respondent" in t.loc["business_ce", "note"]
    assert not bool(t.loc["business_ce", "proven_customer_critical"])
    assert np.isnan(t.loc["business_ce", "odds_ratio"])
    assert t.loc["business_ce", "verdict"] == "not_assessed"
    assert res.n_dropped == 1
    assert "business_ce" not in res.model.terms


def test_bad_flags():
    df = survey(200)
    with pytest.raises(ValueError, match="join them from the QA"):
        critical_error_effects(df, ["missing_ce"])
    with pytest.raises(ValueError, match="only 0 and 1"):
        critical_error_effects(df.assign(customer_ce=2), ["customer_ce"])
    # a survey without flags: the step does not apply (an AnalysisError, shown as such)
    with pytest.raises(AnalysisError, match="no critical-error flags"):
        critical_error_effects(df, [])

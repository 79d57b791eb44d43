"""The driver model per program."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from copcwb.drivers import ordinal_logit, segment_models
from copcwb.errors import AnalysisError

matplotlib.use("Agg")


def survey(seed: int = 23) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sizes = {"alpha": 600, "beta": 350, "gamma": 120}
    parts = []
    for prog, n in sizes.items():
        rel = rng.integers(1, 6, size=n)
        y = 1 + np.searchsorted([1.0, 2.0, 3.0], 0.7 * rel + rng.logistic(size=n))
        parts.append(pd.DataFrame({"program": prog, "reliability": rel, "overall": y}))
    df = pd.concat(parts, ignore_index=True)
    # a program where every response is 4: no ordinal model possible
    df = pd.concat(
        [
            df,
            pd.DataFrame(
                {"program": "delta", "reliability": rng.integers(1, 6, 250), "overall": 4}
            ),
        ],
        ignore_index=True,
    )
    return df


def test_segments_are_fitted_skipped_or_failed_with_notes():
    df = survey()
    df.loc[0, "reliability"] = np.nan
    res = segment_models(df, ["reliability"], min_responses=200)
    ov = res.overview.set_index("program")
    assert ov.loc["alpha", "status"] == "fitted" and ov.loc["alpha", "n_responses"] == 599
    assert ov.loc["beta", "status"] == "fitted"
    assert ov.loc["gamma", "status"] == "too few responses"
    assert "120" in ov.loc["gamma", "note"] and "200" in ov.loc["gamma", "note"]
    assert ov.loc["delta", "status"] == "failed" and "at least 3" in ov.loc["delta", "note"]
    s = res.summary()
    a = s[s["program"] == "alpha"].set_index("term")
    direct = ordinal_logit(df[df["program"] == "alpha"], "overall", ["reliability"]).summary()
    assert a.loc["reliability", "coef"] == pytest.approx(direct.loc["reliability", "coef"])
    assert a.loc["reliability", "ci_low"] == pytest.approx(direct.loc["reliability", "ci_low"])
    g = s[s["program"] == "gamma"]
    assert len(g) == 1 and g["term"].isna().all()
    assert set(res.results) == {"alpha", "beta"}
    # one rating in the model: it is the strongest term of every fitted program
    assert res.strongest(["reliability"]) == {"alpha": "reliability", "beta": "reliability"}
    assert res.strongest(["empathy"]) == {}
    assert res.plot() is not None


def test_a_single_program_has_nothing_to_compare():
    df = survey()
    with pytest.raises(AnalysisError, match="single value \\('alpha'\\)"):
        segment_models(df[df["program"] == "alpha"], ["reliability"])


def test_min_responses_parameter():
    df = survey()
    res = segment_models(df, ["reliability"], min_responses=100)
    assert res.overview.set_index("program").loc["gamma", "status"] == "fitted"
    with pytest.raises(ValueError, match="min_responses"):
        segment_models(df, ["reliability"], min_responses=0)

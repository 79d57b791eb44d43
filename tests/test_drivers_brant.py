"""brant_test against the published output of R's brant package, and a hand-built Brant test.

The hand-built version fits the separate binary logits with statsmodels' Logit on the
expanded (one row per respondent) housing data and writes out Brant's (1990) covariance of
the separate fits; it shares no code with copcwb.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from copcwb.drivers import (
    brant_test,
    ordinal_logit,
    parallel_lines_hold,
    parallel_lines_verdicts,
    parallel_lines_violations,
)
from copcwb.errors import AnalysisError

REF = Path(__file__).resolve().parent / "data" / "reference"
BRANT = json.loads((REF / "survey_brant_reference.json").read_text())["reference"]["brant"]


def survey() -> pd.DataFrame:
    s = pd.read_csv(REF / "survey_smoke.csv", index_col=0)
    s["Smoke"] = pd.Categorical(
        s["Smoke"], categories=["Never", "Occas", "Regul", "Heavy"], ordered=True
    )
    return s


def housing() -> pd.DataFrame:
    h = pd.read_csv(REF / "housing.csv", index_col=0)
    levels = {
        "Sat": ["Low", "Medium", "High"],
        "Infl": ["Low", "Medium", "High"],
        "Type": ["Tower", "Apartment", "Atrium", "Terrace"],
        "Cont": ["Low", "High"],
    }
    for col, lv in levels.items():
        h[col] = pd.Categorical(h[col], categories=lv, ordered=col == "Sat")
    return h


def test_matches_published_brant_package_output():
    # R: data$Smoke = ordered(MASS::survey$Smoke, levels=c("Never","Occas","Regul","Heavy"))
    #    model1 = MASS::polr(Smoke ~ Sex + Height, data=data, Hess=TRUE); brant(model1)
    #    Omnibus 3.28 4 0.51 / SexMale 1.58 2 0.45 / Height 0.02 2 0.99 (printed to 2 decimals)
    res = ordinal_logit(survey(), "Smoke", ["Sex", "Height"])
    bt = brant_test(res)
    assert list(bt.index) == ["omnibus", "SexMale", "Height"]
    assert list(bt.columns) == ["chi2", "df", "p_val"]
    assert bt["chi2"].to_numpy() == pytest.approx(BRANT["X2"], abs=0.005)
    assert list(bt["df"]) == BRANT["df"]
    assert bt["p_val"].to_numpy() == pytest.approx(BRANT["probability"], abs=0.005)


def _hand_brant(h: pd.DataFrame) -> tuple[float, np.ndarray, float]:
    """Brant (1990) written out: omnibus chi2, per-coefficient chi2, and the Infl joint chi2."""
    import statsmodels.api as sm

    e = h.loc[h.index.repeat(h["Freq"])].reset_index(drop=True)
    X = pd.DataFrame(
        {
            "InflMedium": e["Infl"] == "Medium",
            "InflHigh": e["Infl"] == "High",
            "TypeApartment": e["Type"] == "Apartment",
            "TypeAtrium": e["Type"] == "Atrium",
            "TypeTerrace": e["Type"] == "Terrace",
            "ContHigh": e["Cont"] == "High",
        }
    ).astype(float)
    Xi = sm.add_constant(X).to_numpy()
    y = e["Sat"].cat.codes.to_numpy()
    fits = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for m in (0, 1):  # binary logits of Sat > Low and Sat > Medium
            f = sm.Logit((y > m).astype(float), Xi).fit(disp=0, tol=1e-12, maxiter=100)
            fits.append((f.params, np.asarray(f.cov_params()), f.predict(Xi)))
    (b1, v1, p1), (b2, v2, p2) = fits
    # Cov(b1, b2) = (X'W1X)^-1 X' diag(p2 - p1 p2) X (X'W2X)^-1, intercepts removed
    cross = Xi.T @ (Xi * (p2 - p1 * p2)[:, None])
    c12 = (v1 @ cross @ v2)[1:, 1:]
    d = b1[1:] - b2[1:]
    V = v1[1:, 1:] + v2[1:, 1:] - c12 - c12.T  # Var(b1 - b2)
    omnibus = float(d @ np.linalg.solve(V, d))
    per = d**2 / np.diag(V)
    infl = float(d[:2] @ np.linalg.solve(V[:2, :2], d[:2]))
    return omnibus, per, infl


def test_matches_hand_built_brant_on_weighted_housing():
    h = housing()
    res = ordinal_logit(h, "Sat", ["Infl", "Type", "Cont"], weights="Freq")
    bt = brant_test(res)
    omnibus, per, infl = _hand_brant(h)
    assert bt.loc["omnibus", "chi2"] == pytest.approx(omnibus, rel=1e-6)
    assert bt.loc["omnibus", "df"] == 6  # (J - 2) * 6 coefficients, J = 3
    assert bt["chi2"].to_numpy()[1:] == pytest.approx(per, rel=1e-6)
    assert (bt["df"].to_numpy()[1:] == 1).all()
    # chi-square with 1 df: p = erfc(sqrt(x / 2))
    from math import erfc, sqrt

    assert bt.loc["ContHigh", "p_val"] == pytest.approx(
        erfc(sqrt(bt.loc["ContHigh", "chi2"] / 2)), rel=1e-9
    )
    by_pred = brant_test(res, by_predictor=True)
    assert list(by_pred.index) == ["omnibus", "Infl", "Type", "Cont"]
    assert by_pred.loc["Infl", "chi2"] == pytest.approx(infl, rel=1e-6)
    assert list(by_pred["df"]) == [6, 2, 3, 1]
    assert bt.attrs["n_empty_cells"] == 0


def test_separation_in_a_binary_split_is_an_analysis_error():
    # wine: rating 1 occurs only with cold temperature, so the binary logit of rating > 1
    # separates on temp (R's brant returns a meaningless statistic with glm warnings here)
    wine = pd.read_csv(REF / "wine.csv")
    res = ordinal_logit(wine, "rating", ["temp", "contact"])
    with pytest.raises(AnalysisError, match="Brant test cannot be computed"):
        brant_test(res)


def brant_frame(p_vals: dict[str, float]) -> pd.DataFrame:
    """A Brant table as brant_test returns it, with the given p-values."""
    return pd.DataFrame(
        {"chi2": 1.0, "df": 3, "p_val": list(p_vals.values())},
        index=pd.Index(list(p_vals), name="term"),
    )


@pytest.mark.parametrize(
    ("p_vals", "holds", "violations"),
    [
        ({"omnibus": 0.738, "reliability": 0.84, "empathy": 0.2}, True, []),
        # p = 0.05 is not below alpha = 0.05: it holds
        ({"omnibus": 0.05, "reliability": 0.05}, True, []),
        ({"omnibus": 0.30, "reliability": 0.01, "empathy": 0.2}, False, ["reliability"]),
        ({"omnibus": 0.001, "reliability": 0.2}, False, []),
    ],
)
def test_parallel_lines_verdicts(p_vals, holds, violations):
    table = brant_frame(p_vals)
    assert parallel_lines_hold(table, 0.05) is holds
    assert parallel_lines_violations(table, 0.05) == violations
    expected = {k: v >= 0.05 for k, v in p_vals.items()}
    assert parallel_lines_verdicts(table, 0.05).to_dict() == expected

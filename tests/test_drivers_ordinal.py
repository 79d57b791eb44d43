"""ordinal_logit against published R output (ordinal::clm, MASS::polr) and statsmodels.

Reference data and the published numbers are in tests/data/reference (README.md there names
each source). Every expected number below is copied from that published output, or is
arithmetic written out in the test.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

import copcwb.drivers as drivers
from copcwb.drivers import OrdinalLogitResult, ordinal_logit
from copcwb.errors import AnalysisError

matplotlib.use("Agg")

REF = Path(__file__).resolve().parent / "data" / "reference"


def wine() -> pd.DataFrame:
    return pd.read_csv(REF / "wine.csv")


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


def survey() -> pd.DataFrame:
    s = pd.read_csv(REF / "survey_smoke.csv", index_col=0)
    s["Smoke"] = pd.Categorical(
        s["Smoke"], categories=["Never", "Occas", "Regul", "Heavy"], ordered=True
    )
    return s


# --------------------------------------------------------------------------- public surface


def test_public_names():
    assert set(drivers.__all__) >= {"ordinal_logit", "brant_test", "OrdinalLogitResult"}
    for name in drivers.__all__:
        assert hasattr(drivers, name)


# --------------------------------------------------------------------------- dataset 1: wine

# R: fm1 <- clm(rating ~ temp + contact, data = wine); summary(fm1); confint(fm1, type="Wald")
WINE = json.loads((REF / "wine_clm_reference.json").read_text())["reference_R_ordinal_clm"]


def test_wine_matches_published_clm_output():
    res = ordinal_logit(wine(), "rating", ["temp", "contact"])
    s = res.summary()
    # R: clm(rating ~ temp + contact, data = wine) -> tempwarm 2.5031 (0.5287),
    #    contactyes 1.5278 (0.4766), z 4.735 and 3.205, p 2.19e-06 and 0.00135
    assert list(s.index) == ["tempwarm", "contactyes", "1|2", "2|3", "3|4", "4|5"]
    assert s.loc[["tempwarm", "contactyes"], "coef"].to_numpy() == pytest.approx(
        WINE["coef"], abs=1e-4
    )
    assert s.loc[["tempwarm", "contactyes"], "se"].to_numpy() == pytest.approx(
        WINE["coef_se"], abs=1e-4
    )
    assert s.loc[["tempwarm", "contactyes"], "z"].to_numpy() == pytest.approx(
        WINE["coef_z"], abs=1e-3
    )
    assert s.loc["tempwarm", "p_val"] == pytest.approx(2.19e-06, rel=5e-3)
    assert s.loc["contactyes", "p_val"] == pytest.approx(0.00135, rel=5e-3)
    # R: thresholds 1|2 -1.3444 (0.5171), 2|3 1.2508 (0.4379), 3|4 3.4669 (0.5978),
    #    4|5 5.0064 (0.7309)
    th = s.loc[WINE["threshold_names"]]
    assert th["coef"].to_numpy() == pytest.approx(WINE["thresholds"], abs=1e-4)
    assert th["se"].to_numpy() == pytest.approx(WINE["threshold_se"], abs=1e-4)
    assert th["odds_ratio"].isna().all()
    # R: logLik -86.492, AIC 184.98, nobs 72
    assert res.loglik == pytest.approx(-86.492, abs=5e-4)
    assert res.aic == pytest.approx(184.98, abs=5e-3)
    assert res.nobs == 72 and res.n_rows == 72 and res.n_dropped == 0
    assert res.converged
    # R: confint(fm1, type = "Wald") (7 significant digits printed)
    for term, (lo, hi) in WINE["wald_CI95"].items():
        assert s.loc[term, "ci_low"] == pytest.approx(lo, abs=1e-6)
        assert s.loc[term, "ci_high"] == pytest.approx(hi, abs=1e-6)
    # R: exp(coef(fm1))["tempwarm"] = 12.22034
    assert s.loc["tempwarm", "odds_ratio"] == pytest.approx(12.22034, abs=1e-4)
    assert s.attrs["reference_levels"] == {"temp": "cold", "contact": "no"}


def test_wine_likelihood_ratio_and_pseudo_r2():
    full = ordinal_logit(wine(), "rating", ["temp", "contact"])
    # R: fm2 <- clm(rating ~ temp, data = wine); logLik(fm2) = -92.013
    reduced = ordinal_logit(wine(), "rating", ["temp"])
    assert reduced.loglik == pytest.approx(-92.013, abs=5e-4)
    # R: anova(fm2, fm1) -> LR.stat 11.043, df 1, Pr(>Chisq) 0.0008902
    assert 2 * (full.loglik - reduced.loglik) == pytest.approx(11.043, abs=1e-3)
    # thresholds-only model, closed form: rating counts 1..5 are 5, 22, 26, 12, 7 (n = 72)
    counts = np.array([5, 22, 26, 12, 7])
    ll0 = float(np.sum(counts * np.log(counts / 72)))  # = -103.7191
    assert full.loglik_null == pytest.approx(ll0, abs=1e-10)
    assert full.pseudo_r2 == pytest.approx(1 - (-86.492) / ll0, abs=1e-5)
    assert full.lr_stat == pytest.approx(2 * (-86.492 - ll0), abs=1e-3)
    assert full.lr_df == 2
    # p of a chi-square with 2 df is exp(-x / 2)
    assert full.lr_p_val == pytest.approx(np.exp(-full.lr_stat / 2), rel=1e-9)


def test_wine_predict_proba_from_published_coefficients():
    res = ordinal_logit(wine(), "rating", ["temp", "contact"])
    new = pd.DataFrame({"temp": ["cold", "warm", "warm"], "contact": ["no", "yes", "maybe"]})
    p = res.predict_proba(new)
    assert list(p.columns) == [1, 2, 3, 4, 5]
    # warm, yes: P(Y <= k) = expit(theta_k - 2.5031 - 1.5278) with the published clm values
    theta = np.array(WINE["thresholds"])
    cum = 1 / (1 + np.exp(-(theta - 2.5031 - 1.5278)))
    expected = np.diff(np.concatenate([[0.0], cum, [1.0]]))
    assert p.iloc[1].to_numpy() == pytest.approx(expected, abs=5e-4)
    # cold, no: P(Y <= k) = expit(theta_k)
    cum0 = 1 / (1 + np.exp(-theta))
    assert p.iloc[0].to_numpy() == pytest.approx(
        np.diff(np.concatenate([[0.0], cum0, [1.0]])), abs=5e-4
    )
    assert p.iloc[:2].sum(axis=1).to_numpy() == pytest.approx([1.0, 1.0], abs=1e-12)
    assert p.iloc[2].isna().all()  # unseen category "maybe"


def test_reference_level_option_flips_dummy():
    res = ordinal_logit(wine(), "rating", ["temp", "contact"], reference={"temp": "warm"})
    # the same model with warm as reference: tempcold = -2.5031 (R: relevel(temp, "warm"))
    assert res.coef["tempcold"] == pytest.approx(-2.5031, abs=1e-4)
    assert res.reference_levels["temp"] == "warm"
    with pytest.raises(ValueError, match="not a level"):
        ordinal_logit(wine(), "rating", ["temp"], reference={"temp": "hot"})


# ------------------------------------------------------------------------ dataset 2: housing

HOUSING = json.loads((REF / "housing_polr_reference.json").read_text())["reference_R_MASS_polr"]


def test_housing_matches_published_polr_output():
    res = ordinal_logit(housing(), "Sat", ["Infl", "Type", "Cont"], weights="Freq")
    s = res.summary()
    # R: polr(Sat ~ Infl + Type + Cont, weights = Freq, data = housing)
    #    InflMedium 0.5663937 InflHigh 1.2888191 TypeApartment -0.5723501
    #    TypeAtrium -0.3661866 TypeTerrace -1.0910149 ContHigh 0.3602841
    #    (polr stops BFGS near the optimum: its 6th-7th digits are not converged -> 1e-5)
    assert list(s.index) == HOUSING["coef_names"] + HOUSING["threshold_names"]
    assert res.coef.to_numpy() == pytest.approx(HOUSING["coef"], abs=1e-5)
    # R: summary(house.plr) Std. Error 0.10465 0.12716 0.11924 0.15517 0.15149 0.09554
    assert s.loc[HOUSING["coef_names"], "se"].to_numpy() == pytest.approx(
        HOUSING["coef_se"], abs=0.5e-5 + 1e-7
    )
    # R: t value 5.412 10.136 -4.800 -2.360 -7.202 3.771
    assert s.loc[HOUSING["coef_names"], "z"].to_numpy() == pytest.approx(
        HOUSING["coef_t"], abs=1e-3
    )
    # R: Intercepts Low|Medium -0.4961353 (0.1248), Medium|High 0.6907083 (0.1255)
    assert res.thresholds.to_numpy() == pytest.approx(HOUSING["thresholds"], abs=1e-5)
    assert s.loc[HOUSING["threshold_names"], "se"].to_numpy() == pytest.approx(
        HOUSING["threshold_se"], abs=0.5e-4
    )
    # R: Residual Deviance: 3479.149, AIC: 3495.149
    assert res.deviance == pytest.approx(3479.149, abs=5e-4)
    assert res.aic == pytest.approx(3495.149, abs=5e-4)
    assert res.nobs == 1681 and res.n_rows == 72
    assert res.reference_levels == {"Infl": "Low", "Type": "Tower", "Cont": "Low"}


@pytest.mark.parametrize(
    ("kept", "deviance"),
    [
        # R: anova(update(house.plr, . ~ . - Infl), house.plr): Type + Cont 3587.389
        (["Type", "Cont"], 3587.389),
        # R: anova(update(house.plr, . ~ . - Type), house.plr): Infl + Cont 3535.059
        (["Infl", "Cont"], 3535.059),
        # R: anova(update(house.plr, . ~ . - Cont), house.plr): Infl + Type 3493.456
        (["Infl", "Type"], 3493.456),
    ],
)
def test_housing_reduced_models_match_published_anova(kept, deviance):
    res = ordinal_logit(housing(), "Sat", kept, weights="Freq")
    assert res.deviance == pytest.approx(deviance, abs=5e-4)


def test_frequency_weights_equal_expanded_rows():
    h = housing()
    agg = ordinal_logit(h, "Sat", ["Infl", "Type", "Cont"], weights="Freq")
    expanded = h.loc[h.index.repeat(h["Freq"])].drop(columns="Freq").reset_index(drop=True)
    assert len(expanded) == 1681
    exp = ordinal_logit(expanded, "Sat", ["Infl", "Type", "Cont"])
    assert exp.nobs == agg.nobs == 1681
    assert exp.loglik == pytest.approx(agg.loglik, abs=1e-8)
    pd.testing.assert_frame_equal(exp.summary(), agg.summary(), atol=1e-8, rtol=0)
    # zero weights are the same as leaving the rows out
    h0 = h.copy()
    h0.loc[h0.index[:5], "Freq"] = 0
    sub = ordinal_logit(h.iloc[5:], "Sat", ["Infl", "Type", "Cont"], weights="Freq")
    zero = ordinal_logit(h0, "Sat", ["Infl", "Type", "Cont"], weights="Freq")
    assert zero.coef.to_numpy() == pytest.approx(sub.coef.to_numpy(), abs=1e-10)


# ---------------------------------------------------------------- dataset 3: MASS survey (NA)

SURVEY = json.loads((REF / "survey_brant_reference.json").read_text())["reference"]["polr"]


def test_survey_listwise_deletion_matches_polr():
    res = ordinal_logit(survey(), "Smoke", ["Sex", "Height"])
    # R: polr(Smoke ~ Sex + Height) "(29 observations deleted due to missingness)"
    assert res.n_dropped == SURVEY["n_deleted_missing"] == 29
    assert res.nobs == 237 - 29
    # R: Residual Deviance: 287.0276, AIC: 297.0276
    assert res.deviance == pytest.approx(287.0276, abs=5e-5)
    assert res.aic == pytest.approx(297.0276, abs=5e-5)
    # R: SexMale 0.09478, Height 0.02785; intercepts 6.3113 6.9224 7.8802. polr's BFGS stops
    # about 1e-3 short of the optimum on this flat ridge (the deviance agrees to 4 decimals)
    assert res.coef.to_numpy() == pytest.approx(SURVEY["coef"], abs=2e-4)
    assert res.thresholds.to_numpy() == pytest.approx(SURVEY["thresholds"], abs=2e-3)
    dropped = survey().dropna()
    assert ordinal_logit(dropped, "Smoke", ["Sex", "Height"]).loglik == pytest.approx(res.loglik)
    assert any("29 row(s) dropped" in n for n in res.notes)


# ------------------------------------------------------------------- statsmodels cross-check


def synthetic(n: int = 1500, seed: int = 11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x1 = rng.integers(1, 6, size=n)
    x2 = np.round(rng.gamma(2.0, 40.0, size=n))
    grp = rng.choice(["a", "b", "c"], size=n)
    eta = 0.6 * x1 - 0.01 * x2 + 0.5 * (grp == "b") - 0.4 * (grp == "c")
    y = 1 + np.searchsorted([0.5, 1.5, 2.5, 3.2], eta + rng.logistic(size=n))
    return pd.DataFrame({"y": y, "x1": x1, "x2": x2, "grp": grp})


def test_agrees_with_statsmodels_ordered_model():
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    df = synthetic()
    res = ordinal_logit(df, "y", ["x1", "x2", "grp"])
    X = pd.DataFrame(
        {
            "x1": df["x1"].astype(float),
            "x2": df["x2"].astype(float),
            "grpb": (df["grp"] == "b").astype(float),
            "grpc": (df["grp"] == "c").astype(float),
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = OrderedModel(df["y"].to_numpy(), X, distr="logit")
        sm = model.fit(method="bfgs", disp=False, maxiter=5000, gtol=1e-9)
    # same theta_k - x'beta form; statsmodels' thresholds are theta_1 then log increments
    sm_theta = model.transform_threshold_params(np.asarray(sm.params))[1:-1]
    assert res.coef.to_numpy() == pytest.approx(np.asarray(sm.params)[:4], abs=1e-5)
    assert res.thresholds.to_numpy() == pytest.approx(sm_theta, abs=1e-5)
    assert res.loglik == pytest.approx(sm.llf, abs=1e-7)
    # statsmodels' SEs come from a numerical Hessian: agreement to ~1e-4 relative
    assert res.se.to_numpy()[:4] == pytest.approx(np.asarray(sm.bse)[:4], rel=1e-3)
    assert res.terms == ("x1", "x2", "grpb", "grpc")


# ------------------------------------------------------------------------------ diagnostics


def test_vif_matches_hand_formula():
    rng = np.random.default_rng(3)
    n = 800
    a = rng.normal(size=n)
    b = 0.6 * a + 0.8 * rng.normal(size=n)
    y = 1 + np.searchsorted([-1, 0, 1], a + b + rng.logistic(size=n))
    res = ordinal_logit(pd.DataFrame({"y": y, "a": a, "b": b}), "y", ["a", "b"])
    # two predictors: VIF = 1 / (1 - r^2), r their correlation
    r = np.corrcoef(a, b)[0, 1]
    assert res.vif["vif"].to_numpy() == pytest.approx([1 / (1 - r**2)] * 2, rel=1e-10)
    assert list(res.vif["predictor"]) == ["a", "b"]


def test_fit_stats_and_plot():
    res = ordinal_logit(wine(), "rating", ["temp", "contact"])
    fs = res.fit_stats()
    assert fs.loc[0, "nobs"] == 72 and bool(fs.loc[0, "converged"])
    assert fs.loc[0, "aic"] == pytest.approx(184.98, abs=5e-3)
    ax = res.plot()
    assert ax.get_xscale() == "log"
    assert isinstance(res, OrdinalLogitResult)


# ---------------------------------------------------------------------------- failure modes


def test_fewer_than_three_levels_is_an_analysis_error():
    df = wine()
    df = df[df["rating"].isin([2, 3])]
    with pytest.raises(AnalysisError, match="at least 3"):
        ordinal_logit(df, "rating", ["temp"])


def test_complete_separation_is_detected():
    rng = np.random.default_rng(5)
    n = 300
    x = rng.integers(0, 2, size=n)
    y = np.where(x == 1, 3, rng.integers(1, 4, size=n))  # x = 1 -> always the top level
    df = pd.DataFrame({"y": y, "x": x, "z": rng.normal(size=n)})
    with pytest.raises(AnalysisError, match="separation") as info:
        ordinal_logit(df, "y", ["z", "x"])
    assert "'x'" in str(info.value)
    assert "Fix" in str(info.value)


def test_constant_and_collinear_predictors_are_named():
    df = wine()
    df["one"] = 1.0
    with pytest.raises(AnalysisError, match="'one' is constant"):
        ordinal_logit(df, "rating", ["temp", "one"])
    df["warm"] = (df["temp"] == "warm").astype(float)
    df["warm2"] = 2.0 * df["warm"]
    with pytest.raises(AnalysisError, match="collinear") as info:
        ordinal_logit(df, "rating", ["contact", "warm", "warm2"])
    assert "warm" in str(info.value) and "warm2" in str(info.value)
    with pytest.raises(AnalysisError, match="constant"):
        ordinal_logit(df[df["temp"] == "warm"], "rating", ["temp"])


def test_missing_values_are_dropped_and_counted():
    df = wine()
    df.loc[[0, 5], "temp"] = np.nan
    df.loc[[5, 9], "rating"] = np.nan
    res = ordinal_logit(df, "rating", ["temp", "contact"])
    assert res.n_dropped == 3
    ref = ordinal_logit(df.dropna(subset=["temp", "rating"]), "rating", ["temp", "contact"])
    assert res.coef.to_numpy() == pytest.approx(ref.coef.to_numpy(), abs=1e-12)


def test_argument_errors():
    df = wine()
    with pytest.raises(ValueError, match="not in the data"):
        ordinal_logit(df, "rating", ["nope"])
    df["cat"] = pd.Categorical(df["rating"], ordered=False)
    with pytest.raises(ValueError, match="unordered"):
        ordinal_logit(df, "cat", ["temp"])
    with pytest.raises(ValueError, match="integer"):
        ordinal_logit(df.assign(r=df["rating"] + 0.5), "r", ["temp"])
    with pytest.raises(AnalysisError, match="negative"):
        ordinal_logit(df.assign(wt=-1.0), "rating", ["temp"], weights="wt")
    with pytest.raises(ValueError, match="cannot also be a predictor"):
        ordinal_logit(df, "rating", ["rating"])


def test_unused_outcome_level_is_left_out():
    df = wine()
    df["r"] = pd.Categorical(df["rating"], categories=[0, 1, 2, 3, 4, 5], ordered=True)
    res = ordinal_logit(df, "r", ["temp", "contact"])
    assert res.dropped_levels == (0,)
    assert list(res.thresholds.index) == ["1|2", "2|3", "3|4", "4|5"]
    assert res.coef["tempwarm"] == pytest.approx(2.5031, abs=1e-4)


def test_collapsed_patterns_give_the_same_fit():
    rng = np.random.default_rng(8)
    n = 20_000  # discrete predictors: rows collapse to covariate patterns
    df = pd.DataFrame({"a": rng.integers(1, 6, size=n), "b": rng.integers(0, 3, size=n)})
    df["y"] = 1 + np.searchsorted(
        [1.5, 3.0, 4.5], 0.5 * df["a"] + 0.3 * df["b"] + rng.logistic(size=n)
    )
    res = ordinal_logit(df, "y", ["a", "b"])
    assert res.design.X.shape[0] < n  # collapsed
    # the same likelihood computed directly from the rows, at the estimate
    eta = df[["a", "b"]].to_numpy(float) @ res.coef.to_numpy()
    theta = np.concatenate([[-np.inf], res.thresholds.to_numpy(), [np.inf]])
    y = df["y"].to_numpy() - 1
    p = 1 / (1 + np.exp(-(theta[y + 1] - eta))) - 1 / (1 + np.exp(-(theta[y] - eta)))
    assert res.loglik == pytest.approx(float(np.log(p).sum()), abs=1e-6)
    assert res.nobs == n and res.n_rows == n

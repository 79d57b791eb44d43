"""The risk score: calibration tables and the Hosmer-Lemeshow statistic worked by hand, the
score of every contact against its formula, a simulated engagement whose true model the
score recovers, and the review list by keyed-hash pseudonyms."""

from __future__ import annotations

import hashlib
import hmac

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from copcwb import journey

# -- calibration arithmetic --------------------------------------------------------------


def test_calibration_groups_by_rank_worked_by_hand():
    predicted = [0.10, 0.40, 0.20, 0.30, 0.05, 0.35]
    observed = [0, 1, 0, 0, 0, 1]
    table = journey.calibration_table(predicted, observed, groups=3)
    # ranks of the predictions: 0.05 0.10 | 0.20 0.30 | 0.35 0.40 -> two rows per group
    assert table["group"].tolist() == [1, 2, 3]
    assert table["n"].tolist() == [2, 2, 2]
    assert table["predicted"].tolist() == pytest.approx([0.075, 0.25, 0.375])
    assert table["observed"].tolist() == pytest.approx([0.0, 0.0, 1.0])
    # Wilson interval of 0 of 2 starts at 0, of 2 of 2 ends at 1
    assert table["ci_low"].iloc[0] == 0.0 and table["ci_high"].iloc[2] == 1.0


def test_hosmer_lemeshow_worked_by_hand():
    table = pd.DataFrame(
        {"group": [1, 2, 3], "n": [100, 100, 100], "predicted": [0.1, 0.2, 0.4],
         "observed": [0.12, 0.15, 0.45]}
    )  # fmt: skip
    chi2, df, p = journey.hosmer_lemeshow(table)
    # (O - E)^2 / (E (1 - E/n)): (12-10)^2/(10*0.9) = 0.444444; (15-20)^2/(20*0.8) = 1.5625;
    # (45-40)^2/(40*0.6) = 1.041667; sum 3.048611 on 3 - 2 = 1 degree of freedom
    assert chi2 == pytest.approx(3.048611, abs=1e-6)
    assert df == 1
    assert p == pytest.approx(stats.chi2.sf(3.048611, 1), abs=1e-6)  # 0.0808


# -- a simulated engagement with a known model -------------------------------------------

THETA = np.array([-2.0, -1.0, 0.5, 2.0])  # cut points of a 1..5 rating
BETA_LATE, BETA_IVR = -1.5, -0.8  # a late callback, more than 120 s in the IVR


def _simulated(n: int = 6000, surveyed: int = 3000, seed: int = 7):
    rng = np.random.default_rng(seed)
    program = rng.choice(["A", "B"], size=n)
    promised = pd.Timestamp("2026-03-02 12:00")
    start = pd.Timestamp("2026-03-02 09:00")
    late = rng.random(n) < np.where(program == "A", 0.3, 0.1)
    has_callback = rng.random(n) < 0.5
    made = np.where(late, 40, 5)
    ivr = rng.gamma(2.0, 60.0, n)
    journeys = pd.DataFrame(
        {
            "contact_id": [f"K{i:06d}" for i in range(n)],
            "customer_id": [f"C{i:06d}" for i in range(n)],
            "program": program,
            "channel": "voice",
            "start_time": start + pd.to_timedelta(np.arange(n), unit="min"),
            "ivr_seconds": ivr,
            "callback_promised_at": pd.Series(promised, index=range(n)).where(has_callback),
            "callback_made_at": (promised + pd.to_timedelta(made, unit="min")).where(has_callback),
        }
    )  # fmt: skip
    eta = BETA_LATE * (late & has_callback) + BETA_IVR * (ivr > 120)
    latent = eta + rng.logistic(size=n)
    overall = 1 + (latent[:, None] > THETA[None, :]).sum(axis=1)
    rated = np.sort(rng.choice(n, surveyed, replace=False))
    survey = pd.DataFrame(
        {
            "response_id": [f"R{i}" for i in range(surveyed)],
            "program": program[rated],
            "contact_id": journeys["contact_id"].to_numpy()[rated],
            "overall": overall[rated],
        }
    )
    return journeys, survey


@pytest.fixture(scope="module")
def simulated():
    journeys, survey = _simulated()
    catalog = journey.checkpoint_catalog()
    linked = journey.surveyed(journeys, survey, catalog)
    score = journey.contact_score(journeys, linked, catalog, bottom_box=2, folds=5, seed=3)
    return journeys, survey, catalog, linked, score


def test_the_survey_joins_its_journeys(simulated):
    _, survey, _, linked, _ = simulated
    assert linked.n_survey == linked.n_linked == len(survey)
    assert {"callback_on_time_failed", "ivr_within_threshold_failed"} <= set(linked.flags)
    assert "contact_id" not in linked.data.columns and "customer_id" not in linked.data.columns


def test_the_score_is_calibrated_out_of_sample(simulated):
    *_, score = simulated
    cal = score.calibration
    assert len(cal) == 10 and cal["n"].sum() == 3000
    # every group's observed share within 3 binomial standard errors of its prediction
    se = np.sqrt(cal["predicted"] * (1 - cal["predicted"]) / cal["n"])
    assert (np.abs(cal["observed"] - cal["predicted"]) <= 3 * se).all()
    assert score.hl_p_val > 0.01
    # calibration in the large: the mean prediction is the observed bottom-box share
    assert (cal["predicted"] * cal["n"]).sum() / 3000 == pytest.approx(score.base_rate, abs=0.01)
    # groups rise with the risk they were ranked by
    assert cal["predicted"].is_monotonic_increasing


def test_the_model_recovers_the_true_effects(simulated):
    *_, score = simulated
    model = score.model
    summary = model.summary()
    for flag, truth in (
        ("callback_on_time_failed", BETA_LATE),
        ("ivr_within_threshold_failed", BETA_IVR),
    ):
        z = (summary.loc[flag, "coef"] - truth) / summary.loc[flag, "se"]
        assert abs(z) < 3.5, (flag, summary.loc[flag, "coef"])


def test_every_contact_s_risk_follows_the_formula(simulated):
    journeys, _, catalog, _, score = simulated
    model = score.model
    theta2, beta = float(model.thresholds.iloc[1]), model.coef
    review = journey.review_list(journeys, score, catalog, n=30)
    for r in review.table.itertuples(index=False):
        # the bottom box is ratings 1 and 2: P(Y <= 2) = 1 / (1 + exp(-(theta_2 - x'beta)))
        # with x'beta the sum of the coefficients of the checkpoints it failed (those in the
        # model) and of its program (0 for the reference program A)
        eta = sum(beta.get(f"{c}_failed", 0.0) for c in r.failed)
        eta += beta["programB"] if r.program == "B" else 0.0
        assert r.risk == pytest.approx(1.0 / (1.0 + np.exp(-(theta2 - eta))), rel=1e-9)
    assert review.table["risk"].is_monotonic_decreasing
    everyone = score.at_risk.set_index("program")
    assert everyone.loc["", "n_scored"] == len(journeys)
    assert everyone.loc["", "n_contacts"] == everyone.loc[["A", "B"], "n_contacts"].sum()
    # at risk: a predicted chance of at least 2 x the surveyed bottom-box share
    assert score.threshold == pytest.approx(2 * score.base_rate)


# -- the review list ---------------------------------------------------------------------


def _expected_pseudonym(contact_id: str, key: bytes) -> str:
    return "P-" + hmac.new(key, contact_id.encode(), hashlib.sha256).hexdigest()[:12].upper()


def test_the_review_list_names_unsurveyed_contacts_by_keyed_pseudonyms(simulated, monkeypatch):
    journeys, survey, catalog, _, score = simulated
    monkeypatch.setenv("COPCWB_PSEUDONYM_KEY", "test-key")
    review = journey.review_list(journeys, score, catalog, survey=survey, n=20)
    assert review.key_source == "configured" and len(review.table) == 20
    assert review.n_unsurveyed == len(journeys) - len(survey)
    assert review.table["risk"].is_monotonic_decreasing
    by_pseudonym = {_expected_pseudonym(c, b"test-key"): c for c in journeys["contact_id"]}
    contacts = [by_pseudonym[p] for p in review.table["contact"]]
    assert not set(contacts) & set(survey["contact_id"])  # none was surveyed
    shown = review.table.astype(str).to_numpy().ravel().tolist()
    raw = set(journeys["contact_id"]) | set(journeys["customer_id"])
    assert not any(cell in raw or any(r in cell for r in contacts) for cell in shown)


def test_without_a_key_the_pseudonyms_come_from_the_data(simulated, monkeypatch):
    journeys, survey, catalog, _, score = simulated
    for name in ("COPCWB_PSEUDONYM_KEY", "COPCWB_SIGNING_KEY", "COPCWB_SIGNING_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    first = journey.review_list(journeys, score, catalog, survey=survey, n=5)
    again = journey.review_list(journeys, score, catalog, survey=survey, n=5)
    assert first.key_source == "data"
    assert first.table["contact"].tolist() == again.table["contact"].tolist()
    key = journey.review_key(journeys)
    assert repr(key) == "ReviewKey(source='data')"  # the key itself is never shown
    other = journey.review_key(journeys.head(10))
    assert other.secret != key.secret


def test_a_review_list_needs_a_score():
    from copcwb.attempt import Unavailable
    from copcwb.errors import AnalysisError

    journeys, _ = _simulated(n=50, surveyed=10)
    with pytest.raises(AnalysisError, match="no survey"):
        journey.review_list(journeys, Unavailable("contact_score", "no survey"), None)

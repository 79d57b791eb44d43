"""Tests of the seeded demo engagement (copcwb.synth)."""

from __future__ import annotations

import dataclasses
import hashlib

import numpy as np
import pandas as pd
import pytest

from copcwb.synth import DEMO, generate_demo, write_demo_inputs
from copcwb.synth.wfm import erlang_agents

COLUMNS = {
    "kpis": ["program", "metric", "month", "value"],
    "qa": [
        "transaction_id",
        "program",
        "date",
        "monitoring_type",
        "agent_id",
        "customer_ce",
        "business_ce",
        "compliance_ce",
        "error_code",
    ],
    "contacts": ["contact_id", "customer_id", "program", "channel", "start_time", "reason"],
    "survey": [
        "response_id",
        "program",
        "contact_id",
        "overall",
        "reliability",
        "responsiveness",
        "assurance",
        "empathy",
        "tangibles",
        "ivr_seconds",
        "wait_seconds",
        "transfers",
        "repeat_contact_7d",
        "customer_ce",
        "business_ce",
        "compliance_ce",
    ],
    "wfm": [
        "queue",
        "interval_start",
        "interval_minutes",
        "forecast_volume",
        "actual_volume",
        "forecast_aht_s",
        "actual_aht_s",
        "scheduled_agents",
        "forecast_shrinkage",
        "actual_shrinkage",
    ],
}
PROGRAMS = {"Consumer Billing", "Technical Support", "Retention Sales"}
FLAGS = ["customer_ce", "business_ce", "compliance_ce"]
DRIVERS = ["reliability", "responsiveness", "assurance", "empathy", "tangibles"]


@pytest.fixture(scope="module")
def demo() -> dict[str, pd.DataFrame]:
    return generate_demo(2026)


def _hashes(paths: dict) -> dict[str, str]:
    return {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in paths.items()}


# --- determinism -------------------------------------------------------------------------------


def test_same_seed_gives_identical_files(tmp_path):
    a = write_demo_inputs(tmp_path / "a", seed=11)
    b = write_demo_inputs(tmp_path / "b", seed=11)
    assert sorted(p.name for p in a.values()) == [
        "contacts.csv",
        "kpis.csv",
        "qa.csv",
        "survey.csv",
        "wfm.csv",
    ]
    assert _hashes(a) == _hashes(b)
    raw = a["wfm"].read_bytes()
    assert b"\r\n" not in raw
    raw.decode("utf-8")  # plain UTF-8 without a byte-order mark
    assert not raw.startswith(b"\xef\xbb\xbf")


def test_different_seed_gives_different_files(tmp_path):
    a = _hashes(write_demo_inputs(tmp_path / "a", seed=11))
    b = _hashes(write_demo_inputs(tmp_path / "b", seed=12))
    assert all(a[k] != b[k] for k in a)


def test_floats_have_fixed_decimals(tmp_path):
    paths = write_demo_inputs(tmp_path, seed=3)
    kpis = pd.read_csv(paths["kpis"], dtype=str)
    assert kpis["value"].str.fullmatch(r"-?\d+\.\d{4}").all()
    wfm = pd.read_csv(paths["wfm"], dtype=str)
    assert wfm["forecast_volume"].str.fullmatch(r"\d+\.\d{2}").all()
    assert wfm["actual_shrinkage"].str.fullmatch(r"\d\.\d{3}").all()


def test_tables_draw_from_independent_streams():
    # `weeks` only changes the WFM table; every other table must stay exactly the same.
    a = generate_demo(5, weeks=8)
    b = generate_demo(5, weeks=9)
    for name in ("kpis", "qa", "contacts", "survey"):
        pd.testing.assert_frame_equal(a[name], b[name])
    assert len(b["wfm"]) > len(a["wfm"])


# --- shapes and formats ------------------------------------------------------------------------


def test_columns_and_formats(demo):
    assert set(demo) == set(COLUMNS)
    for name, cols in COLUMNS.items():
        assert list(demo[name].columns) == cols, name
    assert demo["kpis"]["month"].str.fullmatch(r"\d{4}-\d{2}").all()
    assert demo["qa"]["date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert (
        demo["contacts"]["start_time"].str.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}").all()
    )
    stamps = demo["wfm"]["interval_start"]
    assert stamps.str.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+08:00").all()
    parsed = pd.to_datetime(stamps)
    assert str(parsed.dt.tz) == "UTC+08:00"
    for name in ("qa", "survey"):
        for col in FLAGS:
            assert demo[name][col].dtype == np.int64
            assert set(demo[name][col].unique()) <= {0, 1}
    for name in ("kpis", "qa", "contacts", "survey"):
        assert set(demo[name]["program"]) == PROGRAMS


def test_sizes_and_ranges(demo):
    # 3 programs x 19 metrics x 12 months, minus the one planted missing month = 683
    assert len(demo["kpis"]) == 3 * 19 * 12 - 1
    # 300 QA records a month for 12 months
    assert len(demo["qa"]) == 300 * 12
    assert 17_000 <= len(demo["contacts"]) <= 23_000
    assert len(demo["survey"]) == 4000
    # 8 weeks x 7 days x 28 half-hours (08:00..21:30) x 4 queues = 6,272 intervals
    assert len(demo["wfm"]) == 8 * 7 * 28 * 4

    k = demo["kpis"]
    assert k["month"].min() == "2025-11" and k["month"].max() == "2026-10"
    share = k["metric"].isin(["service_level", "abandon_rate", "fcr_7d", "occupancy", "csat_top2"])
    assert k.loc[share, "value"].between(0, 1).all()
    assert k.loc[k["metric"] == "asa_s", "value"].between(1, 200).all()

    c = demo["contacts"]
    assert c["customer_id"].str.fullmatch(r"C\d{7}").all()
    assert c["contact_id"].is_unique
    assert set(c["channel"]) == {"voice", "chat", "email"}
    assert c["start_time"].min() >= "2026-08-01" and c["start_time"].max() < "2026-11-01"
    live = c[c["channel"] != "email"]
    hours = pd.to_datetime(live["start_time"]).dt.hour
    assert hours.between(8, 21).all()

    q = demo["qa"]
    assert q["transaction_id"].is_unique
    assert q["agent_id"].str.fullmatch(r"A\d{4}").all()
    with_error = q[FLAGS].sum(axis=1) > 0
    assert (q["error_code"].notna() == with_error).all()

    s = demo["survey"]
    for col in ["overall", *DRIVERS]:
        assert s[col].between(1, 5).all()
    assert s["ivr_seconds"].between(0, 400).all()
    assert s["transfers"].between(0, 3).all()
    assert s["response_id"].is_unique

    w = demo["wfm"]
    assert set(w["queue"]) == {"billing_voice", "support_voice", "sales_voice", "support_chat"}
    assert (w["interval_minutes"] == 30).all()
    assert w["actual_aht_s"].median() == pytest.approx(500, abs=150)
    assert w["actual_aht_s"].between(0, 3600).all()
    assert w["actual_shrinkage"].between(0.1, 0.6).all()
    first = pd.to_datetime(w["interval_start"]).min()
    assert first.day_of_week == 0 and first.hour == 8  # starts on a Monday at 08:00


def test_other_calendar():
    d = generate_demo(1, end_month="2025-03", months=7, weeks=2)
    assert sorted(d["kpis"]["month"].unique())[0] == "2024-09"
    assert d["contacts"]["start_time"].min() >= "2025-01-01"
    assert len(d["wfm"]) == 2 * 7 * 28 * 4


@pytest.mark.parametrize(
    "kw",
    [
        {"end_month": "2026-13"},
        {"end_month": "Oct 2026"},
        {"months": 6},
        {"weeks": 1},
        {"weeks": 80},
    ],
)
def test_bad_arguments(kw):
    with pytest.raises(ValueError):
        generate_demo(1, **kw)


def test_bad_seed():
    with pytest.raises(ValueError):
        generate_demo(-1)


def test_demo_description():
    assert DEMO.client == "Acme Telecom (demo)"
    assert DEMO.timezone == "Asia/Taipei"
    assert set(DEMO.programs) == PROGRAMS
    assert list(DEMO.drivers) == DRIVERS
    for table in COLUMNS:
        assert DEMO.planted_in(table)
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEMO.client = "x"  # type: ignore[misc]


# --- planted effects ---------------------------------------------------------------------------


def _series(kpis: pd.DataFrame, program: str, metric: str) -> pd.Series:
    sel = (kpis["program"] == program) & (kpis["metric"] == metric)
    return kpis[sel].set_index("month")["value"]


def test_kpi_trends_are_planted(demo):
    k = demo["kpis"]
    csat = _series(k, "Retention Sales", "csat_top2")
    assert csat["2026-10"] < csat["2026-04"] - 0.05
    sl = _series(k, "Retention Sales", "service_level")
    assert sl["2026-10"] < sl["2026-04"] - 0.08
    # Technical Support: month-on-month improvement over the last six months
    tech_sl = _series(k, "Technical Support", "service_level").loc["2026-05":]
    assert (np.diff(tech_sl.to_numpy()) > 0).all()
    tech_asa = _series(k, "Technical Support", "asa_s").loc["2026-05":]
    assert (np.diff(tech_asa.to_numpy()) < 0).all()
    # Consumer Billing: service level far above the 0.80 target, occupancy below 0.85
    assert _series(k, "Consumer Billing", "service_level").min() > 0.94
    assert _series(k, "Consumer Billing", "occupancy").max() < 0.75


def test_one_kpi_month_is_missing(demo):
    k = demo["kpis"]
    counts = k.groupby(["program", "metric"]).size()
    assert (counts == 12).sum() == 3 * 19 - 1
    assert counts[("Consumer Billing", "nps")] == 11
    assert "2026-08" not in _series(k, "Consumer Billing", "nps").index


def test_qa_monitoring_types_differ(demo):
    q = demo["qa"]
    shares = q["monitoring_type"].value_counts(normalize=True)
    assert shares["process"] == pytest.approx(0.75, abs=0.04)
    assert shares["individual"] == pytest.approx(0.15, abs=0.03)
    assert shares["targeted"] == pytest.approx(0.10, abs=0.03)
    rate = q.groupby("monitoring_type")["customer_ce"].mean()
    assert rate["individual"] > 1.4 * rate["process"]
    assert rate["targeted"] > 2.0 * rate["process"]
    # pooling all monitoring would understate process accuracy
    assert q["customer_ce"].mean() > rate["process"] + 0.01
    proc = q[q["monitoring_type"] == "process"]
    acc = 1 - proc.groupby("program")[FLAGS].mean()
    assert acc["customer_ce"].idxmin() == "Retention Sales"
    assert acc["customer_ce"].between(0.85, 0.98).all()
    assert acc["business_ce"].between(0.90, 0.99).all()
    assert acc["compliance_ce"].between(0.95, 1.0).all()


def _resolved(contacts: pd.DataFrame, days: int) -> pd.Series:
    """True when the same customer does not contact again within `days` days."""
    c = contacts.assign(t=pd.to_datetime(contacts["start_time"]))
    c = c.sort_values(["customer_id", "t"])
    same = c["customer_id"].shift(-1) == c["customer_id"]
    gap = (c["t"].shift(-1) - c["t"]).where(same)
    return ~(gap <= pd.Timedelta(days=days))


def test_contact_resolution_is_planted(demo):
    c = demo["contacts"]
    res = _resolved(c, 7).reindex(c.index)
    assert 0.70 <= res.mean() <= 0.80
    by_channel = res.groupby(c["channel"]).mean()
    assert by_channel["chat"] < by_channel["voice"] - 0.05
    by_program = res.groupby(c["program"]).mean()
    assert by_program["Consumer Billing"] > by_program["Retention Sales"] + 0.05
    # some repeats come within 48 hours, more within 7 days, and a few only later
    res48 = _resolved(c, 2).mean()
    res21 = _resolved(c, 21).mean()
    assert res21 < res.mean() < res48 < 0.95


def test_survey_effects_are_planted(demo):
    s = demo["survey"]
    dist = s["overall"].value_counts(normalize=True)
    assert 0.35 <= dist[5] <= 0.45
    assert 0.07 <= dist[1] + dist[2] <= 0.14
    by_ce = s.groupby("customer_ce")["overall"].mean()
    assert by_ce[1] < by_ce[0] - 0.4
    by_comp = s.groupby("compliance_ce")["overall"].mean()
    assert abs(by_comp[1] - by_comp[0]) < 0.3
    # IVR time is harmless below 120 s and harmful above it
    ivr = s["ivr_seconds"]
    short = s.loc[ivr <= 60, "overall"].mean()
    medium = s.loc[(ivr > 60) & (ivr <= 120), "overall"].mean()
    long = s.loc[ivr > 200, "overall"].mean()
    assert abs(short - medium) < 0.15
    assert long < medium - 0.25
    # ratings are correlated but not collinear
    corr = s[DRIVERS].corr().to_numpy()[np.triu_indices(5, 1)]
    assert (corr > 0.2).all() and (corr < 0.8).all()
    assert s["reliability"].mean() < s["tangibles"].mean()


def test_survey_links_to_contacts(demo):
    s, c = demo["survey"], demo["contacts"]
    linked = s["contact_id"].isin(c["contact_id"])
    assert linked.mean() == pytest.approx(0.75, abs=0.01)
    res = _resolved(c, 7).reindex(c.index)
    repeat = pd.Series((~res).astype(int).to_numpy(), index=c["contact_id"])
    joined = s[linked].set_index("contact_id")
    assert (joined["repeat_contact_7d"] == repeat.loc[joined.index]).all()
    voice = c.set_index("contact_id").loc[joined.index, "channel"]
    assert (voice == "voice").all()


def test_survey_follows_the_true_ordinal_model(demo):
    # statsmodels' OrderedModel is an independent fit of logit P(Y<=k) = theta_k - x'beta;
    # the true coefficients are the design values written in DEMO.survey_true_beta.
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    s = demo["survey"]
    x = s[[*DRIVERS, *FLAGS, "transfers", "repeat_contact_7d"]].astype(float)
    x["ivr_over_120s"] = np.maximum(0.0, s["ivr_seconds"] - 120.0)
    fit = OrderedModel(s["overall"].to_numpy(), x, distr="logit").fit(
        method="bfgs", disp=False, maxiter=2000
    )
    truth = dict(DEMO.survey_true_beta)
    for name in x.columns:
        z = (fit.params[name] - truth[name]) / fit.bse[name]
        assert abs(z) < 3.5, (name, fit.params[name], truth[name])
    assert fit.params["reliability"] > fit.params["responsiveness"] > fit.params["empathy"]
    assert fit.pvalues["customer_ce"] < 0.001


def test_erlang_sizing_matches_check_values():
    # DOMAIN.md check values: A = 10 erlangs, T = 20 s, AHT = 180 s -> N = 13 gives SL 0.7956,
    # N = 14 gives 0.8884. A = 10 with AHT 180 s in a 1,800 s interval means 100 calls.
    calls, aht = np.array([100.0, 100.0]), np.array([180.0, 180.0])
    assert erlang_agents(calls, aht, 1800.0, 0.80, 20.0).tolist() == [14, 14]
    assert erlang_agents(calls, aht, 1800.0, 0.79, 20.0).tolist() == [13, 13]
    assert erlang_agents(calls, aht, 1800.0, 0.89, 20.0).tolist() == [15, 15]


def _bias(frame: pd.DataFrame) -> float:
    # bias = sum(F - A) / sum(A)   (DOMAIN.md)
    return float(
        (frame["forecast_volume"] - frame["actual_volume"]).sum() / frame["actual_volume"].sum()
    )


def test_wfm_monday_morning_bias(demo):
    w = demo["wfm"]
    t = pd.to_datetime(w["interval_start"])
    monday_morning = (t.dt.day_of_week == 0) & (t.dt.hour < 12)
    sv = w["queue"] == "support_voice"
    assert _bias(w[sv & monday_morning]) < -0.08
    assert abs(_bias(w[~sv & monday_morning])) < 0.05
    # the outage is on the Wednesday of week 6: 2026-08-31 (Monday) + 5 weeks + 2 days
    outage_day = t.dt.strftime("%Y-%m-%d") == "2026-10-07"
    other = ~outage_day & (t.dt.day_of_week == 2)
    assert _bias(w[sv & outage_day]) < _bias(w[sv & other]) - 0.15
    chat = w["queue"] == "support_chat"
    assert _bias(w[chat & ~outage_day]) > 0.0
    # scheduled agents cover the forecast workload
    workload = w["forecast_volume"] * w["forecast_aht_s"] / 1800.0
    assert (w["scheduled_agents"] > workload).all()

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
        "exp_reliability",
        "exp_responsiveness",
        "exp_assurance",
        "exp_empathy",
        "exp_tangibles",
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
    "calibration": [
        "transaction_id",
        "evaluator_id",
        "customer_ce",
        "business_ce",
        "compliance_ce",
        "error_code",
    ],
    "journeys": [
        "contact_id",
        "customer_id",
        "program",
        "channel",
        "start_time",
        "bot_used",
        "bot_resolved",
        "ivr_seconds",
        "queue_seconds",
        "transfers",
        "callback_promised_at",
        "callback_made_at",
        "case_opened_at",
        "case_closed_at",
        "sla_hours",
        "resolved_flag",
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
        "calibration.csv",
        "contacts.csv",
        "journeys.csv",
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
    for name in ("kpis", "qa", "contacts", "survey", "journeys", "calibration"):
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
    for name in ("qa", "survey", "calibration"):
        for col in FLAGS:
            assert demo[name][col].dtype == np.int64
            assert set(demo[name][col].unique()) <= {0, 1}
    for name in ("kpis", "qa", "contacts", "survey", "journeys"):
        assert set(demo[name]["program"]) == PROGRAMS


def test_sizes_and_ranges(demo):
    # 3 programs x 19 metrics x 12 months, plus employee satisfaction and knowledge-base
    # timeliness of two programs, minus Technical Support's nps (no strategic metric) and
    # the one planted missing month: 684 + 48 - 12 - 1 = 719
    assert len(demo["kpis"]) == 3 * 19 * 12 + 2 * 2 * 12 - 12 - 1
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
    for col in ["overall", *DRIVERS, *(f"exp_{d}" for d in DRIVERS)]:
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


def test_the_maturity_ladder_is_planted(demo):
    from copcwb.catalog import builtin_stages

    k = demo["kpis"]
    strategic = k[k["metric"].map(builtin_stages()) == "strategic"]
    # Technical Support reports no strategic metric; the others three of the four
    assert set(strategic["program"]) == {"Consumer Billing", "Retention Sales"}
    for program in ("Consumer Billing", "Retention Sales"):
        mine = set(strategic.loc[strategic["program"] == program, "metric"])
        assert mine == {"nps", "employee_satisfaction", "kb_update_timeliness"}, program
    # employee satisfaction: Billing flat at 0.80 (target 0.75), Sales 0.74 -> 0.62
    assert _series(k, "Consumer Billing", "employee_satisfaction").min() > 0.77
    sales = _series(k, "Retention Sales", "employee_satisfaction")
    assert sales["2026-10"] < sales["2026-04"] - 0.08


def test_one_kpi_month_is_missing(demo):
    k = demo["kpis"]
    counts = k.groupby(["program", "metric"]).size()
    # 3 x 19 series, 4 strategic ones added, Technical Support's nps dropped
    assert (counts == 12).sum() == 3 * 19 + 4 - 1 - 1
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


def test_calibration_rescores_process_transactions_with_one_lenient_evaluator(demo):
    cal, qa = demo["calibration"], demo["qa"]
    # 14 + 12 + 10 transactions with an error of each type and 20 without, each scored by
    # the four evaluators E01..E04
    assert cal["transaction_id"].nunique() == 56
    assert (
        cal.groupby("transaction_id")["evaluator_id"].apply(list)
        == [["E01", "E02", "E03", "E04"]] * 56
    ).all()
    records = qa.set_index("transaction_id").loc[cal["transaction_id"].unique()]
    assert (records["monitoring_type"] == "process").all()
    assert records["date"].min() >= "2026-05-01"  # the last six months of QA (to 2026-10)
    truth = records[FLAGS].sum(axis=1) > 0
    assert truth.sum() >= 30 and (~truth).sum() >= 20
    assert (cal["error_code"].notna() == (cal[FLAGS].sum(axis=1) > 0)).all()
    # against the QA record (each flag of each transaction a judgement): E03 flags about
    # half of the errors it holds (design 50%), the others nearly all (97%, 97% and 85% by
    # type), and nobody flags many errors the record lacks (1%)
    qa_flags = records[FLAGS].add_suffix("_qa").reset_index()
    scored = cal.merge(qa_flags, on="transaction_id", validate="many_to_one")
    judged = pd.concat(
        [
            scored[["evaluator_id", f, f"{f}_qa"]].set_axis(["evaluator_id", "flag", "qa"], axis=1)
            for f in FLAGS
        ]
    )
    errors = judged[judged["qa"] == 1]
    found = errors.groupby("evaluator_id")["flag"].mean()
    # within 3 standard errors of 1/2: 3 * sqrt(0.5 * 0.5 / n) for E03's n judgements
    n = int((errors["evaluator_id"] == "E03").sum())
    assert found["E03"] == pytest.approx(0.5, abs=3 * (0.25 / n) ** 0.5)
    assert (found.drop("E03") > 0.85).all()
    assert judged.loc[judged["qa"] == 0, "flag"].mean() < 0.05


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


def test_expectations_are_planted_and_leave_every_other_column_as_it_was(demo):
    from copcwb.synth import SurveyShape, generate_engagement, resolve_shape

    s = demo["survey"]
    # the survey of the same seed without expectations: every other column is the same
    plain = generate_engagement(resolve_shape("demo", survey=SurveyShape()), 2026)
    pd.testing.assert_frame_equal(s.drop(columns=[f"exp_{d}" for d in DRIVERS]), plain["survey"])
    for name in ("kpis", "qa", "contacts", "wfm", "journeys", "calibration"):
        pd.testing.assert_frame_equal(demo[name], plain[name])
    # paired differences per program, by hand (mean and the mean's standard error)
    for _, part in s.groupby("program"):
        d = {x: part[x] - part[f"exp_{x}"] for x in DRIVERS}
        se = {x: d[x].std(ddof=1) / np.sqrt(len(part)) for x in DRIVERS}
        # reliability: expectations 0, 1 or 2 points above a permuted perception (mean
        # offset 0.25*0 + 0.55*1 + 0.20*2 = 0.95, less where clipped at 5): missed
        assert -1.05 < d["reliability"].mean() < -0.5
        assert d["reliability"].mean() < -10 * se["reliability"]
        # tangibles: 1 point below in 60% (mean offset -0.6; the offset's own sampling
        # error sqrt(0.6 * 0.4 / n) is below 0.02 for n >= 800): over-served
        assert abs(d["tangibles"].mean() - 0.6) < 0.1
        assert d["tangibles"].mean() > 10 * se["tangibles"]
        # the other three: a permutation within the program, so the means are equal
        for x in ("responsiveness", "assurance", "empathy"):
            assert d[x].mean() == pytest.approx(0.0, abs=1e-12)
            assert sorted(part[x]) == sorted(part[f"exp_{x}"])


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


# --- engagements of other shapes ---------------------------------------------------------------

# the demo's engagement.yaml, written out: the default shape must keep producing exactly this
DEMO_YAML_2026 = """# Demo engagement generated by `copcwb demo` (synthetic data, seed 2026).
client: "Acme Telecom (demo)"
engagement: acme-demo
period: {start: "2025-11", end: "2026-10"}
language: en
prepared_by: "copcwb demo"
timezone: Asia/Taipei
inputs:
  kpis: data/kpis.csv
  qa: data/qa.csv
  contacts: data/contacts.csv
  survey: data/survey.csv
  wfm: data/wfm.csv
  calibration: data/calibration.csv
  journeys: data/journeys.csv
notebooks:
  baseline_assessment: {trend_months: 6}
  csat_drivers:
    scale: [1, 5]
    expectations:
      reliability: "exp_reliability"
      responsiveness: "exp_responsiveness"
      assurance: "exp_assurance"
      empathy: "exp_empathy"
      tangibles: "exp_tangibles"
  forecast_accuracy: {tolerance: 0.10}
business:
  currency: "USD"
  annual_volume:
    Consumer Billing: 620000
    Technical Support: 1320000
    Retention Sales: 205000
  queues:
    Consumer Billing: ["billing_voice"]
    Technical Support: ["support_voice", "support_chat"]
    Retention Sales: ["sales_voice"]
  rasic:
    Operations manager: {process_change: "R", loss_control: "A", coaching: "A"}
    Team leaders: {coaching: "R", loss_control: "R", process_change: "S"}
    Quality manager: {loss_control: "S", process_change: "A", training: "A"}
    Training lead: {training: "R", coaching: "S"}
    WFM lead: {process_change: "C"}
    IT and product owner: {system_change: "R"}
    Client sponsor: {system_change: "A", process_change: "I", loss_control: "I"}
"""
SURVEY_EXTRAS = [
    "ivr_seconds",
    "wait_seconds",
    "transfers",
    "repeat_contact_7d",
    "customer_ce",
    "business_ce",
    "compliance_ce",
]
CLIENT_NAMES = [
    "agent_knowledge",
    "ease_of_reaching",
    "confidence_in_answer",
    "agent_courtesy",
    "app_usability",
]
# the columns each shape writes, table by table
SHAPE_COLUMNS = {
    "ratings_only": {"survey": ["response_id", "program", "overall", *DRIVERS]},
    "ratings_one_program": {"survey": ["response_id", "program", "overall", *DRIVERS]},
    "client_scale": {
        "survey": ["response_id", "program", "contact_id", "overall", *CLIENT_NAMES, *SURVEY_EXTRAS]
    },
    "kpi_only": {"kpis": COLUMNS["kpis"]},
    "no_optional_columns": {
        "kpis": COLUMNS["kpis"],
        "qa": COLUMNS["qa"][:-1],
        "contacts": COLUMNS["contacts"][:-1],
        "survey": ["response_id", "program", "overall", *DRIVERS, *FLAGS],
        "wfm": COLUMNS["wfm"][:7],
        "calibration": COLUMNS["calibration"][:-1],
        "journeys": COLUMNS["journeys"][:5],
    },
}


def test_demo_shape_writes_exactly_the_demo(tmp_path):
    from copcwb.demo import write_demo
    from copcwb.synth import write_engagement

    spec = write_engagement(tmp_path / "shape", "demo", seed=2026)
    assert spec == tmp_path / "shape" / "acme-demo" / "engagement.yaml"
    assert spec.read_text(encoding="utf-8") == DEMO_YAML_2026
    demo = write_demo(tmp_path / "demo", seed=2026)
    inputs = write_demo_inputs(tmp_path / "inputs", seed=2026)
    for path in sorted(spec.parent.rglob("*.*")):
        rel = path.relative_to(spec.parent)
        assert path.read_bytes() == (demo.parent / rel).read_bytes(), rel
        if rel.parts[0] == "data":
            assert path.read_bytes() == inputs[path.stem].read_bytes(), rel


def test_yaml_floats_keep_two_decimals():
    from copcwb.synth import engagement_yaml, resolve_shape

    shape = resolve_shape("kpi_only", notebook_options={"baseline_assessment": {"alpha": 0.125}})
    assert "  baseline_assessment: {alpha: 0.125}\n" in engagement_yaml(shape)
    shape = resolve_shape("kpi_only", notebook_options={"baseline_assessment": {"spend_gap": 0.2}})
    assert "  baseline_assessment: {spend_gap: 0.20}\n" in engagement_yaml(shape)


@pytest.mark.parametrize("name", SHAPE_COLUMNS)
def test_shapes_write_their_columns_and_a_valid_engagement(name, tmp_path):
    from copcwb.engagement import load_engagement
    from copcwb.io import check_engagement_inputs
    from copcwb.synth import write_engagement

    spec = write_engagement(tmp_path, name, seed=5)
    assert spec.parent.name == "acme-" + name.replace("_", "-")
    written = sorted(p.stem for p in (spec.parent / "data").iterdir())
    assert written == sorted(SHAPE_COLUMNS[name])
    for table, columns in SHAPE_COLUMNS[name].items():
        header = (spec.parent / "data" / f"{table}.csv").read_text(encoding="utf-8")
        assert header.splitlines()[0].split(",") == columns, table
    engagement = load_engagement(spec)
    assert sorted(engagement.input_specs()) == sorted(SHAPE_COLUMNS[name])
    check = check_engagement_inputs(engagement)
    assert check.problems == [], check.problems


def test_ratings_only_shape():
    from copcwb.synth import engagement_yaml, generate_engagement

    tables = generate_engagement("ratings_only", 5)
    assert list(tables) == ["survey"]
    s = tables["survey"]
    assert len(s) == 400 and set(s["program"]) == PROGRAMS
    yaml = engagement_yaml("ratings_only", seed=5)
    assert "run: [csat_drivers]\n" in yaml
    assert "inputs:\n  survey: data/survey.csv\nnotebooks:\n" in yaml
    # a survey-only engagement: its currency and owners, no volumes or queues
    assert '  csat_drivers: {scale: [1, 5]}\nbusiness:\n  currency: "USD"\n  rasic:\n' in yaml


def test_one_program_shape_keeps_that_program_in_every_table():
    from copcwb.synth import SurveyShape, generate_engagement, resolve_shape

    shape = resolve_shape(
        "demo", programs=("Technical Support",), survey=SurveyShape(responses=500)
    )
    tables = generate_engagement(shape, 5)
    for name in ("kpis", "qa", "contacts", "survey"):
        assert set(tables[name]["program"]) == {"Technical Support"}, name
    assert len(tables["survey"]) == 500
    assert set(tables["wfm"]["queue"]) == {"support_voice", "support_chat"}
    # the linked responses still point at contacts of the log, of that program
    s, c = tables["survey"], tables["contacts"]
    assert s["contact_id"].isin(c["contact_id"]).mean() == pytest.approx(0.75, abs=0.01)


def test_kpi_only_shape_has_the_demo_kpis():
    from copcwb.synth import engagement_yaml, generate_engagement

    tables = generate_engagement("kpi_only", 9)
    assert list(tables) == ["kpis"]
    # each table has its own random stream: the KPIs are those of the demo of the same seed
    pd.testing.assert_frame_equal(tables["kpis"], generate_demo(9)["kpis"])
    yaml = engagement_yaml("kpi_only", seed=9)
    assert "run: [baseline_assessment]\ninputs:\n  kpis: data/kpis.csv\nnotebooks:\n" in yaml
    assert "csat_drivers" not in yaml and "forecast_accuracy" not in yaml


def test_no_optional_columns_shape_covers_fewer_months():
    from copcwb.synth import engagement_yaml, generate_engagement, optional_columns

    assert optional_columns("qa") == ("error_code",)
    assert optional_columns("wfm") == ("scheduled_agents", "forecast_shrinkage", "actual_shrinkage")
    tables = generate_engagement("no_optional_columns", 5)
    assert sorted(tables["kpis"]["month"].unique())[0] == "2026-02"  # 9 months to 2026-10
    # 4 weeks x 7 days x 28 half-hours x 4 queues
    assert len(tables["wfm"]) == 4 * 7 * 28 * 4
    assert len(tables["survey"]) == 400
    assert 'period: {start: "2026-02", end: "2026-10"}' in engagement_yaml("no_optional_columns")
    assert "\nrun:" not in engagement_yaml("no_optional_columns")


def test_client_scale_yaml_declares_the_scale_and_the_drivers():
    from copcwb.synth import engagement_yaml

    yaml = engagement_yaml("client_scale", seed=5)
    assert (
        '  csat_drivers: {scale: [0, 10], drivers: ["agent_knowledge", "ease_of_reaching", '
        '"confidence_in_answer", "agent_courtesy"]}\nbusiness:\n'
    ) in yaml


def test_cut_points_of_other_scales():
    from copcwb.synth.survey import thresholds

    assert thresholds((1, 5)).tolist() == [3.60, 4.80, 6.10, 8.70]
    theta = thresholds((0, 10))
    assert len(theta) == 10
    # the cut between j-1 and j sits at (j - 0.5) / 10 of the range; the demo's cut points
    # sit at 0.125, 0.375, 0.625 and 0.875. Cut 0|1 at 0.05, extrapolated with the slope of
    # the first pair (4.8 - 3.6) / 0.25 = 4.8: 3.6 - 0.075 * 4.8 = 3.24. Cut 5|6 at 0.55:
    # 4.8 + (0.55 - 0.375) / 0.25 * 1.3 = 5.71. Cut 9|10 at 0.95, with the slope of the
    # last pair (8.7 - 6.1) / 0.25 = 10.4: 8.7 + 0.075 * 10.4 = 9.48.
    assert theta[0] == pytest.approx(3.24)
    assert theta[5] == pytest.approx(5.71)
    assert theta[9] == pytest.approx(9.48)
    assert (np.diff(theta) > 0).all()


def test_client_scale_survey_follows_the_true_model_in_its_units():
    # statsmodels' OrderedModel, an independent fit: on a 0-10 scale a rating point is
    # 4/10 of a 1-5 point, so the true coefficient of each rating is beta * 0.4
    # (reliability 1.00 -> 0.40, responsiveness 0.70 -> 0.28, assurance 0.25 -> 0.10,
    # empathy 0.40 -> 0.16, tangibles 0); the other effects keep their demo values.
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    from copcwb.synth import SurveyShape, generate_engagement, resolve_shape

    survey = SurveyShape(responses=4000, scale=(0, 10), drivers=tuple(CLIENT_NAMES))
    s = generate_engagement(resolve_shape("client_scale", survey=survey), 2026)["survey"]
    assert s["overall"].between(0, 10).all() and s["overall"].nunique() == 11
    for col in CLIENT_NAMES:
        assert s[col].between(0, 10).all()
    x = s[[*CLIENT_NAMES, "customer_ce", "transfers", "repeat_contact_7d"]].astype(float)
    x["ivr_over_120s"] = np.maximum(0.0, s["ivr_seconds"] - 120.0)
    fit = OrderedModel(s["overall"].to_numpy(), x, distr="logit").fit(
        method="bfgs", disp=False, maxiter=3000
    )
    truth = dict(zip(CLIENT_NAMES, (0.40, 0.28, 0.10, 0.16, 0.0), strict=True))
    truth |= {"customer_ce": -1.30, "transfers": -0.35, "repeat_contact_7d": -0.50}
    truth["ivr_over_120s"] = -0.010
    for name in x.columns:
        z = (fit.params[name] - truth[name]) / fit.bse[name]
        assert abs(z) < 3.5, (name, fit.params[name], truth[name])


@pytest.mark.parametrize(
    "change",
    [
        {"inputs": ("kpis", "chats")},
        {"inputs": ("kpis", "calibration")},  # a calibration sample rescores QA records
        {"inputs": ()},
        {"programs": ("Consumer Lending",)},
        {"omit": {"qa": ("error_code",)}},  # qa is not written by kpi_only
        {"name": "KPI Only"},
    ],
)
def test_bad_shapes(change):
    from copcwb.synth import resolve_shape

    with pytest.raises(ValueError):
        resolve_shape("kpi_only", **change)


@pytest.mark.parametrize(
    "kw",
    [
        {"responses": 50},
        {"responses": 5000},
        {"scale": (5, 5)},
        {"scale": (0, 20)},
        {"drivers": ()},
        {"drivers": ("speed", "speed")},
        {"drivers": ("overall",)},
        {"drivers": ("Agent Knowledge",)},
        {"drivers": ("speed",), "declared": ("courtesy",)},
    ],
)
def test_bad_survey_shapes(kw):
    from copcwb.synth import SurveyShape

    with pytest.raises(ValueError):
        SurveyShape(**kw)


def test_unknown_shape_and_unknown_omitted_column():
    from copcwb.synth import generate_engagement, resolve_shape

    with pytest.raises(ValueError, match="unknown shape"):
        resolve_shape("survey_only")
    with pytest.raises(ValueError, match="no column reason"):
        generate_engagement(resolve_shape("kpi_only", omit={"kpis": ("reason",)}), 1)


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_a_chinese_demo_names_its_roles_in_chinese(language):
    import yaml

    from copcwb.synth import engagement_yaml

    english = yaml.safe_load(engagement_yaml())["business"]["rasic"]
    chinese = yaml.safe_load(engagement_yaml(language=language))["business"]["rasic"]
    # The same matrix of letters, role for role in the same order; only the names change.
    assert list(chinese.values()) == list(english.values())
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in role) for role in chinese)

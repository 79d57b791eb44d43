"""The baseline report: sentences and tables built from hand-checked findings, every
section shown without a missing string, and the notebook end to end on the demo."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from copcwb import baseline, quality
from copcwb.baseline import assess
from copcwb.catalog import load_default_catalog
from copcwb.i18n import text
from copcwb.views.baseline import formats, tables
from copcwb.views.baseline import text as txt


def t(key: str, **values: object) -> str:
    return text(key, "en", **values)


MONTHS = pd.period_range("2026-01", periods=6, freq="M")
# Built-in catalog targets: service_level 0.80 (higher), aht_s 300 (lower), abandon_rate 0.05
# (lower); all three counted (service / cost).
SERIES = {
    # North: service level rises steadily but misses: 0.75 < 0.80, gap -0.05 (-6.25%);
    # S = 15 over 6 months, exact p = 2/720 = 0.0028 < 0.05 -> improving.
    ("North", "service_level"): [0.70, 0.71, 0.72, 0.73, 0.74, 0.75],
    # North: handle time falls to 270 s, meets 300 (gap +30 s, +10%); improving.
    ("North", "aht_s"): [320, 310, 300, 290, 280, 270],
    # North: abandon flat at 4% -> S = 0, stable; meets 5% (gap +1 pt, +20%).
    ("North", "abandon_rate"): [0.04] * 6,
    # South: service level falls to 0.60: misses (gap -0.20, -25%), deteriorating.
    ("South", "service_level"): [0.85, 0.80, 0.75, 0.70, 0.65, 0.60],
    # South: handle time exactly on target: meets (gap 0), stable.
    ("South", "aht_s"): [300] * 6,
}


def kpis() -> pd.DataFrame:
    rows = [
        (p, m, month, float(v))
        for (p, m), values in SERIES.items()
        for month, v in zip(MONTHS, values, strict=True)
    ]
    return pd.DataFrame(rows, columns=["program", "metric", "month", "value"])


def qa_frame() -> pd.DataFrame:
    """North: 50 process transactions, 2 with a customer-critical error (48/50 accurate),
    none with a business or compliance error; 10 individual ones, all with a customer
    error. Codes: "CE-WRONG-INFO;BE-NO-OFFER" on one, "CE-WRONG-INFO" on the other."""
    n = 60
    frame = pd.DataFrame(
        {
            "transaction_id": [f"T{i:03d}" for i in range(n)],
            "program": "North",
            "date": pd.Timestamp("2026-06-01"),
            "monitoring_type": ["process"] * 50 + ["individual"] * 10,
            "agent_id": "A1",
            "customer_ce": [1, 1] + [0] * 48 + [1] * 10,
            "business_ce": 0,
            "compliance_ce": 0,
            "error_code": ["CE-WRONG-INFO;BE-NO-OFFER", "CE-WRONG-INFO"] + [None] * 58,
        }
    )
    return frame.astype({"customer_ce": "int64", "business_ce": "int64", "compliance_ce": "int64"})


def contacts_frame() -> pd.DataFrame:
    """Customer A calls on 1 Jan and again on 4 Jan (72 h later); B calls once on 1 Jan;
    C calls on 11 Jan, the last contact in the log (data end)."""
    return pd.DataFrame(
        {
            "contact_id": ["K1", "K2", "K3", "K4"],
            "customer_id": ["A", "A", "B", "C"],
            "program": "North",
            "channel": ["voice", "chat", "voice", "voice"],
            "start_time": pd.to_datetime(
                ["2026-01-01 00:00", "2026-01-04 00:00", "2026-01-01 12:00", "2026-01-11 00:00"]
            ),
        }
    )


def steps(*, with_quality: bool = True, targets=None, catalog=None) -> SimpleNamespace:
    """The results of the notebook's steps, with the default options."""
    result = assess(kpis(), catalog, targets=targets)
    qa = qa_frame() if with_quality else None
    contacts = contacts_frame() if with_quality else None
    accuracy = quality.judged_accuracy(qa, result.targets)
    resolution = quality.resolution_by_window(contacts, windows=("48h", "7D"))
    return SimpleNamespace(
        result=result,
        ready=baseline.readiness(result),
        accuracy=accuracy,
        sample=quality.qa_sample_adequacy(qa),
        pareto=quality.qa_error_pareto(qa),
        resolution=resolution,
        spend=baseline.spend_list(result, threshold=0.10),
        facts=baseline.executive_facts(result, accuracy=accuracy),
    )


# -- formats ---------------------------------------------------------------------------


def test_values_and_gaps_in_their_units():
    assert formats.value_in_unit(0.8527, "share", t) == "85.3%"
    assert formats.value_in_unit(61.7, "seconds", t) == "61.7 s"
    assert formats.value_in_unit(554.3, "seconds", t) == "554 s"
    assert formats.value_in_unit(6.5, "currency", t) == "6.50"
    assert formats.value_in_unit(float("nan"), "share", t) == "–"
    # a share gap is in percentage points: 0.75 - 0.80 = -5 points
    assert formats.gap_in_unit(0.75 - 0.80, "share", t) == "-5.0 pts"
    assert formats.gap_in_unit(30.0, "seconds", t) == "+30.0 s"
    assert formats.gap_share(-0.25) == "-25.0%"
    assert formats.trend_text("deteriorating", t) == "↓ deteriorating"
    assert formats.trend_text("improving", t) == "↑ improving"
    assert formats.trend_text("stable", t) == "→ stable"


@pytest.mark.parametrize(
    ("window", "label"),
    [("48h", "48 hours"), ("7D", "7 days"), ("1D", "1 day"), ("90min", "90 minutes")],
)
def test_windows_in_words_keep_the_unit_they_were_written_in(window, label):
    assert formats.window_label(window, t) == label


def test_lists_in_words():
    assert formats.join(["a"], t) == "a"
    assert formats.join(["a", "b", "c"], t) == "a, b and c"


# -- sentences ---------------------------------------------------------------------------


def test_pareto_table_counts_each_code_of_a_multi_code_transaction():
    # process codes: "CE-WRONG-INFO;BE-NO-OFFER" and "CE-WRONG-INFO" -> CE-WRONG-INFO 2,
    # BE-NO-OFFER 1: shares 2/3 and 1/3.
    spec = tables.build_pareto_table(steps().pareto, t)
    assert list(spec.frame["error_code"]) == ["CE-WRONG-INFO", "BE-NO-OFFER"]
    assert list(spec.frame["count"]) == [2, 1]
    assert spec.frame["share"].tolist() == pytest.approx([2 / 3, 1 / 3])


def test_readiness_sentences_by_hand():
    # North: 3 counted metrics, meeting = aht_s, abandon_rate -> 2/3 = 66.7% (>= 65%);
    #        meeting or improving adds service_level -> 3/3 = 100% (>= 75%): ready.
    # South: meeting = aht_s -> 1/2 = 50%; service level deteriorates -> 1/2 = 50%.
    # Overall: 3/5 = 60% meeting, 4/5 = 80% meeting or improving: not ready.
    lines = txt.build_readiness_sentences(steps().facts.readiness, t)
    assert lines[0].startswith("North is ready: 66.7% of its 3 counted metrics meet target")
    assert "(needs 65%)" in lines[0] and "100.0% meet target or are improving" in lines[0]
    assert lines[1].startswith("South is not ready: 50.0% of its 2 counted metrics")
    assert "60.0% of the 5 program-metric pairs" in lines[2] and "not ready overall" in lines[2]


def test_gap_and_deteriorating_lines_by_hand():
    f = steps()
    gaps = txt.build_gap_lines(f.result, f.facts, t)
    # only the two service levels miss: South -25% first, then North -6.25%
    assert len(gaps) == 2
    assert gaps[0] == (
        "South, Service level: 60.0% against a target of 80.0%, 25% worse than target, "
        "and still deteriorating."
    )
    assert gaps[1].startswith("North, Service level: 75.0% against a target of 80.0%")
    assert gaps[1].endswith("; improving.")
    assert txt.build_deteriorating_lines(f.facts, t) == ["South (1): Service level."]


def test_accuracy_and_resolution_lines_by_hand():
    f = steps()
    (line,) = txt.build_accuracy_lines(f.accuracy, t)
    # 48/50 = 96.0%, Wilson 86.5%-98.9% straddles 95%: within sampling error;
    # business and compliance 50/50 = 100%: Wilson low = n / (n + z^2) = 50 / 53.84 = 92.9%.
    assert line.startswith(
        "North: customer-critical 96.0% (86.5%–98.9%) against 95.0%: within sampling error"
    )
    assert "business-critical 100.0% (92.9%–100.0%) against 95.0%: within sampling error" in line
    lines = txt.build_resolution_lines(f.resolution, t)
    # 48 h: K4 is censored (11 Jan + 48 h is past the data end); A's repeat comes after
    # 72 h, so K1, K2 and K3 are resolved: 3/3. 7 days: K4 censored, K1 repeated
    # within 7 days: K2 and K3 resolved, 2/3.
    assert lines[0].startswith("Within 48 hours: 100.0% of 3 contacts were resolved")
    assert lines[1].startswith("Within 7 days: 66.7% of 3 contacts were resolved")
    assert lines[1].endswith("by program: North 66.7%.")
    assert txt.build_accuracy_lines(None, t) == [] and txt.build_resolution_lines(None, t) == []


def test_placeholder_notes_only_when_targets_are_placeholders():
    f = steps()
    note = txt.build_placeholder_note(f.result, t)
    assert note is not None and note.startswith("5 of the 5 targets used")
    assert "placeholder" in txt.build_accuracy_placeholder_note(f.accuracy, t)
    catalog = load_default_catalog().assign(target_source="client")
    own = steps(catalog=catalog)
    assert txt.build_placeholder_note(own.result, t) is None
    # the accuracy targets then come from the client's catalog too
    assert txt.build_accuracy_placeholder_note(own.accuracy, t) is None
    assert txt.build_accuracy_placeholder_note(None, t) is None


def test_methods_state_the_trend_test_its_n_and_the_thresholds():
    f = steps()
    kw = {"accuracy": f.accuracy, "sample": f.sample, "pareto": f.pareto}
    lines = " ".join(txt.build_methods(f.result, t, **kw, resolution=f.resolution, spend=f.spend))
    assert "Mann-Kendall" in lines and "(n = 6)" in lines
    assert "p = 0.0028" in lines  # 2 / 6! = 2 / 720
    assert "at least 65%" in lines and "at least 75%" in lines and "placeholders" in lines
    assert "Wilson" in lines and "48 hours and 7 days" in lines
    assert "left out of the rate" in lines  # censoring
    assert "the built-in metric catalog" in lines and "reach 80%" in lines
    # without QA and contacts only the KPI methods and the spend rule remain
    kpi_only = txt.build_methods(f.result, t, spend=f.spend)
    assert len(kpi_only) == 5 and "Wilson" not in " ".join(kpi_only)


# -- tables ------------------------------------------------------------------------------


def test_scorecard_table_colours_and_phrases_each_row():
    spec = tables.build_scorecard_table(steps().result, "North", t)
    frame = spec.frame.set_index("metric")
    # catalog order: service level (misses), abandon rate (meets), handle time (meets)
    assert spec.row_classes == ["missed", "met", "met"]
    assert frame.loc["Service level", "value"] == "75.0%"
    assert frame.loc["Service level", "gap"] == "-5.0 pts"
    assert frame.loc["Service level", "trend"] == "↑ improving"
    assert frame.loc["Average handle time (s)", "gap"] == "+30.0 s"
    assert frame.loc["Average handle time (s)", "gap_pct"] == "+10.0%"
    assert frame.loc["Abandon rate", "trend"] == "→ stable"
    assert spec.headers["gap_pct"] == "Gap vs target"


def test_readiness_and_spend_tables_by_hand():
    f = steps()
    spec = tables.build_readiness_table(f.ready, t)
    assert list(spec.frame["program"]) == ["North", "South", "All programs"]
    assert list(spec.frame["ready"]) == ["Yes", "No", "No"]
    # the overall row is pinned: it stays last when a reader sorts the table
    assert spec.row_classes == ["met", "missed", "missed copcwb-pinned"]
    assert spec.headers["share_meeting"] == "Meeting target (needs 65%)"
    worse = tables.build_spend_table(f.spend, "spend here", t)
    # South service level -25% is the only metric 10% or more worse; it deteriorates
    assert list(worse.frame["metric"]) == ["Service level"]
    assert worse.frame["note"].iloc[0] == "act first"
    assert worse.frame["value"].iloc[0] == "60.0%"  # in its unit
    better = tables.build_spend_table(f.spend, "possible over-investment", t)
    # North abandon rate +20% then handle time +10%
    assert list(better.frame["metric"]) == ["Abandon rate", "Average handle time (s)"]
    assert list(better.frame["rank"]) == [1, 2]
    assert "note" not in better.frame.columns  # neither deteriorates


def test_quality_tables_keep_monitoring_types_apart():
    f = steps()
    acc = tables.build_accuracy_table(f.accuracy, t)
    assert len(acc.frame) == 3 and acc.row_classes[0] == ""  # within sampling error
    other = tables.build_other_monitoring_table(f.accuracy, t)
    # the 10 individual transactions all carry a customer error: 0/10 accurate
    assert other.frame.loc[0, "monitoring"] == "Individual (agent coaching)"
    assert other.frame.loc[0, "n"] == 10
    assert other.frame.loc[0, "customer"].startswith("0.0%")
    adequacy = tables.build_adequacy_table(f.sample, t)
    # n0 = 1.96^2 * 0.25 / 0.05^2 = 384.1 -> 385 needed; 50 taken -> 335 more
    assert adequacy.frame.loc[0, ["n_sampled", "n_needed", "n_short"]].tolist() == [50, 385, 335]
    assert adequacy.row_classes == ["missed"]
    monthly = tables.build_monthly_adequacy_table(f.sample, t)
    # one month (June) of 50: margin z sqrt(0.25 / 50) = 1.96 * 0.0707 = 0.1386 -> ±13.9 pts
    assert monthly.frame.loc[0, "median_margin"] == "±13.9 pts"
    assert monthly.row_classes == ["missed"]
    res = tables.build_resolution_table(f.resolution, t)
    assert list(res.frame["channel"]) == ["chat", "voice", "All channels"]
    assert res.headers["rate_1"] == "Resolved within 7 days"


def test_key_figures_have_the_recorded_shape():
    from copcwb.views.baseline import key_figures

    f = steps()
    figures = key_figures(f.facts, accuracy=f.accuracy, resolution=f.resolution)
    assert list(figures) == [
        "scorecard",
        "readiness",
        "biggest_gaps",
        "critical_error_accuracy",
        "contact_resolution",
        "deteriorating",
        "maturity",
        "business_case",
        "actions",
    ]
    assert figures["scorecard"] == []  # the scorecard is recorded when the result is given
    assert figures["maturity"] == {}  # and the maturity stage when it is given
    with_card = key_figures(f.facts, result=f.result, accuracy=f.accuracy)["scorecard"]
    assert list(with_card.columns) == [
        "program",
        "metric",
        "label",
        "category",
        "unit",
        "direction",
        "month",
        "value",
        "target",
        "meets_target",
        "trend",
        "trend_p_val",
    ]
    assert figures["readiness"]["North"]["ready"] is True
    assert figures["readiness"]["North"]["share_meeting"] == pytest.approx(2 / 3)
    assert figures["readiness"]["ALL"]["share_meeting_or_improving"] == pytest.approx(0.8)
    assert list(figures["biggest_gaps"]["metric"]) == ["service_level", "service_level"]
    north = figures["critical_error_accuracy"]["North"]["customer"]
    assert north["accuracy"] == pytest.approx(0.96)
    assert north["ci_low"] == pytest.approx(0.865, abs=5e-4)
    assert north["ci_high"] == pytest.approx(0.989, abs=5e-4)
    assert figures["contact_resolution"] == pytest.approx({"48h": 1.0, "7D": 2 / 3})
    assert figures["deteriorating"] == {"North": [], "South": ["service_level"]}
    bare = key_figures(steps(with_quality=False).facts)
    assert bare["critical_error_accuracy"] == {} and bare["contact_resolution"] == {}


# -- the notebook's cells, run in this process on small engagements ----------------------


QA_NO_CODES = (
    "transaction_id,program,date,monitoring_type,agent_id,customer_ce,business_ce,compliance_ce\n"
    + "".join(
        f"T{i},Billing,2026-02-{1 + i % 27:02d},process,A{i % 3},{int(i < 2)},0,0\n"
        for i in range(40)
    )
    + "U1,Billing,2026-02-03,individual,A1,1,0,0\n"
)
CONTACTS_NO_REASON = (
    "contact_id,customer_id,program,channel,start_time\n"
    "K1,C1,Billing,voice,2026-02-01 09:00\n"
    "K2,C1,Billing,chat,2026-02-02 09:00\n"
    "K3,C2,Billing,voice,2026-02-03 09:00\n"
    "K4,C3,Billing,voice,2026-02-20 09:00\n"
)


def run_notebook(monkeypatch, engagement: Path) -> tuple[str, dict]:
    """Every code cell of the notebook's .py twin, in order, with the engagement given;
    returns the HTML shown and the key figures recorded."""
    import jupytext
    import matplotlib

    matplotlib.use("Agg")
    from copcwb import display, results
    from copcwb.paths import notebooks_dir

    shown: list[str] = []
    recorded: dict = {}
    monkeypatch.setattr(display, "_show", lambda markup, metadata=None: shown.append(markup))
    monkeypatch.setattr(results, "record", lambda name, value: recorded.__setitem__(name, value))
    nb = jupytext.read(notebooks_dir() / "baseline_assessment.py")
    namespace: dict = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            exec(cell.source, namespace)
            if "parameters" in cell.metadata.get("tags", []):
                namespace["engagement_file"] = str(engagement)
    return "".join(shown), recorded


def test_every_section_shows_with_kpis_only(monkeypatch, minimal_engagement):
    html, recorded = run_notebook(monkeypatch, minimal_engagement)
    for heading in (
        ">Executive summary<",
        "1 Data profile",
        "1.1 Data quality",
        "2 Scorecard",
        "5 Critical-error accuracy",
        "5.1 Is the QA sample large enough?",
        "5.2 Which errors occur most",
        "6 Process or people",
        "7 Contact resolution",
        "8.2 Possible over-investment",
        "9 Business case",
        "9.1 The value of reaching the resolution target",
        "9.2 What need not be spent",
        "9.3 Assumptions",
        "10 Action plan",
        "11 Methods and definitions",
    ):
        assert heading in html, heading
    assert "process and people causes cannot be told apart" in html
    assert recorded["process_or_people"] == [] and recorded["coaching"] == []
    # no contact log, no WFM export, no business: section: nothing priced, and said why
    assert "Not computed: the engagement has neither a contact log nor a resolution KPI" in html
    assert "No staffing metric beats its target by more than the spend gap." in html
    assert 'Shrinkage</td><td class="">30.0%*</td><td class="">placeholder' in html
    assert "no RASIC matrix, so no action has an owner yet" in html
    actions = recorded["actions"]
    assert len(actions) > 0 and (actions["owner"] == "").all()
    assert actions["id"].str.startswith("BA-").all()
    assert "No QA monitoring records were supplied" in html
    assert "so the QA sample cannot be checked" in html
    assert "no Pareto of error codes" in html
    assert "No contact log was supplied" in html
    assert "Section 4 lists the metrics that hold each program back." in html
    assert recorded["critical_error_accuracy"] == {} and recorded["contact_resolution"] == {}
    assert set(recorded["readiness"]) == {"Billing", "ALL"}
    # aht_s has only January: its value is marked with its month
    assert "300 s" in html and "310 s (2026-01)" in html


def test_qa_without_codes_and_contacts_without_reasons(monkeypatch, minimal_engagement):
    folder = minimal_engagement.parent
    (folder / "data" / "qa.csv").write_text(QA_NO_CODES, encoding="utf-8")
    (folder / "data" / "contacts.csv").write_text(CONTACTS_NO_REASON, encoding="utf-8")
    spec = minimal_engagement.read_text(encoding="utf-8")
    spec += "  qa: data/qa.csv\n  contacts: data/contacts.csv\n"
    spec += "notebooks:\n  baseline_assessment: {resolution_same_reason: true}\n"
    minimal_engagement.write_text(spec, encoding="utf-8")
    html, recorded = run_notebook(monkeypatch, minimal_engagement)
    assert "The QA records carry no error codes for process monitoring" in html
    assert "records no contact reasons: they are matched on the customer only" in html
    # 38 of 40 process transactions without a customer error; the coaching one apart
    billing = recorded["critical_error_accuracy"]["Billing"]["customer"]
    assert billing["n"] == 40 and billing["accuracy"] == pytest.approx(38 / 40)
    assert "5.1 Individual and targeted monitoring" in html
    # 48 h: K1 repeated after 24 h, K4 (the data end) censored: K2, K3 resolved of 3
    assert recorded["contact_resolution"]["48h"] == pytest.approx(2 / 3)


# -- the notebook end to end -------------------------------------------------------------


@pytest.mark.slow
def test_notebook_renders_the_assessment_on_the_demo(demo_spec, tmp_path):
    import nbformat

    from copcwb.runner import run_engagement

    run = run_engagement(demo_spec, tmp_path, notebooks=["baseline_assessment"], run_id="t")
    assert run.status == "completed", [f.describe() for f in run.failures]
    nb = nbformat.read(run.run_dir / "executed" / "baseline_assessment.ipynb", as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in errors if o.output_type == "error"]
    assert not [o for o in errors if o.output_type == "stream" and o.name == "stderr"]

    html = (run.run_dir / "baseline_assessment.html").read_text(encoding="utf-8")
    for heading in (
        "Executive summary",
        "1 Data profile",
        "2 Scorecard",
        "3 Target attainment by month",
        "4 Readiness",
        "4.1 Maturity stage: where the center stands",
        "5 Critical-error accuracy",
        "5.1 Individual and targeted monitoring",
        "5.2 Is the QA sample large enough?",
        "5.3 Which errors occur most",
        "6 Process or people",
        "6.1 Candidates for coaching",
        "6.2 Error codes by signature",
        "7 Contact resolution",
        "8 Where to spend",
        "8.1 Spend here",
        "9 Business case",
        "10 Action plan",
        "11 Methods and definitions",
    ):
        assert heading in html, heading
    for sentence in (
        "is ready:",
        "is not ready:",
        "worse than target",
        "Within 48 hours:",
        "Within 7 days:",
        "are placeholders",
        "never pooled",
        "CE-WRONG-INFO",
        "↓ deteriorating",
    ):
        assert sentence in html, sentence
    # no customer identifier: the demo's customer ids look like C1234567
    demo = pd.read_csv(demo_spec.parent / "data" / "contacts.csv", usecols=["customer_id"])
    body = html.split("<main>", 1)[1]
    assert "customer_id" not in body
    assert not any(cid in body for cid in demo["customer_id"].unique()[:200])
    assert not re.search(r"CE-[A-Z-]+;", body)  # combined codes are split
    # the demo's planted process-or-people cases are found (copcwb/synth/_spec.py): Billing
    # is one process rate but for two agents; three Support agents add CE-NO-FOLLOWUP
    assert (
        "Customer-critical errors in Consumer Billing are consistent with one process rate "
        "for all but 2 of 45 agents" in html
    )
    assert re.search(
        r"Technical Support</td><td[^>]*>Customer-critical</td><td[^>]*>"
        r"CE-NO-FOLLOWUP</td>(<td[^>]*>[^<]*</td>){4}<td[^>]*>concentrated",
        html,
    )
    # the demo's lenient evaluator (E03, copcwb/synth/calibration.py) leaves compliance
    # agreement under the required kappa: every compliance accuracy figure says so
    assert "6.3 Do the evaluators agree? Calibration" in html
    # next to each program's compliance figure, in the table and in the summary's line
    assert html.count("evaluators disagree (kappa") == 3 * 2
    assert "Scoring more leniently than the other evaluators" in html
    # agents by number, never by id (the demo's agent ids look like A0112)
    assert not re.search(r"\bA0\d{3}\b", body)
    # the money opens the summary; the demo's RASIC matrix names the owners
    assert "What is at stake" in html and "owner: Operations manager" in html
    # the demo's planted ladder (copcwb/synth/_spec.py, STRATEGIC_PLAN, UNMEASURED_STAGE):
    # Technical Support reports no strategic metric and stops at refined, every strategic
    # metric of the built-in catalog listed as not measured
    assert (
        "Technical Support, towards Strategic: not measured: Net promoter score, Client "
        "satisfaction, Knowledge-base update timeliness, Employee satisfaction." in html
    )
    assert "Consumer Billing (Strategic), Retention Sales (No stage yet) and Technical " in html

    figures = json.loads((run.run_dir / "results.json").read_text(encoding="utf-8"))
    got = figures["notebooks"]["baseline_assessment"]["figures"]
    programs = {"Consumer Billing", "Retention Sales", "Technical Support"}
    assert set(got["readiness"]) == programs | {"ALL"}
    for row in got["readiness"].values():
        assert set(row) >= {"ready", "share_meeting", "share_meeting_or_improving"}
    assert len(got["biggest_gaps"]) == 5
    assert set(got["critical_error_accuracy"]) == programs
    for per_type in got["critical_error_accuracy"].values():
        assert set(per_type) == {"customer", "business", "compliance"}
        for v in per_type.values():
            assert v["ci_low"] <= v["accuracy"] <= v["ci_high"]
    assert set(got["contact_resolution"]) == {"48h", "7D"}
    assert set(got["deteriorating"]) == programs
    ladder = {r["program"]: r for r in got["maturity"]["summary"]}
    support = ladder["Technical Support"]
    assert (support["stage"], support["next_stage"]) == ("refined", "strategic")
    # built-in catalog: 4 strategic metrics, none measured for Technical Support
    assert (support["n_expected_strategic"], support["n_measured_strategic"]) == (4, 0)
    assert ladder["Consumer Billing"]["stage"] == "strategic"
    assert ladder["Retention Sales"]["stage"] is None
    evidence = [e for e in got["maturity"]["evidence"] if e["program"] == "Technical Support"]
    assert {(e["stage"], e["status"]) for e in evidence} == {("strategic", "not measured")}
    assert len(evidence) == 4 and got["maturity"]["threshold"] == 0.5

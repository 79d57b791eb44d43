"""The service-quality gap section of the CSAT report: its tables and sentences from
hand-made gaps, the section in three languages with hostile names escaped, a survey
without expectations, many programs, the findings it adds to the action plan, and the
notebook's cells on a small survey with expectation pairs."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from notebook_exec import execute_notebook

from copcwb import display
from copcwb.business import action_plan
from copcwb.business.survey_findings import gap_findings
from copcwb.business_options import BusinessSettings
from copcwb.drivers import expectation_gap
from copcwb.drivers.expectation import GAP_COLUMNS
from copcwb.i18n import LANGUAGES, text
from copcwb.results import to_jsonable
from copcwb.session import SectionNumbers, Speaking
from copcwb.views.business.text import finding_text
from copcwb.views.drivers import formats as fmt
from copcwb.views.drivers import gap

VIEWS = Path(gap.__file__).parent


def t(key: str, **values: object) -> str:
    return text(key, "en", **values)


C = fmt.Context(t)


@dataclass
class FakeSession(Speaking):
    """What the section needs of a session: its language, alpha and scale, numbering."""

    lang: str = "en"
    options: SimpleNamespace = field(
        default_factory=lambda: SimpleNamespace(alpha=0.05, scale=(1, 5))
    )
    _numbers: SectionNumbers = field(default_factory=SectionNumbers)


def gaps_frame() -> pd.DataFrame:
    """Hand-made gaps of three dimensions: missed, met, over-served."""
    return pd.DataFrame(
        {
            "dimension": ["reliability", "empathy", "tangibles"],
            "n": [400, 400, 398],
            "perception": [3.46, 4.0, 4.09],
            "expectation": [4.18, 4.0, 3.49],
            "gap": [-0.7234, 0.0, 0.6012],
            "ci_low": [-0.7711, -0.0412, 0.5598],
            "ci_high": [-0.6757, 0.0412, 0.6426],
            "p_val": [1e-40, 1.0, 0.0213],
            "verdict": ["missed", "met", "over-served"],
        },
        columns=GAP_COLUMNS,
    )


def shown(monkeypatch) -> list[str]:
    out: list[str] = []
    monkeypatch.setattr(display, "_show", lambda markup, metadata=None: out.append(markup))
    return out


def test_the_gap_table_phrases_each_dimension():
    spec = gap.build_gap_table(gaps_frame(), C)
    row = spec.frame.iloc[0]
    assert row["dimension"] == "Reliability" and row["n"] == 400
    assert row["gap"] == "-0.72" and row["ci"] == "-0.77 to -0.68"
    assert row["p_val"] == "<0.001" and row["verdict"] == "Expectations missed"
    assert spec.frame.iloc[1]["gap"] == "+0.00" and spec.frame.iloc[1]["verdict"] == "Met"
    assert spec.frame.iloc[2]["ci"] == "+0.56 to +0.64"
    assert spec.row_classes == ["missed", "met", ""]
    assert spec.headers["ci"] == "95% interval"
    assert spec.sort_keys["gap"] == [-0.7234, 0.0, 0.6012]


def test_missed_and_over_served_lines_and_the_summary_sentence():
    assert gap.gap_lines(gaps_frame(), "missed", C) == [
        "Reliability: perceived 3.46 against an expected 4.18, a gap of -0.72 (95% interval "
        "-0.77 to -0.68, p < 0.001)."
    ]
    assert gap.gap_lines(gaps_frame(), "over-served", C)[0].endswith("p = 0.021).")
    assert gap.summary_sentence(gaps_frame(), C) == (
        "Service-quality gap: expectations missed on Reliability; over-served on Tangibles "
        "(possibly money that need not be spent); met on Empathy."
    )
    zh = fmt.Context(lambda key, **v: text(key, "zh-Hant", **v))
    zh.t.lang = "zh-Hant"  # type: ignore[attr-defined]
    assert gap.summary_sentence(gaps_frame(), zh) == (
        "服務品質差距：可靠性未達預期；有形性過度服務（可能是不必花的錢）；移情性符合預期。"
    )


def many_programs(n: int = 30) -> pd.DataFrame:
    """Program P00 .. P29: reliability missed by 0.01 * (i + 1) in the odd ones."""
    rows = []
    for i in range(n):
        missed = i % 2 == 1
        g = -0.01 * (i + 1) if missed else 0.02
        for d in ("reliability", "empathy"):
            verdict = "missed" if missed and d == "reliability" else "met"
            value = g if d == "reliability" else 0.0
            rows.append(
                {"program": f"P{i:02d}", "dimension": d, "n": 50, "gap": value, "verdict": verdict}
            )
    return pd.DataFrame(rows)


def test_the_program_table_shows_the_most_missed_first_and_is_capped():
    spec = gap.build_program_table(many_programs(), C)
    assert len(spec.frame) == gap.PROGRAMS_SHOWN == 20
    # the largest missed gap is P29's (-0.30), then P27 (-0.28), ...
    assert spec.frame["program"].tolist()[:3] == ["P29", "P27", "P25"]
    assert spec.frame["reliability"].iloc[0] == "-0.30 missed"
    assert spec.frame["empathy"].iloc[0] == "+0.00"
    # the 15 programs with a missed gap come before the others
    assert spec.frame["program"].iloc[14] == "P01" and spec.frame["program"].iloc[15] == "P00"
    lines = gap.program_count_lines(many_programs(), C)
    assert lines[0] == "Reliability: expectations missed in 15 of 30 programs, over-served in 0."


HOSTILE = '<script>alert("x")</script> & Co'
IMG = "<img src=x onerror=alert(1)>"


def hostile_gaps() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(4)
    n = 300
    frame = pd.DataFrame(
        {
            "program": rng.choice([HOSTILE, "South"], n),
            "overall": rng.integers(1, 6, n),
            f"speed {IMG}": rng.integers(1, 5, n),
        }
    )
    frame["exp_speed"] = frame[f"speed {IMG}"].sample(frac=1, random_state=1).to_numpy() + 1
    pairs = {f"speed {IMG}": "exp_speed"}
    return expectation_gap(frame, pairs), expectation_gap(frame, pairs, by="program")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_section_in_every_language_escapes_names_from_the_data(monkeypatch, lang):
    from copcwb.charts import configure_fonts

    configure_fonts(lang)
    out = shown(monkeypatch)
    gaps, by_program = hostile_gaps()
    s = FakeSession(lang=lang)
    gap.expectations(s, gaps, by_program, None)
    page = "".join(out)
    assert "<script>" not in page and "<img src=x" not in page
    assert html.escape(IMG, quote=False) in page  # the dimension named by a hostile column
    assert html.escape(HOSTILE, quote=False) in page or html.escape(HOSTILE) in page
    assert text("expectation.section", lang) in page
    assert text("expectation.verdict.missed", lang) in page
    assert page.count("<img ") == 1  # the chart
    assert s.number_of("expectations") == "1" and s.number_of("expectations_programs") == "1.1"
    gap.summary(s, gaps)
    assert text("drivers.summary.see", lang, number="1") in "".join(out)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_expectations_the_section_says_what_would_enable_it(monkeypatch, lang):
    out = shown(monkeypatch)
    s = FakeSession(lang=lang)
    gap.expectations(s, expectation_gap(pd.DataFrame({"x": [1]}), {}), None, None)
    page = "".join(out)
    assert html.escape(text("expectation.none", lang), quote=False) in page
    assert "<img" not in page and "<table" not in page
    gap.summary(s, expectation_gap(pd.DataFrame({"x": [1]}), {}))
    assert len(out) == 2  # the heading and the sentence: no summary lines


def test_findings_become_actions():
    rows = gap_findings(gaps_frame())
    assert [(r["kind"], r["subject"], r["severity"]) for r in rows] == [
        ("expectation_missed", "reliability", 2),
        ("over_served", "tangibles", 3),
    ]
    from copcwb.business.findings import frame

    plan = action_plan(frame(rows), BusinessSettings(), prefix="CD")
    table = plan.table
    assert table["action_class"].tolist() == ["process_change", "process_change"]
    assert table["priority"].tolist() == [2, 3] and table["section"].eq("expectations").all()
    texts = [finding_text(r, t) for r in table.itertuples(index=False)]
    assert texts == [
        "Reliability: customers perceive less than they expect (gap -0.72 points): "
        "expectations missed.",
        "Tangibles: service above what customers expect (gap +0.60 points): possibly money "
        "that need not be spent.",
    ]
    assert gap_findings(None) == [] and gap_findings(gaps_frame().iloc[[1]]) == []


def test_gap_figures_record_overall_programs_and_the_model():
    empty = gap.gap_figures(None, None, None)
    assert empty == {"overall": [], "by_program": [], "model": []}
    gaps, by_program = hostile_gaps()
    figures = gap.gap_figures(gaps, by_program, None)
    assert list(figures["overall"].columns) == GAP_COLUMNS
    assert set(figures["by_program"]["program"]) == {HOSTILE, "South"}


def test_every_literal_catalog_key_exists_and_is_prefixed():
    from copcwb.i18n import catalog

    ours = json.loads((VIEWS.parents[1] / "i18n" / "en" / "expectation.json").read_text("utf-8"))
    assert all(k.startswith(("expectation.", "action.finding.")) for k in ours)
    source = (VIEWS / "gap.py").read_text("utf-8")
    used = set(re.findall(r'"(expectation\.[a-z0-9_.]+[a-z0-9_])"', source))
    assert used and not (used - set(catalog("en")))
    # keys built at run time
    dynamic = [f"expectation.verdict.{k}" for k in ("missed", "met", "over_served")]
    dynamic += [f"expectation.cell.{k}" for k in ("missed", "met", "over_served")]
    dynamic += [f"expectation.summary.{k}" for k in ("missed", "met", "over_served")]
    dynamic += [f"expectation.{k}.{m}" for k in ("missed", "over") for m in ("intro", "none")]
    dynamic += [f"action.finding.{k}" for k in ("expectation_missed", "over_served")]
    assert not set(dynamic) - set(ours)


# -- the notebook's cells on a small survey with expectation pairs ---------------------------


def paired_survey(n: int = 900, seed: int = 8) -> pd.DataFrame:
    """overall from a proportional-odds model of the speed gap (1.0 per point) and the
    courtesy rating; speed's expectations one point above a permuted perception
    (missed), courtesy's the perceptions permuted within the program (met)."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "response_id": [f"R{i}" for i in range(n)],
            "program": rng.choice([HOSTILE, "South"], n),
            "speed": rng.integers(1, 5, n),
            "courtesy": rng.integers(1, 6, n),
        }
    )
    frame["exp_speed"] = frame["speed"].sample(frac=1, random_state=1).to_numpy() + 1
    frame["exp_courtesy"] = frame["courtesy"]
    for _, rows in frame.groupby("program"):
        permuted = rows["courtesy"].sample(frac=1, random_state=2).to_numpy()
        frame.loc[rows.index, "exp_courtesy"] = permuted
    eta = 1.0 * (frame["speed"] - frame["exp_speed"]) + 0.5 * frame["courtesy"]
    latent = eta - eta.mean() + rng.logistic(size=n)
    frame["overall"] = 1 + np.digitize(latent, [-2.5, -1.0, 0.5, 2.0])
    return frame


def test_the_notebook_shows_the_gap_and_acts_on_it(monkeypatch, tmp_path):
    (tmp_path / "data").mkdir()
    paired_survey().to_csv(tmp_path / "data" / "survey.csv", index=False)
    spec = tmp_path / "engagement.yaml"
    spec.write_text(
        'client: "Test Client"\nengagement: gap-test\nperiod: {start: "2026-01", end: "2026-06"}\n'
        "run: [csat_drivers]\ninputs:\n  survey: data/survey.csv\nnotebooks:\n"
        "  csat_drivers: {expectations: {speed: exp_speed, courtesy: exp_courtesy}}\n",
        encoding="utf-8",
    )
    nb = execute_notebook(monkeypatch, "csat_drivers", spec)
    assert nb.cols.drivers == ("speed", "courtesy")  # the expectation columns are no drivers
    headings = re.findall(r'class="copcwb-section">([^<]+)</h[234]>', nb.html)
    at = headings.index("12 Expectations and perceptions (service-quality gap)")
    assert headings[at - 1] == "11 Drivers by program" and headings[at + 3] == "13 Business case"
    assert "15 Methods and definitions" in headings
    assert "<script>alert" not in nb.html and "&lt;script&gt;" in nb.html
    assert "Service-quality gap: expectations missed on Speed; met on Courtesy." in nb.html
    assert "Details in section 12." in nb.html
    figures = to_jsonable(nb.figures)  # as results.json holds them
    missed = [a for a in figures["actions"] if a["kind"] == "expectation_missed"]
    assert len(missed) == 1 and missed[0]["evidence"] == (
        "csat_drivers.html § 12 Expectations and perceptions (service-quality gap)"
    )
    recorded = figures["expectation_gap"]
    assert [r["verdict"] for r in recorded["overall"]] == ["missed", "met"]
    assert {r["program"] for r in recorded["by_program"]} == {HOSTILE, "South"}
    assert len(recorded["by_program"]) == 4  # 2 programs x 2 dimensions
    model = {r["dimension"]: r for r in recorded["model"]}
    # the speed gap's true effect is 1.0 per point
    assert model["speed"]["ci_low"] < 1.0 < model["speed"]["ci_high"]

"""The CSAT driver report: sentences phrased from hand-checked results, every section of
the notebook shown without a missing string on small engagements (the notebook's own
cells, run in this process), and the notebook end to end on the demo."""

from __future__ import annotations

import json
import re
from collections import namedtuple
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from notebook_exec import execute_notebook

from copcwb.attempt import Unavailable
from copcwb.drivers import OperationalThresholds, WhatIfResult
from copcwb.errors import AnalysisError, InputError
from copcwb.i18n import text
from copcwb.views.drivers import formats as fmt
from copcwb.views.drivers import tables
from copcwb.views.drivers import text as txt

VIEWS = Path(txt.__file__).parent


def t(key: str, **values: object) -> str:
    return text(key, "en", **values)


C = fmt.Context(t)  # alpha 0.05, scale 1..5


# -- formats -------------------------------------------------------------------------------


def test_numbers_as_the_report_writes_them():
    assert fmt.share(0.3975) == "39.8%" and fmt.share(float("nan")) == "–"
    assert fmt.points(0.13621) == "+13.6" and fmt.points(-0.0271) == "-2.7"
    assert fmt.points(-0.00004) == "+0.0"  # no "-0.0"
    assert fmt.points(0.0323, sign=False) == "3.2"
    assert fmt.p_value(0.0004) == "<0.001" and fmt.p_value(0.7383) == "0.738"
    # odds ratios: two decimals; three below 0.1 or when two would read 1.00
    assert fmt.ratio(0.302) == "0.30" and fmt.ratio(0.0512) == "0.051"
    assert fmt.ratio(1.0011) == "1.001" and fmt.ratio(1.0) == "1.00"
    # thresholds are spoken with two significant digits: 185.3 s -> 190 s, 1.52 -> 1.5
    assert fmt.nice(185.3) == 190.0 and fmt.nice(1.52) == 1.5
    # spoken inside its interval: 125.4 to two digits is 130, outside 123..130 -> 125
    assert fmt.nice(125.4, within=(123.0, 129.0)) == 125.0
    assert fmt.nice(125.4, within=(108.0, 142.0)) == 130.0
    assert fmt.nice(125.4, within=(float("nan"), float("nan"))) == 130.0
    assert fmt.fact_value(185.32, fmt.SECONDS, t) == "185 s"
    assert (
        fmt.fact_value(1.5226, fmt.COUNT, t) == "1.5" and fmt.fact_value(2.0, fmt.COUNT, t) == "2"
    )
    # odds ratios of seconds are shown per minute, everything else per unit
    assert fmt.display_step(fmt.SECONDS) == 60.0 and fmt.display_step(fmt.RATING) == 1.0
    assert C.conf == "95%" and C.alpha_text == "0.05" and (C.bottom_level, C.top_level) == (1, 5)


def test_labels_come_from_the_catalog_else_from_the_column_name():
    assert fmt.label("ivr_seconds", t) == "Time in the IVR"
    assert fmt.label("customer_ce", t) == "Customer-critical error"
    assert fmt.label("callback_kept_on_time", t) == "Callback kept on time"
    assert fmt.noun("customer_ce", t) == "customer-critical errors"
    assert fmt.noun("callback_missed", t) == "callback missed"
    assert fmt.join(["a", "b", "c"], t) == "a, b and c" and fmt.join(["a"], t) == "a"


# -- sentences from hand-made results ------------------------------------------------------

Critical = namedtuple(
    "Critical",
    "flag error_share odds_ratio ci_low ci_high p_val proven_customer_critical verdict",
)
WhatIf = namedtuple(
    "WhatIf",
    "variable kind share_affected top_box_base top_box_new top_box_change top_box_ci_low "
    "top_box_ci_high bottom_box_change top_box_significant",
)


def test_critical_error_lines_say_proven_or_not_with_the_interval():
    proven = Critical("customer_ce", 0.078, 0.302, 0.241, 0.380, 2e-20, True, "proven")
    # 1 - 0.302 = 0.698 -> "70% lower"
    assert txt.critical_line(proven, C) == (
        "Customer-critical error: proven customer-critical. When it occurs, the odds of a "
        "higher overall rating are 0.30 times those without it (95% interval 0.24 to 0.38, "
        "p < 0.001), 70% lower."
    )
    flat = Critical("business_ce", 0.047, 1.058, 0.786, 1.424, 0.7101, False, "not_proven")
    assert txt.critical_line(flat, C) == (
        "Business-critical error: not proven customer-critical; no significant effect on "
        "overall satisfaction (odds ratio 1.06, 95% interval 0.79 to 1.42, p = 0.710)."
    )
    higher = Critical("compliance_ce", 0.03, 1.8, 1.2, 2.7, 0.004, False, "higher")
    assert "respondents with this error rated higher" in txt.critical_line(higher, C)
    never = Critical("compliance_ce", 0.0, np.nan, np.nan, np.nan, np.nan, False, "not_assessed")
    assert txt.critical_line(never, C) == (
        "Compliance-critical error: not proven customer-critical; it cannot be assessed "
        "because it occurs in 0.0% of the responses in the model."
    )


def test_what_if_sentence_and_effect_per_thousand():
    row = WhatIf(
        "reliability", "driver", 0.857, 0.3973, 0.5331, 0.1362, 0.1246, 0.1479, -0.0272, True
    )
    # +0.1362 of 1,000 responses = 136 more top ratings; -0.0272 -> 27 fewer bottom ratings
    assert txt.whatif_sentence(row, C) == (
        "Raising Reliability by one point for the 86% of respondents who rate it below 5 would "
        "move the top-box share from 39.7% to 53.3% (+13.6 points, 95% interval +12.5 to "
        "+14.8; +136 top ratings per 1,000 responses) and change the bottom-box share by "
        "-2.7 points."
    )
    assert txt.whatif_effect(row, t) == "136 more top ratings, 27 fewer bottom ratings"
    one = row._replace(bottom_box_change=0.0011)
    assert txt.whatif_effect(one, t) == "136 more top ratings, 1 more bottom rating"
    flat = row._replace(top_box_significant=False)
    assert txt.whatif_effect(flat, t) == "no significant change"
    flag = WhatIf("customer_ce", "flag", 0.078, 0.3973, 0.4093, 0.012, 0.010, 0.014, -0.007, True)
    assert txt.whatif_action(flag, C) == "Eliminate customer-critical errors"
    assert txt.whatif_sentence(flag, C).startswith(
        "Eliminating customer-critical errors (present in 8% of responses) would move the "
        "top-box share from 39.7% to 40.9% (+1.2 points"
    )


def whatif_result(rows: list[WhatIf]) -> WhatIfResult:
    return WhatIfResult(
        "overall", None, pd.DataFrame(rows, columns=WhatIf._fields), (5,), (1,), 0.95
    )


def test_best_fix_is_the_largest_significant_top_box_gain():
    rows = [
        WhatIf("assurance", "driver", 0.7, 0.4, 0.42, 0.02, 0.01, 0.03, -0.01, True),
        WhatIf("reliability", "driver", 0.8, 0.4, 0.50, 0.10, 0.08, 0.12, -0.02, True),
        # tangibles gains most but its interval includes zero: not the best fix
        WhatIf("tangibles", "driver", 0.6, 0.4, 0.52, 0.12, -0.01, 0.25, -0.03, False),
    ]
    best = txt.build_best_fix_sentence(whatif_result(rows), C)
    assert best.startswith("Raising Reliability by one point for the 80% of respondents")
    none = txt.build_best_fix_sentence(whatif_result(rows[2:]), C)
    assert none.startswith("No single improvement")
    gone = Unavailable("what_if", "no driver")
    assert txt.build_best_fix_sentence(gone, C).startswith("No single improvement")


def test_threshold_sentences():
    curve = pd.DataFrame({"value": np.linspace(6.0, 340.0, 5)})
    found = SimpleNamespace(
        threshold=185.32,
        step=20.0,
        drop=0.0323,
        drop_ci=(0.0254, 0.0392),
        curve=curve,
        method="spline",
    )
    flat = SimpleNamespace(
        threshold=np.nan,
        step=20.0,
        drop=0.0,
        drop_ci=(np.nan,) * 2,
        curve=pd.DataFrame({"value": [0.0, 236.0]}),
        method="hinge",
    )
    result = OperationalThresholds(
        facts=("ivr_seconds", "wait_seconds", "transfers"),
        results={"ivr_seconds": found, "wait_seconds": flat},
        reasons={"transfers": "'transfers' does not vary"},
    )
    c = fmt.Context(t, kinds={"ivr_seconds": fmt.SECONDS, "wait_seconds": fmt.SECONDS})
    # 185.32 s is spoken as "about 190 s"; the step runs from 185 s to 185 + 20 = 205 s
    assert txt.threshold_line("ivr_seconds", result, c) == (
        "Time in the IVR: the chance of a top rating falls fastest beyond about 190 s; from "
        "185 s to 205 s it drops by 3.2 points (95% interval 2.5 to 3.9)."
    )
    assert txt.threshold_line("wait_seconds", result, c) == (
        "Waiting time: the chance of a top rating does not fall significantly anywhere "
        "between 0 s and 236 s."
    )
    assert txt.build_threshold_lines(result, c, found_only=True) == [
        txt.threshold_line("ivr_seconds", result, c)
    ]
    lines = txt.build_threshold_lines(result, c)
    assert len(lines) == 3 and lines[2].startswith("Transfers: no curve could be estimated")


def brant_frame(p_vals: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "chi2": [30.25, 1.0, 2.0][: len(p_vals)],
            "df": [6, 3, 3][: len(p_vals)],
            "p_val": list(p_vals.values()),
        },
        index=pd.Index(list(p_vals), name="term"),
    )


def test_brant_sentence_names_the_drivers_where_parallel_lines_fail():
    holds = brant_frame({"omnibus": 0.738, "reliability": 0.84, "empathy": 0.2})
    assert txt.build_brant_sentence(holds, C) == (
        "The parallel-lines assumption holds: Brant test chi-square 30.2 on 6 df, p = 0.738, "
        "and no predictor departs from it at the 0.05 level."
    )
    fails = brant_frame({"omnibus": 0.01, "reliability": 0.002, "empathy": 0.4})
    sentence = txt.build_brant_sentence(fails, C)
    assert sentence.startswith("The parallel-lines assumption does not hold")
    assert "It fails for Reliability (p = 0.002)" in sentence
    some = brant_frame({"omnibus": 0.30, "reliability": 0.8, "empathy": 0.03})
    assert "holds for the model as a whole" in txt.build_brant_sentence(some, C)
    assert "but not for Empathy (p = 0.030)" in txt.build_brant_sentence(some, C)
    failed = Unavailable("brant_test", "the binary logit of 'overall' above 4 does not converge")
    assert txt.build_brant_sentence(failed, C) == (
        "The parallel-lines assumption could not be checked: the binary logit of 'overall' "
        "above 4 does not converge"
    )


def test_the_importance_section_says_what_was_controlled_for():
    from copcwb.drivers import SurveyColumns

    summary = pd.DataFrame({"driver": ["speed", "courtesy"], "importance_pct": [80.0, 20.0]})
    importance = SimpleNamespace(
        drivers=("speed", "courtesy"),
        controls=("program", "channel"),
        r2_full=0.25,
        r2_controls=0.05,
        n_boot=0,
        summary=lambda: summary,
    )
    model = SimpleNamespace(
        summary=lambda: pd.DataFrame({"p_val": [0.001, 0.01]}, index=["speed", "courtesy"])
    )
    cols = SurveyColumns(drivers=("speed", "courtesy"), controls=("program", "channel"))
    lines = txt.build_importance_sentences(importance, model, cols, C)
    # 0.25 with the controls, 0.05 by the controls alone: the drivers add 0.25 - 0.05 = 0.200
    assert lines[1] == (
        "The decomposition controls for Program and Channel: they are kept in every model, "
        "and alone explain a pseudo-R² of 0.050; the shares divide the 0.200 that the "
        "predictors add beyond them."
    )
    missing = Unavailable("driver_importance", "separation")
    assert txt.build_importance_sentences(missing, model, cols, C) == [
        "Driver importance could not be computed: separation"
    ]


def test_every_literal_catalog_key_exists_and_is_prefixed():
    from copcwb.i18n import catalog

    ours = json.loads((VIEWS.parents[1] / "i18n" / "en" / "drivers.json").read_text("utf-8"))
    assert all(k.startswith("drivers.") for k in ours)
    source = "".join(p.read_text("utf-8") for p in VIEWS.glob("*.py"))
    used = set(re.findall(r'"(drivers\.[a-z0-9_.]+[a-z0-9_])"', source))
    assert used and not (used - set(catalog("en")))
    # keys built at run time
    dynamic = [f"drivers.change.{k}" for k in ("rating", "flag", "seconds", "count", "number")]
    dynamic += [f"drivers.coding.{k}" for k in ("count", "number")]
    dynamic += [f"drivers.role.{k}" for k in ("driver", "operational", "flag", "control")]
    dynamic += [f"drivers.critical.{k}" for k in ("proven", "higher", "not_proven")]
    dynamic += [f"drivers.critical.verdict_{k}" for k in ("proven", "not_proven", "not_assessed")]
    dynamic += [f"drivers.vif.reading_{k}" for k in ("high", "moderate", "fine")]
    dynamic += [f"drivers.quadrant.{txt.key(q)}" for q in txt.QUADRANTS]
    dynamic += [f"drivers.kano.{txt.key(k)}{m}" for k in txt.KANO_CLASSES for m in ("", "_means")]
    dynamic += [f"drivers.kano.unexpected_{k}" for k in ("penalty", "reward")]
    dynamic += [f"drivers.whatif.{k}{n}" for k in ("more_top", "fewer_top") for n in ("", "_one")]
    dynamic += [
        f"drivers.whatif.{k}{n}" for k in ("more_bottom", "fewer_bottom") for n in ("", "_one")
    ]
    dynamic += [f"drivers.summary.group_{k}" for k in ("drivers", "operational", "flags")]
    assert not set(dynamic) - set(ours)


# -- the notebook's cells on small engagements -----------------------------------------------

YAML = """client: "Test Client"
engagement: drivers-test
period: {start: "2026-01", end: "2026-06"}
run: [csat_drivers]
inputs:
  survey: data/survey.csv
"""


def write_survey(folder: Path, frame: pd.DataFrame, notebooks: str = "") -> Path:
    (folder / "data").mkdir(parents=True, exist_ok=True)
    frame.to_csv(folder / "data" / "survey.csv", index=False)
    spec = folder / "engagement.yaml"
    spec.write_text(YAML + notebooks, encoding="utf-8")
    return spec


def simulated_survey(n: int = 1200, seed: int = 7, programs=("North", "South")) -> pd.DataFrame:
    """overall from a known proportional-odds model: logit P(Y <= k) = theta_k - x'beta with
    beta: speed 1.5, courtesy 0.0, ivr_seconds -0.01 per s, customer_ce -1.5; theta = (-1,
    0.5, 2, 3.5) around the mean of x'beta."""
    rng = np.random.default_rng(seed)
    speed = rng.integers(1, 6, n)
    courtesy = rng.integers(1, 6, n)
    ivr = np.round(rng.gamma(2.0, 50.0, n))
    ce = (rng.random(n) < 0.15).astype(int)
    eta = 1.5 * speed - 0.01 * ivr - 1.5 * ce
    eta = eta - eta.mean()
    latent = eta + rng.logistic(size=n)
    overall = 1 + (latent[:, None] > np.array([-1.0, 0.5, 2.0, 3.5])[None, :]).sum(axis=1)
    return pd.DataFrame(
        {
            "response_id": [f"R{i}" for i in range(n)],
            "program": rng.choice(list(programs), n),
            "overall": overall,
            "speed": speed,
            "courtesy": courtesy,
            "ivr_seconds": ivr.astype(float),
            "customer_ce": ce,
        }
    )


def run_notebook(monkeypatch, spec: Path, options: dict | None = None) -> SimpleNamespace:
    """The csat_drivers notebook executed here on ``spec`` (see notebook_exec)."""
    return execute_notebook(monkeypatch, "csat_drivers", spec, options)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    spec = write_survey(tmp_path_factory.mktemp("small"), simulated_survey())
    with pytest.MonkeyPatch.context() as mp:
        yield run_notebook(mp, spec)


def test_the_notebook_finds_the_designed_drivers(small):
    cols = small.cols
    assert cols.drivers == ("speed", "courtesy")
    assert cols.operational == ("ivr_seconds",) and cols.flags == ("customer_ce",)
    assert cols.kinds == {
        "speed": fmt.RATING,
        "courtesy": fmt.RATING,
        "ivr_seconds": fmt.SECONDS,
        "customer_ce": fmt.FLAG,
    }
    # speed (beta 1.5 on a 1-5 rating) dominates; courtesy (beta 0) explains almost nothing
    imp = small.importance.summary()
    assert imp["driver"].iloc[0] == "speed"
    assert imp["importance_pct"].sum() == pytest.approx(100.0)
    # the error with beta -1.5 is proven customer-critical
    assert small.critical.proven == ["customer_ce"]
    # speed carries most of the importance, so it sits above the importance split: "fix
    # first" or "keep up" depending on its mean rating (both ratings are uniform on 1..5)
    quadrant = small.quadrant.summary().set_index("driver")["quadrant"]
    assert quadrant["speed"] in ("fix first", "keep up")
    assert small.thresholds.facts == ("ivr_seconds",)
    assert set(small.segments.overview["program"]) == {"North", "South"}


def test_sections_are_numbered_in_showing_order_and_the_summary_points_to_them(small):
    headings = re.findall(r'class="copcwb-section">([^<]+)</h[234]>', small.html)
    assert headings[:4] == [
        "1 Data profile",
        "1.1 Data quality",
        "2 Overall satisfaction",
        "3 What drives satisfaction: the ordinal model",
    ]
    assert "15 Methods and definitions" in headings
    # the executive summary comes last in the notebook, unnumbered (the report shows it first)
    assert headings.index("Executive summary") > headings.index("15 Methods and definitions")
    assert "Details in section 5." in small.html  # driver importance
    assert "Details in section 9." in small.html  # critical errors
    # the service-quality gap after the driver sections, before the business case
    at = headings.index("12 Expectations and perceptions (service-quality gap)")
    assert headings[at - 1] == "11 Drivers by program" and headings[at + 1] == "13 Business case"
    # without expectation ratings the section says what would enable it, and the summary
    # is silent about it
    assert "The survey has no expectation ratings" in small.html
    assert "Expectations and perceptions</h4>" not in small.html


def test_key_figures_have_the_recorded_shape(small):
    figures = small.figures
    assert list(figures)[-2:] == ["business_case", "actions"]
    assert list(figures)[:-2] == [
        "top_driver",
        "importance",
        "proven_customer_critical",
        "model_fit",
        "what_if",
        "top_box_share",
        "expectation_gap",
    ]
    from copcwb.results import to_jsonable

    # no expectation pairs: empty lists in results.json
    empty = {"overall": [], "by_program": [], "model": []}
    assert to_jsonable(figures["expectation_gap"]) == empty
    assert figures["top_driver"] == figures["importance"][0]
    assert figures["top_driver"]["driver"] == "speed"
    assert 0 < figures["top_driver"]["share"] < 1
    assert sum(r["share"] for r in figures["importance"]) == pytest.approx(1.0)
    assert figures["proven_customer_critical"] == ["customer_ce"]
    assert set(figures["model_fit"]) == {"nobs", "loglik", "pseudo_r2", "aic", "brant_p_val"}
    assert figures["model_fit"]["nobs"] == 1200
    # the observed top-box share is the share of 5s
    survey = simulated_survey()
    assert figures["top_box_share"] == pytest.approx((survey["overall"] == 5).mean())
    assert len(figures["what_if"]) == 3  # speed, courtesy, customer_ce


def test_tables_on_the_small_survey(small):
    c = fmt.Context(t, kinds=small.cols.kinds)
    model = tables.build_model_table(small.model, c).frame
    assert model["predictor"].tolist() == [
        "Speed",
        "Courtesy",
        "Time in the IVR",
        "Customer-critical error",
    ]
    # the IVR odds ratio is shown per minute: exp(60 b)
    b = float(small.model.coef["ivr_seconds"])
    assert model.loc[2, "odds_ratio"] == fmt.ratio(np.exp(60 * b))
    assert model.loc[2, "change"] == "+60 seconds"
    whatif = tables.build_whatif_table(small.whatif, c).frame
    assert whatif["action"].iloc[0] == "Speed +1 point"  # the largest gain first
    fit = tables.build_fit_table(small.model, c).frame.set_index("statistic")["value"]
    assert (
        fit["Responses used (n)"] == "1,200" and fit["Responses left out (missing values)"] == "0"
    )


def test_per_program_odds_ratios_turned_for_many_programs(small):
    c = fmt.Context(t, kinds=small.cols.kinds)
    wide = tables.build_segment_table(small.segments, small.cols, c)
    rows = tables.build_segment_rows(small.segments, small.cols, c)
    # the same cells, programs as rows instead of columns
    assert rows.frame["program"].tolist() == ["North", "South"]
    assert list(rows.frame.columns) == ["program", *small.cols.predictors]
    for i, program in enumerate(["North", "South"]):
        assert rows.frame.iloc[i, 1:].tolist() == wide.frame[program].tolist()
    # each cell sorts by its odds ratio: exp(b), per minute for the IVR time: exp(60 b)
    north = small.segments.results["North"].coef
    assert rows.sort_keys["speed"][0] == pytest.approx(np.exp(north["speed"]))
    assert rows.sort_keys["ivr_seconds"][0] == pytest.approx(np.exp(60 * north["ivr_seconds"]))
    assert rows.headers["ivr_seconds"] == "Time in the IVR (+60 seconds)"


def test_every_section_shows_with_ratings_only(monkeypatch, tmp_path):
    frame = simulated_survey(n=400, programs=("Only",))
    frame = frame.drop(columns=["ivr_seconds", "customer_ce"])
    nb = run_notebook(monkeypatch, write_survey(tmp_path, frame))
    assert "15 Methods and definitions" in nb.html and "Executive summary" in nb.html
    assert "no critical-error flags" in nb.html  # nothing can be proven
    assert "no continuous operational facts" in nb.html
    assert "covers a single program" in nb.html
    assert "Columns of the default options that the survey does not have" in nb.html
    assert nb.figures["proven_customer_critical"] == []
    assert nb.figures["top_driver"]["driver"] == "speed"


def test_every_section_shows_with_missing_values_and_an_error_that_never_occurs(
    monkeypatch, tmp_path
):
    frame = simulated_survey(n=600).assign(business_ce=0)
    frame.loc[:24, "courtesy"] = np.nan  # 25 responses without a courtesy rating
    nb = run_notebook(monkeypatch, write_survey(tmp_path, frame))
    assert "25 responses are left out of the model" in nb.html
    assert "Courtesy (25)" in nb.html
    assert "Business-critical error: not proven customer-critical; it cannot be assessed" in (
        nb.html
    )
    assert "take a single value among the complete responses" in nb.html
    assert nb.figures["model_fit"]["nobs"] == 575  # 600 - 25
    assert len(nb.figures["what_if"]) == 3  # speed, courtesy, customer_ce; not business_ce


def test_a_0_to_10_survey_with_its_own_question_names(monkeypatch, tmp_path):
    frame = simulated_survey(n=800)
    # the same answers on 0..10 under the client's own names: 1..5 -> 0, 2.5, 5, 7.5, 10
    frame = frame.assign(
        overall=(frame["overall"] - 1) * 2.5,
        q1_speed=(frame["speed"] - 1) * 2.5,
        q2_courtesy=(frame["courtesy"] - 1) * 2.5,
    ).drop(columns=["speed", "courtesy"])
    frame[["overall", "q1_speed", "q2_courtesy"]] = frame[
        ["overall", "q1_speed", "q2_courtesy"]
    ].round()
    options = "notebooks:\n  csat_drivers: {scale: [0, 10], drivers: [q1_speed, q2_courtesy]}\n"
    nb = run_notebook(monkeypatch, write_survey(tmp_path, frame, options))
    assert nb.cols.drivers == ("q1_speed", "q2_courtesy") and not nb.cols.inferred
    assert nb.figures["top_driver"]["driver"] == "q1_speed"
    # Kano cuts on 0..10: low = 0 + floor(10 / 4) = 2, top = 10
    assert "split into low (0–2), middle (3–9) and top (10)" in nb.html
    assert "on a scale of 0 to 10" in nb.html
    assert "15 Methods and definitions" in nb.html


def test_importance_controlled_for_the_program(monkeypatch, tmp_path):
    spec = write_survey(tmp_path, simulated_survey(n=600))
    nb = run_notebook(monkeypatch, spec, options={"controls": ["program"]})
    assert nb.cols.controls == ("program",) and tuple(nb.importance.controls) == ("program",)
    assert "The decomposition controls for Program" in nb.html
    assert "(option controls) are kept in every subset model" in nb.html


def test_an_absent_option_column_stops_the_analysis(monkeypatch, tmp_path):
    spec = write_survey(tmp_path, simulated_survey(n=300))
    with pytest.raises(InputError) as info:
        run_notebook(monkeypatch, spec, options={"drivers": ["speed", "sped"]})
    message = str(info.value)
    assert message.startswith("data/survey.csv, column 'sped'") and "Fix:" in message


def test_two_levels_of_overall_raise_the_model_error(monkeypatch, tmp_path):
    frame = simulated_survey(n=300)
    frame["overall"] = np.where(frame["overall"] >= 4, 5, 4)
    with pytest.raises(AnalysisError, match="at least 3"):
        run_notebook(monkeypatch, write_survey(tmp_path, frame))


# -- the notebook end to end -------------------------------------------------------------


@pytest.mark.slow
def test_notebook_renders_the_driver_report_on_the_demo(demo_spec, tmp_path):
    import nbformat

    from copcwb.runner import run_engagement
    from copcwb.synth import DEMO

    run = run_engagement(demo_spec, tmp_path, notebooks=["csat_drivers"], run_id="t")
    assert run.status == "completed", [f.describe() for f in run.failures]
    nb = nbformat.read(run.run_dir / "executed" / "csat_drivers.ipynb", as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]

    html = (run.run_dir / "csat_drivers.html").read_text(encoding="utf-8")
    headings = [
        "Executive summary",
        "1 Data profile",
        "2 Overall satisfaction",
        "3 What drives satisfaction: the ordinal model",
        "4 Parallel-lines check",
        "5 Driver importance",
        "6 Importance versus performance",
        "7 Kano classes",
        "8 Operational thresholds",
        "9 Which critical errors are customer-critical",
        "10 What fixing each driver is worth",
        "11 Drivers by program",
        "12 Expectations and perceptions (service-quality gap)",
        "12.1 Gaps by program",
        "12.2 How the gaps relate to overall satisfaction",
        "13 Business case",
        "14 Action plan",
        "15 Methods and definitions",
    ]
    body = html.split("<main>", 1)[-1]
    positions = [body.find(f">{h}<") for h in headings]
    assert all(p >= 0 for p in positions), [
        h for h, p in zip(headings, positions, strict=True) if p < 0
    ]
    assert positions == sorted(positions)  # the executive summary first, methods last
    # The demo's true model (copcwb.synth, PLANTED): reliability has the largest effect and
    # the lowest mean rating; customer_ce (beta -1.30) is customer-critical, business and
    # compliance errors have no effect; parallel lines hold by construction.
    for sentence in (
        "Reliability: ",
        "Customer-critical error: proven customer-critical",
        "Business-critical error: not proven customer-critical",
        "Compliance-critical error: not proven customer-critical",
        "Raising Reliability by one point",
        "Fix first (important and rated below the average driver): Reliability",
        "The parallel-lines assumption holds",
        "Time in the IVR: the chance of a top rating starts to fall beyond about",
        "logit P(Y ≤ k) = θ_k − x′β",
        # the planted service-quality gap (copcwb.synth.expectations): reliability missed,
        # tangibles over-served, the other three met, in every program
        "Reliability: perceived ",
        "Service-quality gap: expectations missed on Reliability; over-served on Tangibles",
        "met on Responsiveness, Assurance and Empathy.",
        "Reliability: expectations missed in 3 of 3 programs, over-served in 0.",
        "Tangibles: expectations missed in 0 of 3 programs, over-served in 3.",
        "Reliability: customers perceive less than they expect",
        "csat_drivers.html § 12 Expectations and perceptions (service-quality gap)",
    ):
        assert sentence in body, sentence
    assert "Traceback" not in body and "Warning" not in body
    # the evidence report shows the calls of the analysis; the client report none
    evidence = (run.run_dir / "evidence" / "csat_drivers.html").read_text(encoding="utf-8")
    assert "survey_columns" in evidence and "survey_columns" not in html

    figures = json.loads((run.run_dir / "results.json").read_text(encoding="utf-8"))
    got = figures["notebooks"]["csat_drivers"]["figures"]
    assert got["top_driver"]["driver"] == "reliability"
    assert got["importance"][0] == got["top_driver"]
    assert sum(r["share"] for r in got["importance"]) == pytest.approx(1.0)
    assert got["proven_customer_critical"] == ["customer_ce"]
    assert got["model_fit"]["nobs"] == 4000 and got["model_fit"]["brant_p_val"] > 0.05
    # 5 driver ratings + 3 error flags = 8 scenarios
    assert len(got["what_if"]) == 8
    survey = pd.read_csv(demo_spec.parent / "data" / "survey.csv")
    assert got["top_box_share"] == pytest.approx((survey["overall"] == 5).mean())
    gaps = {r["dimension"]: r for r in got["expectation_gap"]["overall"]}
    assert [gaps[d]["verdict"] for d in DEMO.drivers] == [
        "missed",
        "met",
        "met",
        "met",
        "over-served",
    ]
    # the recorded gap is the mean paired difference of the file's columns
    d = survey["reliability"] - survey["exp_reliability"]
    assert gaps["reliability"]["gap"] == pytest.approx(d.mean())
    assert gaps["reliability"]["ci_high"] < 0 and gaps["reliability"]["n"] == 4000
    assert len(got["expectation_gap"]["by_program"]) == 3 * 5
    assert [r["dimension"] for r in got["expectation_gap"]["model"]] == list(DEMO.drivers)

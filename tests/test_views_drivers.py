"""The CSAT driver report: column roles, sentences and tables built from hand-checked
inputs, every section shown without a missing string, and the notebook end to end on
the demo."""

from __future__ import annotations

import json
import re
from collections import namedtuple
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from copcwb.errors import AnalysisError, InputError
from copcwb.i18n import text
from copcwb.options import DriversOptions
from copcwb.views.drivers import findings as fnd
from copcwb.views.drivers import formats as fmt
from copcwb.views.drivers import tables
from copcwb.views.drivers import text as txt


def t(key: str, **values: object) -> str:
    return text(key, "en", **values)


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
    assert fmt.fact_value(185.32, fmt.SECONDS, t) == "185 s"
    assert (
        fmt.fact_value(1.5226, fmt.COUNT, t) == "1.5" and fmt.fact_value(2.0, fmt.COUNT, t) == "2"
    )


def test_labels_come_from_the_catalog_else_from_the_column_name():
    assert fmt.label("ivr_seconds", t) == "Time in the IVR"
    assert fmt.label("customer_ce", t) == "Customer-critical error"
    assert fmt.label("callback_kept_on_time", t) == "Callback kept on time"
    assert fmt.noun("customer_ce", t) == "customer-critical errors"
    assert fmt.noun("callback_missed", t) == "callback missed"
    assert fmt.join(["a", "b", "c"], t) == "a, b and c" and fmt.join(["a"], t) == "a"


def test_predictor_kinds():
    ratings = ["reliability"]
    assert fmt.predictor_kind("reliability", pd.Series([1, 0, 1]), ratings) == fmt.RATING
    assert fmt.predictor_kind("customer_ce", pd.Series([0, 1, None]), ratings) == fmt.FLAG
    assert fmt.predictor_kind("ivr_seconds", pd.Series([3.0, 120.5]), ratings) == fmt.SECONDS
    assert fmt.predictor_kind("hold_s", pd.Series([0.0, 30.0]), ratings) == fmt.SECONDS
    assert fmt.predictor_kind("transfers", pd.Series([0, 1, 3]), ratings) == fmt.COUNT
    assert fmt.predictor_kind("bot_score", pd.Series([0.2, 0.7]), ratings) == fmt.NUMBER
    # odds ratios of seconds are shown per minute, everything else per unit
    assert fmt.display_step(fmt.SECONDS) == 60.0 and fmt.display_step(fmt.RATING) == 1.0


# -- column roles --------------------------------------------------------------------------


def survey_frame() -> pd.DataFrame:
    """Ratings on 1..5 (one with a gap), ids, operational facts, flags and odd columns."""
    return pd.DataFrame(
        {
            "response_id": ["R1", "R2", "R3", "R4"],
            "program": ["A", "A", "B", "B"],
            "overall": [1, 3, 4, 5],
            "contact_id": ["C1", "C2", "C3", "C4"],
            "reliability": [1, 2, 5, 4],
            "empathy": [3.0, None, 4.0, 5.0],
            "agent_id": [1, 2, 3, 4],  # on the scale, but an identifier
            "ivr_seconds": [30.0, 200.0, 5.0, 90.0],
            "transfers": [1, 2, 1, 3],  # on the scale, but an operational fact
            "repeat_contact_7d": [0, 1, 0, 0],
            "customer_ce": [0, 1, 0, 0],
            "comment": ["ok", "bad", "good", "fine"],
            "vip": [True, False, True, False],
            "blank": [np.nan] * 4,
            "score_10": [0, 7, 10, 9],  # 0 and 10 are off the 1..5 scale
        }
    )


def test_infer_drivers_keeps_numeric_columns_on_the_scale_only():
    frame = survey_frame()
    exclude = ["ivr_seconds", "wait_seconds", "transfers", "repeat_contact_7d", "customer_ce"]
    # reliability and empathy are on 1..5; agent_id is an id, transfers is excluded, flags
    # (0/1) and 0..10 scores are off the scale, text / boolean / empty columns are skipped.
    assert fnd.infer_drivers(frame, scale=(1, 5), exclude=exclude) == ["reliability", "empathy"]
    # on a 0..10 scale the 0..10 score is a rating, but the 0/1 flag is still not
    assert fnd.infer_drivers(frame, scale=(0, 10), exclude=exclude) == [
        "reliability",
        "empathy",
        "score_10",
    ]
    # without the exclusion, transfers (1..3) would pass as a rating
    assert "transfers" in fnd.infer_drivers(frame, scale=(1, 5))


def test_resolve_columns_uses_default_columns_only_when_present():
    frame = survey_frame()
    cols = fnd.resolve_columns(frame, DriversOptions(), file="survey.csv")
    assert cols.drivers == ("reliability", "empathy")
    assert cols.operational == ("ivr_seconds", "transfers", "repeat_contact_7d")
    assert cols.flags == ("customer_ce",)
    assert cols.absent == ("wait_seconds", "business_ce", "compliance_ce")
    assert cols.inferred
    assert cols.predictors == [
        "reliability",
        "empathy",
        "ivr_seconds",
        "transfers",
        "repeat_contact_7d",
        "customer_ce",
    ]


@pytest.mark.parametrize(
    ("options", "column"),
    [
        ({"drivers": ["reliability", "courtesy"]}, "courtesy"),
        ({"operational": ["ivr_seconds", "hold_seconds"]}, "hold_seconds"),
        ({"critical_errors": ["customer_ce", "fraud_ce"]}, "fraud_ce"),
    ],
)
def test_an_option_naming_an_absent_column_is_an_input_error(options, column):
    with pytest.raises(InputError) as info:
        fnd.resolve_columns(
            survey_frame(), DriversOptions.model_validate(options), file="/x/survey.csv"
        )
    (problem,) = info.value.problems
    assert problem.file == "/x/survey.csv" and problem.column == column
    assert "no such column" in problem.problem and "notebooks: csat_drivers" in problem.fix
    assert "/x/survey.csv" in str(info.value) and "Fix:" in str(info.value)


def test_other_column_problems_are_input_errors():
    frame = survey_frame().assign(customer_ce=[0, 2, 0, 1])
    with pytest.raises(InputError, match="only 0 and 1"):
        fnd.resolve_columns(frame, DriversOptions(), file="s.csv")
    opts = DriversOptions(drivers=["reliability", "transfers"])
    with pytest.raises(InputError, match="listed under both 'drivers' and 'operational'"):
        fnd.resolve_columns(survey_frame(), opts, file="s.csv")
    opts = DriversOptions(drivers=["comment"])
    with pytest.raises(InputError, match="not numeric"):
        fnd.resolve_columns(survey_frame(), opts, file="s.csv")
    bare = survey_frame()[["response_id", "program", "overall", "comment"]]
    with pytest.raises(InputError, match="nothing to explain"):
        fnd.resolve_columns(bare, DriversOptions(), file="s.csv")


def test_distribution_lists_every_level_of_the_scale():
    # 6 ratings (one missing): two 1s, one 2, three 5s -> shares 2/6, 1/6, 0, 0, 3/6
    d = fnd.distribution(pd.Series([1, 1, 2, 5, 5, 5, None], dtype="Int64"), (1, 5))
    assert d["level"].tolist() == [1, 2, 3, 4, 5]
    assert d["n"].tolist() == [2, 1, 0, 0, 3]
    assert d["share"].tolist() == pytest.approx([2 / 6, 1 / 6, 0, 0, 3 / 6])


def test_constant_predictors_are_left_out_of_the_model():
    frame = survey_frame().assign(business_ce=0)
    cols = fnd.resolve_columns(frame, DriversOptions(), file="s.csv")
    assert "business_ce" in cols.flags
    # complete rows: row 2 (empathy missing) drops out, and with it the only repeat contact
    # and the only customer-critical error; business_ce never occurs. Ratings, IVR time and
    # transfers (1, 1, 3) still vary.
    kept = fnd.without_constant(frame, cols)
    assert kept.constant == ("repeat_contact_7d", "customer_ce", "business_ce")
    assert kept.operational == ("ivr_seconds", "transfers") and kept.flags == ()
    assert kept.drivers == cols.drivers and kept.absent == cols.absent


@pytest.mark.parametrize(
    ("scale", "cuts"),
    # low = bottom + floor((top - bottom) / 4): 1 + 1, 0 + 2, 1 + 2, 1 + 1; top = the top
    [((1, 5), (2.0, 5.0)), ((0, 10), (2.0, 10.0)), ((1, 10), (3.0, 10.0)), ((1, 7), (2.0, 7.0))],
)
def test_kano_cut_points_follow_the_scale(scale, cuts):
    assert fnd.kano_cuts(scale) == cuts


# -- sentences from hand-made results ------------------------------------------------------

Critical = namedtuple(
    "Critical",
    "flag error_share odds_ratio ci_low ci_high p_val proven_customer_critical",
)
WhatIf = namedtuple(
    "WhatIf",
    "variable kind share_affected top_box_base top_box_new top_box_change top_box_ci_low "
    "top_box_ci_high bottom_box_change",
)


def fake_findings(**kw) -> SimpleNamespace:
    base = {"alpha": 0.05, "confidence": 0.95, "top_level": 5, "bottom_level": 1}
    return SimpleNamespace(**(base | kw))


def test_critical_error_lines_say_proven_or_not_with_the_interval():
    f = fake_findings()
    proven = Critical("customer_ce", 0.078, 0.302, 0.241, 0.380, 2e-20, True)
    # 1 - 0.302 = 0.698 -> "70% lower"
    assert txt.critical_line(proven, f, t) == (
        "Customer-critical error: proven customer-critical. When it occurs, the odds of a "
        "higher overall rating are 0.30 times those without it (95% interval 0.24 to 0.38, "
        "p < 0.001), 70% lower."
    )
    flat = Critical("business_ce", 0.047, 1.058, 0.786, 1.424, 0.7101, False)
    assert txt.critical_line(flat, f, t) == (
        "Business-critical error: not proven customer-critical; no significant effect on "
        "overall satisfaction (odds ratio 1.06, 95% interval 0.79 to 1.42, p = 0.710)."
    )
    higher = Critical("compliance_ce", 0.03, 1.8, 1.2, 2.7, 0.004, False)
    assert "respondents with this error rated higher" in txt.critical_line(higher, f, t)
    never = Critical("compliance_ce", 0.0, np.nan, np.nan, np.nan, np.nan, False)
    assert txt.critical_line(never, f, t) == (
        "Compliance-critical error: not proven customer-critical; it cannot be assessed "
        "because it occurs in 0.0% of the responses in the model."
    )


def test_what_if_sentence_and_effect_per_thousand():
    f = fake_findings()
    row = WhatIf("reliability", "driver", 0.857, 0.3973, 0.5331, 0.1362, 0.1246, 0.1479, -0.0272)
    # +0.1362 of 1,000 responses = 136 more top ratings; -0.0272 -> 27 fewer bottom ratings
    assert txt.whatif_sentence(row, f, t) == (
        "Raising Reliability by one point for the 86% of respondents who rate it below 5 would "
        "move the top-box share from 39.7% to 53.3% (+13.6 points, 95% interval +12.5 to "
        "+14.8; +136 top ratings per 1,000 responses) and change the bottom-box share by "
        "-2.7 points."
    )
    bottom = SimpleNamespace(**row._asdict())
    assert txt.whatif_effect(bottom, t) == "136 more top ratings, 27 fewer bottom ratings"
    one = SimpleNamespace(**(bottom.__dict__ | {"bottom_box_change": 0.0011}))
    assert txt.whatif_effect(one, t) == "136 more top ratings, 1 more bottom rating"
    flat = SimpleNamespace(**(bottom.__dict__ | {"top_box_ci_low": -0.01}))
    assert txt.whatif_effect(flat, t) == "no significant change"
    flag = WhatIf("customer_ce", "flag", 0.078, 0.3973, 0.4093, 0.012, 0.010, 0.014, -0.007)
    assert txt.whatif_action(flag, f, t) == "Eliminate customer-critical errors"
    assert txt.whatif_sentence(flag, f, t).startswith(
        "Eliminating customer-critical errors (present in 8% of responses) would move the "
        "top-box share from 39.7% to 40.9% (+1.2 points"
    )


def test_best_fix_is_the_largest_significant_top_box_gain():
    table = pd.DataFrame(
        {
            "scenario": ["a", "b", "c"],
            "variable": ["assurance", "reliability", "tangibles"],
            "kind": ["driver"] * 3,
            # tangibles gains most but its interval includes zero: not the best fix
            "top_box_change": [0.02, 0.10, 0.12],
            "top_box_ci_low": [0.01, 0.08, -0.01],
        }
    )
    f = fake_findings(whatif=SimpleNamespace(summary=lambda: table))
    assert txt.best_fix(f).variable == "reliability"
    f = fake_findings(whatif=SimpleNamespace(summary=lambda: table.iloc[[2]]))
    assert txt.best_fix(f) is None
    assert "No single improvement" in txt.build_best_fix_sentence(f, t)


def test_threshold_sentences():
    curve = pd.DataFrame({"value": np.linspace(6.0, 340.0, 5)})
    found = SimpleNamespace(
        threshold=185.32, step=20.0, drop=0.0323, drop_ci=(0.0254, 0.0392), curve=curve
    )
    flat = SimpleNamespace(
        threshold=np.nan,
        step=20.0,
        drop=0.0,
        drop_ci=(np.nan,) * 2,
        curve=pd.DataFrame({"value": [0.0, 236.0]}),
    )
    f = fake_findings(
        thresholds={"ivr_seconds": found, "wait_seconds": flat},
        threshold_errors={"transfers": "'transfers' does not vary"},
        kinds={"ivr_seconds": fmt.SECONDS, "wait_seconds": fmt.SECONDS, "transfers": fmt.COUNT},
    )
    # 185.32 s is spoken as "about 190 s"; the step runs from 185 s to 185 + 20 = 205 s
    assert txt.threshold_line("ivr_seconds", f, t) == (
        "Time in the IVR: the chance of a top rating falls fastest beyond about 190 s; from "
        "185 s to 205 s it drops by 3.2 points (95% interval 2.5 to 3.9)."
    )
    assert txt.threshold_line("wait_seconds", f, t) == (
        "Waiting time: the chance of a top rating does not fall significantly anywhere "
        "between 0 s and 236 s."
    )
    assert txt.build_threshold_lines(f, t, found_only=True) == [
        txt.threshold_line("ivr_seconds", f, t)
    ]
    lines = txt.build_threshold_lines(f, t)
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
    def findings(brant, error=""):
        f = fnd.DriverFindings.__new__(fnd.DriverFindings)
        object.__setattr__(f, "options", DriversOptions())
        object.__setattr__(f, "brant", brant)
        object.__setattr__(f, "brant_error", error)
        return f

    holds = findings(brant_frame({"omnibus": 0.738, "reliability": 0.84, "empathy": 0.2}))
    assert holds.brant_holds and txt.build_brant_sentence(holds, t) == (
        "The parallel-lines assumption holds: Brant test chi-square 30.2 on 6 df, p = 0.738, "
        "and no predictor departs from it at the 0.05 level."
    )
    fails = findings(brant_frame({"omnibus": 0.01, "reliability": 0.002, "empathy": 0.4}))
    assert fails.brant_holds is False and fails.brant_violations == ["reliability"]
    sentence = txt.build_brant_sentence(fails, t)
    assert sentence.startswith("The parallel-lines assumption does not hold")
    assert "It fails for Reliability (p = 0.002)" in sentence
    some = findings(brant_frame({"omnibus": 0.30, "reliability": 0.8, "empathy": 0.03}))
    assert "holds for the model as a whole" in txt.build_brant_sentence(some, t)
    assert "but not for Empathy (p = 0.030)" in txt.build_brant_sentence(some, t)
    failed = findings(None, "the binary logit of 'overall' above 4 does not converge")
    assert failed.brant_holds is None
    assert txt.build_brant_sentence(failed, t) == (
        "The parallel-lines assumption could not be checked: the binary logit of 'overall' "
        "above 4 does not converge"
    )


def test_every_literal_catalog_key_exists_and_is_prefixed():
    from copcwb.i18n import catalog

    ours = json.loads(
        (Path(fnd.__file__).parents[2] / "i18n" / "en" / "drivers.json").read_text("utf-8")
    )
    assert all(k.startswith("drivers.") for k in ours)
    source = "".join(p.read_text("utf-8") for p in Path(fnd.__file__).parent.glob("*.py"))
    used = set(re.findall(r'"(drivers\.[a-z0-9_.]+[a-z0-9_])"', source))
    assert used and not (used - set(catalog("en")))
    # keys built at run time
    dynamic = [f"drivers.change.{k}" for k in ("rating", "flag", "seconds", "count", "number")]
    dynamic += [f"drivers.coding.{k}" for k in ("count", "number")]
    dynamic += [f"drivers.importance.{k}" for k in ("none", "too_many", "failed")]
    dynamic += [f"drivers.role.{k}" for k in ("driver", "operational", "flag")]
    dynamic += [f"drivers.segments.{k}" for k in ("one_program", "not_fitted")]
    dynamic += [f"drivers.quadrant.{txt.key(q)}" for q in txt.QUADRANTS]
    dynamic += [f"drivers.kano.{txt.key(k)}{m}" for k in txt.KANO_CLASSES for m in ("", "_means")]
    dynamic += [f"drivers.kano.unexpected_{k}" for k in ("penalty", "reward")]
    dynamic += [f"drivers.whatif.{k}{n}" for k in ("more_top", "fewer_top") for n in ("", "_one")]
    dynamic += [
        f"drivers.whatif.{k}{n}" for k in ("more_bottom", "fewer_bottom") for n in ("", "_one")
    ]
    dynamic += [f"drivers.summary.group_{k}" for k in ("drivers", "operational", "flags")]
    assert not set(dynamic) - set(ours)


# -- the analyses on small engagements -----------------------------------------------------

YAML = """client: "Test Client"
engagement: drivers-test
period: {start: "2026-01", end: "2026-06"}
run: [csat_drivers]
inputs:
  survey: data/survey.csv
"""


def write_survey(folder: Path, frame: pd.DataFrame) -> Path:
    (folder / "data").mkdir(parents=True, exist_ok=True)
    frame.to_csv(folder / "data" / "survey.csv", index=False)
    spec = folder / "engagement.yaml"
    spec.write_text(YAML, encoding="utf-8")
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


@pytest.fixture(scope="module")
def small_findings(tmp_path_factory):
    from copcwb import session

    spec = write_survey(tmp_path_factory.mktemp("small"), simulated_survey())
    s = session.start("csat_drivers", spec)
    return s, fnd.analyse(s)


def test_analyse_finds_the_designed_drivers(small_findings):
    _, f = small_findings
    assert f.columns.drivers == ("speed", "courtesy")
    assert f.columns.operational == ("ivr_seconds",) and f.columns.flags == ("customer_ce",)
    assert f.kinds == {
        "speed": fmt.RATING,
        "courtesy": fmt.RATING,
        "ivr_seconds": fmt.SECONDS,
        "customer_ce": fmt.FLAG,
    }
    # speed (beta 1.5 on a 1-5 rating) dominates; courtesy (beta 0) explains almost nothing
    imp = f.importance.summary()
    assert imp["driver"].iloc[0] == "speed"
    assert imp["importance_pct"].sum() == pytest.approx(100.0)
    # the error with beta -1.5 is proven customer-critical
    assert f.critical.proven == ["customer_ce"]
    # speed carries most of the importance, so it sits above the importance split: "fix
    # first" or "keep up" depending on its mean rating (both ratings are uniform on 1..5)
    quadrant = f.quadrant.summary().set_index("driver")["quadrant"]
    assert quadrant["speed"] in ("fix first", "keep up")
    assert set(f.thresholds) == {"ivr_seconds"}
    assert f.segments is not None and set(f.segments.overview["program"]) == {"North", "South"}


def test_key_figures_have_the_recorded_shape(small_findings):
    from copcwb.views.drivers import key_figures

    _, f = small_findings
    figures = key_figures(f)
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


def test_tables_on_the_small_survey(small_findings):
    _, f = small_findings
    model = tables.build_model_table(f, t).frame
    assert model["predictor"].tolist() == [
        "Speed",
        "Courtesy",
        "Time in the IVR",
        "Customer-critical error",
    ]
    # the IVR odds ratio is shown per minute: exp(60 b)
    b = float(f.model.coef["ivr_seconds"])
    assert model.loc[2, "odds_ratio"] == fmt.ratio(np.exp(60 * b))
    assert model.loc[2, "change"] == "+60 seconds"
    whatif = tables.build_whatif_table(f, t).frame
    assert whatif["action"].iloc[0] == "Speed +1 point"  # the largest gain first
    fit = tables.build_fit_table(f, t).frame.set_index("statistic")["value"]
    assert (
        fit["Responses used (n)"] == "1,200" and fit["Responses left out (missing values)"] == "0"
    )


SECTIONS = (
    ("show_executive_summary", "1"),
    ("show_distribution", "3"),
    ("show_model", "4"),
    ("show_parallel_lines", "5"),
    ("show_importance", "6"),
    ("show_quadrant", "7"),
    ("show_kano", "8"),
    ("show_thresholds", "9"),
    ("show_critical_errors", "10"),
    ("show_what_if", "11"),
    ("show_segments", "12"),
    ("show_methods", "13"),
)


def run_sections(monkeypatch, spec: Path) -> tuple[str, dict]:
    import matplotlib

    matplotlib.use("Agg")
    from copcwb import display, session
    from copcwb.views import drivers
    from copcwb.views.drivers import show

    shown: list[str] = []
    recorded: dict = {}
    monkeypatch.setattr(display, "_show", lambda markup, metadata=None: shown.append(markup))
    monkeypatch.setattr(show, "record", lambda name, value: recorded.__setitem__(name, value))
    s = session.start("csat_drivers", spec)
    f = drivers.analyse(s)
    for name, number in SECTIONS:
        getattr(drivers, name)(s, f, number=number)
    return "".join(shown), recorded


def test_every_section_shows_with_ratings_only(monkeypatch, tmp_path):
    frame = simulated_survey(n=400, programs=("Only",))
    frame = frame.drop(columns=["ivr_seconds", "customer_ce"])
    html, recorded = run_sections(monkeypatch, write_survey(tmp_path, frame))
    assert "1 Executive summary" in html and "13 Methods and definitions" in html
    assert "no critical-error flags" in html  # nothing can be proven
    assert "no continuous operational facts" in html
    assert "covers a single program" in html
    assert (
        recorded["proven_customer_critical"] == [] and recorded["top_driver"]["driver"] == "speed"
    )


def test_every_section_shows_with_missing_values_and_an_error_that_never_occurs(
    monkeypatch, tmp_path
):
    frame = simulated_survey(n=600).assign(business_ce=0)
    frame.loc[:24, "courtesy"] = np.nan  # 25 responses without a courtesy rating
    html, recorded = run_sections(monkeypatch, write_survey(tmp_path, frame))
    assert "25 responses are left out of the model" in html
    assert "Courtesy (25)" in html
    assert "Business-critical error: not proven customer-critical; it cannot be assessed" in html
    assert "take a single value among the complete responses" in html
    assert recorded["model_fit"]["nobs"] == 575  # 600 - 25
    assert len(recorded["what_if"]) == 3  # speed, courtesy, customer_ce; not business_ce


def test_an_absent_option_column_stops_the_analysis(tmp_path):
    from copcwb import session

    spec = write_survey(tmp_path, simulated_survey(n=300))
    s = session.start("csat_drivers", spec, options={"drivers": ["speed", "sped"]})
    with pytest.raises(InputError) as info:
        fnd.analyse(s)
    message = str(info.value)
    assert str((tmp_path / "data" / "survey.csv").resolve()) in message
    assert "column 'sped'" in message and "Fix:" in message


def test_two_levels_of_overall_raise_the_model_error(tmp_path):
    from copcwb import session

    frame = simulated_survey(n=300)
    frame["overall"] = np.where(frame["overall"] >= 4, 5, 4)
    s = session.start("csat_drivers", write_survey(tmp_path, frame))
    with pytest.raises(AnalysisError, match="at least 3"):
        fnd.analyse(s)


# -- the notebook end to end -------------------------------------------------------------


@pytest.mark.slow
def test_notebook_renders_the_driver_report_on_the_demo(demo_spec, tmp_path):
    import nbformat

    from copcwb.runner import run_engagement

    run = run_engagement(demo_spec, tmp_path, notebooks=["csat_drivers"], run_id="t")
    assert run.status == "completed", [f.describe() for f in run.failures]
    nb = nbformat.read(run.run_dir / "executed" / "csat_drivers.ipynb", as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]

    html = (run.run_dir / "csat_drivers.html").read_text(encoding="utf-8")
    headings = [
        "1 Executive summary",
        "2 Data profile",
        "3 Overall satisfaction",
        "4 What drives satisfaction: the ordinal model",
        "5 Parallel-lines check",
        "6 Driver importance",
        "7 Importance versus performance",
        "8 Kano classes",
        "9 Operational thresholds",
        "10 Which critical errors are customer-critical",
        "11 What fixing each driver is worth",
        "12 Drivers by program",
        "13 Methods and definitions",
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
    ):
        assert sentence in body, sentence
    assert "Traceback" not in body and "Warning" not in body

    figures = json.loads((run.run_dir / "results.json").read_text(encoding="utf-8"))
    got = figures["notebooks"]["csat_drivers"]["figures"]
    assert got["top_driver"]["driver"] == "reliability"
    assert got["importance"][0] == got["top_driver"]
    assert sum(r["share"] for r in got["importance"]) == pytest.approx(1.0)
    assert got["proven_customer_critical"] == ["customer_ce"]
    assert got["model_fit"]["nobs"] == 4000 and got["model_fit"]["brant_p_val"] > 0.05
    # 5 driver ratings + 3 error flags = 8 scenarios
    assert len(got["what_if"]) == 8
    survey = pd.read_csv(demo_spec.parent / "data" / "survey.csv", usecols=["overall"])
    assert got["top_box_share"] == pytest.approx((survey["overall"] == 5).mean())

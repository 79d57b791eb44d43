"""The service-quality gap (copcwb.drivers.expectation_gap, gap_model): the paired
interval and p against the formula written out and against scipy's paired t test, the
verdicts on planted data, groups, too few pairs, bad columns and bad options."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError
from scipy import special, stats

from copcwb.drivers import expectation_gap, gap_model, ordinal_logit, survey_columns
from copcwb.drivers.expectation import GAP_COLUMNS, paired_gap
from copcwb.errors import AnalysisError, InputError
from copcwb.options import DriversOptions

# A hand-made sample of six responses: perception and expectation of one dimension.
PERCEPTION = [4, 3, 5, 2, 4, 3]
EXPECTATION = [5, 4, 4, 4, 5, 3]


def test_paired_interval_and_p_by_the_formula_written_out():
    # d = perception - expectation = -1, -1, 1, -2, -1, 0; n = 6
    # mean d = -4 / 6 = -2/3
    # deviations from the mean: -1/3, -1/3, 5/3, -4/3, -1/3, 2/3; squares sum to
    # (1 + 1 + 25 + 16 + 1 + 4) / 9 = 48 / 9, so s_d^2 = 48 / 9 / 5 = 16 / 15
    # se = s_d / sqrt(6) = 4 / sqrt(90) = 0.421637
    # t = (-2/3) / (4 / sqrt(90)) = -sqrt(90) / 6 = -sqrt(2.5) = -1.581139, df = 5
    # t_{5, 0.975} = 2.570582 (Student's t table, 5 df, two-sided 5%)
    # interval: -2/3 -+ 2.570582 * 0.421637 = -1.750519 to 0.417186
    # two-sided p = I_{df / (df + t^2)}(df / 2, 1/2) = I_{5 / 7.5}(2.5, 0.5)
    frame = pd.DataFrame({"speed": PERCEPTION, "exp_speed": EXPECTATION})
    row = expectation_gap(frame, {"speed": "exp_speed"}).iloc[0]
    mean, se = -2 / 3, 4 / math.sqrt(90)
    assert row["n"] == 6
    assert row["perception"] == pytest.approx(21 / 6) and row["expectation"] == pytest.approx(
        25 / 6
    )
    assert row["gap"] == pytest.approx(mean)
    assert row["ci_low"] == pytest.approx(mean - 2.570582 * se, abs=1e-6)
    assert row["ci_high"] == pytest.approx(mean + 2.570582 * se, abs=1e-6)
    assert row["ci_low"] == pytest.approx(-1.750519, abs=1e-6)
    assert row["p_val"] == pytest.approx(special.betainc(2.5, 0.5, 5 / 7.5), rel=1e-10)
    assert row["p_val"] == pytest.approx(0.174688, abs=1e-6)
    assert row["verdict"] == "met"  # the interval holds 0
    assert list(expectation_gap(frame, {"speed": "exp_speed"}).columns) == GAP_COLUMNS


def test_paired_interval_and_p_match_scipy_ttest_rel_at_other_levels():
    rng = np.random.default_rng(11)
    x = rng.integers(1, 6, 40).astype(float)
    y = np.clip(x + rng.integers(-1, 2, 40), 1, 5)
    test = stats.ttest_rel(x, y)
    for confidence in (0.90, 0.95, 0.99):
        ci = test.confidence_interval(confidence_level=confidence)
        row = paired_gap(x, y, confidence)
        assert row["ci_low"] == pytest.approx(ci.low) and row["ci_high"] == pytest.approx(ci.high)
        assert row["p_val"] == pytest.approx(test.pvalue)
        # and the textbook interval: mean d -+ t_{n-1, (1+c)/2} s_d / sqrt(n)
        d = x - y
        half = stats.t.ppf((1 + confidence) / 2, 39) * d.std(ddof=1) / math.sqrt(40)
        assert row["ci_low"] == pytest.approx(d.mean() - half)


def planted(n: int = 600, seed: int = 3) -> pd.DataFrame:
    """speed: expectations one point above a random perception (missed); courtesy: the
    perceptions themselves in another order (met, gap exactly 0); tidiness: one point
    below (over-served); two programs."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "program": rng.choice(["North", "South"], n),
            "speed": rng.integers(1, 5, n),
            "courtesy": rng.integers(1, 6, n),
            "tidiness": rng.integers(2, 6, n),
        }
    )
    frame["exp_speed"] = frame["speed"].sample(frac=1, random_state=1).to_numpy() + 1
    frame["exp_tidiness"] = frame["tidiness"].sample(frac=1, random_state=2).to_numpy() - 1
    for _, rows in frame.groupby("program"):
        frame.loc[rows.index, "exp_courtesy"] = (
            rows["courtesy"].sample(frac=1, random_state=3).to_numpy()
        )
    return frame


PAIRS = {"speed": "exp_speed", "courtesy": "exp_courtesy", "tidiness": "exp_tidiness"}


def test_verdicts_on_planted_gaps():
    gaps = expectation_gap(planted(), PAIRS)
    assert list(gaps["dimension"]) == ["speed", "courtesy", "tidiness"]
    assert list(gaps["verdict"]) == ["missed", "met", "over-served"]
    # speed and tidiness: the expectations are a permutation shifted by one point, so
    # the mean gap is exactly -1 and +1; courtesy's permutation keeps the mean: 0
    assert gaps["gap"].tolist() == pytest.approx([-1.0, 0.0, 1.0])
    assert (gaps.loc[0, "ci_high"] < 0) and (gaps.loc[2, "ci_low"] > 0)
    assert gaps.loc[1, "ci_low"] < 0 < gaps.loc[1, "ci_high"]


def test_groups_of_one_or_more_columns():
    # five more responses without a program: they are left out of the groups
    frame = pd.concat([planted(), planted(n=5, seed=9).assign(program=None)], ignore_index=True)
    frame["channel"] = np.where(np.arange(len(frame)) % 3 == 0, "chat", "voice")
    by_program = expectation_gap(frame, PAIRS, by="program")
    assert list(by_program.columns) == ["program", *GAP_COLUMNS]
    assert list(by_program["program"]) == ["North"] * 3 + ["South"] * 3
    north = frame[frame["program"] == "North"]
    alone = expectation_gap(north, PAIRS)
    pd.testing.assert_frame_equal(
        by_program[by_program["program"] == "North"].drop(columns="program").reset_index(drop=True),
        alone,
    )
    assert by_program.loc[by_program["dimension"] == "courtesy", "gap"].tolist() == pytest.approx(
        [0.0, 0.0]
    )
    both = expectation_gap(frame, PAIRS, by=("program", "channel"))
    assert list(both.columns[:2]) == ["program", "channel"]
    assert len(both) == 4 * 3  # 2 programs x 2 channels x 3 dimensions
    cell = frame[(frame["program"] == "South") & (frame["channel"] == "chat")]
    got = both[(both["program"] == "South") & (both["channel"] == "chat")]
    assert got["n"].tolist() == [len(cell)] * 3


def test_pairwise_complete_rows_too_few_pairs_and_no_variance():
    frame = pd.DataFrame(
        {
            "a": [4.0, 3.0, np.nan, 5.0],
            "exp_a": [5.0, np.nan, 4.0, 4.0],  # two complete pairs: (4, 5), (5, 4)
            "b": [2.0, np.nan, np.nan, np.nan],
            "exp_b": [3.0, 4.0, np.nan, np.nan],  # one pair
            "c": [2.0, 3.0, 4.0, 1.0],
            "exp_c": [3.0, 4.0, 5.0, 2.0],  # every difference -1
            "d": [np.nan] * 4,
            "exp_d": [1.0] * 4,  # no pair
            "e": [3.0, 4.0, 4.0, 3.0],
            "exp_e": [3.0, 4.0, 4.0, 3.0],  # every difference 0
        }
    )
    pairs = {x: f"exp_{x}" for x in "abcde"}
    gaps = expectation_gap(frame, pairs).set_index("dimension")
    assert gaps.loc["a", "n"] == 2 and gaps.loc["a", "gap"] == pytest.approx(0.0)
    # one pair: its gap, no interval or p, no evidence of a gap
    assert gaps.loc["b", "n"] == 1 and gaps.loc["b", "gap"] == -1.0
    assert np.isnan(gaps.loc["b", ["ci_low", "ci_high", "p_val"]].astype(float)).all()
    assert gaps.loc["b", "verdict"] == "met"
    # no variance: the interval is the difference itself, p 0 (or 1 for no difference)
    assert gaps.loc["c", ["ci_low", "ci_high", "p_val"]].tolist() == [-1.0, -1.0, 0.0]
    assert gaps.loc["c", "verdict"] == "missed"
    assert gaps.loc["e", ["gap", "ci_low", "ci_high", "p_val"]].tolist() == [0.0, 0.0, 0.0, 1.0]
    assert gaps.loc["e", "verdict"] == "met"
    assert gaps.loc["d", "n"] == 0 and np.isnan(gaps.loc["d", "perception"])


def test_no_pairs_gives_an_empty_frame_with_the_columns():
    gaps = expectation_gap(planted(), {}, by="program")
    assert gaps.empty and list(gaps.columns) == ["program", *GAP_COLUMNS]


def test_bad_columns_name_file_column_and_fix():
    frame = planted().assign(exp_courtesy="high")
    with pytest.raises(InputError) as info:
        expectation_gap(frame, {**PAIRS, "speed": "exp_sped"}, by="site", file="data/survey.csv")
    problems = {p.column: p for p in info.value.problems}
    assert set(problems) == {"exp_sped", "exp_courtesy", "site"}
    assert all(p.file == "data/survey.csv" and p.fix for p in problems.values())
    assert "no such column" in problems["exp_sped"].problem
    assert "notebooks: csat_drivers: expectations" in problems["exp_sped"].fix
    assert "not numeric" in problems["exp_courtesy"].problem
    with pytest.raises(ValueError, match="confidence"):
        expectation_gap(planted(), PAIRS, confidence=95)


def test_the_gap_model_is_the_ordinal_model_of_overall_on_the_differences():
    frame = planted(n=800, seed=5)
    latent = 1.2 * (frame["speed"] - frame["exp_speed"]) + np.random.default_rng(1).logistic(
        size=len(frame)
    )
    frame["overall"] = np.digitize(latent, [-3.0, -2.0, -1.0, 0.5]) + 1
    model = gap_model(frame, "overall", PAIRS)
    by_hand = pd.DataFrame(
        {
            "overall": frame["overall"],
            "speed": frame["speed"] - frame["exp_speed"],
            "courtesy": frame["courtesy"] - frame["exp_courtesy"],
            "tidiness": frame["tidiness"] - frame["exp_tidiness"],
        }
    )
    direct = ordinal_logit(by_hand, "overall", ["speed", "courtesy", "tidiness"])
    pd.testing.assert_series_equal(model.coef, direct.coef)
    assert model.terms == ("speed", "courtesy", "tidiness")
    # the true effect of the speed gap is 1.2 per point; the others none
    summ = model.summary()
    assert summ.loc["speed", "ci_low"] < 1.2 < summ.loc["speed", "ci_high"]
    assert summ.loc["courtesy", "p_val"] > 0.001
    with pytest.raises(AnalysisError, match="no expectation ratings"):
        gap_model(frame, "overall", {})


# -- the option -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,message",
    [
        (["reliability", "exp_reliability"], "map each perception column"),
        ({"reliability": 3}, "names no two columns"),
        ({"reliability": "reliability"}, "paired with itself"),
        ({"reliability": "exp", "empathy": "exp"}, "expectation of two dimensions"),
        ({"reliability": "empathy", "empathy": "exp_empathy"}, "both a perception and"),
        ({"overall": "exp_overall"}, "not a rating"),
        ({"reliability": " "}, "must be named"),
    ],
)
def test_bad_expectation_options_are_refused_at_load(value, message):
    with pytest.raises(ValidationError, match=message):
        DriversOptions(expectations=value)


def test_a_bad_option_in_the_engagement_names_the_key(tmp_path):
    from copcwb.engagement import load_engagement
    from copcwb.errors import SpecError

    (tmp_path / "survey.csv").write_text("response_id,program,overall\nR1,A,5\n", "utf-8")
    spec = tmp_path / "engagement.yaml"
    spec.write_text(
        'client: "C"\nengagement: c-1\nperiod: {start: "2026-01", end: "2026-06"}\n'
        "run: [csat_drivers]\ninputs:\n  survey: survey.csv\nnotebooks:\n"
        "  csat_drivers: {expectations: [reliability]}\n",
        "utf-8",
    )
    with pytest.raises(SpecError) as info:
        load_engagement(spec)
    assert "notebooks.csat_drivers.expectations" in str(info.value)
    assert "reliability: exp_reliability" in str(info.value)


def test_expectation_columns_are_not_inferred_as_drivers():
    frame = planted().assign(overall=lambda f: np.clip(f["speed"], 1, 5))
    options = DriversOptions(expectations=PAIRS)
    cols = survey_columns(frame, options, file="s.csv")
    assert cols.drivers == ("speed", "courtesy", "tidiness")
    unpaired = survey_columns(frame, DriversOptions(), file="s.csv")
    assert "exp_courtesy" in unpaired.drivers  # without the option they look like ratings


def test_validate_names_the_survey_file_and_the_column_a_pair_lacks(tmp_path):
    from typer.testing import CliRunner

    from copcwb.cli import app

    data = tmp_path / "data"
    data.mkdir()
    frame = planted(n=60).assign(overall=lambda f: f["speed"], response_id=lambda f: f.index)
    frame.drop(columns="exp_tidiness").to_csv(data / "survey.csv", index=False)
    spec = tmp_path / "engagement.yaml"
    spec.write_text(
        'client: "C"\nengagement: c-1\nperiod: {start: "2026-01", end: "2026-06"}\n'
        "run: [csat_drivers]\ninputs:\n  survey: data/survey.csv\nnotebooks:\n"
        "  csat_drivers: {expectations: {speed: exp_speed, tidiness: exp_tidiness}}\n",
        "utf-8",
    )
    result = CliRunner().invoke(app, ["validate", str(spec)])
    assert result.exit_code == 2, result.output
    assert "survey.csv, column 'exp_tidiness'" in result.output
    assert "notebooks: csat_drivers: expectations" in result.output
    assert "Traceback" not in result.output
    # with the column, the engagement is valid
    frame.to_csv(data / "survey.csv", index=False)
    assert CliRunner().invoke(app, ["validate", str(spec)]).exit_code == 0

"""The roles of the survey columns (drivers, operational facts, flags, controls) on
hand-made surveys, and the distribution of the overall rating."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from copcwb.drivers import (
    MAX_IMPORTANCE_PREDICTORS,
    SurveyColumns,
    infer_drivers,
    rating_distribution,
    survey_columns,
)
from copcwb.drivers.columns import COUNT, FLAG, NUMBER, RATING, SECONDS, predictor_kind
from copcwb.errors import InputError
from copcwb.options import DriversOptions

DEFAULT_OPERATIONAL = ["ivr_seconds", "wait_seconds", "transfers", "repeat_contact_7d"]
DEFAULT_FLAGS = ["customer_ce", "business_ce", "compliance_ce"]


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
    assert infer_drivers(frame, scale=(1, 5), exclude=exclude) == ["reliability", "empathy"]
    # on a 0..10 scale the 0..10 score is a rating, but the 0/1 flag is still not
    assert infer_drivers(frame, scale=(0, 10), exclude=exclude) == [
        "reliability",
        "empathy",
        "score_10",
    ]
    # without the exclusion, transfers (1..3) would pass as a rating
    assert "transfers" in infer_drivers(frame, scale=(1, 5))


def test_predictor_kinds():
    ratings = ["reliability"]
    assert predictor_kind("reliability", pd.Series([1, 0, 1]), ratings) == RATING
    assert predictor_kind("customer_ce", pd.Series([0, 1, None]), ratings) == FLAG
    assert predictor_kind("ivr_seconds", pd.Series([3.0, 120.5]), ratings) == SECONDS
    assert predictor_kind("hold_s", pd.Series([0.0, 30.0]), ratings) == SECONDS
    assert predictor_kind("transfers", pd.Series([0, 1, 3]), ratings) == COUNT
    assert predictor_kind("bot_score", pd.Series([0.2, 0.7]), ratings) == NUMBER


def test_default_columns_are_used_only_when_present():
    frame = survey_frame().assign(empathy=[3.0, 4.0, 4.0, None])
    cols = survey_columns(frame, DriversOptions(), file="survey.csv")
    assert cols.drivers == ("reliability", "empathy") and cols.inferred
    assert cols.operational == ("ivr_seconds", "transfers", "repeat_contact_7d")
    assert cols.flags == cols.error_flags == ("customer_ce",)
    assert cols.absent == ("wait_seconds", "business_ce", "compliance_ce")
    assert cols.controls == () and cols.constant == ()
    assert cols.predictors == [
        "reliability",
        "empathy",
        "ivr_seconds",
        "transfers",
        "repeat_contact_7d",
        "customer_ce",
    ]
    assert cols.kinds == {
        "reliability": RATING,
        "empathy": RATING,
        "ivr_seconds": SECONDS,
        "transfers": COUNT,
        "repeat_contact_7d": FLAG,
        "customer_ce": FLAG,
    }
    # one empathy rating is missing; two programs
    assert cols.missing == {"empathy": 1} and cols.programs == ("A", "B")
    # 6 predictors: at most 12, so the importance decomposition covers them all
    assert cols.importance_drivers == tuple(cols.predictors)


def test_a_ratings_only_survey_has_no_facts_and_no_flags():
    survey = pd.DataFrame(
        {
            "response_id": ["R1", "R2", "R3", "R4", "R5"],
            "program": ["Only"] * 5,
            "overall": [1, 2, 3, 4, 5],
            "speed": [1, 3, 3, 4, 5],
            "courtesy": [2, 2, 4, 5, 4],
        }
    )
    cols = survey_columns(survey, DriversOptions(), file="survey.csv")
    assert cols.drivers == ("speed", "courtesy")
    assert cols.operational == () and cols.flags == () and cols.error_flags == ()
    # every default operational and flag column is absent, none named: no error
    assert cols.absent == tuple(DEFAULT_OPERATIONAL + DEFAULT_FLAGS)
    assert cols.programs == ("Only",) and cols.importance_drivers == ("speed", "courtesy")


def test_a_0_to_10_survey_with_its_own_question_names():
    survey = pd.DataFrame(
        {
            "response_id": ["R1", "R2", "R3", "R4"],
            "program": ["A", "B", "A", "B"],
            "overall": [0, 6, 9, 10],
            "q1_resolved_fast": [2, 7, 9, 10],
            "q2_agent_friendly": [5, 5, 8, 10],
            "q7_recommend": [0, 5, 10, 10],  # on the scale, but not named: not a driver
            "hold_s": [300.0, 45.0, 20.0, 0.0],
        }
    )
    options = DriversOptions(
        scale=(0, 10),
        drivers=["q1_resolved_fast", "q2_agent_friendly"],
        operational=["hold_s"],
        critical_errors=[],
    )
    cols = survey_columns(survey, options, file="survey.csv")
    assert cols.drivers == ("q1_resolved_fast", "q2_agent_friendly") and not cols.inferred
    assert cols.operational == ("hold_s",) and cols.flags == () and cols.absent == ()
    assert cols.kinds == {
        "q1_resolved_fast": RATING,
        "q2_agent_friendly": RATING,
        "hold_s": SECONDS,
    }


def test_a_survey_without_operational_or_flag_columns_says_they_are_absent():
    survey = survey_frame().drop(
        columns=["ivr_seconds", "transfers", "repeat_contact_7d", "customer_ce"]
    )
    cols = survey_columns(survey, DriversOptions(), file="survey.csv")
    assert cols.predictors == ["reliability", "empathy"]
    assert cols.absent == tuple(DEFAULT_OPERATIONAL + DEFAULT_FLAGS)


@pytest.mark.parametrize(
    ("options", "column"),
    [
        ({"drivers": ["reliability", "courtesy"]}, "courtesy"),
        ({"operational": ["ivr_seconds", "hold_seconds"]}, "hold_seconds"),
        ({"critical_errors": ["customer_ce", "fraud_ce"]}, "fraud_ce"),
        ({"controls": ["channel"]}, "channel"),
    ],
)
def test_an_option_naming_an_absent_column_is_an_input_error(options, column):
    with pytest.raises(InputError) as info:
        survey_columns(survey_frame(), DriversOptions.model_validate(options), file="/x/s.csv")
    (problem,) = info.value.problems
    assert problem.file == "/x/s.csv" and problem.column == column
    assert "no such column" in problem.problem and "notebooks: csat_drivers" in problem.fix
    assert "/x/s.csv" in str(info.value) and "Fix:" in str(info.value)


def test_the_default_file_name_is_the_input_kind():
    options = DriversOptions(drivers=["courtesy"])
    with pytest.raises(InputError, match="^survey, column 'courtesy'"):
        survey_columns(survey_frame(), options)


def test_other_column_problems_are_input_errors():
    frame = survey_frame().assign(customer_ce=[0, 2, 0, 1])
    with pytest.raises(InputError, match="only 0 and 1"):
        survey_columns(frame, DriversOptions(), file="s.csv")
    opts = DriversOptions(drivers=["reliability", "transfers"])
    with pytest.raises(InputError, match="listed under both 'drivers' and 'operational'"):
        survey_columns(survey_frame(), opts, file="s.csv")
    opts = DriversOptions(drivers=["reliability"], controls=["reliability"])
    with pytest.raises(InputError, match="listed under both 'drivers' and 'controls'"):
        survey_columns(survey_frame(), opts, file="s.csv")
    with pytest.raises(InputError, match="outcome cannot also be listed under 'controls'"):
        survey_columns(survey_frame(), DriversOptions(controls=["overall"]), file="s.csv")
    with pytest.raises(InputError, match="not numeric"):
        survey_columns(survey_frame(), DriversOptions(drivers=["comment"]), file="s.csv")
    bare = survey_frame()[["response_id", "program", "overall", "comment"]]
    with pytest.raises(InputError, match="nothing to explain"):
        survey_columns(bare, DriversOptions(), file="s.csv")


def test_controls_may_be_text_and_are_never_drivers():
    frame = survey_frame().assign(channel=["phone", "chat", "phone", "chat"], tier=[1, 2, 2, 1])
    cols = survey_columns(frame, DriversOptions(controls=["channel", "tier"]), file="s.csv")
    # tier (1..2) is on the rating scale, but a control: it is not inferred as a driver
    assert cols.controls == ("channel", "tier") and cols.drivers == ("reliability", "empathy")
    assert "tier" not in cols.predictors
    assert cols.roles["channel"] == "control"
    summary = cols.summary().set_index("column")
    assert summary.loc["channel", "status"] == "control"
    assert summary.loc["wait_seconds", "status"] == "absent"
    assert summary.loc["empathy", "n_missing"] == 1


def test_constant_predictors_and_controls_are_left_out():
    frame = survey_frame().assign(business_ce=0, channel="phone")
    cols = survey_columns(frame, DriversOptions(controls=["channel"]), file="s.csv")
    # complete rows: row 2 (empathy missing) drops out, and with it the only repeat contact
    # and the only customer-critical error; business_ce never occurs; one channel only.
    # Ratings, IVR time and transfers (1, 1, 3) still vary.
    assert cols.constant == ("repeat_contact_7d", "customer_ce", "business_ce", "channel")
    assert cols.operational == ("ivr_seconds", "transfers") and cols.flags == ()
    assert cols.controls == ()
    # the critical-error step still assesses the flags the survey has
    assert cols.error_flags == ("customer_ce", "business_ce")
    assert cols.summary().set_index("column").loc["business_ce", "status"] == "constant"


def test_a_survey_whose_predictors_never_vary_is_an_input_error():
    frame = survey_frame()[["response_id", "program", "overall"]].assign(q1=3, q2=4)
    with pytest.raises(InputError, match="every predictor \\(q1, q2\\) takes a single value"):
        survey_columns(frame, DriversOptions(), file="s.csv")


def test_importance_covers_the_ratings_only_beyond_twelve_predictors():
    assert MAX_IMPORTANCE_PREDICTORS == 12
    ratings = tuple(f"r{i}" for i in range(5))
    twelve = SurveyColumns(drivers=ratings, operational=tuple(f"o{i}" for i in range(7)))
    assert twelve.importance_drivers == tuple(twelve.predictors)  # 5 + 7 = 12
    thirteen = SurveyColumns(drivers=ratings, operational=tuple(f"o{i}" for i in range(8)))
    assert thirteen.importance_drivers == ratings  # 5 + 8 = 13: the ratings only


def test_rating_distribution_lists_every_level_of_the_scale():
    # 7 responses, one without a rating: two 1s, one 2, three 5s -> 2/6, 1/6, 0, 0, 3/6
    survey = pd.DataFrame({"overall": pd.Series([1, 1, 2, 5, 5, 5, None], dtype="Int64")})
    d = rating_distribution(survey, "overall", (1, 5))
    t = d.summary()
    assert t["level"].tolist() == [1, 2, 3, 4, 5]
    assert t["n"].tolist() == [2, 1, 0, 0, 3]
    assert t["share"].tolist() == pytest.approx([2 / 6, 1 / 6, 0, 0, 3 / 6])
    assert d.top_box_share == pytest.approx(3 / 6) and d.bottom_box_share == pytest.approx(2 / 6)
    # mean = (1 + 1 + 2 + 5 + 5 + 5) / 6 = 19 / 6
    assert d.mean == pytest.approx(19 / 6)
    assert (d.n_responses, d.n_rated, d.n_missing) == (7, 6, 1)
    assert (d.bottom_level, d.top_level) == (1, 5)


def test_rating_distribution_on_a_0_to_10_scale():
    d = rating_distribution(pd.DataFrame({"nps": [0, 10, 10, 9]}), "nps", (0, 10))
    assert len(d.summary()) == 11
    assert d.top_box_share == pytest.approx(2 / 4) and d.bottom_box_share == pytest.approx(1 / 4)

"""Level of each program x metric against its target (gap sign: positive = better)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from copcwb.baseline import assess
from copcwb.errors import AnalysisError

SMALL = pd.DataFrame(
    {
        "metric": ["sl", "asa", "note"],
        "label": ["Service level", "Speed of answer", "No target"],
        "category": ["service", "service", "quality"],
        "unit": ["share", "seconds", "share"],
        "direction": ["higher", "lower", "higher"],
        "target": [0.80, 30.0, float("nan")],
        "benchmark": [0.85, 20.0, float("nan")],
        "target_source": ["client", "contract", None],
    }
)


def frame(rows):
    program, metric, month, value = zip(*rows, strict=True)
    return pd.DataFrame(
        {
            "program": list(program),
            "metric": list(metric),
            "month": pd.PeriodIndex(list(month), freq="M"),
            "value": list(value),
        }
    )


def test_gap_both_directions():
    kpis = frame(
        [
            ("P", "sl", "2024-05", 0.90),  # earlier month: not the level
            ("P", "sl", "2024-06", 0.78),
            ("P", "asa", "2024-06", 24.0),
            ("Q", "asa", "2024-06", 33.0),
            ("Q", "sl", "2024-06", 0.80),
        ]
    )
    card = assess(kpis, SMALL).scorecard.set_index(["program", "metric"])
    # higher is better: gap = value - target = 0.78 - 0.80 = -0.02; gap_pct = -0.02/0.80 = -0.025
    assert card.loc[("P", "sl"), "value"] == 0.78
    assert str(card.loc[("P", "sl"), "month"]) == "2024-06"
    assert card.loc[("P", "sl"), "gap"] == pytest.approx(-0.02)
    assert card.loc[("P", "sl"), "gap_pct"] == pytest.approx(-0.025)
    assert card.loc[("P", "sl"), "meets_target"] == False  # noqa: E712 (nullable boolean)
    # lower is better: gap = target - value = 30 - 24 = +6; gap_pct = 6/30 = +0.20
    assert card.loc[("P", "asa"), "gap"] == pytest.approx(6.0)
    assert card.loc[("P", "asa"), "gap_pct"] == pytest.approx(0.20)
    assert card.loc[("P", "asa"), "meets_target"] == True  # noqa: E712
    # lower is better, worse than target: gap = 30 - 33 = -3; gap_pct = -3/30 = -0.10
    assert card.loc[("Q", "asa"), "gap"] == pytest.approx(-3.0)
    assert card.loc[("Q", "asa"), "gap_pct"] == pytest.approx(-0.10)
    assert card.loc[("Q", "asa"), "meets_target"] == False  # noqa: E712
    # exactly on target meets it: gap = 0.80 - 0.80 = 0
    assert card.loc[("Q", "sl"), "meets_target"] == True  # noqa: E712
    assert card.loc[("P", "asa"), "target_source"] == "contract"
    assert card.loc[("P", "asa"), "benchmark"] == 20.0


def test_scorecard_has_contract_columns():
    kpis = frame([("P", "sl", "2024-06", 0.78)])
    card = assess(kpis, SMALL).scorecard
    for column in (
        "program",
        "metric",
        "category",
        "direction",
        "value",
        "target",
        "meets_target",
        "trend",
        "trend_p_val",
        "label",
        "month",
        "gap",
        "gap_pct",
    ):
        assert column in card.columns
    assert card.loc[0, "trend"] == "insufficient"


def test_metric_without_target_has_na_and_is_not_counted():
    kpis = frame([("P", "sl", "2024-06", 0.85), ("P", "note", "2024-06", 0.5)])
    result = assess(kpis, SMALL)
    card = result.scorecard.set_index("metric")
    assert pd.isna(card.loc["note", "meets_target"])
    assert math.isnan(card.loc["note", "gap"])
    ready = result.readiness.set_index("program")
    # only 'sl' counts: 1 of 1 meets
    assert ready.loc["P", "n_metrics"] == 1
    assert ready.loc["P", "n_no_target"] == 1
    assert ready.loc["P", "share_meeting"] == 1.0


def test_stale_metric_is_flagged():
    kpis = frame([("P", "sl", "2024-06", 0.85), ("P", "asa", "2024-04", 25.0)])
    card = assess(kpis, SMALL).scorecard.set_index("metric")
    assert bool(card.loc["asa", "stale"]) and not bool(card.loc["sl", "stale"])


def test_target_overrides_win_and_are_marked():
    kpis = frame([("P", "sl", "2024-06", 0.78), ("Q", "sl", "2024-06", 0.78)])
    result = assess(kpis, SMALL, targets={"P": {"sl": 0.75}})
    card = result.scorecard.set_index(["program", "metric"])
    # P: 0.78 - 0.75 = +0.03 -> meets; Q keeps the catalog target 0.80 -> misses
    assert card.loc[("P", "sl"), "target"] == 0.75
    assert card.loc[("P", "sl"), "gap"] == pytest.approx(0.03)
    assert card.loc[("P", "sl"), "target_source"] == "engagement"
    assert card.loc[("Q", "sl"), "target_source"] == "client"
    assert card.loc[("Q", "sl"), "meets_target"] == False  # noqa: E712


def test_default_catalog_is_used():
    kpis = frame([("P", "service_level", "2024-06", 0.82)])
    card = assess(kpis).scorecard
    assert card.loc[0, "target"] == 0.80 and card.loc[0, "target_source"] == "placeholder"


def test_month_strings_are_accepted():
    kpis = pd.DataFrame({"program": ["P"], "metric": ["sl"], "month": ["2024-06"], "value": [0.9]})
    assert str(assess(kpis, SMALL).scorecard.loc[0, "month"]) == "2024-06"


def test_errors():
    kpis = frame([("P", "sl", "2024-06", 0.78)])
    with pytest.raises(AnalysisError, match="not in the metric catalog"):
        assess(frame([("P", "unknown", "2024-06", 1.0)]), SMALL)
    with pytest.raises(AnalysisError, match="repeat"):
        assess(frame([("P", "sl", "2024-06", 0.7), ("P", "sl", "2024-06", 0.8)]), SMALL)
    with pytest.raises(AnalysisError, match="no values"):
        assess(frame([("P", "sl", "2024-06", float("nan"))]), SMALL)
    with pytest.raises(ValueError, match="trend_months"):
        assess(kpis, SMALL, trend_months=2)
    with pytest.raises(ValueError, match="alpha"):
        assess(kpis, SMALL, alpha=1.5)
    with pytest.raises(ValueError, match="not in the KPI table"):
        assess(kpis, SMALL, targets={"Typo": {"sl": 0.5}})
    with pytest.raises(ValueError, match="categories"):
        assess(kpis, SMALL, categories=("service", "marketing"))

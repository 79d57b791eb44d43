"""Readiness shares on a small catalog, blockers, spend table, facts and the heat map."""

from __future__ import annotations

import pandas as pd
import pytest

from copcwb.baseline import assess, executive_facts, readiness, spend_list, where_to_spend
from copcwb.quality import judge_accuracy

# m1 service higher (target 10), m2 cost lower (target 5), m3 quality higher (no target),
# m4 support higher (target 1: support metrics are not counted by default).
CATALOG = pd.DataFrame(
    {
        "metric": ["m1", "m2", "m3", "m4"],
        "label": ["Metric one", "Metric two", "Metric three", "Metric four"],
        "category": ["service", "cost", "quality", "support"],
        "unit": ["count", "currency", "share", "share"],
        "direction": ["higher", "lower", "higher", "higher"],
        "target": [10.0, 5.0, float("nan"), 1.0],
    }
)
MONTHS = pd.period_range("2024-01", periods=6, freq="M")
FLAT_HIGH = [11, 12, 11, 12, 11, 12]  # m1 meets (12 >= 10); S = 3 - 2 + 2 - 1 + 1 = 3: stable
FALLING_COST = [9.0, 8.5, 8.0, 7.5, 7.0, 6.0]  # m2 misses (6 > 5) but falls: improving
FLAT_COST = [4.0, 4.5, 4.0, 4.5, 4.0, 4.5]  # m2 meets (4.5 <= 5)
LOW_FLAT = [8, 9, 8, 9, 8, 9]  # m1 misses (9 < 10)


def build():
    rows = []

    def add(program, metric, values):
        rows.extend((program, metric, m, float(v)) for m, v in zip(MONTHS, values, strict=True))

    add("P", "m1", FLAT_HIGH)
    add("P", "m2", FALLING_COST)
    add("P", "m3", [0.5] * 6)
    add("P", "m4", [0.2] * 6)  # misses, but support is not counted
    add("Q", "m1", LOW_FLAT)
    add("Q", "m2", FLAT_COST)
    return pd.DataFrame(rows, columns=["program", "metric", "month", "value"])


def test_readiness_shares_by_hand():
    # P: counted m1 (meets), m2 (misses, S = -15 falling cost, p = 2/720: improving);
    #    m3 has no target (excluded), m4 is support (not counted).
    #    share_meeting = 1/2 = 0.5; share_meeting_or_improving = 2/2 = 1.0
    # Q: m1 misses (stable: 8,9,8,9,8,9 has S = 3), m2 meets: 1/2 = 0.5 and 1/2 = 0.5
    # ALL pools the 4 counted pairs: meeting 2/4 = 0.5; meeting or improving 3/4 = 0.75
    result = assess(build(), CATALOG, level_share=0.5, level_or_trend_share=0.75)
    ready = result.readiness.set_index("program")
    assert list(result.readiness["program"]) == ["P", "Q", "ALL"]
    assert ready.loc["P", "n_metrics"] == 2 and ready.loc["P", "n_no_target"] == 1
    assert ready.loc["P", "share_meeting"] == pytest.approx(0.5)
    assert ready.loc["P", "share_meeting_or_improving"] == pytest.approx(1.0)
    assert ready.loc["Q", "share_meeting"] == pytest.approx(0.5)
    assert ready.loc["Q", "share_meeting_or_improving"] == pytest.approx(0.5)
    assert ready.loc["ALL", "n_metrics"] == 4
    assert ready.loc["ALL", "share_meeting"] == pytest.approx(0.5)
    assert ready.loc["ALL", "share_meeting_or_improving"] == pytest.approx(0.75)
    assert ready.loc["ALL", "scope"] == "overall"
    # thresholds 0.5 / 0.75 are reached exactly by P and ALL, not by Q (0.5 < 0.75)
    assert bool(ready.loc["P", "ready"]) and bool(ready.loc["ALL", "ready"])
    assert not bool(ready.loc["Q", "ready"])


def test_default_thresholds_and_categories():
    result = assess(build(), CATALOG)  # 0.65 / 0.75: 0.5 < 0.65 for everyone
    assert not result.readiness["ready"].any()
    # counting support too: P has m1 meets, m2 improving, m4 misses (flat): 1/3 and 2/3
    wide = assess(build(), CATALOG, categories=("service", "cost", "support"))
    p = wide.readiness.set_index("program").loc["P"]
    assert p["n_metrics"] == 3
    assert p["share_meeting"] == pytest.approx(1 / 3)
    assert p["share_meeting_or_improving"] == pytest.approx(2 / 3)


def test_blockers():
    result = assess(build(), CATALOG)
    blockers = result.blockers
    assert list(blockers.columns[:3]) == ["program", "metric", "label"]
    assert set(zip(blockers["program"], blockers["metric"], strict=True)) == {
        ("P", "m2"),
        ("Q", "m1"),
    }
    reason = blockers.set_index(["program", "metric"])["reason"]
    assert reason[("P", "m2")] == "misses target but improving"
    assert reason[("Q", "m1")] == "misses target, no significant improvement"
    # m3 (no target) and m4 (support, not counted) are not blockers
    assert "m4" not in set(blockers["metric"])


def test_missing_counted_metrics_are_listed():
    result = assess(build(), CATALOG)
    missing = set(zip(result.missing["program"], result.missing["metric"], strict=True))
    assert missing == {("Q", "m3")}


def test_where_to_spend():
    # Latest values: P m1 12 vs 10 -> gap_pct +0.20; P m2 6 vs 5 (lower) -> (5-6)/5 = -0.20;
    # Q m1 9 vs 10 -> -0.10; Q m2 4.5 vs 5 -> +0.10; P m4 0.2 vs 1 -> -0.80
    result = assess(build(), CATALOG)
    table = where_to_spend(result, threshold=0.15)
    assert list(table.columns) == [
        "program",
        "metric",
        "label",
        "category",
        "value",
        "target",
        "gap_pct",
        "action",
        "trend",
        "deteriorating",
        "note",
        "rank",
    ]
    assert list(zip(table["program"], table["metric"], table["action"], strict=True)) == [
        ("P", "m4", "spend here"),
        ("P", "m2", "spend here"),
        ("P", "m1", "possible over-investment"),
    ]
    assert table["gap_pct"].tolist() == pytest.approx([-0.80, -0.20, 0.20])
    assert table["rank"].tolist() == [1, 2, 1]
    # threshold 0.10 also takes Q's +/-10% gaps; counted categories only drops m4
    table = result.spend(threshold=0.10)
    assert len(table) == 5
    only = where_to_spend(result, threshold=0.10, categories=("service", "cost"))
    assert "m4" not in set(only["metric"])
    with pytest.raises(ValueError):
        where_to_spend(result, threshold=0)


def test_deteriorating_is_called_out():
    kpis = build()
    # Q m2 cost rises strictly 3.0 .. 4.0 (lower is better): deteriorating, still meets 5.
    q = kpis["program"].eq("Q") & kpis["metric"].eq("m2")
    kpis.loc[q, "value"] = [3.0, 3.2, 3.4, 3.6, 3.8, 4.0]
    result = assess(kpis, CATALOG)
    table = where_to_spend(result, threshold=0.10)
    row = table.set_index(["program", "metric"]).loc[("Q", "m2")]
    # gap_pct = (5 - 4)/5 = +0.20 -> over-investment, but deteriorating
    assert row["action"] == "possible over-investment"
    assert bool(row["deteriorating"]) and "deteriorating" in row["note"]
    facts = executive_facts(result)
    assert list(
        zip(facts.deteriorating["program"], facts.deteriorating["metric"], strict=True)
    ) == [("Q", "m2")]


def test_executive_facts():
    result = assess(build(), CATALOG)
    facts = executive_facts(result, n_gaps=2)
    verdict = facts.readiness.set_index("program")["verdict"]
    assert verdict.to_dict() == {"P": "not ready", "Q": "not ready", "ALL": "not ready"}
    # biggest shortfalls: P m4 -0.80, P m2 -0.20 (Q m1 -0.10 is third)
    assert list(facts.biggest_gaps["metric"]) == ["m4", "m2"]
    assert list(result.facts(n_gaps=2).biggest_gaps["metric"]) == ["m4", "m2"]
    with pytest.raises(ValueError, match="n_gaps"):
        executive_facts(result, n_gaps=-1)
    summary = facts.summary()
    assert {"readiness", "gap"} <= set(summary["kind"])
    assert {"kind", "program", "subject", "value", "target", "status"} <= set(summary.columns)


def test_executive_facts_critical_error_status():
    result = assess(build(), CATALOG)
    accuracy = pd.DataFrame(
        {
            "program": ["P", "P", "P", "P"],
            "monitoring_type": ["process", "process", "process", "individual"],
            "error_type": ["customer", "business", "compliance", "customer"],
            "n": [50, 50, 50, 10],
            "n_with_error": [2, 0, 5, 9],
            "accuracy": [0.96, 1.0, 0.90, 0.10],
            "ci_low": [0.865, 0.929, 0.786, 0.018],
            "ci_high": [0.989, 1.0, 0.957, 0.404],
        }
    )
    targets = pd.DataFrame(
        {
            "program": "P",
            "error_type": ["customer", "business", "compliance"],
            "target": [0.95, 0.90, 0.99],
            "target_source": "engagement",
        }
    )
    facts = executive_facts(result, accuracy=judge_accuracy(accuracy, targets))
    ce = facts.critical_errors
    # individual monitoring is left out of the process figures
    assert len(ce) == 3
    status = ce.set_index("error_type")["status"].to_dict()
    # customer: 0.865 < 0.95 <= 0.989 -> within sampling error; business: 0.929 >= 0.90;
    # compliance: 0.957 < 0.99
    assert status == {
        "customer": "within sampling error",
        "business": "meets target",
        "compliance": "below target",
    }
    summary = facts.summary()
    rows = summary[summary["kind"] == "critical_error_accuracy"]
    assert rows["label"].tolist()[0] == "customer-critical accuracy"
    assert rows["ci_low"].tolist() == [0.865, 0.929, 0.786]
    assert executive_facts(result).critical_errors.empty


def test_readiness_verdicts_and_blockers():
    # P: m1 meets, m2 misses but improves -> 1/2 meeting, 2/2 meeting or improving;
    # Q: m1 misses (stable), m2 meets -> 1/2 and 1/2. ALL: 2/4 and 3/4.
    # With thresholds 0.5 / 0.75: P ready (0.5 >= 0.5, 1.0 >= 0.75), Q not (0.5 < 0.75),
    # ALL ready (0.5 >= 0.5, 0.75 >= 0.75). Blockers: P m2, Q m1 (m4 is support).
    result = assess(build(), CATALOG, level_share=0.5, level_or_trend_share=0.75)
    ready = readiness(result)
    table = ready.table.set_index("program")
    assert table["verdict"].to_dict() == {"P": "ready", "Q": "not ready", "ALL": "ready"}
    assert table["n_blockers"].to_dict() == {"P": 1, "Q": 1, "ALL": 2}
    assert ready.level_share == 0.5 and ready.level_or_trend_share == 0.75
    assert ready.n_no_target == 1  # m3 of P
    assert ready.trend_months == 6
    assert list(zip(ready.blockers["program"], ready.blockers["metric"], strict=True)) == [
        ("P", "m2"),
        ("Q", "m1"),
    ]
    assert ready.summary().equals(ready.table)
    # the executive facts read the same verdicts
    facts = executive_facts(result)
    assert facts.readiness["verdict"].tolist() == ["ready", "not ready", "ready"]
    assert facts.programs == ["P", "Q"]


def test_spend_list():
    # as in test_where_to_spend: P m4 -0.80 and P m2 -0.20 far worse, P m1 +0.20 far better
    result = assess(build(), CATALOG)
    spend = spend_list(result, threshold=0.15)
    assert spend.threshold == 0.15
    assert spend.n_spend == 2 and spend.n_over == 1 and spend.n_spend_deteriorating == 0
    assert spend.part("spend here")["metric"].tolist() == ["m4", "m2"]
    assert spend.table["unit"].tolist() == ["share", "currency", "count"]
    assert spend.summary().drop(columns="unit").equals(where_to_spend(result, threshold=0.15))


def test_scorecard_heat_map_returns_axes():
    from matplotlib.figure import Figure

    result = assess(build(), CATALOG)
    ax = Figure().subplots()
    out = result.plot(ax=ax)
    assert out is ax
    assert "Target attainment" in ax.get_title()
    assert ax.get_xlabel() == "Month" and ax.get_ylabel() == "Metric"
    # 6 program x metric rows, 6 months
    assert len(ax.get_yticklabels()) == 6 and len(ax.get_xticklabels()) == 6
    one = result.plot(ax=Figure().subplots(), program="Q")
    assert one.get_title().startswith("Q:")
    with pytest.raises(ValueError):
        result.plot(ax=Figure().subplots(), program="nobody")


def test_plots_create_their_own_axes_when_none_given():
    import matplotlib.pyplot as plt

    ax = assess(build(), CATALOG).plot()
    try:
        assert ax.get_title().startswith("Target attainment")
    finally:
        plt.close(ax.figure)

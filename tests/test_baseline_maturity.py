"""The maturity stage: counts of expected, measured and managed metrics per program and
stage worked out by hand, the literal "highest stage reached" rule, the threshold, the
evidence for the next stage, and the stage column of client catalogs."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from copcwb import InputError, baseline
from copcwb.baseline import OVERALL, maturity
from copcwb.baseline.stages import next_stage, reached_stage
from copcwb.io import read_metric_catalog
from copcwb.terms import STAGES

NaN = float("nan")

# A hand-built catalog: four operational metrics, two refined, two strategic, one
# visionary, and x1 without a stage (not a built-in metric either: unstaged).
CATALOG = pd.DataFrame(
    {
        "metric": ["o1", "o2", "o3", "o4", "r1", "r2", "s1", "s2", "v1", "x1"],
        "category": ["service"] * 10,
        "direction": ["higher"] * 10,
        "target": [1.0] * 10,
        "stage": ["operational"] * 4 + ["refined"] * 2 + ["strategic"] * 2 + ["visionary", None],
    }
)

# program, metric, value, target, meets_target, trend; a metric absent is not measured.
ROWS = [
    # A: o1 meets (managed), o2 misses but improves (managed), o3 misses and is stable
    # (below target), o4 not measured -> operational 2 managed of 4 = 0.50.
    ("A", "o1", 1.2, 1.0, True, "stable"),
    ("A", "o2", 0.8, 1.0, False, "improving"),
    ("A", "o3", 0.8, 1.0, False, "stable"),
    # r1 meets (managed), r2 has no target -> refined 1 of 2 = 0.50. s1, s2, v1 absent.
    ("A", "r1", 1.1, 1.0, True, "stable"),
    ("A", "r2", 0.5, NaN, pd.NA, "stable"),
    # B: o1 misses and deteriorates (below), o4 meets; o2, o3 absent -> operational 1 of
    # 4 = 0.25. r1 improves, r2 meets -> refined 2 of 2 = 1.00. s1 meets, s2 misses
    # (stable) -> strategic 1 of 2 = 0.50. v1 absent -> visionary 0 of 1.
    ("B", "o1", 0.7, 1.0, False, "deteriorating"),
    ("B", "o4", 1.0, 1.0, True, "stable"),
    ("B", "r1", 0.9, 1.0, False, "improving"),
    ("B", "r2", 1.3, 1.0, True, "insufficient"),
    ("B", "s1", 1.0, 1.0, True, "stable"),
    ("B", "s2", 0.6, 1.0, False, "stable"),
    # C: o1 meets, o4 misses (too few months for a trend) -> operational 1 of 4 = 0.25;
    # r2 misses -> refined 0 of 2; s1 improves but has no target (not managed) ->
    # strategic 0 of 2; x1 has a value but evidences no stage.
    ("C", "o1", 1.0, 1.0, True, "stable"),
    ("C", "o4", 0.9, 1.0, False, "insufficient"),
    ("C", "r2", 0.4, 1.0, False, "stable"),
    ("C", "s1", 0.7, NaN, pd.NA, "improving"),
    ("C", "x1", 5.0, 1.0, True, "stable"),
]


def scorecard() -> pd.DataFrame:
    frame = pd.DataFrame(
        ROWS, columns=["program", "metric", "value", "target", "meets_target", "trend"]
    )
    return frame.astype({"meets_target": "boolean"})


def by_program(result) -> pd.DataFrame:
    return result.summary().set_index("program")


def test_counts_and_shares_by_hand():
    table = by_program(maturity(scorecard(), CATALOG))
    # expected: 4 operational, 2 refined, 2 strategic, 1 visionary for every program
    for stage, n in zip(STAGES, (4, 2, 2, 1), strict=True):
        assert (table.loc[["A", "B", "C"], f"n_expected_{stage}"] == n).all()
    a, b, c = table.loc["A"], table.loc["B"], table.loc["C"]
    # A: measured o1 o2 o3 | r1 r2 | - | -; managed o1 o2 | r1
    assert [a[f"n_measured_{s}"] for s in STAGES] == [3, 2, 0, 0]
    assert [a[f"n_managed_{s}"] for s in STAGES] == [2, 1, 0, 0]
    assert [a[f"share_managed_{s}"] for s in STAGES] == [2 / 4, 1 / 2, 0 / 2, 0 / 1]
    # B: measured o1 o4 | r1 r2 | s1 s2 | -; managed o4 | r1 r2 | s1
    assert [b[f"n_measured_{s}"] for s in STAGES] == [2, 2, 2, 0]
    assert [b[f"n_managed_{s}"] for s in STAGES] == [1, 2, 1, 0]
    assert [b[f"share_managed_{s}"] for s in STAGES] == [1 / 4, 2 / 2, 1 / 2, 0 / 1]
    # C: measured o1 o4 | r2 | s1 | -; managed o1 only (x1 counts nowhere)
    assert [c[f"n_measured_{s}"] for s in STAGES] == [2, 1, 1, 0]
    assert [c[f"n_managed_{s}"] for s in STAGES] == [1, 0, 0, 0]
    assert [c[f"share_managed_{s}"] for s in STAGES] == [1 / 4, 0 / 2, 0 / 2, 0 / 1]


def test_overall_row_pools_program_metric_pairs():
    overall = by_program(maturity(scorecard(), CATALOG)).loc[OVERALL]
    # expected = 3 programs x (4, 2, 2, 1) metrics = 12, 6, 6, 3
    assert [overall[f"n_expected_{s}"] for s in STAGES] == [12, 6, 6, 3]
    # measured: operational 3 + 2 + 2 = 7, refined 2 + 2 + 1 = 5, strategic 0 + 2 + 1 = 3
    assert [overall[f"n_measured_{s}"] for s in STAGES] == [7, 5, 3, 0]
    # managed: operational 2 + 1 + 1 = 4, refined 1 + 2 + 0 = 3, strategic 0 + 1 + 0 = 1
    assert [overall[f"n_managed_{s}"] for s in STAGES] == [4, 3, 1, 0]
    assert overall["share_managed_operational"] == pytest.approx(4 / 12)
    assert overall["share_managed_refined"] == pytest.approx(3 / 6)
    assert overall["share_managed_strategic"] == pytest.approx(1 / 6)
    # 4/12 < 0.5 <= 3/6: refined is reached though the rung below is not
    assert overall["stage"] == "refined" and overall["next_stage"] == "strategic"


def test_summary_columns_in_ladder_order():
    columns = list(maturity(scorecard(), CATALOG).summary().columns)
    expected = ["program", "stage", "next_stage"] + [f"share_managed_{s}" for s in STAGES]
    for s in STAGES:
        expected += [f"n_expected_{s}", f"n_measured_{s}", f"n_managed_{s}"]
    assert columns == expected
    assert list(maturity(scorecard(), CATALOG).summary()["program"]) == ["A", "B", "C", OVERALL]


def test_highest_stage_reached_literally_with_a_skipped_rung():
    result = maturity(scorecard(), CATALOG)
    table = by_program(result)
    # A: 0.50 >= 0.5, 0.50 >= 0.5, 0 and 0 below -> refined, next strategic
    assert (table.at["A", "stage"], table.at["A", "next_stage"]) == ("refined", "strategic")
    # B: operational 0.25 < 0.5 but refined 1.00 and strategic 0.50 reach it -> strategic
    assert (table.at["B", "stage"], table.at["B", "next_stage"]) == ("strategic", "visionary")
    assert result.below("B") == ["operational"]
    assert result.below("A") == [] and result.below(OVERALL) == ["operational"]
    stages = result.stages.set_index(["program", "stage"])
    assert not stages.at[("B", "operational"), "met"] and stages.at[("B", "strategic"), "met"]


def test_no_stage_when_nothing_reaches_the_threshold():
    table = by_program(maturity(scorecard(), CATALOG))
    # C: 0.25, 0, 0, 0 all under 0.5
    assert table.at["C", "stage"] is None
    assert table.at["C", "next_stage"] == "operational"
    assert maturity(scorecard(), CATALOG).below("C") == []


def test_the_threshold_moves_the_stage():
    def stages(threshold: float) -> dict[str, object]:
        table = by_program(maturity(scorecard(), CATALOG, threshold=threshold))
        return table["stage"].to_dict()

    # 0.25: A 0.50 0.50 0 0 -> refined; B 0.25 1 0.5 0 -> strategic; C 0.25 0 0 0 ->
    # operational; pooled 4/12 3/6 1/6 0 -> refined
    assert stages(0.25) == {
        "A": "refined",
        "B": "strategic",
        "C": "operational",
        OVERALL: "refined",
    }
    # 0.6: A none; B refined (1.00); C none; pooled none (3/6 = 0.5 < 0.6)
    assert stages(0.6) == {"A": None, "B": "refined", "C": None, OVERALL: None}
    # 1.0: only B's refined stage has every metric managed
    assert stages(1.0) == {"A": None, "B": "refined", "C": None, OVERALL: None}
    assert maturity(scorecard(), CATALOG, threshold=0.25).threshold == 0.25


@pytest.mark.parametrize("bad", [0, 0.0, -0.1, 1.01, True, "0.5", None])
def test_a_threshold_outside_zero_to_one_is_an_error(bad):
    with pytest.raises(ValueError, match="threshold"):
        maturity(scorecard(), CATALOG, threshold=bad)


def test_a_scorecard_without_its_columns_is_an_error():
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['trend'\]"):
        maturity(scorecard().drop(columns="trend"), CATALOG)


def test_evidence_for_the_next_stage_and_the_rung_below():
    result = maturity(scorecard(), CATALOG)
    ev = result.evidence
    assert list(ev.columns) == ["program", "stage", "metric", "label", "status", "value", "target"]
    rows = [tuple(r) for r in ev[["program", "stage", "metric", "status"]].itertuples(index=False)]
    assert rows == [
        # A towards strategic: neither strategic metric measured
        ("A", "strategic", "s1", "not measured"),
        ("A", "strategic", "s2", "not measured"),
        # B towards visionary, then its operational rung (under the threshold): the two
        # unmeasured first, then o1 below target
        ("B", "visionary", "v1", "not measured"),
        ("B", "operational", "o2", "not measured"),
        ("B", "operational", "o3", "not measured"),
        ("B", "operational", "o1", "below target"),
        # C towards operational
        ("C", "operational", "o2", "not measured"),
        ("C", "operational", "o3", "not measured"),
        ("C", "operational", "o4", "below target"),
    ]
    below = ev[(ev["program"] == "C") & (ev["metric"] == "o4")].iloc[0]
    assert (below["value"], below["target"]) == (0.9, 1.0)
    assert math.isnan(ev.iloc[0]["value"])
    # at 0.6 A reaches no stage (0.50 < 0.6 twice): its evidence is for operational
    strict = maturity(scorecard(), CATALOG, threshold=0.6).evidence
    a = strict[strict["program"] == "A"]
    assert list(zip(a["metric"], a["status"], strict=True)) == [
        ("o4", "not measured"),
        ("o3", "below target"),
    ]


def test_status_of_every_program_metric():
    status = maturity(scorecard(), CATALOG).metrics.set_index(["program", "metric"])["status"]
    assert status[("A", "o2")] == "managed"  # misses, improving
    assert status[("A", "r2")] == "no target"
    assert status[("C", "s1")] == "no target"  # improving, but without a target
    assert status[("B", "o1")] == "below target"  # misses, deteriorating
    assert status[("C", "o4")] == "below target"  # misses, trend insufficient
    assert status[("A", "v1")] == "not measured"
    assert len(status) == 3 * 9  # 3 programs x 9 staged metrics


def test_unstaged_metrics_are_left_out_and_listed():
    result = maturity(scorecard(), CATALOG)
    assert list(result.unstaged["metric"]) == ["x1"]
    assert "x1" not in set(result.metrics["metric"])


def test_a_stage_without_catalog_metrics_is_never_reached():
    catalog = CATALOG[CATALOG["stage"] != "visionary"]
    result = maturity(scorecard(), catalog, threshold=0.25)
    stages = result.stages.set_index(["program", "stage"])
    assert stages.at[("B", "visionary"), "n_expected"] == 0
    assert math.isnan(stages.at[("B", "visionary"), "share_managed"])
    assert not stages.at[("B", "visionary"), "met"]


def test_ladder_steps():
    assert next_stage(None) == "operational"
    assert next_stage("refined") == "strategic"
    assert next_stage("visionary") is None
    # the highest share at the threshold wins, whatever lies below; NaN never reaches
    assert reached_stage({"operational": 0.1, "refined": 0.9, "strategic": 0.5}, 0.5) == (
        "strategic"
    )
    assert reached_stage({"operational": NaN, "visionary": NaN}, 0.5) is None


# -- the stage column of a client catalog ------------------------------------------------

HEADER = "metric,label,category,unit,direction,target"


def test_a_client_catalog_without_a_stage_column_takes_the_built_in_stages(tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_text(
        HEADER + "\n"
        "service_level,SL,service,share,higher,0.8\n"
        "fcr_7d,FCR,quality,share,higher,0.7\n"
        "nps,NPS,satisfaction,score,higher,30\n"
        "our_own_metric,Own,service,share,higher,0.5\n",
        encoding="utf-8",
    )
    catalog = read_metric_catalog(path)
    # the built-in catalog (copcwb/data/metric_catalog.csv) has service_level operational,
    # fcr_7d refined, nps strategic; our_own_metric is not built in: unstaged
    stages = dict(zip(catalog["metric"], catalog["stage"], strict=True))
    assert stages["service_level"] == "operational"
    assert stages["fcr_7d"] == "refined" and stages["nps"] == "strategic"
    assert pd.isna(stages["our_own_metric"])
    card = pd.DataFrame(
        {
            "program": ["P", "P"],
            "metric": ["service_level", "our_own_metric"],
            "value": [0.85, 0.9],
            "target": [0.8, 0.5],
            "meets_target": pd.array([True, True], dtype="boolean"),
            "trend": ["stable", "stable"],
        }
    )
    result = maturity(card, catalog)
    row = by_program(result).loc["P"]
    # operational: service_level managed, 1 of 1; refined 0 of 1; strategic 0 of 1;
    # visionary: no metric in this catalog (share NaN)
    assert [row[f"n_expected_{s}"] for s in STAGES] == [1, 1, 1, 0]
    assert row["share_managed_operational"] == 1.0 and math.isnan(row["share_managed_visionary"])
    assert row["stage"] == "operational" and row["next_stage"] == "refined"
    assert list(result.unstaged["metric"]) == ["our_own_metric"]


def test_a_blank_stage_takes_the_built_in_one_and_a_given_stage_wins(tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_text(
        HEADER + ",stage\n"
        "service_level,SL,service,share,higher,0.8,\n"
        "fcr_7d,FCR,quality,share,higher,0.7, Strategic \n"
        "own,Own,service,share,higher,0.5,visionary\n",
        encoding="utf-8",
    )
    catalog = read_metric_catalog(path)
    assert list(catalog["stage"]) == ["operational", "strategic", "visionary"]


def test_a_bad_stage_names_file_column_rows_and_fix(tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_text(
        HEADER + ",stage\n"
        "service_level,SL,service,share,higher,0.8,basic\n"
        "fcr_7d,FCR,quality,share,higher,0.7,refined\n"
        "nps,NPS,satisfaction,score,higher,30,visonary\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_metric_catalog(path)
    [problem] = [p for p in info.value.problems if p.column == "stage"]
    assert problem.file.endswith("catalog.csv")
    assert list(problem.rows) == [2, 4]  # file lines, the header being line 1
    assert "operational, refined, strategic, visionary" in problem.fix


def test_a_bad_stage_in_a_frame_is_a_value_error():
    bad = CATALOG.assign(stage=["basic"] + list(CATALOG["stage"][1:]))
    with pytest.raises(ValueError, match="stage must be one of"):
        maturity(scorecard(), bad)


def test_the_built_in_catalog_stages_every_metric_by_the_blueprint():
    catalog = baseline.default_catalog()
    stage = dict(zip(catalog["metric"], catalog["stage"], strict=True))
    assert set(stage.values()) == set(STAGES)
    # the blueprint's operational KPIs, refined goals, strategic and visionary aims
    for metric in ("service_level", "aht_s", "asa_s", "customer_ce_accuracy", "occupancy"):
        assert stage[metric] == "operational", metric
    for metric in ("fcr_7d", "cross_sell_rate", "csat_top2", "cost_per_contact"):
        assert stage[metric] == "refined", metric
    for metric in ("employee_satisfaction", "nps"):
        assert stage[metric] == "strategic", metric
    for metric in ("revenue_per_contact", "customer_retention_rate", "revenue_contribution"):
        assert stage[metric] == "visionary", metric


def test_maturity_of_an_assessment_uses_its_scorecard():
    # assess() on two months of two built-in metrics, then the ladder of its scorecard:
    # service_level 0.85 >= 0.80 meets (operational), nps 20 < 30 misses (strategic).
    months = pd.period_range("2026-01", periods=2, freq="M")
    kpis = pd.DataFrame(
        {
            "program": ["P"] * 4,
            "metric": ["service_level"] * 2 + ["nps"] * 2,
            "month": list(months) * 2,
            "value": [0.84, 0.85, 21.0, 20.0],
        }
    )
    result = maturity(baseline.assess(kpis).scorecard)
    row = by_program(result).loc["P"]
    # built-in catalog: 12 operational metrics, 4 strategic ones
    assert row["n_managed_operational"] == 1 and row["n_expected_operational"] == 12
    assert row["n_measured_strategic"] == 1 and row["n_managed_strategic"] == 0
    assert row["stage"] is None


def test_the_engagement_option_is_a_share_above_zero():
    from pydantic import ValidationError

    from copcwb.options import BaselineOptions

    assert BaselineOptions().maturity_threshold == 0.5  # the placeholder
    assert BaselineOptions(maturity_threshold=1.0).maturity_threshold == 1.0
    for bad in (0, -0.2, 1.2):
        with pytest.raises(ValidationError, match="maturity_threshold"):
            BaselineOptions(maturity_threshold=bad)

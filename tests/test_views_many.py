"""Reports of many programs: which programs a summary names (best and worst by
arithmetic written out here), the sentences that replace one line per program, and
the program-by-month attainment behind the heat map of many programs."""

from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from copcwb.baseline import OVERALL, assess, monthly_attainment
from copcwb.i18n import text
from copcwb.quality import BELOW, MEETS, WITHIN
from copcwb.views import many
from copcwb.views.baseline import overview
from copcwb.views.drivers import formats as drivers_formats
from copcwb.views.drivers import text as drivers_text
from copcwb.views.forecast import text as forecast_text


def t(key: str, **values: object) -> str:
    return text(key, "en", **values)


# -- best and worst ------------------------------------------------------------------------

SHARES = pd.DataFrame(
    {
        "program": ["A", "B", "C", "D", "E", "F", "G", "H"],
        "share_meeting": [0.50, 0.75, 0.75, 0.25, np.nan, 0.75, 0.10, 0.25],
        "share_meeting_or_improving": [0.6, 0.8, 0.9, 0.3, 0.5, 0.9, 0.2, 0.4],
    }
)


def test_ranked_orders_by_the_first_column_then_the_next_then_the_name():
    order = many.ranked(SHARES, ["share_meeting", "share_meeting_or_improving"])
    # 0.75: C and F have 0.9 (C before F by name), B has 0.8; then A 0.50;
    # 0.25: H (0.4) before D (0.3); G 0.10 last; E has no share and is left out.
    assert list(order["program"]) == ["C", "F", "B", "A", "H", "D", "G"]
    lowest_first = many.ranked(SHARES, ["share_meeting"], higher_is_better=False)
    # ascending 0.10 G; 0.25 D, H (by name); 0.50 A; 0.75 B, C, F (by name)
    assert list(lowest_first["program"]) == ["G", "D", "H", "A", "B", "C", "F"]


def test_best_and_worst_name_three_each_worst_first():
    best, worst = many.best_and_worst(SHARES, ["share_meeting", "share_meeting_or_improving"])
    assert list(best["program"]) == ["C", "F", "B"]
    assert list(worst["program"]) == ["G", "D", "H"]  # 0.10, then 0.25 with 0.3, then 0.4


def test_with_fewer_than_twice_n_rows_no_program_is_both_best_and_worst():
    four = SHARES[SHARES["program"].isin(["A", "B", "D", "G"])]
    best, worst = many.best_and_worst(four, ["share_meeting"])
    assert list(best["program"]) == ["B", "A", "D"]  # 0.75, 0.50, 0.25
    assert list(worst["program"]) == ["G"]  # the one left: 0.10
    best, worst = many.best_and_worst(four.head(0), ["share_meeting"])
    assert best.empty and worst.empty


def test_lists_all_and_shorten():
    assert many.lists_all(many.LIST_ALL) and not many.lists_all(many.LIST_ALL + 1)
    names = [f"P{i:02d}" for i in range(1, 16)]
    assert many.shorten(names[:12], t) == names[:12]
    # 15 names: the first 12, then "3 more" (15 - 12)
    assert many.shorten(names, t) == [*names[:12], "3 more"]
    assert many.shorten(names, t, limit=3) == ["P01", "P02", "P03", "12 more"]
    assert text("list.more", "zh-Hant", n=3) == "另外 3 個"


# -- the summary's sentences for many programs -------------------------------------------------


def readiness_table(n: int) -> pd.DataFrame:
    """n programs P01..Pn: program i has share_meeting i / (n + 1) and is ready when
    that share is at least 0.65; P01 has no counted metric; then the overall row."""
    shares = [i / (n + 1) for i in range(1, n + 1)]
    frame = pd.DataFrame(
        {
            "program": [f"P{i:02d}" for i in range(1, n + 1)],
            "verdict": ["ready" if s >= 0.65 else "not ready" for s in shares],
            "share_meeting": shares,
            "share_meeting_or_improving": shares,
            "level_share": 0.65,
            "level_or_trend_share": 0.75,
            "n_metrics": [0] + [16] * (n - 1),
            "n_blockers": 0,
        }
    )
    frame.loc[0, ["share_meeting", "share_meeting_or_improving"]] = np.nan
    frame.loc[0, "verdict"] = "not ready"
    overall = frame.iloc[[1]].assign(
        program=OVERALL, verdict="not ready", share_meeting=0.5, share_meeting_or_improving=0.6
    )
    return pd.concat([frame, overall.assign(n_metrics=304)], ignore_index=True)


def test_readiness_overview_counts_and_names_the_extremes():
    lines = overview.build_readiness_overview(readiness_table(20), t)
    # shares i/21: ready when i/21 >= 0.65, i.e. i >= 13.65 -> P14..P20, 7 programs
    assert lines[0].startswith("7 of 20 programs are ready")
    # best: P20 20/21 = 95.2%, P19 19/21 = 90.5%, P18 18/21 = 85.7%
    assert lines[1] == (
        "Highest share of counted metrics meeting target: P20 (95.2%), P19 (90.5%) and P18 (85.7%)."
    )
    # worst among the judged (P01 has no counted metric): P02 2/21 = 9.5%, P03 14.3%, P04 19.0%
    assert lines[2] == "Lowest: P02 (9.5%), P03 (14.3%) and P04 (19.0%)."
    assert lines[3].startswith("1 programs have no counted metric")
    assert lines[4].startswith("Across all programs, 50.0% of the 304 program-metric pairs")
    # the same five lines for 200 programs: the summary does not grow with the count
    assert len(overview.build_readiness_overview(readiness_table(200), t)) == 5


def test_program_order_puts_the_unjudged_last():
    order = overview.program_order(readiness_table(5))
    assert order == ["P05", "P04", "P03", "P02", "P01"]


def test_deteriorating_overview_counts_programs_and_metrics():
    worse = pd.DataFrame(
        {
            "program": ["A", "B", "B", "C", "C", "C", "D", "D", "E", "E"],
            "label": ["x", "x", "y", "x", "y", "z", "x", "y", "x", "y"],
        }
    )
    facts = SimpleNamespace(deteriorating=worse, programs=list("ABCDEF"))
    lines = overview.build_deteriorating_overview(facts, t)
    assert lines == [
        # 5 of the 6 programs (F has none); most: C 3, then B, D and E with 2 (by name: B, D)
        "5 of 6 programs have at least one metric deteriorating; the most: C (3), B (2) and D (2).",
        # x deteriorates in A-E (5 programs), y in B-E (4), z in C (1)
        "Deteriorating in the most programs: x (5), y (4) and z (1).",
    ]
    assert (
        overview.build_deteriorating_overview(
            SimpleNamespace(deteriorating=worse.head(0), programs=[]), t
        )
        == []
    )


def test_accuracy_overview_counts_each_verdict_and_names_the_lowest():
    process = pd.DataFrame(
        {
            "program": ["A", "B", "C", "D", "A", "B", "C", "D"],
            "error_type": ["customer"] * 4 + ["business"] * 4,
            "accuracy": [0.90, 0.96, 0.93, 0.97, 0.99, 0.98, 0.97, 0.96],
            "status": [BELOW, MEETS, WITHIN, MEETS, MEETS, MEETS, WITHIN, BELOW],
        }
    )
    lines = overview.build_accuracy_overview(SimpleNamespace(process=process), t)
    assert lines == [
        # customer: 1 below (A), 1 within (C), 2 meeting (B, D); lowest 0.90 A, 0.93 C, 0.96 B
        "Customer-critical: 1 of 4 programs below target, 1 within sampling error, 2 meeting"
        " it; lowest: A (90.0%), C (93.0%) and B (96.0%).",
        # business: lowest 0.96 D, 0.97 C, 0.98 B
        "Business-critical: 1 of 4 programs below target, 1 within sampling error, 2 meeting"
        " it; lowest: D (96.0%), C (97.0%) and B (98.0%).",
    ]
    assert overview.build_accuracy_overview(None, t) == []


def test_resolution_overview_names_highest_and_lowest_per_window():
    rates = [0.81, 0.72, 0.90, 0.65, 0.77, 0.88, 0.70]
    programs = pd.DataFrame({"program": list("ABCDEFG"), "resolution_rate": rates})
    window = SimpleNamespace(window="7D", program=programs, rate=0.79, n_contacts=12345)
    lines = overview.build_resolution_overview(SimpleNamespace(windows=(window,)), t)
    # highest: C 0.90, F 0.88, A 0.81; lowest: D 0.65, G 0.70, B 0.72
    assert lines == [
        "Within 7 days: 79.0% of 12,345 contacts were resolved (no repeat contact from the"
        " same customer); highest: C (90.0%), F (88.0%) and A (81.0%); lowest: D (65.0%),"
        " G (70.0%) and B (72.0%)."
    ]


def test_segment_counts_say_how_often_each_driver_is_the_strongest():
    strongest = {f"P{i}": "reliability" for i in range(5)} | {"P5": "empathy", "P6": "empathy"}
    strongest |= {"P7": "assurance"}
    segments = SimpleNamespace(strongest=lambda among: strongest)
    cols = SimpleNamespace(drivers=["reliability", "empathy", "assurance"])
    lines = drivers_text.build_segment_counts(segments, cols, drivers_formats.Context(t))
    # 8 programs fitted: reliability 5, empathy 2, assurance 1
    assert lines == [
        "Reliability is the strongest driver rating in 5 of the 8 programs fitted.",
        "Empathy is the strongest driver rating in 2 of the 8 programs fitted.",
        "Assurance is the strongest driver rating in 1 of the 8 programs fitted.",
    ]


def test_shrinkage_of_many_queues_is_counted_not_listed():
    queues = [f"q{i:02d}" for i in range(20)]
    shrinkage = SimpleNamespace(queues_above_plan=queues[:15], queues_below_plan=queues[15:])
    assert forecast_text.build_shrinkage_sentences(shrinkage, t) == [
        "Actual shrinkage ran above plan on 15 of 20 queues and below plan on 5; the table"
        " gives each queue."
    ]
    few = SimpleNamespace(queues_above_plan=["a", "b"], queues_below_plan=[])
    assert "a and b" in forecast_text.build_shrinkage_sentences(few, t)[0]


# -- attainment month by month -----------------------------------------------------------------


def test_monthly_attainment_by_hand():
    months = pd.period_range("2026-01", periods=3, freq="M")
    series = {
        # built-in targets: service_level 0.80 (higher is better), aht_s 300 (lower)
        ("North", "service_level"): [0.70, 0.85, 0.90],
        ("North", "aht_s"): [320, 310, 290],
        ("South", "service_level"): [0.81, 0.79, 0.80],
    }
    kpis = pd.DataFrame(
        [
            (p, m, mo, float(v))
            for (p, m), values in series.items()
            for mo, v in zip(months, values, strict=True)
        ],
        columns=["program", "metric", "month", "value"],
    )
    table = monthly_attainment(assess(kpis, trend_months=3))
    got = {(r.program, str(r.month)): (r.n_meeting, r.n_with_target) for r in table.itertuples()}
    assert got == {
        # North Jan: 0.70 < 0.80 misses, 320 > 300 misses -> 0 of 2; Feb: 0.85 meets,
        # 310 misses -> 1 of 2; Mar: 0.90 meets, 290 meets -> 2 of 2
        ("North", "2026-01"): (0, 2),
        ("North", "2026-02"): (1, 2),
        ("North", "2026-03"): (2, 2),
        # South: 0.81 meets, 0.79 misses, 0.80 meets (at target)
        ("South", "2026-01"): (1, 1),
        ("South", "2026-02"): (0, 1),
        ("South", "2026-03"): (1, 1),
    }
    assert table["share_meeting"].tolist() == [0.0, 0.5, 1.0, 1.0, 0.0, 1.0]
    last = monthly_attainment(assess(kpis, trend_months=3), max_months=1)
    assert set(last["month"].astype(str)) == {"2026-03"}
    with pytest.raises(ValueError, match="max_months"):
        monthly_attainment(assess(kpis, trend_months=3), max_months=0)


# -- the baseline notebook on 15 programs (in this process) ------------------------------------


@pytest.fixture(scope="module")
def fifteen(tmp_path_factory):
    from many_programs import write_many_programs
    from test_views_baseline import run_notebook

    spec = write_many_programs(tmp_path_factory.mktemp("fifteen"), 15, 5)
    with pytest.MonkeyPatch.context() as mp:
        html, _ = run_notebook(mp, spec)
    return html


def test_fifteen_programs_get_counts_a_heat_map_and_a_jump_list(fifteen):
    html = fifteen
    summary = html[html.index(">Executive summary<") :]
    assert "of 15 programs are ready" in summary and "Highest share of counted metrics" in summary
    assert " is ready:" not in summary and " is not ready:" not in summary  # no line per program
    assert "programs have at least one metric deteriorating" in summary
    assert "Heat map of target attainment in the latest month, one column per program" in summary
    body = html[: html.index(">Executive summary<")]  # the numbered sections, shown first here
    links = re.findall(r'<li><a href="#(program-[^"]+)">', body)
    assert len(links) == 15
    assert all(f'<h4 id="{a}" class="copcwb-anchor">' in body for a in links)
    # one chart of every program instead of one per program: the month heat map, the
    # accuracy panels, the resolution panels and the monthly resolution
    assert body.count('alt="Heat map of target attainment for') == 0
    for alt in (
        "Heat map of the share of metrics meeting target",
        "Dot and interval charts of critical-error accuracy",
        "Bar charts of the share of contacts resolved per program",
        "a thin grey line per program",
    ):
        assert alt in body, alt

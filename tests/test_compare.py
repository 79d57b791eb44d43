"""The follow-up comparison: the tables of two runs' results.json compared by hand-built
pairs (newly met and missed, readiness, the two-proportion test worked by hand, the
drivers), parts a run lacks, the runs refused (another engagement, a tampered folder),
and ``copcwb compare`` end to end on runs written here and on two demo runs."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from copcwb.errors import InputError
from copcwb.evidence import verify
from copcwb.evidence.hashing import hash_tree, sha256_file
from copcwb.followup import (
    accuracy_change,
    check_pair,
    driver_change,
    open_run,
    readiness_change,
    scorecard_change,
    two_proportion_z,
    verified_run,
)

# --- hand-built results.json ---------------------------------------------------------


def card_row(program, metric, value, target, meets, trend="stable", month="2026-10", **kw):
    return {
        "program": program,
        "metric": metric,
        "label": kw.get("label", metric),
        "category": "service",
        "unit": kw.get("unit", "share"),
        "direction": "higher",
        "month": month,
        "value": value,
        "target": target,
        "meets_target": meets,
        "trend": trend,
        "trend_p_val": 0.5,
    }


def results(*, scorecard=None, readiness=None, accuracy=None, importance=None, **extra):
    """A results.json holding the given figures (a notebook without any is absent)."""
    notebooks = {}
    baseline = {
        k: v
        for k, v in (
            ("scorecard", scorecard),
            ("readiness", readiness),
            ("critical_error_accuracy", accuracy),
        )
        if v is not None
    }
    if baseline:
        notebooks["baseline_assessment"] = {"status": "completed", "figures": baseline}
    if importance is not None:
        notebooks["csat_drivers"] = {"status": "completed", "figures": {"importance": importance}}
    notebooks.update(extra)
    return {"engagement": "test-eng", "client": "Test Client", "notebooks": notebooks}


SCORECARD_THEN = [
    card_row("North", "service_level", 0.82, 0.80, True),  # met -> missed
    card_row("North", "aht_s", 330, 300, False, unit="seconds"),  # missed -> met
    card_row("North", "abandon_rate", 0.04, 0.05, True),  # met -> met
    card_row("North", "asa_s", 45, 30, False, unit="seconds"),  # missed -> missed
    card_row("North", "nps", 20, None, None, unit="score"),  # no target: not judged
    card_row("North", "fcr_7d", 0.70, 0.75, False),  # only then: dropped
    card_row("South", "service_level", 0.85, 0.80, True, trend="improving"),
]
SCORECARD_NOW = [
    card_row("North", "service_level", 0.78, 0.80, False, trend="deteriorating"),
    card_row("North", "aht_s", 290, 300, True, unit="seconds"),
    card_row("North", "abandon_rate", 0.03, 0.05, True),
    card_row("North", "asa_s", 40, 30, False, unit="seconds"),
    card_row("North", "nps", 25, None, None, unit="score"),
    card_row("North", "csat_top2", 0.80, 0.75, True),  # only now: new metric
    card_row("South", "service_level", 0.86, 0.80, True),
]


def test_each_metric_is_newly_met_newly_missed_still_met_or_missed():
    change = scorecard_change(results(scorecard=SCORECARD_THEN), results(scorecard=SCORECARD_NOW))
    assert change.available
    got = {(r.program, r.metric): r.change for r in change.table.itertuples()}
    assert got == {
        ("North", "service_level"): "newly missed",
        ("North", "aht_s"): "newly met",
        ("North", "abandon_rate"): "still met",
        ("North", "asa_s"): "still missed",
        ("North", "nps"): "not judged",
        ("North", "csat_top2"): "new metric",
        ("North", "fcr_7d"): "dropped",
        ("South", "service_level"): "still met",
    }
    row = change.table.set_index(["program", "metric"]).loc[("North", "service_level")]
    assert (row.value_then, row.value_now, row.target_then, row.target_now) == (
        0.82,
        0.78,
        0.80,
        0.80,
    )
    assert (row.trend_then, row.trend_now, row.meets_then, row.meets_now) == (
        "stable",
        "deteriorating",
        True,
        False,
    )
    dropped = change.table.set_index(["program", "metric"]).loc[("North", "fcr_7d")]
    assert dropped.value_then == 0.70 and pd.isna(dropped.value_now)
    # programs stay together, North first (the follow-up's order)
    assert list(change.table["program"]) == ["North"] * 7 + ["South"]


def test_scorecard_counts_per_program():
    change = scorecard_change(results(scorecard=SCORECARD_THEN), results(scorecard=SCORECARD_NOW))
    counts = change.counts()
    north = counts[counts["program"] == "North"].set_index("change")["n"].to_dict()
    assert north == {
        "newly missed": 1,
        "newly met": 1,
        "still missed": 1,
        "still met": 1,
        "not judged": 1,
        "new metric": 1,
        "dropped": 1,
    }
    assert list(counts[counts["program"] == "North"]["change"])[:2] == ["newly missed", "newly met"]
    assert counts[counts["program"] == "South"]["n"].tolist() == [1]


def test_a_run_without_a_scorecard_makes_the_part_not_available():
    change = scorecard_change(results(readiness={}), results(scorecard=SCORECARD_NOW))
    assert not change.available
    assert change.missing == ("baseline",)
    assert change.table.empty and "change" in change.table.columns


READY_THEN = {
    "North": {
        "ready": True,
        "share_meeting": 0.70,
        "share_meeting_or_improving": 0.8,
        "n_metrics": 10,
    },
    "South": {
        "ready": False,
        "share_meeting": 0.50,
        "share_meeting_or_improving": 0.6,
        "n_metrics": 10,
    },
    "ALL": {
        "ready": False,
        "share_meeting": 0.60,
        "share_meeting_or_improving": 0.7,
        "n_metrics": 20,
    },
}
READY_NOW = {
    "ALL": {
        "ready": True,
        "share_meeting": 0.70,
        "share_meeting_or_improving": 0.8,
        "n_metrics": 30,
    },
    "North": {
        "ready": False,
        "share_meeting": 0.60,
        "share_meeting_or_improving": 0.7,
        "n_metrics": 10,
    },
    "South": {
        "ready": True,
        "share_meeting": 0.80,
        "share_meeting_or_improving": 0.9,
        "n_metrics": 10,
    },
    "West": {
        "ready": True,
        "share_meeting": 0.70,
        "share_meeting_or_improving": 0.8,
        "n_metrics": 10,
    },
}


def test_readiness_then_and_now_with_the_overall_row_last():
    change = readiness_change(results(readiness=READY_THEN), results(readiness=READY_NOW))
    table = change.table
    assert list(table["program"]) == ["North", "South", "West", "ALL"]
    assert list(table["change"]) == ["no longer ready", "newly ready", "new program", "newly ready"]
    north = table.iloc[0]
    assert (north.share_meeting_then, north.share_meeting_now) == (0.70, 0.60)
    assert bool(north.ready_then) and not bool(north.ready_now)
    west = table.iloc[2]
    assert west.ready_then is None and west.n_metrics_now == 10


def test_readiness_still_ready_and_dropped():
    then = {"A": {"ready": True}, "B": {"ready": False}, "C": {"ready": True}}
    now = {"A": {"ready": True}, "B": {"ready": False}}
    change = readiness_change(results(readiness=then), results(readiness=now))
    assert list(change.table["change"]) == ["still ready", "still not ready", "dropped"]


def cell(n, errors, target=0.95, with_errors=True):
    out = {"accuracy": (n - errors) / n, "ci_low": 0.0, "ci_high": 1.0, "n": n}
    out.update(target=target, status="below target")
    if with_errors:
        out["n_with_error"] = errors
    return out


def test_two_proportion_z_worked_by_hand():
    # now 475 of 500 accurate (0.95), then 360 of 400 (0.90).
    # pooled p = (475 + 360) / (500 + 400) = 835 / 900 = 0.927778
    # p (1 - p) = 0.927778 x 0.072222 = 0.067006
    # 1/500 + 1/400 = 0.002 + 0.0025 = 0.0045
    # se = sqrt(0.067006 x 0.0045) = sqrt(0.00030153) = 0.017365
    # z = (0.95 - 0.90) / 0.017365 = 2.8794
    # two-sided p = 2 (1 - Phi(2.8794)) = 2 x 0.001992 = 0.00398 (normal table: Phi(2.88) = 0.99801)
    z, p_val = two_proportion_z(475, 500, 360, 400)
    assert z == pytest.approx(2.8794, abs=1e-4)
    assert p_val == pytest.approx(0.00398, abs=1e-5)
    # the same with statsmodels: proportions_ztest([475, 360], [500, 400]) (pooled, two-sided)
    from statsmodels.stats.proportion import proportions_ztest

    z_sm, p_sm = proportions_ztest([475, 360], [500, 400])
    assert (z, p_val) == (pytest.approx(z_sm, rel=1e-12), pytest.approx(p_sm, rel=1e-12))


def test_two_proportion_z_without_variance_is_no_change():
    # no error in either run: pooled p = 1, the difference 0 (Fisher's exact test: p = 1)
    assert two_proportion_z(300, 300, 200, 200) == (0.0, 1.0)


def test_accuracy_changes_are_judged_beyond_sampling_error_or_not():
    then = {
        "North": {"customer": cell(400, 40), "business": cell(200, 20)},
        "South": {"customer": cell(200, 10)},
    }
    now = {
        "North": {"customer": cell(500, 25), "business": cell(200, 10)},
        "South": {"customer": cell(300, 45), "compliance": cell(300, 3, target=0.99)},
    }
    change = accuracy_change(results(accuracy=then), results(accuracy=now), alpha=0.05)
    rows = change.table.set_index(["program", "error_type"])
    north = rows.loc[("North", "customer")]
    # 0.90 -> 0.95, z = 2.8794 (worked out above): beyond sampling error, improved
    assert north.z == pytest.approx(2.8794, abs=1e-4)
    assert north.change == "improved"
    assert north.difference == pytest.approx(0.05)
    assert (north.n_then, north.n_with_error_then, north.n_now, north.n_with_error_now) == (
        400,
        40,
        500,
        25,
    )
    # business 180/200 -> 190/200: pooled p = 370/400 = 0.925,
    # se = sqrt(0.925 x 0.075 x (2/200)) = 0.026339, z = 0.05 / 0.026339 = 1.898, p = 0.058
    business = rows.loc[("North", "business")]
    assert business.z == pytest.approx(1.898, abs=1e-3)
    assert business.p_val == pytest.approx(0.0577, abs=1e-3)
    assert business.change == "within sampling error"
    # South customer 190/200 (0.95) -> 255/300 (0.85): pooled p = 445/500 = 0.89,
    # se = sqrt(0.89 x 0.11 x (1/300 + 1/200)) = 0.028562, z = -0.10 / 0.028562 = -3.501
    south = rows.loc[("South", "customer")]
    assert south.z == pytest.approx(-3.501, abs=1e-3)
    assert south.change == "worsened"
    assert rows.loc[("South", "compliance")].change == "new"
    assert pd.isna(rows.loc[("South", "compliance")].z)
    # customer before business (the order of the error types), programs as now
    assert list(change.table["error_type"][:2]) == ["customer", "business"]


def test_errors_are_recovered_from_accuracy_when_a_run_did_not_record_them():
    # 360 of 400 accurate recorded as accuracy 0.9 only: 400 x (1 - 0.9) = 40 errors
    then = {"North": {"customer": cell(400, 40, with_errors=False)}}
    now = {"North": {"customer": cell(500, 25)}}
    change = accuracy_change(results(accuracy=then), results(accuracy=now))
    row = change.table.iloc[0]
    assert row.n_with_error_then == 40
    assert row.z == pytest.approx(2.8794, abs=1e-4)


def test_no_qa_export_makes_accuracy_not_available():
    change = accuracy_change(
        results(accuracy={}), results(accuracy={"North": {"customer": cell(10, 1)}})
    )
    assert change.missing == ("baseline",)


def test_drivers_then_and_now_ranked():
    then = [
        {"driver": "a", "share": 0.4},
        {"driver": "b", "share": 0.3},
        {"driver": "c", "share": 0.2},
        {"driver": "d", "share": 0.1},
    ]
    now = [
        {"driver": "b", "share": 0.35},
        {"driver": "a", "share": 0.3},
        {"driver": "e", "share": 0.2},
        {"driver": "c", "share": 0.15},
    ]
    top2 = driver_change(results(importance=then), results(importance=now), top=2)
    assert list(top2.table["driver"]) == ["b", "a"]
    b = top2.table.iloc[0]
    assert (b.rank_then, b.rank_now, b.rank_change) == (2, 1, 1)  # moved up one place
    assert b.share_change == pytest.approx(0.05)
    every = driver_change(results(importance=then), results(importance=now), top=None)
    assert list(every.table["driver"]) == ["b", "a", "e", "c", "d"]  # d no longer measured
    d = every.table.iloc[-1]
    assert d.rank_then == 4 and pd.isna(d.rank_now) and pd.isna(d.rank_change)
    e = every.table.iloc[2]
    assert pd.isna(e.rank_then) and e.rank_now == 3


def test_a_run_without_the_driver_analysis_or_with_it_failed():
    importance = [{"driver": "a", "share": 1.0}]
    failed = {"status": "failed", "figures": {}}
    change = driver_change(results(importance=importance), results(csat_drivers=failed))
    assert change.missing == ("follow_up",)
    change = driver_change(results(), results())
    assert change.missing == ("baseline", "follow_up")


# --- run folders ---------------------------------------------------------------------


def write_run(
    root: Path,
    run_id: str,
    figures: dict,
    *,
    engagement: str = "test-eng",
    language: str = "en",
    end: str = "2026-10",
) -> Path:
    """A published run folder as the runner leaves it: results.json, and a manifest
    holding the SHA-256 of every file (here results.json and one report)."""
    folder = root / engagement / run_id
    folder.mkdir(parents=True)
    (folder / "results.json").write_text(json.dumps(figures), encoding="utf-8")
    (folder / "baseline_assessment.html").write_text("<p>report</p>", encoding="utf-8")
    manifest = {
        "schema": 1,
        "run_id": run_id,
        "status": "completed",
        "finished_at": "2026-11-02T10:00:00+00:00",
        "engagement": {
            "id": engagement,
            "client": "Test <Client> & Co",
            "period": {"start": "2025-11", "end": end},
            "language": language,
        },
        "files": hash_tree(folder),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def full_results(scorecard, readiness, accuracy, importance):
    return results(
        scorecard=scorecard, readiness=readiness, accuracy=accuracy, importance=importance
    )


ACC_THEN = {"North": {"customer": cell(400, 40)}, "South": {"customer": cell(200, 10)}}
ACC_NOW = {"North": {"customer": cell(500, 25)}, "South": {"customer": cell(300, 45)}}
DRIVERS_THEN = [{"driver": "reliability", "share": 0.5}, {"driver": "empathy", "share": 0.5}]
DRIVERS_NOW = [{"driver": "empathy", "share": 0.6}, {"driver": "reliability", "share": 0.4}]


@pytest.fixture
def two_runs(tmp_path):
    runs = tmp_path / "reports"
    then = write_run(
        runs,
        "20260501T100000Z-aaaaaa",
        full_results(SCORECARD_THEN, READY_THEN, ACC_THEN, DRIVERS_THEN),
        end="2026-04",
    )
    now = write_run(
        runs,
        "20261101T100000Z-bbbbbb",
        full_results(SCORECARD_NOW, READY_NOW, ACC_NOW, DRIVERS_NOW),
    )
    return then, now


def test_a_run_is_read_with_its_manifest(two_runs):
    then, _ = two_runs
    run = verified_run(then)
    assert run.run_id == "20260501T100000Z-aaaaaa"
    assert run.engagement_id == "test-eng" and run.language == "en"
    assert run.manifest_sha256 == sha256_file(then / "manifest.json")
    assert run.results["notebooks"]["baseline_assessment"]["figures"]["readiness"] == READY_THEN


def test_runs_of_different_engagements_are_refused(two_runs, tmp_path):
    then, _ = two_runs
    other = write_run(tmp_path / "reports", "20261101T100000Z-cccccc", results(), engagement="x")
    with pytest.raises(InputError) as caught:
        check_pair(verified_run(then), verified_run(other))
    message = str(caught.value)
    assert "different engagements" in message and "'test-eng'" in message and "'x'" in message


def test_a_follow_up_earlier_than_its_baseline_is_refused(two_runs):
    then, now = two_runs
    with pytest.raises(InputError, match="before the baseline"):
        check_pair(verified_run(now), verified_run(then))


def test_a_changed_file_makes_a_run_unverified(two_runs):
    then, _ = two_runs
    report = then / "baseline_assessment.html"
    report.write_bytes(report.read_bytes().replace(b"report", b"rep0rt"))
    with pytest.raises(InputError) as caught:
        verified_run(then)
    (problem,) = caught.value.problems
    assert problem.file == str(then)
    assert "changed: baseline_assessment.html" in problem.problem


def test_results_that_are_not_the_ones_of_the_manifest_are_refused(two_runs):
    then, _ = two_runs
    (then / "results.json").write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match="not the file the run's manifest fingerprints"):
        open_run(then)
    with pytest.raises(InputError, match="not a copcwb run folder"):
        open_run(then.parent)


# --- copcwb compare ------------------------------------------------------------------


def copcwb(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "copcwb", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_a_tampered_run_is_refused_with_exit_2_and_nothing_written(two_runs, tmp_path):
    then, now = two_runs
    data = bytearray((now / "results.json").read_bytes())
    data[10] = data[10] ^ 1  # one byte of results.json
    (now / "results.json").write_bytes(bytes(data))
    out = tmp_path / "out"
    done = copcwb("compare", str(then), str(now), "--out", str(out))
    assert done.returncode == 2, done.stderr
    assert str(now) in done.stderr and "changed: results.json" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_an_unreadable_action_plan_is_refused_before_anything_is_written(two_runs, tmp_path):
    then, now = two_runs
    plan = tmp_path / "actions.xlsx"
    plan.write_text("not a workbook", encoding="utf-8")
    out = tmp_path / "out"
    done = copcwb("compare", str(then), str(now), "--out", str(out), "--actions", str(plan))
    assert done.returncode == 2
    assert "actions.xlsx" in done.stderr and "Excel workbook" in done.stderr
    assert not out.exists()


def test_runs_of_another_engagement_are_refused_by_the_command(two_runs, tmp_path):
    then, _ = two_runs
    other = write_run(tmp_path / "reports", "20261101T100000Z-cccccc", results(), engagement="x")
    done = copcwb("compare", str(then), str(other), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "different engagements" in done.stderr
    assert not (tmp_path / "out").exists()


def edited_plan(tmp_path: Path) -> Path:
    """An action plan written in English, returned with statuses typed in Traditional
    Chinese and as ids: 5 actions, 2 done, 1 in progress, 2 open."""
    from openpyxl import load_workbook

    from copcwb.business import ACTION_COLUMNS, write_actions
    from copcwb.i18n import text

    classes = ["process_change", "process_change", "coaching", "training", "loss_control"]
    plan = pd.DataFrame(
        {
            "id": [f"BA-{i:02d}" for i in range(1, 6)],
            "finding": ["f"] * 5,
            "action_class": classes,
            "evidence": ["baseline_assessment.html § 2 Scorecard"] * 5,
            "value": [None] * 5,
            "priority": [1, 1, 2, 2, 3],
            "owner": [""] * 5,
            "status": ["open"] * 5,
            "due": ["2027-01-31"] * 5,
        }
    )
    path = write_actions(plan, tmp_path / "actions.xlsx")
    wb = load_workbook(path)
    ws = wb.active
    status = ACTION_COLUMNS.index("status") + 1
    ws.cell(row=2, column=status, value=text("action_status.done", "zh-Hant"))
    ws.cell(row=3, column=status, value="in_progress")
    ws.cell(row=5, column=status, value=" Done ")
    wb.save(path)
    return path


@pytest.mark.slow
def test_compare_publishes_the_follow_up_report(two_runs, tmp_path):
    then, now = two_runs
    plan = edited_plan(tmp_path)
    out = tmp_path / "out"
    done = copcwb("compare", str(then), str(now), "--out", str(out), "--actions", str(plan))
    assert done.returncode == 0, done.stderr
    folder = out / "test-eng" / "compare-20260501T100000Z-aaaaaa-20261101T100000Z-bbbbbb"
    assert Path(done.stdout.strip().splitlines()[-1]) == folder / "follow_up.html"
    for name in (
        "follow_up.html",
        "evidence/follow_up.html",
        "executed/follow_up.ipynb",
        "comparison.json",
        "manifest.json",
        "inputs/actions.xlsx",
    ):
        assert (folder / name).is_file(), name
    assert not list((out / "test-eng").glob(".staging-*"))
    assert not (out / "test-eng" / "latest").exists()  # a comparison is not a run

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kind"] == "comparison"
    assert manifest["compared"]["baseline"]["run_id"] == "20260501T100000Z-aaaaaa"
    assert manifest["compared"]["baseline"]["manifest_sha256"] == sha256_file(
        then / "manifest.json"
    )
    assert manifest["compared"]["follow_up"]["manifest_sha256"] == sha256_file(
        now / "manifest.json"
    )
    assert manifest["inputs"]["actions"]["sha256"] == sha256_file(plan)
    assert set(manifest["files"]) >= {"follow_up.html", "comparison.json", "inputs/actions.xlsx"}
    assert verify(folder, inputs=True).ok
    assert copcwb("verify", str(folder)).returncode == 0

    figures = json.loads((folder / "comparison.json").read_text(encoding="utf-8"))
    changes = {(r["program"], r["metric"]): r["change"] for r in figures["scorecard"]["rows"]}
    assert changes[("North", "aht_s")] == "newly met"
    accuracy = {r["program"]: r["change"] for r in figures["critical_error_accuracy"]["rows"]}
    assert accuracy == {"North": "improved", "South": "worsened"}
    assert [r["driver"] for r in figures["drivers"]["rows"]] == ["empathy", "reliability"]
    actions = figures["actions"]
    assert (actions["n_found"], actions["n_done"], actions["n_in_progress"], actions["n_open"]) == (
        5,
        2,
        1,
        2,
    )
    by_class = {r["action_class"]: r for r in actions["by_class"]}
    assert by_class["process_change"]["n_done"] == 1 and by_class["training"]["n_done"] == 1

    html = (folder / "follow_up.html").read_text(encoding="utf-8")
    assert "Test &lt;Client&gt; &amp; Co" in html and "Test <Client>" not in html
    assert "Follow-up comparison" in html and "newly met" in html
    assert "2 of 5 actions done (40.0%)" in html
    evidence = (folder / "evidence" / "follow_up.html").read_text("utf-8")
    assert "followup.open_run" not in re.sub(r"<[^>]+>", "", html)  # no code for the client
    assert "followup.open_run" in re.sub(r"<[^>]+>", "", evidence)
    assert str(tmp_path) not in (folder / "executed" / "follow_up.ipynb").read_text("utf-8")

    # a second comparison of the same runs gets a folder of its own
    again = copcwb("compare", str(then), str(now), "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert (folder.parent / f"{folder.name}-2" / "follow_up.html").is_file()
    assert (folder / "inputs" / "actions.xlsx").is_file()  # the first one untouched


@pytest.mark.slow
def test_a_part_a_run_lacks_reads_not_available_in_the_engagement_language(tmp_path):
    runs = tmp_path / "reports"
    then = write_run(
        runs, "20260501T100000Z-aaaaaa", results(readiness=READY_THEN), language="zh-Hant"
    )
    now = write_run(
        runs, "20261101T100000Z-bbbbbb", results(readiness=READY_NOW), language="zh-Hant"
    )
    done = copcwb("compare", str(then), str(now), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    html = Path(done.stdout.strip().splitlines()[-1]).read_text(encoding="utf-8")
    from copcwb.i18n import text

    assert '<html lang="zh-Hant"' in html
    assert text("follow_up.title", "zh-Hant") in html
    what = text("follow_up.what.drivers", "zh-Hant")
    assert text("follow_up.missing.both", "zh-Hant", what=what) in html
    assert text("follow_up.change.newly_ready", "zh-Hant") in html


# --- two demo runs -------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory) -> tuple[Path, Path]:
    """The demo engagement run with two seeds: the same engagement (acme-demo), other
    data."""
    from copcwb.demo import write_demo
    from copcwb.runner import run_engagement

    root = tmp_path_factory.mktemp("demo-pair")
    first = run_engagement(write_demo(root / "then", seed=2026), root / "reports")
    second = run_engagement(write_demo(root / "now", seed=7), root / "reports")
    assert first.status == second.status == "completed"
    return first.run_dir, second.run_dir


@pytest.mark.slow
def test_two_demo_runs_compared(demo_runs, tmp_path):
    then, now = demo_runs
    out = tmp_path / "out"
    done = copcwb("compare", str(then), str(now), "--out", str(out))
    assert done.returncode == 0, done.stderr
    folder = Path(done.stdout.strip().splitlines()[-1]).parent
    assert folder.parent == out / "acme-demo"
    assert verify(folder).ok
    figures = json.loads((folder / "comparison.json").read_text(encoding="utf-8"))
    scorecard = figures["scorecard"]
    assert scorecard["available"]
    # both demo runs score the same programs and metrics against the same targets, so
    # every metric of the baseline's scorecard is compared, its change following from
    # meets_target then and now
    recorded = json.loads((then / "results.json").read_text(encoding="utf-8"))
    card = recorded["notebooks"]["baseline_assessment"]["figures"]["scorecard"]
    assert {(r["program"], r["metric"]) for r in scorecard["rows"]} == {
        (r["program"], r["metric"]) for r in card
    }
    for row in scorecard["rows"]:
        expected = {
            (True, True): "still met",
            (False, False): "still missed",
            (False, True): "newly met",
            (True, False): "newly missed",
        }.get((row["meets_then"], row["meets_now"]), "not judged")
        assert row["change"] == expected, row
    assert figures["readiness"]["available"]
    assert figures["readiness"]["rows"][-1]["program"] == "ALL"
    rows = figures["critical_error_accuracy"]["rows"]
    assert len(rows) == 9  # 3 programs x 3 types of critical error
    for row in rows:
        assert 0 <= row["p_val"] <= 1 and row["n_then"] > 0 and row["n_now"] > 0
        z, p_val = two_proportion_z(
            row["n_now"] - row["n_with_error_now"],
            row["n_now"],
            row["n_then"] - row["n_with_error_then"],
            row["n_then"],
        )
        assert row["z"] == pytest.approx(z) and row["p_val"] == pytest.approx(p_val)
    drivers = figures["drivers"]["rows"]
    assert figures["drivers"]["available"] and drivers[0]["rank_now"] == 1
    assert figures["actions"] is None
    assert not math.isnan(figures["readiness"]["rows"][0]["share_meeting_now"])


@pytest.mark.slow
def test_two_demo_runs_compared_with_the_returned_action_plan(demo_runs, tmp_path):
    from openpyxl import load_workbook

    from copcwb.business import ACTION_COLUMNS, read_actions
    from copcwb.i18n import text

    then, now = demo_runs
    path = tmp_path / "actions.xlsx"
    shutil.copy(then / "actions.xlsx", path)  # the workbook the client was sent
    plan = read_actions(path)
    recorded = json.loads((then / "results.json").read_text(encoding="utf-8"))["actions"]
    assert list(plan["id"]) == [a["id"] for a in recorded] and len(plan) >= 4
    # the client marks the first two actions done (in Simplified Chinese, with a date),
    # the third in progress, and sorts the rows the other way round
    wb = load_workbook(path)
    ws = wb.active
    status = ACTION_COLUMNS.index("status") + 1
    done_on = ACTION_COLUMNS.index("done_on") + 1
    for row in (2, 3):
        ws.cell(row=row, column=status, value=text("action_status.done", "zh-Hans"))
        ws.cell(row=row, column=done_on, value="2027-02-15")
    ws.cell(row=4, column=status, value="In Progress")
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    for number, values in enumerate(reversed(rows), start=2):
        for col, value in enumerate(values, start=1):
            ws.cell(row=number, column=col, value=value)
    wb.save(path)

    out = tmp_path / "out"
    done = copcwb("compare", str(then), str(now), "--out", str(out), "--actions", str(path))
    assert done.returncode == 0, done.stderr
    folder = Path(done.stdout.strip().splitlines()[-1]).parent
    figures = json.loads((folder / "comparison.json").read_text(encoding="utf-8"))
    actions = figures["actions"]
    n = len(plan)
    assert (actions["n_found"], actions["n_done"], actions["n_in_progress"]) == (n, 2, 1)
    assert actions["n_open"] == n - 3
    first_two = plan["action_class"].iloc[:2].value_counts()
    by_class = {r["action_class"]: r for r in actions["by_class"]}
    for action_class, n_done in first_two.items():
        assert by_class[action_class]["n_done"] == n_done
    assert verify(folder, inputs=True).ok


@pytest.mark.slow
def test_a_tampered_demo_report_is_refused(demo_runs, tmp_path):
    then, now = demo_runs
    copy = tmp_path / "acme-demo" / now.name
    shutil.copytree(now, copy)
    page = copy / "baseline_assessment.html"
    data = bytearray(page.read_bytes())
    data[len(data) // 2] = data[len(data) // 2] ^ 1
    page.write_bytes(bytes(data))
    out = tmp_path / "out"
    done = copcwb("compare", str(then), str(copy), "--out", str(out))
    assert done.returncode == 2
    assert "changed: baseline_assessment.html" in done.stderr
    assert not out.exists()


@pytest.mark.slow
def test_the_notebook_runs_with_its_default_parameters_on_the_demo(demo_runs, tmp_path):
    """As in JupyterLab after `make demo`: the defaults compare ../demo's latest run with
    itself."""
    import nbformat

    from copcwb.paths import notebooks_dir
    from copcwb.runner.executor import PapermillExecutor

    then, _ = demo_runs
    shutil.copytree(notebooks_dir(), tmp_path / "notebooks")
    (tmp_path / "demo" / "reports" / "acme-demo").mkdir(parents=True)
    (tmp_path / "demo" / "reports" / "acme-demo" / "latest").symlink_to(then)
    result = PapermillExecutor().execute(
        "follow_up",
        tmp_path / "notebooks" / "follow_up.ipynb",
        tmp_path / "out.ipynb",
        {},
        timeout_s=600,
        cwd=tmp_path / "notebooks",
    )
    assert result.ok, result.failure and result.failure.describe()
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    from copcwb.results import collect

    figures = collect(nb)
    # a run compared with itself: nothing changed, every accuracy p-value is 1
    assert {r["change"] for r in figures["scorecard"]["rows"]} <= {
        "still met",
        "still missed",
        "not judged",
    }
    assert {r["p_val"] for r in figures["critical_error_accuracy"]["rows"]} == {1.0}

"""Batches: failures are isolated and recorded, resume reruns only what did not
complete, and the same works on a Dask cluster."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copcwb.demo import write_demo
from copcwb.runner.batch import find_engagements, run_batch

pytestmark = pytest.mark.slow
NOTEBOOKS = ["csat_drivers"]  # one notebook keeps the batch quick; failures are per engagement


def _break_input(spec: Path) -> None:
    kpis = spec.parent / "data" / "kpis.csv"
    kpis.write_text(kpis.read_text().replace("program,metric", "programme,metric", 1))


def _make_notebook_raise(spec: Path) -> None:
    """Valid input the ordinal model cannot fit: overall satisfaction takes two levels only."""
    survey = spec.parent / "data" / "survey.csv"
    lines = survey.read_text().splitlines()
    column = lines[0].split(",").index("overall")
    fixed = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        cells[column] = "5" if int(cells[column]) >= 4 else "4"
        fixed.append(",".join(cells))
    survey.write_text("\n".join(fixed) + "\n")


@pytest.fixture
def portfolio(tmp_path) -> dict[str, Path]:
    specs = {
        name: write_demo(tmp_path / "engagements", engagement_id=name)
        for name in ("good-a", "good-b", "bad-input", "raises")
    }
    _break_input(specs["bad-input"])
    _make_notebook_raise(specs["raises"])
    return specs


def _by_name(result):
    return {o.engagement or Path(o.spec).parent.name: o for o in result.outcomes}


def test_find_engagements(portfolio, tmp_path):
    found = find_engagements([tmp_path / "engagements", portfolio["good-a"]])
    assert [p.parent.name for p in found] == ["bad-input", "good-a", "good-b", "raises"]


def _check_failures_isolated(result, out: Path) -> None:
    outcomes = _by_name(result)
    assert not result.ok
    assert outcomes["good-a"].status == outcomes["good-b"].status == "completed"
    assert outcomes["bad-input"].status == "invalid"
    assert "kpis.csv" in outcomes["bad-input"].reason and "program" in outcomes["bad-input"].reason
    assert outcomes["raises"].status == "failed"
    assert "csat_drivers: cell" in outcomes["raises"].reason
    assert not (out / "bad-input").exists() or not any((out / "bad-input").glob("2*"))
    index = (result.batch_dir / "index.html").read_text(encoding="utf-8")
    assert "invalid" in index and "failed" in index and "kpis.csv" in index
    data = json.loads((result.batch_dir / "batch.json").read_text(encoding="utf-8"))
    assert data["counts"] == {"completed": 2, "invalid": 1, "failed": 1}


def test_failures_are_isolated_then_resume_reruns_only_them(portfolio, tmp_path):
    out = tmp_path / "reports"
    result = run_batch([tmp_path / "engagements"], out, workers=2, notebooks=NOTEBOOKS)
    _check_failures_isolated(result, out)
    good_runs = sorted(p for p in (out / "good-a").iterdir() if p.name != "latest")

    # Fix the input; the notebook failure stays. --resume runs only the two.
    kpis = portfolio["bad-input"].parent / "data" / "kpis.csv"
    kpis.write_text(kpis.read_text().replace("programme,metric", "program,metric", 1))
    resumed = run_batch([], out, workers=2, notebooks=NOTEBOOKS, resume=result.batch_dir)
    outcomes = _by_name(resumed)
    assert outcomes["bad-input"].status == "completed"
    assert outcomes["raises"].status == "failed"
    assert sorted(p for p in (out / "good-a").iterdir() if p.name != "latest") == good_runs
    assert resumed.batch_dir == result.batch_dir


def test_same_batch_on_a_dask_cluster(portfolio, tmp_path):
    from distributed import LocalCluster

    out = tmp_path / "reports"
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        result = run_batch(
            [tmp_path / "engagements"],
            out,
            scheduler=cluster.scheduler_address,
            notebooks=NOTEBOOKS,
        )
    _check_failures_isolated(result, out)


def test_stopping_a_batch_stops_its_workers_and_leaves_no_half_run(tmp_path):
    """SIGTERM to the batch command alone (as `kill PID` or a scheduler sends it): the
    workers are stopped too, their kernels with them, nothing half-written is left, and
    every engagement is recorded as interrupted, ready for --resume."""
    import signal
    import subprocess
    import sys
    import time

    import psutil

    for name in ("one", "two", "three"):
        write_demo(tmp_path / "engagements", engagement_id=name)
    out = tmp_path / "reports"
    command = [
        *(str(Path(sys.executable).parent / "copcwb"), "batch", str(tmp_path / "engagements")),
        *("--out", str(out), "--workers", "2", "--quiet", "--notebooks", "csat_drivers"),
    ]
    batch = subprocess.Popen(command, start_new_session=True)
    deadline = time.monotonic() + 120
    while not list(out.glob("*/.staging-*")) and time.monotonic() < deadline:
        time.sleep(0.2)  # wait until workers are running notebooks
    assert list(out.glob("*/.staging-*")), "no engagement started"
    time.sleep(2)
    family = psutil.Process(batch.pid).children(recursive=True)
    assert len(family) >= 2  # the workers and their kernels
    batch.send_signal(signal.SIGTERM)
    assert batch.wait(timeout=60) == 130
    gone, alive = psutil.wait_procs(family, timeout=30)
    assert not alive, [p.cmdline()[:3] for p in alive]
    assert not list(out.glob("*/.staging-*"))
    assert not [p for p in out.glob("*/*") if p.name != "latest" and p.parent.name != "batches"]
    (batch_json,) = out.glob("batches/*/batch.json")
    counts = json.loads(batch_json.read_text())["counts"]
    assert counts == {"interrupted": 3}


def test_portfolio_figures_read_the_shapes_the_baseline_records():
    """The batch index reads readiness and accuracy as the baseline notebook records
    them ({program: {...}}); pooled accuracy = (0.9 * 100 + 0.8 * 300) / 400 = 0.825."""
    from copcwb.runner.portfolio import key_figures

    results = {
        "notebooks": {
            "baseline_assessment": {
                "figures": {
                    "readiness": {
                        "ALL": {"ready": False, "share_meeting": 0.5},
                        "A": {"ready": True, "share_meeting": 0.8},
                        "B": {"ready": False, "share_meeting": 0.2},
                    },
                    "critical_error_accuracy": {
                        "A": {"customer": {"accuracy": 0.9, "n": 100}},
                        "B": {"customer": {"accuracy": 0.8, "n": 300}, "business": {"n": 5}},
                    },
                }
            }
        }
    }
    figures = key_figures(results)
    assert figures["programs_ready"] == "1 of 2"
    assert figures["share_meeting"] == 0.5
    assert figures["customer_accuracy"] == pytest.approx(0.825)

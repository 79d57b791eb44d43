"""Engagements shaped unlike the demo, run end to end through the command line.

Each shape is written by ``copcwb.synth.write_engagement``: a survey of ratings only (of
three programs, and of one), a 0-10 survey with the client's own question names declared
under ``csat_drivers.drivers``, KPIs only, and every input without its optional columns.
Each must validate, run with every notebook completed, publish both reports and verify;
and its results must show that the analysis honoured the shape.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from copcwb.i18n import text
from copcwb.synth import SHAPES, write_engagement

SEED = 2026
PROGRAMS = {"Consumer Billing", "Technical Support", "Retention Sales"}
DEMO_DRIVERS = {"reliability", "responsiveness", "assurance", "empathy", "tangibles"}
# the client_scale survey's rating questions; its engagement.yaml declares the first four
# under csat_drivers.drivers and leaves app_usability out
DECLARED_DRIVERS = {"agent_knowledge", "ease_of_reaching", "confidence_in_answer", "agent_courtesy"}
UNDECLARED_RATING = "app_usability"
SURVEY_EXTRAS = (
    "ivr_seconds",
    "wait_seconds",
    "transfers",
    "repeat_contact_7d",
    "customer_ce",
    "business_ce",
    "compliance_ce",
)
# the notebooks each shape's engagement.yaml runs (its `run:` list, or all three)
RUNS = {
    "ratings_only": ["csat_drivers"],
    "ratings_one_program": ["csat_drivers"],
    "client_scale": ["csat_drivers"],
    "kpi_only": ["baseline_assessment"],
    "no_optional_columns": [
        "baseline_assessment",
        "csat_drivers",
        "forecast_accuracy",
        "journey_quality",
    ],
}


def copcwb(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "copcwb", *args], capture_output=True, text=True, timeout=600
    )


@dataclass
class ShapeRun:
    """One shape written to disk and run once through ``copcwb run``."""

    spec: Path
    done: subprocess.CompletedProcess
    run_dir: Path | None

    def json(self, name: str) -> dict:
        assert self.run_dir is not None, self.why()
        return json.loads((self.run_dir / name).read_text(encoding="utf-8"))

    def why(self) -> str:
        """What went wrong, for assertion messages: each failed notebook's error (the
        manifest keeps its first lines) and the end of the command's output."""
        lines = [f"exit {self.done.returncode}"]
        if self.run_dir is not None and (self.run_dir / "manifest.json").is_file():
            manifest = json.loads((self.run_dir / "manifest.json").read_text(encoding="utf-8"))
            for name, entry in manifest["notebooks"].items():
                if entry["status"] != "completed":
                    error = entry.get("error") or {}
                    lines.append(
                        f"{name}: cell {error.get('cell_index')}: {error.get('name')}: "
                        f"{error.get('value')}"
                    )
        lines += (self.done.stdout + self.done.stderr).strip().splitlines()[-6:]
        return "\n".join(lines)

    def figures(self, notebook: str) -> dict:
        """The key figures ``notebook`` recorded in results.json (it must have completed)."""
        entry = self.json("results.json")["notebooks"].get(notebook)
        assert entry is not None and entry["status"] == "completed", self.why()
        return entry["figures"]

    def client_text(self, notebook: str) -> str:
        """The visible text of the client report (no styles, scripts or tags)."""
        assert self.run_dir is not None, self.why()
        html = (self.run_dir / f"{notebook}.html").read_text(encoding="utf-8")
        html = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S)
        return re.sub(r"<[^>]+>", " ", html)

    def survey_rows(self) -> list[dict[str, str]]:
        with (self.spec.parent / "data" / "survey.csv").open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def shape_run(tmp_path_factory):
    """``shape_run(name)``: the shape written and run through the CLI, once per module."""
    done: dict[str, ShapeRun] = {}

    def run(name: str) -> ShapeRun:
        if name not in done:
            root = tmp_path_factory.mktemp(name)
            spec = write_engagement(root / "engagements", name, seed=SEED)
            proc = copcwb("run", str(spec), "--out", str(root / "reports"))
            last = proc.stdout.strip().splitlines()[-1:] or [""]
            index = Path(last[0])
            done[name] = ShapeRun(spec, proc, index.parent if index.name == "index.html" else None)
        return done[name]

    return run


# --- every shape: valid, runs, publishes, verifies --------------------------------------------


@pytest.mark.parametrize("name", RUNS)
def test_shape_validates(name, tmp_path):
    spec = write_engagement(tmp_path, name, seed=SEED)
    done = copcwb("validate", str(spec))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{spec}: valid" in done.stdout


def test_every_named_shape_is_tested():
    assert set(RUNS) == set(SHAPES) - {"demo"}


@pytest.mark.slow
@pytest.mark.parametrize("name", RUNS)
def test_shape_runs_end_to_end(name, shape_run):
    run = shape_run(name)
    assert run.done.returncode == 0, run.why()
    assert "Traceback" not in run.done.stderr
    manifest = run.json("manifest.json")
    assert manifest["status"] == "completed", run.why()
    assert list(manifest["notebooks"]) == RUNS[name]
    for notebook in RUNS[name]:
        assert manifest["notebooks"][notebook]["status"] == "completed", run.why()
        assert (run.run_dir / f"{notebook}.html").is_file()
        assert (run.run_dir / "evidence" / f"{notebook}.html").is_file()
    assert set(run.json("results.json")["notebooks"]) == set(RUNS[name])
    verified = copcwb("verify", str(run.run_dir))
    assert verified.returncode == 0, verified.stdout + verified.stderr


# --- each shape was honoured -------------------------------------------------------------------


def _importance_drivers(figures: dict) -> list[str]:
    """The rated drivers in the importance key figure: every entry but the survey's
    operational facts and critical-error flags (which may be ranked in their own roles)."""
    return [row["driver"] for row in figures["importance"] if row["driver"] not in SURVEY_EXTRAS]


@pytest.mark.slow
def test_ratings_only_survey_models_the_ratings_alone(shape_run):
    run = shape_run("ratings_only")
    figures = run.figures("csat_drivers")
    # no column other than the five ratings is ranked
    assert sorted(row["driver"] for row in figures["importance"]) == sorted(DEMO_DRIVERS)
    assert sum(row["share"] for row in figures["importance"]) == pytest.approx(1.0, abs=0.01)
    assert figures["model_fit"]["nobs"] == len(run.survey_rows()) == 400
    # the survey has no operational or critical-error column: the report never shows one
    # as a predictor, a threshold or a critical error
    client = run.client_text("csat_drivers")
    for column in SURVEY_EXTRAS:
        assert text(f"drivers.label.{column}", "en") not in client, column
    assert figures["proven_customer_critical"] == []


@pytest.mark.slow
def test_one_program_survey_reports_that_program_only(shape_run):
    run = shape_run("ratings_one_program")
    rows = run.survey_rows()
    assert {r["program"] for r in rows} == {"Technical Support"}
    figures = run.figures("csat_drivers")
    assert sorted(row["driver"] for row in figures["importance"]) == sorted(DEMO_DRIVERS)
    assert figures["model_fit"]["nobs"] == len(rows) == 400
    client = run.client_text("csat_drivers")
    assert "Consumer Billing" not in client and "Retention Sales" not in client


@pytest.mark.slow
def test_client_scale_survey_ranks_the_declared_questions_on_0_to_10(shape_run):
    run = shape_run("client_scale")
    assert UNDECLARED_RATING in run.survey_rows()[0]
    figures = run.figures("csat_drivers")
    drivers = _importance_drivers(figures)
    assert len(drivers) == len(DECLARED_DRIVERS) and set(drivers) == DECLARED_DRIVERS
    assert UNDECLARED_RATING not in [row["driver"] for row in figures["importance"]]
    rows = run.survey_rows()
    assert figures["model_fit"]["nobs"] == len(rows) == 600
    # the top box of a 0-10 survey is 10: the share of rows whose overall is "10"
    top_box = sum(r["overall"] == "10" for r in rows) / len(rows)
    assert figures["top_box_share"] == pytest.approx(top_box, abs=1e-9)
    assert top_box != pytest.approx(sum(r["overall"] == "5" for r in rows) / len(rows))


@pytest.mark.slow
def test_kpi_only_engagement_has_baseline_figures_without_quality_figures(shape_run):
    run = shape_run("kpi_only")
    figures = run.figures("baseline_assessment")
    readiness = figures["readiness"]
    assert set(readiness) - {"ALL"} == PROGRAMS
    for program in PROGRAMS:
        # kpis.csv holds 19 metrics per program
        assert 0 < readiness[program]["n_metrics"] <= 19
        assert 0.0 <= readiness[program]["share_meeting"] <= 1.0
    assert figures["biggest_gaps"]
    # no QA records and no contact log: no accuracy and no resolution figures at all
    assert figures["critical_error_accuracy"] == {}
    assert figures["contact_resolution"] == {}


@pytest.mark.slow
def test_inputs_without_optional_columns_still_give_every_analysis(shape_run):
    run = shape_run("no_optional_columns")
    baseline = run.figures("baseline_assessment")
    accuracy = baseline["critical_error_accuracy"]
    assert set(accuracy) == PROGRAMS
    for program in PROGRAMS:
        assert set(accuracy[program]) == {"customer", "business", "compliance"}
        for item in accuracy[program].values():
            assert 0.0 <= item["ci_low"] <= item["accuracy"] <= item["ci_high"] <= 1.0
    assert set(baseline["contact_resolution"]) == {"48h", "7D"}
    assert all(0.0 < rate < 1.0 for rate in baseline["contact_resolution"].values())

    drivers = run.figures("csat_drivers")
    assert sorted(_importance_drivers(drivers)) == sorted(DEMO_DRIVERS)
    assert drivers["model_fit"]["nobs"] == len(run.survey_rows()) == 400

    forecast = run.figures("forecast_accuracy")
    assert set(forecast["wape_by_level"]) == {"interval", "day", "week", "month"}
    assert all(0.0 <= v < 1.0 for v in forecast["wape_by_level"].values())

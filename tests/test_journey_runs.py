"""A run of an engagement without journeys skips the journey notebook, saying why, in the
run index, results.json, the manifest and the batch index, while the others run; with
journeys (the demo), the notebook runs through papermill like the others."""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from copcwb.evidence import verify
from copcwb.runner import run_engagement
from copcwb.runner.batch import BatchState, Outcome
from copcwb.runner.console import finished_line
from copcwb.runner.executor import Execution
from copcwb.runner.portfolio import key_figures, write_batch_index

REASON = (
    "Not run: no Service journeys in the engagement (add it under inputs: journeys, or name "
    "the notebooks to run under run:)."
)


class FakeExecutor:
    """Writes a tiny executed notebook for each notebook it is asked to run."""

    def __init__(self):
        self.calls = []

    def execute(self, notebook, source, output, parameters, *, timeout_s, cwd):
        self.calls.append(notebook)
        nb = new_notebook(cells=[new_code_cell("1 + 1", metadata={"tags": ["parameters"]})])
        nbformat.write(nb, output)
        return Execution(notebook, output, True, 0.1)


@pytest.fixture(scope="module")
def without_journeys(demo_spec, tmp_path_factory):
    """A run (fake notebooks) of the demo without its journeys input and without run:."""
    folder = tmp_path_factory.mktemp("nojourneys") / "acme-demo"
    shutil.copytree(demo_spec.parent, folder)
    spec = folder / "engagement.yaml"
    lines = spec.read_text(encoding="utf-8").splitlines()
    spec.write_text("\n".join(x for x in lines if "journeys" not in x) + "\n", encoding="utf-8")
    fake = FakeExecutor()
    result = run_engagement(spec, folder.parent / "out", executor=fake)
    return fake, result


def test_the_other_notebooks_run_and_the_run_completes(without_journeys):
    fake, result = without_journeys
    assert fake.calls == ["baseline_assessment", "csat_drivers", "forecast_accuracy"]
    assert result.status == "completed"
    skipped = result.notebooks[-1]
    assert (skipped.name, skipped.status, skipped.reason) == ("journey_quality", "skipped", REASON)
    assert verify(result.run_dir).ok


def test_results_json_and_the_manifest_say_why(without_journeys):
    _, result = without_journeys
    results = json.loads((result.run_dir / "results.json").read_text(encoding="utf-8"))
    assert results["notebooks"]["journey_quality"] == {
        "status": "skipped",
        "figures": {},
        "reason": REASON,
    }
    assert results["notebooks"]["csat_drivers"]["status"] == "completed"
    manifest = json.loads((result.run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["notebooks"]["journey_quality"]["status"] == "skipped"
    assert manifest["notebooks"]["journey_quality"]["reason"] == REASON
    assert not (result.run_dir / "journey_quality.html").exists()


def test_the_run_index_shows_the_skipped_notebook_and_why(without_journeys):
    _, result = without_journeys
    index = (result.run_dir / "index.html").read_text(encoding="utf-8")
    row = index.split("Journey quality")[1].split("</tr>")[0]
    assert 'class="status-skipped">skipped<' in row
    assert REASON in row


def test_the_batch_index_shows_the_skipped_notebook(without_journeys, tmp_path):
    _, result = without_journeys
    results = json.loads((result.run_dir / "results.json").read_text(encoding="utf-8"))
    figures = key_figures(results)
    assert figures["journey_skipped"] == REASON and figures["journey_at_risk"] is None
    ran = {"notebooks": {"journey_quality": {"status": "completed",
                                             "figures": {"share_at_risk": 0.0466}}}}  # fmt: skip
    assert (
        key_figures(ran)["journey_at_risk"] == 0.0466
        and key_figures(ran)["journey_skipped"] is None
    )
    state = BatchState(
        tmp_path,
        "b1",
        [
            Outcome(spec="a/engagement.yaml", status="completed", engagement="a", figures=figures),
            Outcome(
                spec="b/engagement.yaml",
                status="completed",
                engagement="b",
                figures=key_figures(ran),
            ),
        ],  # fmt: skip
        None,
    )
    page = write_batch_index(state)
    assert f"skipped: {REASON}" in page
    assert "4.7%" in page  # the other engagement's contacts at risk


def test_the_console_marks_a_skipped_notebook():
    assert finished_line("journey_quality", "skipped", 0.0, REASON).startswith(
        "skip journey_quality"
    )
    assert finished_line("csat_drivers", "failed", 1.0, "boom").startswith("FAIL")


@pytest.mark.slow
def test_the_demo_runs_the_journey_notebook_through_papermill(demo_spec, tmp_path):
    result = run_engagement(demo_spec, tmp_path / "out", notebooks=["journey_quality"])
    assert result.status == "completed", result.failures
    run_dir = result.run_dir
    assert (run_dir / "journey_quality.html").is_file()
    assert (run_dir / "evidence" / "journey_quality.html").is_file()
    results = json.loads((run_dir / "results.json").read_text(encoding="utf-8"))
    figures = results["notebooks"]["journey_quality"]["figures"]
    assert "callback_on_time" in figures["customer_critical"]
    assert any(a["id"].startswith("JQ-") for a in results["actions"])
    index = (run_dir / "index.html").read_text(encoding="utf-8")
    assert "journey_quality.html" in index

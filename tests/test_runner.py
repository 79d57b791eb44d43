"""The runner: failures are recorded where they happened, runs are published whole
or not at all, and the papermill traps (timeouts, dead kernels) are caught."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from copcwb import InputError
from copcwb.errors import NotebookFailure
from copcwb.runner import run_engagement
from copcwb.runner.executor import Execution, PapermillExecutor


class FakeExecutor:
    """Writes a tiny executed notebook; fails the notebooks named in ``fail``."""

    def __init__(self, fail=(), interrupt=False):
        self.fail, self.interrupt, self.calls = set(fail), interrupt, []

    def execute(self, notebook, source, output, parameters, *, timeout_s, cwd):
        self.calls.append((notebook, parameters))
        if self.interrupt:
            raise KeyboardInterrupt
        nb = new_notebook(cells=[new_code_cell("1 + 1", metadata={"tags": ["parameters"]})])
        nbformat.write(nb, output)
        if notebook in self.fail:
            failure = NotebookFailure(notebook, 0, "ValueError", "planted failure")
            return Execution(notebook, output, False, 0.1, failure)
        return Execution(notebook, output, True, 0.1)


def test_parameters_are_plain_json(minimal_engagement, tmp_path):
    fake = FakeExecutor()
    run_engagement(minimal_engagement, tmp_path / "out", executor=fake)
    ((name, parameters),) = fake.calls
    assert name == "baseline_assessment"
    assert json.loads(json.dumps(parameters)) == parameters
    # the run's copy of the spec and its snapshot, relative to the run folder
    assert parameters["engagement_file"] == "inputs/engagement.yaml"
    assert parameters["inputs_dir"] == "inputs"
    assert parameters["options"] == {}  # the engagement sets none: every default stays one


def test_parameters_carry_only_the_options_set(minimal_engagement, tmp_path):
    spec = minimal_engagement.read_text(encoding="utf-8")
    minimal_engagement.write_text(
        spec + "notebooks:\n  baseline_assessment:\n    trend_months: 4\n", encoding="utf-8"
    )
    fake = FakeExecutor()
    result = run_engagement(minimal_engagement, tmp_path / "out", executor=fake)
    ((_, parameters),) = fake.calls
    assert parameters["options"] == {"trend_months": 4}  # alpha, level_share...: absent
    manifest = json.loads((result.run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["notebooks"]["baseline_assessment"]["parameters"]["options"] == {
        "trend_months": 4
    }


def test_failed_notebook_is_recorded_and_kept(minimal_engagement, tmp_path):
    result = run_engagement(
        minimal_engagement, tmp_path / "out", executor=FakeExecutor(fail={"baseline_assessment"})
    )
    assert result.status == "failed"
    assert (result.run_dir / "failed" / "baseline_assessment.ipynb").is_file()
    assert not (result.run_dir / "baseline_assessment.html").exists()
    assert (result.run_dir / "evidence" / "baseline_assessment.html").is_file()
    manifest = json.loads((result.run_dir / "manifest.json").read_text())
    error = manifest["notebooks"]["baseline_assessment"]["error"]
    assert error == {
        "cell_index": 0,
        "name": "ValueError",
        "value": "planted failure",
        "kept_at": "failed/baseline_assessment.ipynb",
    }
    assert manifest["status"] == "failed"
    assert "planted failure" in (result.run_dir / "index.html").read_text()


def test_interrupted_run_leaves_no_run_folder(minimal_engagement, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_engagement(minimal_engagement, out, executor=FakeExecutor(interrupt=True))
    assert list((out / "test-eng").iterdir()) == []


def test_invalid_input_creates_nothing(minimal_engagement, tmp_path):
    (minimal_engagement.parent / "data" / "kpis.csv").write_text(
        "program,month,value\nA,2026-01,1\n"
    )
    out = tmp_path / "out"
    with pytest.raises(InputError, match="metric"):
        run_engagement(minimal_engagement, out, executor=FakeExecutor())
    assert not out.exists()


def test_runs_never_overwrite_each_other(minimal_engagement, tmp_path):
    first = run_engagement(minimal_engagement, tmp_path / "out", executor=FakeExecutor())
    second = run_engagement(minimal_engagement, tmp_path / "out", executor=FakeExecutor())
    assert first.run_dir != second.run_dir
    assert first.run_dir.is_dir() and second.run_dir.is_dir()
    assert (second.run_dir.parent / "latest").resolve() == second.run_dir.resolve()


def _notebook(tmp_path: Path, *sources: str) -> Path:
    nb = new_notebook(cells=[new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_papermill_cell_error_names_notebook_cell_and_error(tmp_path):
    source = _notebook(tmp_path, "x = 1", "raise ValueError('bad data in cell two')")
    result = PapermillExecutor().execute(
        "probe", source, tmp_path / "out.ipynb", {}, timeout_s=60, cwd=tmp_path
    )
    assert not result.ok
    assert result.failure.cell_index == 1
    assert result.failure.error_name == "ValueError"
    assert "bad data in cell two" in result.failure.error_value


@pytest.mark.slow
def test_papermill_timeout_is_a_failure_not_a_completion(tmp_path):
    source = _notebook(tmp_path, "x = 1", "import time; time.sleep(30)")
    result = PapermillExecutor().execute(
        "probe", source, tmp_path / "out.ipynb", {}, timeout_s=2, cwd=tmp_path
    )
    assert not result.ok
    assert result.failure.error_name == "CellTimeoutError"
    assert result.failure.cell_index == 1
    # papermill leaves the cell "completed"; the kept notebook must say it failed.
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert nb.cells[1].metadata.papermill.status == "failed"
    assert nb.cells[1].outputs[-1].output_type == "error"
    assert nb.metadata.papermill.exception is True


@pytest.mark.slow
def test_papermill_dead_kernel_is_a_failure(tmp_path):
    source = _notebook(tmp_path, "import os; os._exit(1)")
    result = PapermillExecutor().execute(
        "probe", source, tmp_path / "out.ipynb", {}, timeout_s=30, cwd=tmp_path
    )
    assert not result.ok
    assert result.failure.error_name == "DeadKernelError"


@pytest.mark.slow
def test_kernel_is_this_environment(tmp_path):
    source = _notebook(tmp_path, "import sys; print(sys.executable)")
    result = PapermillExecutor().execute(
        "probe", source, tmp_path / "out.ipynb", {}, timeout_s=60, cwd=tmp_path
    )
    assert result.ok
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert nb.cells[-1].outputs[0]["text"].strip() == sys.executable


PROBE = """
import json, os, sys
import matplotlib.pyplot as plt
print(json.dumps({
    "pid": os.getpid(), "cwd": os.getcwd(), "executable": sys.executable,
    "hash_randomization": sys.flags.hash_randomization, "path": sys.path,
    "pandas_preloaded": "pandas" in sys.modules, "backend": plt.get_backend()}))
"""


def _probe(tmp_path: Path, name: str) -> tuple[dict, nbformat.NotebookNode]:
    source = _notebook(tmp_path, PROBE, "import matplotlib.pyplot as plt; plt.plot([1, 2]);")
    result = PapermillExecutor().execute(
        "probe", source, tmp_path / name, {}, timeout_s=60, cwd=tmp_path
    )
    assert result.ok, result.failure
    nb = nbformat.read(tmp_path / name, as_version=4)
    return json.loads(nb.cells[0].outputs[0]["text"]), nb


def _gone(pid: int) -> bool:
    import psutil

    try:
        psutil.Process(pid).wait(timeout=10)
    except psutil.NoSuchProcess:
        pass
    except psutil.TimeoutExpired:
        return False
    return True


@pytest.mark.slow
def test_forked_kernel_runs_like_a_new_one_and_is_stopped(tmp_path):
    """A kernel forked from the preloaded server: a process of its own, in the notebook's
    folder, the fixed hash seed, the inline backend, nothing of a previous notebook."""
    first, nb = _probe(tmp_path, "a.ipynb")
    second, _ = _probe(tmp_path, "b.ipynb")
    assert first["pandas_preloaded"]  # forked from the server, not started afresh
    assert first["pid"] != second["pid"]
    assert first["cwd"] == str(tmp_path)
    assert first["executable"] == sys.executable
    assert first["hash_randomization"] == 0
    assert first["backend"] == "module://matplotlib_inline.backend_inline"
    assert [c.execution_count for c in nb.cells] == [1, 2]
    assert "image/png" in nb.cells[1].outputs[0]["data"]  # figures are shown inline
    assert _gone(first["pid"]) and _gone(second["pid"])


@pytest.mark.slow
def test_process_kernels_when_forking_is_switched_off(tmp_path, monkeypatch):
    forked, _ = _probe(tmp_path, "forked.ipynb")
    monkeypatch.setenv("COPCWB_FORK_KERNELS", "0")
    probe, nb = _probe(tmp_path, "a.ipynb")
    assert not probe["pandas_preloaded"]  # a new interpreter
    assert probe["hash_randomization"] == 0
    assert probe["path"] == forked["path"]  # a forked kernel imports from the same places
    assert probe["backend"] == "module://matplotlib_inline.backend_inline"
    assert "image/png" in nb.cells[1].outputs[0]["data"]


class ProbeExecutor:
    """Runs a probe notebook in a real kernel instead of the registered notebook, as the
    runner runs it (the run folder as working directory, the injected parameters);
    ``before`` runs first."""

    def __init__(self, cells: list[str], before=None):
        self.cells, self.before = cells, before

    def execute(self, notebook, source, output, parameters, *, timeout_s, cwd):
        if self.before is not None:
            self.before()
        nb = new_notebook(
            cells=[
                new_code_cell(
                    'engagement_file = None\noptions = {}\nrun_id = ""\ninputs_dir = None',
                    metadata={"tags": ["parameters"]},
                ),
                *(new_code_cell(c) for c in self.cells),
            ]
        )
        nb.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        probe = Path(tempfile.mkdtemp()) / f"probe-{notebook}.ipynb"
        nbformat.write(nb, probe)
        return PapermillExecutor().execute(
            notebook, probe, output, parameters, timeout_s=timeout_s, cwd=cwd
        )


PROBLEMS = """
from copcwb import InputError
from copcwb.errors import Problem
raise InputError([
    Problem(file="survey.csv", column=c, problem="option csat_drivers.operational names a "
            "column the survey does not have", fix="remove it from the option")
    for c in ("ivr_seconds", "wait_seconds", "transfers")
])
"""


@pytest.mark.slow
def test_input_error_in_a_notebook_shows_every_problem(minimal_engagement, tmp_path):
    import html
    import re

    from copcwb.errors import Problem

    result = run_engagement(
        minimal_engagement, tmp_path / "out", executor=ProbeExecutor([PROBLEMS])
    )
    assert result.status == "failed"
    lines = [
        Problem(
            file="survey.csv",
            column=c,
            problem="option csat_drivers.operational names a column the survey does not have",
            fix="remove it from the option",
        ).describe()
        for c in ("ivr_seconds", "wait_seconds", "transfers")
    ]
    manifest = json.loads((result.run_dir / "manifest.json").read_text(encoding="utf-8"))
    error = manifest["notebooks"]["baseline_assessment"]["error"]
    # cells: parameters, the injected parameters, the probe
    assert error["name"] == "InputError" and error["cell_index"] == 2
    assert error["value"].splitlines() == ["3 problems found:"] + [f"  - {x}" for x in lines]
    for page in ("index.html", "evidence/baseline_assessment.html"):
        shown = html.unescape(re.sub(r"<[^>]+>", "", (result.run_dir / page).read_text()))
        for line in lines:
            assert line in shown, (page, line)

"""Progress of a run: the events the runner sends, the cell hook, and what `copcwb run`
prints on a terminal, in a log and with --quiet."""

from __future__ import annotations

import io
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from rich.console import Console
from typer.testing import CliRunner

from copcwb.cli import app
from copcwb.runner import run_engagement
from copcwb.runner.console import PlainDisplay
from copcwb.runner.executor import Execution
from copcwb.runner.progress import RunEvent, cell_hooks, cell_label

ANSI = re.compile(r"\x1b|\r")
CELLS = ("x = 1", "\n\n# the scorecard\nshow(x)", "y = 2")


class CellExecutor:
    """Writes a tiny notebook and reports its three code cells through ``on_cell``, as
    the papermill executor does through nbclient's hooks."""

    def __init__(self) -> None:
        self.notebooks: list[str] = []

    def execute(self, notebook, source, output, parameters, *, timeout_s, cwd, on_cell=None):
        self.notebooks.append(notebook)
        nb = new_notebook(cells=[new_code_cell("1", metadata={"tags": ["parameters"]})])
        nbformat.write(nb, output)
        for number, cell in enumerate(CELLS, start=1):
            if on_cell is not None:
                on_cell(number, len(CELLS), cell_label(cell))
        return Execution(notebook, output, True, 0.5)


def test_events_come_in_order(minimal_engagement, tmp_path):
    events: list[RunEvent] = []
    result = run_engagement(
        minimal_engagement, tmp_path / "out", executor=CellExecutor(), progress=events.append
    )
    assert result.status == "completed"
    assert [(e.kind, e.stage or e.notebook) for e in events] == [
        ("stage", "inputs"),
        ("start", "baseline_assessment"),
        ("cell", "baseline_assessment"),
        ("cell", "baseline_assessment"),
        ("cell", "baseline_assessment"),
        ("finish", "baseline_assessment"),
        ("stage", "reports"),
    ]
    cells = [(e.cell, e.n_cells, e.label) for e in events if e.kind == "cell"]
    # the label is the first non-blank line of each cell's source
    assert cells == [(1, 3, "x = 1"), (2, 3, "# the scorecard"), (3, 3, "y = 2")]
    start, finish = events[1], events[5]
    assert (start.position, start.n_notebooks) == (1, 1)
    assert (finish.status, finish.seconds, finish.detail) == ("completed", 0.5, "")


def test_runs_without_a_callback_and_with_an_executor_without_hook(minimal_engagement, tmp_path):
    class NoHook:  # an executor written before the cell hook existed
        def execute(self, notebook, source, output, parameters, *, timeout_s, cwd):
            nbformat.write(new_notebook(cells=[new_code_cell("1")]), output)
            return Execution(notebook, output, True, 0.1)

    result = run_engagement(minimal_engagement, tmp_path / "out", executor=NoHook())
    assert result.status == "completed"


def test_a_failing_display_does_not_stop_the_run(minimal_engagement, tmp_path):
    calls = []

    def broken(event: RunEvent) -> None:
        calls.append(event.kind)
        raise RuntimeError("display gone")

    result = run_engagement(
        minimal_engagement, tmp_path / "out", executor=CellExecutor(), progress=broken
    )
    assert result.status == "completed"
    assert calls == ["stage"]  # silent after its first error


def test_cell_hooks_number_the_code_cells_that_run():
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Baseline"),
            new_code_cell("engagement_file = None", metadata={"tags": ["parameters"]}),
            new_code_cell("   \n"),  # blank: nbclient skips it
            new_code_cell("kpis = s.read('kpis')\nmore()"),
            new_markdown_cell("## Levels"),
            new_code_cell("result = baseline.assess(" + "x" * 80 + ")"),
        ]
    )
    seen = []
    hooks = cell_hooks(lambda *args: seen.append(args))
    hooks["on_notebook_start"](notebook=nb)
    for index, cell in enumerate(nb.cells):
        hooks["on_cell_start"](cell=cell, cell_index=index)
    # three code cells with source, numbered 1..3 in order; labels cut at 60 characters
    long = "result = baseline.assess(" + "x" * 34 + "…"
    assert seen == [
        (1, 3, "engagement_file = None"),
        (2, 3, "kpis = s.read('kpis')"),
        (3, 3, long),
    ]
    assert len(long) == 60


def test_plain_display_says_a_cell_at_most_every_interval():
    now = [0.0]
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=False, width=200)
    display = PlainDisplay(console, every_s=15.0, clock=lambda: now[0])

    def at(t: float, **event) -> None:
        now[0] = t
        display(RunEvent(**event))

    base = {"notebook": "baseline_assessment", "position": 1, "n_notebooks": 2}
    at(0.0, kind="start", **base)
    for t, cell in ((1.0, 1), (14.9, 2), (15.0, 3), (29.0, 4), (31.0, 5)):
        at(t, kind="cell", cell=cell, n_cells=9, label=f"step{cell}()", **base)
    at(40.0, kind="finish", status="completed", seconds=40.04, **base)
    # lines at 0 (start), 15.0 (15 s after it), 31.0 (16 s after 15.0), 40 (finish)
    assert buffer.getvalue().splitlines() == [
        "baseline_assessment (1/2): started",
        "baseline_assessment: cell 3/9: step3() (15 s)",
        "baseline_assessment: cell 5/9: step5() (31 s)",
        "ok   baseline_assessment (40.0 s)",
    ]


@pytest.fixture
def fake_kernels(monkeypatch):
    """`copcwb run` with the cell-reporting executor instead of papermill kernels."""
    from copcwb.runner import forked
    from copcwb.runner import run as run_module

    monkeypatch.setattr(run_module, "PapermillExecutor", CellExecutor)
    monkeypatch.setattr(forked, "start_server", lambda: None)
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)


def test_run_prints_plain_lines_when_not_a_terminal(minimal_engagement, tmp_path, fake_kernels):
    result = CliRunner().invoke(app, ["run", str(minimal_engagement), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert not ANSI.search(result.output)
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "checking the inputs",
        "baseline_assessment (1/1): started",
        "ok   baseline_assessment (0.5 s)",  # the 0.5 s the executor took
        "writing the reports",
    ]
    assert lines[4].endswith("index.html") and len(lines) == 5


def test_quiet_prints_only_the_result(minimal_engagement, tmp_path, fake_kernels):
    result = CliRunner().invoke(
        app, ["run", str(minimal_engagement), "--out", str(tmp_path), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    assert line.endswith("index.html") and (tmp_path / "test-eng").is_dir()
    assert result.stderr == ""


@pytest.mark.slow
def test_papermill_reports_every_code_cell_of_a_real_notebook(tmp_path):
    from copcwb.paths import notebook_path
    from copcwb.synth import write_engagement

    spec = write_engagement(tmp_path / "eng", "kpi_only")
    events: list[RunEvent] = []
    result = run_engagement(spec, tmp_path / "out", progress=events.append)
    assert result.status == "completed"
    kinds = [e.kind for e in events]
    assert kinds[:2] == ["stage", "start"] and kinds[-2:] == ["finish", "stage"]
    cells = [e for e in events if e.kind == "cell"]
    source = nbformat.read(notebook_path("baseline_assessment"), as_version=4)
    code = [c.source for c in source.cells if c.cell_type == "code" and c.source.strip()]
    # papermill adds one code cell (the injected parameters) after the parameters cell
    assert [e.cell for e in cells] == list(range(1, len(code) + 2))
    assert {e.n_cells for e in cells} == {len(code) + 1}
    labels = [e.label for e in cells]
    assert labels[0] == cell_label(code[0]) and labels[2:] == [cell_label(c) for c in code[1:]]

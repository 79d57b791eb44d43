"""Running one engagement: validate inputs, execute each notebook, render, publish.

``run_engagement`` validates every input once, writing the validated frames and a
copy of the spec into the run's ``inputs/`` folder (the snapshot every notebook of
the run reads, see ``copcwb.io.snapshot``), then builds the run under a staging
name and renames it only when every file (reports, results.json, manifest.json) is
written. Invalid inputs raise ``InputError`` before anything is created.

The kernels work in the run folder: the parameters name the spec copy and the
snapshot relative to it (``inputs/engagement.yaml``, ``inputs``), never a path of
the consultant's machine.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from copcwb.engagement import Engagement, load_engagement
from copcwb.errors import InputError, NotebookFailure, Problem
from copcwb.evidence.environment import environment, environment_rows
from copcwb.evidence.signing import seal, signing_key
from copcwb.i18n import chrome_labels, text
from copcwb.i18n.formats import period_label
from copcwb.io.snapshot import SNAPSHOT_DIR, SPEC_COPY
from copcwb.paths import notebook_path, templates_dir
from copcwb.registry import notebook as registered
from copcwb.runner import publish
from copcwb.runner.actions import ACTIONS_FILE, run_actions
from copcwb.runner.executor import Execution, Executor, PapermillExecutor
from copcwb.runner.progress import RunEvent, RunProgress, guarded

#: the statuses of a notebook of a run; a run is completed when each is completed or skipped
COMPLETED, FAILED, SKIPPED = "completed", "failed", "skipped"


@dataclass
class NotebookRun:
    """One notebook of a run: status ("completed", "failed", or "skipped": not run, for
    want of an input it needs, see ``Engagement.skipped``), seconds, failure, and the
    ``reason`` of a skipped notebook (in the engagement's language)."""

    name: str
    status: str
    seconds: float
    parameters: dict[str, Any]
    failure: NotebookFailure | None = None
    figures: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    reason: str | None = None


@dataclass
class RunResult:
    """A published run: ``status`` is "completed" when every notebook completed."""

    status: str
    run_dir: Path
    run_id: str
    notebooks: list[NotebookRun]

    @property
    def failures(self) -> list[NotebookFailure]:
        return [nb.failure for nb in self.notebooks if nb.failure is not None]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _cover(engagement: Engagement, run_id: str, title: str, date: str) -> dict[str, Any]:
    lang = engagement.language
    facts = [
        (text("report.client", lang), engagement.client),
        (text("report.engagement", lang), engagement.engagement),
        (
            text("report.period", lang),
            period_label(engagement.period.start, engagement.period.end, lang),
        ),
        (text("report.run", lang), run_id),
        (text("report.date", lang), date),
    ]
    if engagement.prepared_by:
        facts.insert(3, (text("report.prepared_by", lang), engagement.prepared_by))
    return {"title": title, "facts": facts}


@dataclass(frozen=True)
class ValidatedInputs:
    """What the run validated: ``inputs`` {kind: {path, sha256, bytes, rows, columns,
    read, snapshot: {path, sha256}}}, ``spec`` (the manifest's facts of engagement.yaml:
    spec_file, spec_sha256, snapshot) and ``warnings`` (one line each)."""

    inputs: dict[str, dict]
    spec: dict[str, Any]
    warnings: list[str]


def _copy_spec(engagement: Engagement, folder: Path) -> dict[str, Any]:
    """Copy the spec the run uses into the snapshot ``folder``; return its facts.

    Raises InputError when the file no longer says what was loaded (edited since).
    """
    import yaml

    if engagement.spec_file is not None:
        raw, name = engagement.spec_file.read_bytes(), engagement.spec_file.name
    else:  # built in code: its options as set, so that defaults stay defaults
        dump = engagement.model_dump(mode="json", exclude_unset=True)
        raw, name = yaml.safe_dump(dump, allow_unicode=True, sort_keys=False).encode(), SPEC_COPY
    copy = folder / SPEC_COPY
    copy.write_bytes(raw)
    if load_engagement(copy, check_inputs=False).model_dump() != engagement.model_dump():
        raise InputError(
            Problem(
                file=str(engagement.spec_file),
                problem="the engagement file changed after it was loaded",
                fix="run the engagement again once the file is saved",
            )
        )
    digest = hashlib.sha256(raw).hexdigest()
    return {
        "spec_file": name,
        "spec_sha256": digest,
        "snapshot": {"path": f"{SNAPSHOT_DIR}/{SPEC_COPY}", "sha256": digest},
    }


def validate_inputs(engagement: Engagement, folder: Path) -> ValidatedInputs:
    """Validate every input once into the snapshot ``folder`` (``<kind>.parquet`` and
    the spec copy); raise InputError listing every problem."""
    from copcwb.io.readers import check_engagement_inputs

    folder.mkdir(parents=True, exist_ok=True)
    spec = _copy_spec(engagement, folder)
    check = check_engagement_inputs(engagement, snapshot_dir=folder)
    if check.problems:
        raise InputError(check.problems)
    return ValidatedInputs(check.facts, spec, [w.describe() for w in check.warnings])


def notebook_parameters(engagement: Engagement, notebook: str, run_id: str) -> dict[str, Any]:
    """The plain-JSON parameters papermill injects into ``notebook``: the spec copy and
    the snapshot folder relative to the run folder, and only the options the
    engagement sets (defaults stay defaults)."""
    return {
        "engagement_file": f"{SNAPSHOT_DIR}/{SPEC_COPY}",
        "options": engagement.options(notebook).given(),
        "run_id": run_id,
        "inputs_dir": SNAPSHOT_DIR,
    }


def _timeout(engagement: Engagement, notebook: str) -> int:
    return engagement.runner.timeouts.get(notebook, engagement.runner.timeout_s)


def run_engagement(
    engagement: Engagement | str | Path,
    out_dir: str | Path,
    *,
    executor: Executor | None = None,
    notebooks: list[str] | None = None,
    run_id: str | None = None,
    pdf: bool = False,
    progress: RunProgress | None = None,
) -> RunResult:
    """Run ``engagement`` and publish ``out_dir/<engagement>/<run-id>/``.

    Raises InputError (nothing created) when the spec or an input is invalid.
    A failing notebook does not raise: the run is published with status "failed",
    the partial notebook kept under ``failed/``. With ``pdf=True`` a PDF is printed
    next to each HTML report (Chromium needed). ``progress`` receives a
    ``RunEvent`` at each step (see ``copcwb.runner.progress``); the run prints nothing.
    """
    if not isinstance(engagement, Engagement):
        engagement = load_engagement(engagement)
    names = [n for n in engagement.run if notebooks is None or n in notebooks]
    if executor is None:
        from copcwb.runner import forked

        forked.start_server()  # preloads the kernels' imports while the inputs are checked
        executor = PapermillExecutor()
    tell = guarded(progress) if progress is not None else None
    return _checked_run(engagement, out_dir, executor, names, run_id, pdf, tell)


def _checked_run(
    engagement: Engagement,
    out_dir: str | Path,
    executor: Executor,
    names: list[str],
    run_id: str | None,
    pdf: bool,
    tell: RunProgress | None,
) -> RunResult:
    key = signing_key()
    run_id = run_id or publish.new_run_id()
    with tempfile.TemporaryDirectory(prefix="copcwb-inputs-") as tmp:
        if tell:
            tell(RunEvent("stage", stage="inputs"))
        validated = validate_inputs(engagement, Path(tmp) / SNAPSHOT_DIR)
        engagement_dir = Path(out_dir).resolve() / engagement.engagement
        engagement_dir.mkdir(parents=True, exist_ok=True)
        staging = publish.staging_dir(engagement_dir, run_id)
        started = _now()
        try:
            staging.mkdir()
            shutil.move(Path(tmp) / SNAPSHOT_DIR, staging / SNAPSHOT_DIR)
            runs = [
                _run_notebook(engagement, name, run_id, staging, executor, place)
                for name, place in zip(names, _places(tell, names), strict=True)
            ]
            status = COMPLETED if all(r.status in (COMPLETED, SKIPPED) for r in runs) else FAILED
            if tell:
                tell(RunEvent("stage", stage="reports"))
            _render_all(engagement, runs, run_id, staging, validated.inputs, status)
            _write_results(engagement, runs, staging)
            _write_index(engagement, runs, run_id, staging, status)
            if pdf:
                from copcwb.runner.pdf import print_to_pdf

                pages = sorted(staging.glob("*.html")) + sorted(staging.glob("evidence/*.html"))
                print_to_pdf(pages)
            _write_manifest(engagement, runs, run_id, staging, validated, status, started, key)
            run_dir = publish.publish(staging, engagement_dir / run_id)
        except BaseException:
            publish.discard(staging)
            raise
    return RunResult(status=status, run_dir=run_dir, run_id=run_id, notebooks=runs)


def _places(tell: RunProgress | None, names: list[str]) -> list[_Place | None]:
    """Each notebook's place in the run, for its events (None each without a callback)."""
    return [_Place(tell, n, i, len(names)) if tell else None for i, n in enumerate(names, 1)]


@dataclass(frozen=True)
class _Place:
    """The progress callback and one notebook's place in the run (1-based)."""

    tell: RunProgress
    notebook: str
    position: int
    n_notebooks: int

    def event(self, kind: str, **values: Any) -> None:
        where = {"notebook": self.notebook, "position": self.position}
        self.tell(RunEvent(kind, **where, n_notebooks=self.n_notebooks, **values))

    def cell(self, cell: int, n_cells: int, label: str) -> None:
        self.event("cell", cell=cell, n_cells=n_cells, label=label)


def _run_notebook(
    engagement: Engagement,
    name: str,
    run_id: str,
    staging: Path,
    executor: Executor,
    place: _Place | None = None,
) -> NotebookRun:
    lacking = engagement.skipped().get(name)
    if lacking:
        return _skipped(engagement, name, lacking, place)
    (staging / "executed").mkdir(exist_ok=True)
    output = staging / "executed" / f"{name}.ipynb"
    parameters = notebook_parameters(engagement, name, run_id)
    if place is not None:
        place.event("start")
    hooks = {"on_cell": place.cell} if place is not None else {}
    execution = executor.execute(
        name,
        notebook_path(name),
        output,
        parameters,
        timeout_s=_timeout(engagement, name),
        cwd=staging,
        **hooks,
    )
    run = _collect(name, execution, parameters, output, staging)
    if place is not None:
        detail = run.failure.describe() if run.failure else ""
        place.event("finish", status=run.status, seconds=run.seconds, detail=detail)
    return run


def _skipped(
    engagement: Engagement, name: str, lacking: list[str], place: _Place | None
) -> NotebookRun:
    """A notebook not run for want of the inputs ``lacking``, with the reason."""
    lang = engagement.language
    inputs = ", ".join(text(f"input.{kind}", lang) for kind in lacking)
    reason = text("index.skipped", lang, inputs=inputs, kinds=", ".join(lacking))
    run = NotebookRun(name, SKIPPED, 0.0, {}, reason=reason)
    if place is not None:
        place.event("finish", status=SKIPPED, seconds=0.0, detail=run.reason)
    return run


def _collect(
    name: str, execution: Execution, parameters: dict[str, Any], output: Path, staging: Path
) -> NotebookRun:
    """The run of one executed notebook: its status, figures and timings; a failed
    notebook is moved to ``failed/``."""
    import nbformat

    from copcwb.results import collect

    run = NotebookRun(
        name=name,
        status="completed" if execution.ok else "failed",
        seconds=round(execution.seconds, 3),
        parameters=parameters,
        failure=execution.failure,
    )
    if not output.exists():  # a kernel that never started leaves no notebook
        return run
    executed = nbformat.read(output, as_version=4)
    kept = output if execution.ok else staging / "failed" / output.name
    record_paths_relative(executed, name, kept.relative_to(staging).as_posix())
    nbformat.write(executed, output)
    if execution.ok:
        run.figures = collect(executed)
        run.timings = _timings(executed, execution.seconds)
    else:
        kept.parent.mkdir(exist_ok=True)
        shutil.move(output, kept)
        run.failure.kept_at = kept.relative_to(staging).as_posix()
    return run


def record_paths_relative(nb, name: str, kept_at: str) -> None:
    """papermill records the absolute paths of the source notebook and of its output;
    the run records them as the workbench's notebook name and the place in the run
    folder, so that nothing names a folder of this machine."""
    meta = nb.metadata.get("papermill")
    if meta is not None:
        meta["input_path"] = f"notebooks/{name}.ipynb"
        meta["output_path"] = kept_at


def _timings(nb, seconds: float) -> dict[str, float]:
    """Where a notebook's time went: kernel start and papermill overhead, the first
    code cell after the parameters (imports and opening the engagement, plus the
    analysis where the notebook computes its findings there), the other cells."""
    durations = [
        float(cell.metadata.get("papermill", {}).get("duration") or 0.0)
        for cell in nb.cells
        if cell.cell_type == "code"
        and not {"parameters", "injected-parameters"} & set(cell.metadata.get("tags", []))
    ]
    setup = durations[0] if durations else 0.0
    analysis = sum(durations[1:])
    return {
        "kernel_and_overhead_s": round(max(seconds - setup - analysis, 0.0), 3),
        "first_cell_s": round(setup, 3),
        "other_cells_s": round(analysis, 3),
    }


def _render_all(
    engagement: Engagement,
    runs: list[NotebookRun],
    run_id: str,
    staging: Path,
    inputs: dict[str, dict],
    status: str,
) -> None:
    import nbformat

    from copcwb.runner.render import render, report_labels

    lang = engagement.language
    env_rows = environment_rows()
    input_rows = [
        {
            "kind": kind,
            "path": Path(item["path"]).name,
            "sha256": item["sha256"],
            "rows": item.get("rows", ""),
            "columns": item.get("columns", []),
            "read": ", ".join(f"{k}={v}" for k, v in item.get("read", {}).items()),
        }
        for kind, item in inputs.items()
    ]
    date = datetime.now(UTC).strftime("%Y-%m-%d")
    (staging / "evidence").mkdir(exist_ok=True)
    for run in runs:
        source = staging / ("executed" if run.status == "completed" else "failed")
        path = source / f"{run.name}.ipynb"
        if not path.exists():
            continue
        nb = nbformat.read(path, as_version=4)
        title = text(registered(run.name).title_key, lang)
        base = {
            "language": lang,
            "cover": _cover(engagement, run_id, title, date),
            "status": run.status,
            "parameters": run.parameters,
            "inputs": input_rows,
            "environment": env_rows,
        }
        variants = ["client", "evidence"] if run.status == "completed" else ["evidence"]
        started = time.perf_counter()
        for variant in variants:
            html = render(nb, variant, {**base, "labels": report_labels(lang, variant)})
            target = staging / (
                f"{run.name}.html" if variant == "client" else f"evidence/{run.name}.html"
            )
            target.write_text(html, encoding="utf-8")
        run.timings["render_s"] = round(time.perf_counter() - started, 3)


def _write_results(engagement: Engagement, runs: list[NotebookRun], staging: Path) -> None:
    """results.json (every notebook's key figures, and the run's whole action plan) and
    actions.xlsx (the same plan, for the client to track)."""
    from copcwb.runner.actions import write_run_actions

    actions = run_actions(runs)
    write_run_actions(actions, staging, engagement.language)
    results = {
        "engagement": engagement.engagement,
        "client": engagement.client,
        "period": engagement.period.model_dump(),
        "notebooks": {r.name: _result(r) for r in runs},
        "actions": actions,
    }
    (staging / "results.json").write_text(
        json.dumps(results, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def _result(run: NotebookRun) -> dict[str, Any]:
    """A notebook's entry in results.json: its status and figures, and the reason when it
    was skipped."""
    entry: dict[str, Any] = {"status": run.status, "figures": run.figures}
    if run.reason:
        entry["reason"] = run.reason
    return entry


def _write_index(
    engagement: Engagement, runs: list[NotebookRun], run_id: str, staging: Path, status: str
) -> None:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    lang = engagement.language
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    rows = [
        {
            "title": text(registered(r.name).title_key, lang),
            "status": r.status,
            "seconds": r.seconds,
            "client_html": f"{r.name}.html" if (staging / f"{r.name}.html").exists() else None,
            "evidence_html": (
                f"evidence/{r.name}.html"
                if (staging / "evidence" / f"{r.name}.html").exists()
                else None
            ),
            "error": r.failure.describe() if r.failure else r.reason,
        }
        for r in runs
    ]
    labels = {
        k: text(f"index.{k}", lang)
        for k in (
            "kind",
            "reports",
            "report",
            "seconds",
            "client_version",
            "evidence_version",
            "problem",
            "integrity",
        )
    }
    labels["status"] = text("report.status", lang)
    labels.update(chrome_labels(lang))
    labels["status_skipped"] = text("index.status_skipped", lang)
    actions = run_actions(runs)
    labels["actions_title"] = text("action.section", lang)
    labels["actions_line"] = text("index.actions", lang, n=len(actions))
    html = env.get_template("run_index.html.j2").render(
        lang=lang,
        run_id=run_id,
        status=status,
        notebooks=rows,
        labels=labels,
        actions_file=ACTIONS_FILE if (staging / ACTIONS_FILE).exists() else None,
        cover=_cover(engagement, run_id, engagement.client, datetime.now(UTC).strftime("%Y-%m-%d")),
    )
    (staging / "index.html").write_text(html, encoding="utf-8")


def _write_manifest(
    engagement: Engagement,
    runs: list[NotebookRun],
    run_id: str,
    staging: Path,
    validated: ValidatedInputs,
    status: str,
    started: str,
    key: bytes | None = None,
) -> None:
    manifest = {
        "schema": 1,
        "run_id": run_id,
        "status": status,
        "started_at": started,
        "finished_at": _now(),
        "engagement": {
            "id": engagement.engagement,
            "client": engagement.client,
            "period": engagement.period.model_dump(),
            "language": engagement.language,
            **validated.spec,
        },
        "notebooks": {
            r.name: {
                "status": r.status,
                "seconds": r.seconds,
                "timings": r.timings,
                "parameters": r.parameters,
                "error": None
                if r.failure is None
                else {
                    "cell_index": r.failure.cell_index,
                    "name": r.failure.error_name,
                    "value": r.failure.error_value,
                    "kept_at": r.failure.kept_at,
                },
                **({"reason": r.reason} if r.reason else {}),
            }
            for r in runs
        },
        "inputs": validated.inputs,
        "inputs_warnings": list(validated.warnings),
        "environment": environment(),
    }
    seal(staging, manifest, key)

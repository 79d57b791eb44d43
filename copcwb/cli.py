"""The ``copcwb`` command: a thin layer over the API.

Exit codes: 0 success, 1 an analysis or run failed, 2 bad input or usage.
Errors are printed as messages, never as tracebacks.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from copcwb.demo import SIZES
from copcwb.errors import CopcwbError, InputError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="copcwb: COPC-style contact-center assessment workbench.",
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _problems_table(error: InputError) -> Table:
    table = Table(
        title=f"{len(error.problems)} problem(s) found", show_lines=False, title_justify="left"
    )
    for column in ("file", "column", "rows", "problem", "fix"):
        table.add_column(column, overflow="fold")
    for p in error.problems:
        rows = ", ".join(str(r) for r in p.rows)
        if p.n_rows > len(p.rows):
            rows += f" (+{p.n_rows - len(p.rows)} more)"
        problem = p.problem + (
            " e.g. " + ", ".join(repr(e) for e in p.examples) if p.examples else ""
        )
        table.add_row(p.file, p.column or "", rows, problem, p.fix)
    return table


def _fail(error: CopcwbError) -> None:
    if isinstance(error, InputError):
        if err.is_terminal:
            err.print(_problems_table(error))
        else:
            err.print(str(error), markup=False, soft_wrap=True)
        raise typer.Exit(2)
    err.print(f"error: {error}", markup=False, soft_wrap=True)
    raise typer.Exit(1)


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="folder for the demo")] = Path("demo"),
    no_run: Annotated[bool, typer.Option("--no-run", help="only write the inputs")] = False,
    seed: Annotated[int, typer.Option(help="seed of the synthetic data")] = 2026,
    language: Annotated[str, typer.Option(help="en, zh-Hant or zh-Hans")] = "en",
    size: Annotated[
        str, typer.Option(help="small (3 programs) or large (80 programs, millions of contacts)")
    ] = "small",
    contacts: Annotated[
        int | None,
        typer.Option(
            help="contacts of the large demo, 10,000 to 100,000,000 (default 5,000,000; "
            "QA, survey and WFM scale with it)"
        ),
    ] = None,
) -> None:
    """Generate the demo engagement under OUT and run it; print the index.html path."""
    from copcwb.demo import write_demo

    if size not in SIZES:
        err.print(f"--size must be one of {', '.join(SIZES)}, got {size!r}", markup=False)
        raise typer.Exit(2)
    if contacts is not None and size != "large":
        err.print("--contacts is for the large demo: add --size large")
        raise typer.Exit(2)
    try:
        spec = write_demo(out_dir, seed=seed, language=language, size=size, contacts=contacts)
        out.print(f"demo engagement: {spec}", markup=False)
        if not no_run:
            _run(spec, out_dir / "reports")
    except CopcwbError as exc:
        _fail(exc)
    except ValueError as exc:  # a seed or a number of contacts out of range
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None


@app.command()
def new(
    name: Annotated[str, typer.Argument(help="engagement id, e.g. acme-2026q3")],
    folder: Annotated[Path, typer.Option("--dir", help="parent folder")] = Path("."),
    client: Annotated[str | None, typer.Option(help="client name")] = None,
) -> None:
    """Scaffold an engagement folder: engagement.yaml, input templates, data README."""
    from copcwb.scaffold import scaffold

    try:
        root = scaffold(name, folder, client=client)
    except CopcwbError as exc:
        _fail(exc)
    out.print(
        f"created {root}: edit engagement.yaml, put the client's files in data/", markup=False
    )


@app.command()
def notebooks(
    out_dir: Annotated[Path, typer.Option("--out", help="folder for the notebooks")] = Path(
        "notebooks"
    ),
) -> None:
    """Copy the notebooks (and their .py twins) into a folder to open in JupyterLab."""
    from copcwb.scaffold import copy_notebooks

    try:
        written = copy_notebooks(out_dir)
    except CopcwbError as exc:
        _fail(exc)
    for path in written:
        out.print(f"wrote {path}", markup=False)


@app.command()
def validate(spec: Annotated[Path, typer.Argument(help="engagement.yaml")]) -> None:
    """Check the spec and every input; print every problem; exit 2 on any."""
    from copcwb.engagement import load_engagement
    from copcwb.io.readers import check_engagement_inputs

    try:
        engagement = load_engagement(spec)
        check = check_engagement_inputs(engagement)
        if check.problems:
            raise InputError(check.problems)
    except CopcwbError as exc:
        _fail(exc)
    for kind, item in check.facts.items():
        out.print(
            f"ok  {kind}: {item['rows']:,} rows, {len(item['columns'])} columns", markup=False
        )
    out.print(f"{spec}: valid", markup=False)
    for notebook, lacking in engagement.skipped().items():
        out.print(f"skip {notebook}: a run skips it, the engagement has no input "
                  f"{', '.join(lacking)}", markup=False)  # fmt: skip
    if check.warnings:
        out.print(f"{len(check.warnings)} warning(s), for information:", markup=False)
    for warning in check.warnings:
        out.print(f"  warning: {warning.describe()}", markup=False)


def _run(spec: Path, out_dir: Path, *, pdf: bool = False, quiet: bool = False) -> None:
    """Run ``spec``, showing its progress on stdout (``quiet``: only the failed notebooks,
    on stderr); then print the path of the run's index.html."""
    from copcwb.runner import run_engagement
    from copcwb.runner.console import finished_line, run_display

    if quiet:
        result = run_engagement(spec, out_dir, pdf=pdf)
        for nb in result.notebooks:
            if nb.failure:
                line = finished_line(nb.name, nb.status, nb.seconds, nb.failure.describe())
                err.print(line, markup=False)
    else:
        with run_display(out) as display:
            result = run_engagement(spec, out_dir, pdf=pdf, progress=display)
    out.print(f"{result.run_dir / 'index.html'}", markup=False)
    if result.status != "completed":
        raise typer.Exit(1)


@app.command()
def run(
    spec: Annotated[Path, typer.Argument(help="engagement.yaml")],
    out_dir: Annotated[Path, typer.Option("--out", help="reports folder")] = Path("reports"),
    pdf: Annotated[bool, typer.Option("--pdf", help="also print each report to PDF")] = False,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="print only errors and the index.html path (cron)"),
    ] = False,
) -> None:
    """Run the engagement's notebooks, showing each one's progress; publish
    OUT/<engagement>/<run-id>/ and print its index.html path."""
    try:
        _run(spec, out_dir, pdf=pdf, quiet=quiet)
    except CopcwbError as exc:
        _fail(exc)


@app.command()
def batch(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="engagement.yaml files or folders")
    ] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="reports folder")] = Path("reports"),
    workers: Annotated[int | None, typer.Option(help="local worker processes")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler, tcp://host:port")] = None,
    notebooks: Annotated[str | None, typer.Option(help="comma-separated notebook names")] = None,
    resume: Annotated[Path | None, typer.Option(help="batch folder to resume")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar (cron)")] = False,
) -> None:
    """Run many engagements; exit 1 if any failed. Finished runs are never redone on --resume."""
    import signal

    from copcwb.runner.batch import run_batch

    if not paths and resume is None:
        err.print("give engagement files or folders, or --resume BATCH_DIR")
        raise typer.Exit(2)
    chosen = [n.strip() for n in notebooks.split(",")] if notebooks else None
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        if quiet:
            result = run_batch(
                paths or [],
                out_dir,
                workers=workers,
                scheduler=scheduler,
                notebooks=chosen,
                resume=resume,
            )
        else:
            result = _batch_with_progress(paths or [], out_dir, workers, scheduler, chosen, resume)
    except CopcwbError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        err.print("interrupted: completed runs are intact; resume with --resume")
        raise typer.Exit(130) from None
    for o in result.outcomes:
        if o.status != "completed":
            out.print(f"{o.status.upper()} {o.engagement or o.spec}: {o.reason}", markup=False)
    out.print(
        f"{result.count('completed')} completed, {len(result.outcomes) - result.count('completed')}"
        f" not completed: {result.batch_dir / 'index.html'}",
        markup=False,
    )
    if not result.ok:
        raise typer.Exit(1)


def _batch_with_progress(paths, out_dir, workers, scheduler, notebooks, resume):
    from rich.progress import (
        BarColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from copcwb.runner.batch import run_batch

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=False) as bar:
        task = bar.add_task("batch", total=None)

        def update(state) -> None:
            counts = state.counts()
            finished = sum(n for s, n in counts.items() if s not in ("pending", "running"))
            failed = finished - counts.get("completed", 0)
            bar.update(
                task,
                total=len(state.outcomes),
                completed=finished,
                description=f"done {counts.get('completed', 0)} · failed {failed} · "
                f"running {counts.get('running', 0)}",
            )

        return run_batch(
            paths,
            out_dir,
            workers=workers,
            scheduler=scheduler,
            notebooks=notebooks,
            resume=resume,
            progress=update,
        )


@app.command()
def verify(
    run_dir: Annotated[Path, typer.Argument(help="a run folder")],
    inputs: Annotated[
        bool, typer.Option("--inputs", help="also check the run's snapshot of its inputs")
    ] = False,
    engagement: Annotated[
        Path | None,
        typer.Option(
            "--engagement", help="engagement.yaml (or its folder): also check the original files"
        ),
    ] = None,
) -> None:
    """Recompute every hash of a run folder; exit 0 only when all match."""
    from copcwb.evidence import verify as check

    result = check(run_dir, inputs=inputs, engagement=engagement)
    for problem in result.problems:
        out.print(problem, markup=False)
    if not result.ok:
        out.print(f"{run_dir}: NOT intact ({len(result.problems)} problem(s))", markup=False)
        raise typer.Exit(1)
    out.print(f"{run_dir}: intact ({result.n_files} files)", markup=False)
    if inputs and engagement is None:
        out.print(
            "input snapshots match; the original files were not checked "
            "(give --engagement ENGAGEMENT.yaml to check them)",
            markup=False,
        )


@app.command()
def compare(
    baseline_run: Annotated[Path, typer.Argument(help="the earlier run's folder")],
    follow_up_run: Annotated[Path, typer.Argument(help="the later run's folder")],
    out_dir: Annotated[Path, typer.Option("--out", help="reports folder")] = Path("reports"),
    actions: Annotated[
        Path | None,
        typer.Option("--actions", help="the action plan workbook the client returned"),
    ] = None,
) -> None:
    """Verify two runs of one engagement and publish the follow-up report comparing
    them, OUT/<engagement>/compare-<baseline>-<follow-up>/; print its report's path."""
    from copcwb.followup import compare_runs

    try:
        comparison = compare_runs(baseline_run, follow_up_run, out_dir, actions=actions)
    except CopcwbError as exc:
        _fail(exc)
    out.print(f"{comparison.folder / 'follow_up.html'}", markup=False)


def main() -> None:
    """Console entry point."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)

"""Batch runs: many engagements, one command, on a local process pool or a Dask cluster.

Each engagement runs ``run_engagement`` in a worker; one engagement's failure
(bad input, failing cell, dead kernel, timeout, a killed worker) never stops the
others. The batch folder ``<out>/batches/<batch-id>/`` holds ``batch.json``
(rewritten atomically after every engagement, so an interrupted batch can be
resumed) and ``index.html`` (status, links and key figures side by side).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from copcwb.errors import CopcwbError, InputError
from copcwb.runner import publish

SPEC_NAME = "engagement.yaml"
DONE = "completed"
INTERRUPTED = "the batch was interrupted"
STOP_GRACE_S = 20.0  # how long interrupted workers get to discard their staging folders
_worker_interrupted = False  # set in a pool worker by its first Ctrl-C


@dataclass
class Outcome:
    """What became of one engagement of a batch.

    status: pending, running, completed, failed (a notebook failed), invalid (bad
    spec or input), error (anything else, e.g. a killed worker), interrupted.
    """

    spec: str
    status: str = "pending"
    engagement: str | None = None
    client: str | None = None
    reason: str | None = None
    run_dir: str | None = None
    seconds: float = 0.0
    figures: dict[str, Any] = field(default_factory=dict)


@dataclass
class BatchResult:
    """A finished (or interrupted) batch: its folder and one outcome per engagement."""

    batch_id: str
    batch_dir: Path
    outcomes: list[Outcome]

    @property
    def ok(self) -> bool:
        return all(o.status == DONE for o in self.outcomes)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)


def _is_run_copy(path: Path) -> bool:
    """A run's copy of the spec it used (``<run>/inputs/engagement.yaml``)."""
    from copcwb.evidence.verify import MANIFEST
    from copcwb.io.snapshot import SNAPSHOT_DIR

    return path.parent.name == SNAPSHOT_DIR and (path.parent.parent / MANIFEST).is_file()


def find_engagements(paths: Iterable[str | Path]) -> list[Path]:
    """Every engagement.yaml named or found below the given folders (but not the copies
    inside run folders), sorted, no repeats."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob(SPEC_NAME)
                if not any(part.startswith(".") for part in p.parts) and not _is_run_copy(p)
            )
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(f"no such file or folder: {path}", file=str(path))
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return sorted(unique)


def run_one(spec: str, out_dir: str, notebooks: list[str] | None = None) -> dict[str, Any]:
    """Run one engagement in a worker; never raises for the engagement's own failures.

    Returns an ``Outcome`` as a dict (plain data travels between processes).
    """
    from copcwb.engagement import load_engagement
    from copcwb.runner.run import run_engagement

    if _worker_interrupted:  # queued in this worker before the batch was stopped
        return asdict(Outcome(spec=spec, status="interrupted", reason=INTERRUPTED))
    start = time.perf_counter()
    outcome = Outcome(spec=spec, status="running")
    try:
        engagement = load_engagement(spec)
        outcome.engagement, outcome.client = engagement.engagement, engagement.client
        result = run_engagement(engagement, out_dir, notebooks=notebooks)
        outcome.status = result.status
        outcome.run_dir = str(result.run_dir)
        if result.failures:
            outcome.reason = "; ".join(f.describe() for f in result.failures)
        outcome.figures = _key_figures(result.run_dir)
    except InputError as exc:
        outcome.status, outcome.reason = "invalid", str(exc)
    except CopcwbError as exc:
        outcome.status, outcome.reason = "error", str(exc)
    except Exception as exc:  # an engagement's crash must not stop the batch
        outcome.status, outcome.reason = "error", f"{type(exc).__name__}: {exc}"
    outcome.seconds = round(time.perf_counter() - start, 3)
    return asdict(outcome)


def _key_figures(run_dir: Path) -> dict[str, Any]:
    from copcwb.runner.portfolio import key_figures

    try:
        results = json.loads((run_dir / "results.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return key_figures(results)


class BatchState:
    """The outcomes of a batch, saved to batch.json after every change."""

    def __init__(
        self, batch_dir: Path, batch_id: str, outcomes: list[Outcome], notebooks: list[str] | None
    ) -> None:
        self.batch_dir, self.batch_id = batch_dir, batch_id
        self.outcomes, self.notebooks = outcomes, notebooks
        self.started = time.time()

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for o in self.outcomes:
            counts[o.status] = counts.get(o.status, 0) + 1
        return counts

    def save(self) -> None:
        from copcwb.runner.portfolio import write_batch_index

        data = {
            "batch_id": self.batch_id,
            "notebooks": self.notebooks,
            "counts": self.counts(),
            "engagements": [asdict(o) for o in self.outcomes],
        }
        _write_atomic(
            self.batch_dir / "batch.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        )
        _write_atomic(self.batch_dir / "index.html", write_batch_index(self))

    @classmethod
    def load(cls, batch_dir: Path) -> BatchState:
        try:
            data = json.loads((batch_dir / "batch.json").read_text(encoding="utf-8"))
            outcomes = [Outcome(**o) for o in data["engagements"]]
        except (OSError, json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(
                f"cannot resume: {batch_dir / 'batch.json'} is unreadable ({exc})",
                file=str(batch_dir),
            ) from None
        return cls(batch_dir, data["batch_id"], outcomes, data.get("notebooks"))


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


Progress = Callable[[BatchState], None]


def run_batch(
    engagements: Iterable[str | Path],
    out_dir: str | Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    notebooks: list[str] | None = None,
    resume: str | Path | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """Run every engagement; return when all are done (or raise KeyboardInterrupt).

    ``workers``: local processes (default one per core); ``scheduler``: address of a
    Dask distributed scheduler (``tcp://host:port``) whose workers share this
    environment and file system. ``resume``: a batch folder whose engagements that
    did not complete are run again; completed ones are kept untouched.
    """
    out_dir = Path(out_dir).resolve()
    state = _prepare_state(engagements, out_dir, notebooks, resume)
    todo = [o for o in state.outcomes if o.status != DONE]
    for outcome in todo:
        outcome.status, outcome.reason = "pending", None
    state.save()
    if progress:
        progress(state)
    try:
        if scheduler:
            _run_on_dask(scheduler, todo, out_dir, state, progress)
        else:
            _run_on_pool(workers or os.cpu_count() or 1, todo, out_dir, state, progress)
    except BaseException:
        for outcome in todo:
            if outcome.status in ("pending", "running"):
                outcome.status, outcome.reason = "interrupted", INTERRUPTED
        state.save()
        raise
    state.save()
    if progress:
        progress(state)
    return BatchResult(state.batch_id, state.batch_dir, state.outcomes)


def _prepare_state(
    engagements: Iterable[str | Path],
    out_dir: Path,
    notebooks: list[str] | None,
    resume: str | Path | None,
) -> BatchState:
    specs = [str(p.resolve()) for p in find_engagements(engagements)]
    if resume is not None:
        state = BatchState.load(Path(resume))
        known = {o.spec for o in state.outcomes}
        state.outcomes += [Outcome(spec=s) for s in specs if s not in known]
        return state
    if not specs:
        raise InputError("no engagement.yaml found in the given paths", file="batch")
    batch_id = publish.new_run_id()
    batch_dir = out_dir / "batches" / batch_id
    batch_dir.mkdir(parents=True)
    return BatchState(batch_dir, batch_id, [Outcome(spec=s) for s in specs], notebooks)


def _apply(outcome: Outcome, result: dict[str, Any]) -> None:
    for key, value in result.items():
        setattr(outcome, key, value)


def _run_on_pool(
    workers: int, todo: list[Outcome], out_dir: Path, state: BatchState, progress: Progress | None
) -> None:
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker)
    futures: dict[Future, Outcome] = {}
    try:
        for outcome in todo:
            futures[pool.submit(run_one, outcome.spec, str(out_dir), state.notebooks)] = outcome
        pending = set(futures)
        while pending:
            for future, outcome in futures.items():
                if future in pending and future.running() and outcome.status == "pending":
                    outcome.status = "running"
            if progress:
                progress(state)
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in done:
                _finish(futures[future], future)
                state.save()
        pool.shutdown(wait=True)
    except BaseException:
        _stop_pool(pool)
        raise


def _finish(outcome: Outcome, future: Future) -> None:
    try:
        _apply(outcome, future.result())
    except Exception as exc:  # e.g. BrokenProcessPool when a worker was killed
        outcome.status = "error"
        outcome.reason = f"the worker running it stopped: {type(exc).__name__}: {exc}"


def _init_worker() -> None:
    """Pool worker set-up: after its first Ctrl-C a worker starts no further engagement
    (work already handed to it comes back "interrupted")."""
    import signal

    def interrupted(signum: int, frame: Any) -> None:
        global _worker_interrupted
        _worker_interrupted = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupted)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel queued work and ask running workers to stop like Ctrl-C would; kill those
    still running after ``STOP_GRACE_S``.

    A worker interrupted this way discards its unfinished run folder; a killed one
    leaves only a hidden staging folder, never a run folder that looks complete.
    """
    import signal

    processes = list((getattr(pool, "_processes", None) or {}).values())  # gone after shutdown
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(ProcessLookupError, OSError):
            os.kill(process.pid, signal.SIGINT)
    deadline = time.monotonic() + STOP_GRACE_S
    for process in processes:
        process.join(timeout=max(0.0, deadline - time.monotonic()))
    for process in processes:
        if process.is_alive():
            process.kill()
            process.join(timeout=5)


def _run_on_dask(
    scheduler: str, todo: list[Outcome], out_dir: Path, state: BatchState, progress: Progress | None
) -> None:
    from distributed import Client, as_completed

    with Client(scheduler, timeout="30s") as client:
        futures = {
            client.submit(run_one, o.spec, str(out_dir), state.notebooks, pure=False): o
            for o in todo
        }
        for outcome in todo:
            outcome.status = "running"
        if progress:
            progress(state)
        try:
            for future in as_completed(list(futures)):
                outcome = futures[future]
                try:
                    _apply(outcome, future.result())
                except Exception as exc:  # KilledWorker, lost connection, ...
                    outcome.status = "error"
                    outcome.reason = f"the Dask task failed: {type(exc).__name__}: {exc}"
                state.save()
                if progress:
                    progress(state)
        except BaseException:
            client.cancel(list(futures), force=True)
            raise

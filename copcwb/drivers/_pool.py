"""The subset walks of driver importance shared out over worker processes.

Workers are fresh interpreters started with ``python -c`` and fed pickled jobs through their
standard input and output. Nothing of the caller is inherited (no fork of a process that
has threads) and the caller's main script is never run again in them (as multiprocessing's
spawn start would do with a script that lacks a ``__main__`` guard). Each worker receives
the models once. The walk for the estimate is cut into tasks (see
:class:`copcwb.drivers._subsets.Task`) that run wherever a worker is free, each returning the
tasks below it; bootstrap replicates run one walk per worker. Every task computes exactly
what it computes in the caller's process, so the numbers do not depend on the number of
workers. Starting the workers costs about a second, so a pool is only used for walks well
above that, and only on idle cores (see :func:`pool_workers`).
"""

from __future__ import annotations

import os
import pickle
import select
import subprocess
import sys
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

import numpy as np

from copcwb.drivers._subsets import (
    SubsetModels,
    WalkBase,
    first_task,
    run_task,
    subset_r2,
    walk_base,
)
from copcwb.errors import AnalysisError

#: a pool is started when design rows x subsets x walks reaches this (about 5 s of work)
POOL_WORK = 100_000_000
#: most worker processes one importance computation starts
MAX_WORKERS = 4

_BOOT = "import sys; sys.path[:0] = {path!r}; from copcwb.drivers._pool import serve; serve()"


def available_cores() -> int:
    """Processor cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def idle_cores() -> int:
    """Cores not busy with other work: those available less the load average of the last
    minute beyond this process (a shared machine's other users, or a batch's other runs)."""
    cores = available_cores()
    try:
        others = max(0.0, os.getloadavg()[0] - 1.0)
    except OSError:  # pragma: no cover - no load average on this system
        others = 0.0
    return max(0, min(cores, round(cores - others)))


def pool_workers(models: SubsetModels, walks: int) -> int:
    """Worker processes for ``walks`` walks over the subsets of ``models``: 0 (run in this
    process) unless the work pays for starting them and at least two cores are idle (on
    busy cores the workers would only add their start to the same processor time)."""
    work = models.design.y.size * (1 << models.p) * walks
    workers = min(idle_cores(), MAX_WORKERS)
    return workers if workers > 1 and work >= POOL_WORK else 0


def try_subset_r2(models: SubsetModels, w: np.ndarray) -> np.ndarray | None:
    """:func:`copcwb.drivers._subsets.subset_r2` in this process, None when a model cannot
    be fitted."""
    try:
        return subset_r2(models, w)
    except AnalysisError:
        return None


def serve() -> None:
    """A worker's loop: the models, then jobs until the input ends. Jobs are
    ``("estimate", Task)`` (with the design's own weights) and ``("replicate", weights)``;
    each answer is ``("ok", result)`` or ``("error", exception)``."""
    reply = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed goes to standard error, not into the answers
    jobs = sys.stdin.buffer
    try:
        models: SubsetModels = pickle.load(jobs)
    except EOFError:  # closed before its first job
        return
    base: WalkBase | None = None
    while True:
        try:
            kind, payload = pickle.load(jobs)
        except EOFError:
            return
        try:
            if kind == "estimate":
                base = base or walk_base(models, models.design.w)
                answer: tuple = ("ok", run_task(base, payload))
            else:
                answer = ("ok", try_subset_r2(models, payload))
        except Exception as exc:  # sent back and raised in the caller
            answer = ("error", exc)
        pickle.dump(answer, reply, protocol=pickle.HIGHEST_PROTOCOL)
        reply.flush()


class _Worker:
    """One worker process and its pipes. The process starts (and imports) at once; the
    models go with its first job, so that its start overlaps the caller's own work."""

    def __init__(self, models: SubsetModels) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _BOOT.format(path=list(sys.path))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.models: SubsetModels | None = models

    def send(self, job: tuple) -> None:
        stdin: BinaryIO = self.proc.stdin  # type: ignore[assignment]
        if self.models is not None:
            pickle.dump(self.models, stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self.models = None
        pickle.dump(job, stdin, protocol=pickle.HIGHEST_PROTOCOL)
        stdin.flush()

    def receive(self) -> Any:
        try:
            status, result = pickle.load(self.proc.stdout)  # type: ignore[arg-type]
        except EOFError:
            raise RuntimeError(
                "a worker process of driver_importance ended unexpectedly (out of memory?)"
            ) from None
        if status == "error":
            raise result
        return result

    def fileno(self) -> int:
        return self.proc.stdout.fileno()  # type: ignore[union-attr]

    def close(self) -> None:
        """Let the worker finish (its input ends) and wait for it."""
        try:
            self.proc.stdin.close()  # type: ignore[union-attr]
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()

    def kill(self) -> None:
        """Stop the worker now (its answer, if any, is not wanted)."""
        self.proc.kill()
        self.proc.wait()


def _ready(busy: Iterable[_Worker]) -> list[_Worker]:
    """The busy workers that have an answer waiting."""
    readable, _, _ = select.select(list(busy), [], [])
    return readable


class SubsetPool:
    """``workers`` worker processes holding ``models``; use as a context manager."""

    def __init__(self, models: SubsetModels, workers: int) -> None:
        self.models = models
        self.idle: list[_Worker] = []
        try:
            for _ in range(workers):
                self.idle.append(_Worker(models))
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> SubsetPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for worker in self.idle:
            worker.close()
        self.idle = []

    def estimate_r2(self) -> np.ndarray:
        """As :func:`copcwb.drivers._subsets.subset_r2` with the design's weights. The full
        model and its children are fitted here while the workers start; then the largest
        pending walk goes to the next free worker."""
        base = walk_base(self.models, self.models.design.w)
        r2 = np.zeros(1 << self.models.p)
        task, r2[-1] = first_task(base)
        values, pending = run_task(base, task)
        busy: list[_Worker] = []
        try:
            while True:
                for mask, value in values.items():
                    r2[mask] = value
                while pending and self.idle:
                    pending.sort(key=lambda t: t.lowest_missing)
                    worker = self.idle.pop()
                    worker.send(("estimate", pending.pop()))
                    busy.append(worker)
                if not busy:
                    return self.models.by_term(r2)
                worker = _ready(busy)[0]
                busy.remove(worker)
                values, spawned = worker.receive()
                self.idle.append(worker)
                pending.extend(spawned)
        finally:
            for worker in busy:  # left with an answer nobody reads: only after a failure
                worker.kill()

    def replicates(self, weights: Iterable[np.ndarray]) -> Iterator[np.ndarray | None]:
        """The subset R2 of each weight vector (None where a model cannot be fitted), in
        order; weights are drawn from ``weights`` only as workers become free."""
        todo = enumerate(weights)
        busy: dict[_Worker, int] = {}
        answers: dict[int, np.ndarray | None] = {}
        following = 0
        exhausted = False
        try:
            while True:
                while self.idle and not exhausted:
                    item = next(todo, None)
                    if item is None:
                        exhausted = True
                        break
                    worker = self.idle.pop()
                    worker.send(("replicate", item[1]))
                    busy[worker] = item[0]
                if not busy:
                    return
                for worker in _ready(busy):
                    answers[busy.pop(worker)] = worker.receive()
                    self.idle.append(worker)
                while following in answers:
                    yield answers.pop(following)
                    following += 1
        finally:
            for worker in busy:  # left with an answer nobody reads: the caller stopped early
                worker.kill()


def start_pool(models: SubsetModels, walks: int) -> SubsetPool | None:
    """A pool for ``walks`` walks when :func:`pool_workers` says it pays, else None (also
    when worker processes cannot be started here)."""
    workers = pool_workers(models, walks)
    if not workers:
        return None
    try:
        return SubsetPool(models, workers)
    except OSError:
        return None

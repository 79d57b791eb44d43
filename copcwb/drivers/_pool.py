"""The subset walks of driver importance shared out over worker processes.

Workers are fresh interpreters (start method "spawn": nothing of the caller's threads or
state is inherited) that receive the models once. The walk for the estimate is cut into
tasks (see :class:`copcwb.drivers._subsets.Task`) that run wherever a worker is free, each
task returning the tasks below it; bootstrap replicates run one walk per worker. Every task
computes exactly what it computes in the caller's process, so the numbers do not depend on
the number of workers. Starting the workers costs about a second, so a pool is only used for
walks well above that (see :func:`pool_workers`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

import numpy as np

from copcwb.drivers._subsets import (
    SubsetModels,
    Task,
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

_models: SubsetModels | None = None  # in a worker: the models it was given
_base: WalkBase | None = None  # in a worker: the base of the walk with the design's weights


def available_cores() -> int:
    """Processor cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def pool_workers(models: SubsetModels, walks: int) -> int:
    """Worker processes for ``walks`` walks over the subsets of ``models``: 0 (run in this
    process) unless the work pays for starting them and there are cores to share."""
    work = models.design.y.size * (1 << models.p) * walks
    cores = min(available_cores(), MAX_WORKERS)
    return cores if cores > 1 and work >= POOL_WORK else 0


def _install(models: SubsetModels) -> None:
    global _models, _base
    _models, _base = models, None


def _estimate_task(task: Task) -> tuple[dict[int, float], list[Task]]:
    """Run one task of the walk with the design's own weights (its base built once per
    worker, exactly as the caller builds it)."""
    global _base
    assert _models is not None
    if _base is None:
        _base = walk_base(_models, _models.design.w)
    return run_task(_base, task)


def try_subset_r2(models: SubsetModels, w: np.ndarray) -> np.ndarray | None:
    """:func:`copcwb.drivers._subsets.subset_r2` in this process, None when a model cannot
    be fitted."""
    try:
        return subset_r2(models, w)
    except AnalysisError:
        return None


def _replicate(w: np.ndarray) -> np.ndarray | None:
    assert _models is not None
    return try_subset_r2(_models, w)


def start_pool(models: SubsetModels, walks: int) -> SubsetPool | None:
    """A pool for ``walks`` walks when :func:`pool_workers` says it pays, else None (also
    when processes cannot be started here)."""
    workers = pool_workers(models, walks)
    if not workers:
        return None
    try:
        return SubsetPool(models, workers)
    except (OSError, ValueError):
        return None


class SubsetPool:
    """Worker processes holding ``models``; use as a context manager."""

    def __init__(self, models: SubsetModels, workers: int) -> None:
        self.models = models
        self.workers = workers
        self.executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_install,
            initargs=(models,),
        )

    def __enter__(self) -> SubsetPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

    def estimate_r2(self) -> np.ndarray:
        """As :func:`copcwb.drivers._subsets.subset_r2` with the design's weights."""
        base = walk_base(self.models, self.models.design.w)
        r2 = np.zeros(1 << self.models.p)
        task, r2[-1] = first_task(base)
        running: set[Future] = {self.executor.submit(_estimate_task, task)}
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                values, spawned = future.result()  # re-raises a task's AnalysisError
                for mask, value in values.items():
                    r2[mask] = value
                for t in sorted(spawned, key=lambda t: -t.lowest_missing):  # largest first
                    running.add(self.executor.submit(_estimate_task, t))
        return r2

    def replicates(self, weights: Iterable[np.ndarray]) -> Iterator[np.ndarray | None]:
        """The subset R2 of each weight vector (None where a model cannot be fitted), in
        order, with at most two walks per worker in flight."""
        queue: list[Future] = []
        for w in weights:
            queue.append(self.executor.submit(_replicate, w))
            if len(queue) >= 2 * self.workers:
                yield queue.pop(0).result()
        for future in queue:
            yield future.result()

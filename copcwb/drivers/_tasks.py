"""Run tasks that spawn further tasks on a few threads.

NumPy releases the interpreter lock inside its array loops and BLAS calls, so threads share
the processor cores for array-heavy work without copying the data to other processes.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def available_cores() -> int:
    """Processor cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


#: most threads one computation uses
MAX_THREADS = 4


def default_threads() -> int:
    """Threads for one computation: the cores available, at most MAX_THREADS."""
    return max(1, min(available_cores(), MAX_THREADS))


class _Stack:
    """Pending tasks, newest first, and the count of tasks being run."""

    def __init__(self, first: object) -> None:
        self.pending = [first]
        self.running = 0
        self.error: BaseException | None = None
        self.cond = threading.Condition()

    def push(self, task: object) -> None:
        with self.cond:
            self.pending.append(task)
            self.cond.notify()

    def pop(self) -> tuple[bool, object]:
        """The next task (True, task), or (False, None) once all are done or one failed."""
        with self.cond:
            while not self.pending and self.running and self.error is None:
                self.cond.wait()
            if self.error is not None or not self.pending:
                self.cond.notify_all()
                return False, None
            self.running += 1
            return True, self.pending.pop()

    def done(self, error: BaseException | None) -> None:
        with self.cond:
            self.running -= 1
            if error is not None and self.error is None:
                self.error = error
            self.cond.notify_all()


def run_spawning(first: T, run: Callable[[T, Callable[[T], None]], None], threads: int) -> None:
    """Run ``run(task, spawn)`` for ``first`` and every task it or its descendants pass to
    ``spawn``, on ``threads`` threads, newest task first. Returns when all are done; the
    first exception raised by a task stops the others from starting and is re-raised."""
    stack = _Stack(first)

    def worker() -> None:
        while True:
            ok, task = stack.pop()
            if not ok:
                return
            error = None
            try:
                run(task, stack.push)  # type: ignore[arg-type]
            except BaseException as exc:  # re-raised below, in the caller's thread
                error = exc
            stack.done(error)

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if stack.error is not None:
        raise stack.error

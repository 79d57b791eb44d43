"""Warm kernels: start the next notebook's kernel while the current one runs.

A warm kernel is a fresh ipykernel process of this environment that has already
imported the heavy libraries (pandas, matplotlib, seaborn, statsmodels, the copcwb
views), without history, so its first cell runs as in a new kernel but ~2 s sooner.
Each notebook still gets a kernel of its own; a kernel is never reused.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

PRELOAD = """
try:
    import numpy, pandas, scipy.stats, matplotlib, matplotlib.pyplot, seaborn, statsmodels.api
    import copcwb.session, copcwb.display, copcwb.views.common
    import copcwb.views.baseline, copcwb.views.drivers, copcwb.views.forecast
except Exception:
    pass
"""


def start_kernel(cwd: Path) -> Any:
    """A started kernel (project kernel manager) in ``cwd`` with the libraries imported."""
    from copcwb.runner.executor import project_kernel_manager

    km = project_kernel_manager()()
    asyncio.run(km.start_kernel(cwd=str(cwd)))
    try:
        client = km.blocking_client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            client.execute_interactive(PRELOAD, store_history=False, silent=True, timeout=120)
        finally:
            client.stop_channels()
    except Exception:
        stop_kernel(km)
        raise
    return km


def stop_kernel(km: Any) -> None:
    """Shut a kernel down at once and remove its files."""
    if km is not None and km.has_kernel:
        asyncio.run(km.shutdown_kernel(now=True))


class WarmKernels:
    """Keeps one kernel warming for the next notebook of a known folder.

    ``expect(cwd, n)``: n notebooks will run in ``cwd``; ``take(cwd)``: a warm kernel
    for that folder, or None (the caller then starts one the usual way); ``close()``
    stops any kernel not taken.
    """

    def __init__(self) -> None:
        from copcwb.runner.executor import project_kernel_manager

        project_kernel_manager()  # import jupyter_client here, not in two threads at once
        self._threads = ThreadPoolExecutor(max_workers=1, thread_name_prefix="copcwb-warm")
        self._lock = threading.Lock()
        self._spare: Future | None = None
        self._cwd: Path | None = None
        self._needed = 0

    def expect(self, cwd: Path, n: int) -> None:
        with self._lock:
            if self._cwd != cwd:
                self._discard()
            self._cwd, self._needed = cwd, n
            self._fill()

    def take(self, cwd: Path) -> Any:
        with self._lock:
            spare, self._spare = self._spare, None
            if spare is None or self._cwd != cwd:
                if spare is not None:
                    self._stop_later(spare)
                return None
            self._needed = max(self._needed - 1, 0)
            self._fill()
        try:
            return spare.result()
        except Exception:  # a failed warm start: fall back to a cold kernel
            return None

    def close(self) -> None:
        with self._lock:
            self._needed = 0
            self._discard()
        self._threads.shutdown(wait=True)

    def _fill(self) -> None:
        if self._needed > 0 and self._spare is None and self._cwd is not None:
            self._spare = self._threads.submit(start_kernel, self._cwd)

    def _discard(self) -> None:
        if self._spare is not None:
            self._stop_later(self._spare)
            self._spare = None

    @staticmethod
    def _stop_later(spare: Future) -> None:
        spare.add_done_callback(lambda f: f.exception() is None and stop_kernel(f.result()))

"""How ``copcwb run`` shows a run while it goes, from the runner's ``RunEvent``s.

On a terminal: a live line per running notebook (which notebook, the code cell being
executed as number/total with its first line, elapsed time), replaced by one line per
finished notebook with its time. Elsewhere (a log file, a pipe, cron): plain lines,
no control characters: one when a stage or notebook starts, one per finished
notebook, and between them a line on the cell being executed at most every
``every_s`` seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from rich.console import Console

from copcwb.runner.progress import RunEvent

PLAIN_EVERY_S = 15.0
STAGE_TEXT = {"inputs": "checking the inputs", "reports": "writing the reports"}


MARKS = {"completed": "ok  ", "skipped": "skip"}


def finished_line(notebook: str, status: str, seconds: float, detail: str = "") -> str:
    """ "ok   name (12.3 s)", "skip name (0.0 s): why" or "FAIL name (12.3 s): what
    failed"."""
    mark = MARKS.get(status, "FAIL")
    return f"{mark} {notebook} ({seconds:.1f} s)" + (f": {detail}" if detail else "")


def _cell_text(event: RunEvent) -> str:
    text = f"cell {event.cell}/{event.n_cells}"
    return text + (f": {event.label}" if event.label else "")


class PlainDisplay:
    """Progress as plain lines on ``console`` (see the module's docstring)."""

    def __init__(
        self,
        console: Console,
        *,
        every_s: float = PLAIN_EVERY_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.console, self.every_s, self.clock = console, every_s, clock
        self._started = self._said = 0.0

    def __enter__(self) -> PlainDisplay:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def _say(self, line: str) -> None:
        self.console.print(line, markup=False, highlight=False, soft_wrap=True)
        self._said = self.clock()

    def __call__(self, event: RunEvent) -> None:
        if event.kind == "stage":
            self._say(STAGE_TEXT.get(event.stage, event.stage))
        elif event.kind == "start":
            self._started = self.clock()
            self._say(f"{event.notebook} ({event.position}/{event.n_notebooks}): started")
        elif event.kind == "cell" and self.clock() - self._said >= self.every_s:
            elapsed = self.clock() - self._started
            self._say(f"{event.notebook}: {_cell_text(event)} ({elapsed:.0f} s)")
        elif event.kind == "finish":
            self._say(finished_line(event.notebook, event.status, event.seconds, event.detail))


class LiveDisplay:
    """Progress as a live rich display on a terminal ``console``."""

    def __init__(self, console: Console) -> None:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}", markup=False),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._task: Any = None
        self._notebook = ""

    def __enter__(self) -> LiveDisplay:
        self.progress.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.progress.stop()

    def _clear(self) -> None:
        if self._task is not None:
            self.progress.remove_task(self._task)
        self._task = None

    def _show(self, description: str) -> None:
        self._clear()
        self._task = self.progress.add_task(description, total=None)

    def __call__(self, event: RunEvent) -> None:
        if event.kind == "stage":
            self._show(STAGE_TEXT.get(event.stage, event.stage))
        elif event.kind == "start":
            self._notebook = f"{event.notebook} ({event.position}/{event.n_notebooks})"
            self._show(self._notebook)
        elif event.kind == "cell" and self._task is not None:
            self.progress.update(self._task, description=f"{self._notebook} · {_cell_text(event)}")
        elif event.kind == "finish":
            self._clear()
            line = finished_line(event.notebook, event.status, event.seconds, event.detail)
            self.progress.console.print(line, markup=False, highlight=False)


def run_display(console: Console) -> LiveDisplay | PlainDisplay:
    """The display for ``console``: live on a terminal, plain lines elsewhere."""
    return LiveDisplay(console) if console.is_terminal else PlainDisplay(console)

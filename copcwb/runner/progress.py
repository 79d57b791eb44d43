"""What a run tells while it goes: events for a progress display.

``run_engagement(..., progress=callback)`` calls ``callback`` with one
:class:`RunEvent` at each step, in this order:

- ``stage`` "inputs" before the inputs are validated;
- per notebook: ``start``, then ``cell`` as each code cell starts (from the
  executor's cell hook, see :func:`cell_hooks`), then ``finish``;
- ``stage`` "reports" before the reports are rendered and the run published.

The runner never prints: a display (``copcwb.runner.console``) or a test receives
the events. A callback that raises does not stop the run: the error is logged and
the run goes on without further events from that source.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

log = logging.getLogger(__name__)

EventKind = Literal["stage", "start", "cell", "finish"]
#: the stages a run reports besides its notebooks
STAGES = ("inputs", "reports")
LABEL_CHARS = 60


@dataclass(frozen=True)
class RunEvent:
    """One step of a run.

    kind: stage, start, cell or finish. stage: "inputs" or "reports" (kind stage).
    notebook, position (1-based) and n_notebooks: the notebook and its place in the
    run (start, cell, finish). cell and n_cells: the code cell that starts (1-based,
    counting the code cells that run, the injected parameters included) and how many
    there are; label: the first line of its source. status ("completed" or "failed"),
    seconds and detail (the failure, if any): the finished notebook.
    """

    kind: EventKind
    stage: str = ""
    notebook: str = ""
    position: int = 0
    n_notebooks: int = 0
    cell: int = 0
    n_cells: int = 0
    label: str = ""
    status: str = ""
    seconds: float = 0.0
    detail: str = ""


RunProgress = Callable[[RunEvent], None]
#: what an executor calls as each code cell starts: (cell, n_cells, label)
CellHook = Callable[[int, int, str], None]


def cell_label(source: str, limit: int = LABEL_CHARS) -> str:
    """The first non-blank line of a cell's source, cut to ``limit`` characters."""
    for line in source.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""


def guarded(callback: Callable[..., None]) -> Callable[..., None]:
    """``callback`` that logs its first error and is silent after it: a display must
    never fail the run it shows."""
    broken = False

    def call(*args: Any, **kwargs: Any) -> None:
        nonlocal broken
        if broken:
            return
        try:
            callback(*args, **kwargs)
        except Exception:
            broken = True
            log.exception("the progress display failed; the run goes on without it")

    return call


def _runs(cell: Any) -> bool:
    """Whether nbclient executes ``cell`` (a code cell with some source)."""
    return cell.get("cell_type") == "code" and bool(str(cell.get("source", "")).strip())


def cell_hooks(on_cell: CellHook) -> dict[str, Callable[..., None]]:
    """nbclient hooks (``on_notebook_start``, ``on_cell_start``) that call ``on_cell``
    with the cell's number among the code cells that run, their count and its label."""
    numbers: dict[int, int] = {}
    report = guarded(on_cell)

    def notebook_start(notebook: Any, **_: Any) -> None:
        numbers.clear()
        running = [i for i, cell in enumerate(notebook.cells) if _runs(cell)]
        numbers.update({index: n for n, index in enumerate(running, start=1)})

    def cell_start(cell: Any, cell_index: int, **_: Any) -> None:
        if cell_index in numbers:
            report(numbers[cell_index], len(numbers), cell_label(str(cell.get("source", ""))))

    return {"on_notebook_start": notebook_start, "on_cell_start": cell_start}

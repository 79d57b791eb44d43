"""Executing one notebook: the ``Executor`` interface and its papermill implementation.

Tests swap in a fake executor; the runner only needs ``execute`` to return an
``Execution`` saying whether the notebook completed and, if not, where it failed.
An executor that reports its cells accepts ``on_cell`` (``copcwb.runner.progress``);
the runner passes it only when a progress callback is given, so an executor without
it still runs.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from copcwb.errors import NotebookFailure
from copcwb.runner.progress import CellHook, cell_hooks


@dataclass
class Execution:
    """The outcome of executing one notebook; ``output`` is the executed notebook file."""

    notebook: str
    output: Path
    ok: bool
    seconds: float
    failure: NotebookFailure | None = None


class Executor(Protocol):
    def execute(
        self,
        notebook: str,
        source: Path,
        output: Path,
        parameters: dict[str, Any],
        *,
        timeout_s: int,
        cwd: Path,
    ) -> Execution:
        """Execute ``source`` into ``output``; with ``on_cell=`` (optional keyword),
        call it as each code cell starts: (cell, n_cells, first line)."""
        ...


@cache
def project_kernel_manager():
    """A kernel manager that always starts this interpreter's ipykernel.

    No kernelspec lookup in the user's Jupyter folders: the kernel is the project
    environment's own, whatever kernels the user has installed elsewhere. Its spec
    selects the forked-kernel provisioner where kernels can be forked
    (``copcwb.runner.forked``). Sockets are IPC files in a private temporary folder:
    nothing on the network.
    """
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    from copcwb.runner import forked

    class ProjectKernelSpecManager(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str, **kwargs: Any) -> KernelSpec:
            return KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name=f"Python {sys.version_info.major}.{sys.version_info.minor} (copcwb)",
                language="python",
                env=dict(forked.KERNEL_ENV),
                metadata={"kernel_provisioner": forked.kernel_provisioner()},
            )

    class ProjectKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            self._sockets = tempfile.TemporaryDirectory(prefix="copcwb-kernel-")
            kwargs.setdefault("kernel_spec_manager", ProjectKernelSpecManager())
            super().__init__(
                transport="ipc", ip=os.path.join(self._sockets.name, "kernel"), **kwargs
            )

        async def cleanup_resources(self, restart: bool = False) -> None:
            await super().cleanup_resources(restart=restart)
            if not restart:
                self._sockets.cleanup()

    return ProjectKernelManager


def _mark_failed(output: Path, error_name: str, message: str) -> int | None:
    """Record a timeout or dead kernel in the partial notebook; return the failed cell's index.

    papermill marks such a cell "completed" with no error, so the last cell that
    started is marked "failed" here and given an error output, and the notebook's
    papermill metadata records the exception.
    """
    import nbformat
    from nbformat.v4 import new_output

    try:
        nb = nbformat.read(output, as_version=4)
    except Exception:  # the partial file may be missing or unreadable after a crash
        return None
    started = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.get("metadata", {}).get("papermill", {}).get("start_time")
    ]
    if not started:
        return None
    index = started[-1]
    cell = nb.cells[index]
    cell.metadata.setdefault("papermill", {}).update(status="failed", exception=True)
    if cell.get("cell_type") == "code":
        cell.outputs.append(new_output("error", ename=error_name, evalue=message, traceback=[]))
    nb.metadata.setdefault("papermill", {})["exception"] = True
    nbformat.write(nb, output)
    return index


class PapermillExecutor:
    """Runs a notebook with papermill in a fresh kernel of this environment."""

    def execute(
        self,
        notebook: str,
        source: Path,
        output: Path,
        parameters: dict[str, Any],
        *,
        timeout_s: int,
        cwd: Path,
        on_cell: CellHook | None = None,
    ) -> Execution:
        import papermill as pm
        from nbclient.exceptions import CellTimeoutError, DeadKernelError
        from papermill.exceptions import PapermillExecutionError

        start = time.perf_counter()
        failure = None
        try:
            pm.execute_notebook(
                str(source),
                str(output),
                parameters=parameters,
                kernel_name="python3",
                progress_bar=False,
                cwd=str(cwd),
                execution_timeout=timeout_s,
                kernel_manager_class=project_kernel_manager(),
                shutdown_kernel="immediate",
                **(cell_hooks(on_cell) if on_cell is not None else {}),
            )
        except PapermillExecutionError as exc:
            # the whole message: an InputError lists every problem, one per line
            failure = NotebookFailure(notebook, exc.cell_index, exc.ename, _message(exc.evalue))
        except CellTimeoutError as exc:
            message = f"a cell ran longer than {timeout_s} s ({_first_line(exc)})"
            failure = NotebookFailure(
                notebook,
                _mark_failed(output, "CellTimeoutError", message),
                "CellTimeoutError",
                message,
            )
        except DeadKernelError as exc:
            message = f"the kernel died ({_first_line(exc)})"
            failure = NotebookFailure(
                notebook,
                _mark_failed(output, "DeadKernelError", message),
                "DeadKernelError",
                message,
            )
        except Exception as exc:  # kernel start failures, unreadable notebooks, ...
            message = _first_line(exc)
            failure = NotebookFailure(
                notebook,
                _mark_failed(output, type(exc).__name__, message),
                type(exc).__name__,
                message,
            )
        if output.exists():
            _stable_injected_cell_id(output)
        return Execution(
            notebook=notebook,
            output=output,
            ok=failure is None,
            seconds=time.perf_counter() - start,
            failure=failure,
        )


def _stable_injected_cell_id(output: Path) -> None:
    """papermill gives its injected-parameters cell a random id; make it stable so that
    two runs of the same engagement render the same reports."""
    import nbformat

    nb = nbformat.read(output, as_version=4)
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"
    nbformat.write(nb, output)


def _first_line(value: object) -> str:
    text = str(value).strip()
    return text.splitlines()[0][:500] if text else ""


MAX_MESSAGE = 20_000


def _message(value: object) -> str:
    """An error's message, every line of it (cut at MAX_MESSAGE characters)."""
    text = str(value).strip()
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + " …"

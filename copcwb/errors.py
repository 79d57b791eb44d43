"""The exceptions of copcwb.

::

    CopcwbError                 base of everything copcwb raises on purpose
    ├── InputError              a spec or input file is unusable (CLI exit 2)
    ├── SpecError(InputError)   the engagement.yaml itself is wrong
    ├── AnalysisError           the data are valid but an analysis cannot be done
    └── RunError                a notebook failed while running (CLI exit 1)

The CLI prints ``str(error)`` and never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class CopcwbError(Exception):
    """Base class of every error copcwb raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem found in one input: where it is, what is wrong, and how to fix it."""

    file: str
    problem: str
    column: str | None = None
    rows: Sequence[int] = ()
    n_rows: int = 0
    examples: Sequence[str] = ()
    fix: str = ""
    severity: str = "error"

    def describe(self) -> str:
        parts = [f"{self.file}"]
        if self.column:
            parts.append(f"column '{self.column}'")
        if self.rows:
            shown = ", ".join(str(r) for r in list(self.rows)[:5])
            more = self.n_rows - min(len(self.rows), 5)
            parts.append(f"rows {shown}" + (f" (+{more} more)" if more > 0 else ""))
        text = ": ".join([", ".join(parts), self.problem])
        if self.examples:
            text += " (e.g. " + ", ".join(repr(e) for e in list(self.examples)[:3]) + ")"
        if self.fix:
            text += f". Fix: {self.fix}"
        return text


class InputError(CopcwbError):
    """An input (engagement spec or data file) is unusable.

    ``problems`` lists every problem found, so a user can fix them all at once.
    """

    def __init__(self, problems: Problem | Iterable[Problem] | str, *, file: str = "") -> None:
        if isinstance(problems, str):
            problems = [Problem(file=file or "input", problem=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__(self._message())

    def _message(self) -> str:
        if len(self.problems) == 1:
            return self.problems[0].describe()
        lines = [f"{len(self.problems)} problems found:"]
        lines += [f"  - {p.describe()}" for p in self.problems]
        return "\n".join(lines)


class SpecError(InputError):
    """The engagement spec (engagement.yaml) is invalid."""


class AnalysisError(CopcwbError):
    """The inputs are valid but the analysis cannot be carried out (e.g. separation)."""


@dataclass
class NotebookFailure:
    """Where and how a notebook failed."""

    notebook: str
    cell_index: int | None
    error_name: str
    error_value: str
    kept_at: str | None = None

    def describe(self) -> str:
        where = f"cell {self.cell_index}" if self.cell_index is not None else "kernel"
        return f"{self.notebook}: {where}: {self.error_name}: {self.error_value}"


class RunError(CopcwbError):
    """One or more notebooks of a run failed."""

    def __init__(self, message: str, failures: Sequence[NotebookFailure] = ()) -> None:
        self.failures = list(failures)
        super().__init__(message)

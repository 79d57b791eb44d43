"""The rows a problem names: the spreadsheet row numbers a mask picks, and the
``Problem`` that names the first few of them and counts the rest."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from copcwb.errors import Problem

MAX_ROWS_SHOWN = 5
MAX_EXAMPLES = 3


def flagged_rows(mask: pd.Series) -> list[int]:
    """The index labels (spreadsheet row numbers) where ``mask`` is True, in order."""
    return [int(i) for i in mask[mask].index]


def rows_problem(
    file: str,
    column: str | None,
    mask: pd.Series,
    problem: str,
    fix: str,
    examples: Iterable[object] = (),
) -> Problem:
    """A problem of the rows where ``mask`` is True: the first ``MAX_ROWS_SHOWN`` of them,
    how many there are, and up to ``MAX_EXAMPLES`` examples as text."""
    return listed_rows_problem(file, column, flagged_rows(mask), problem, fix, examples)


def listed_rows_problem(
    file: str,
    column: str | None,
    rows: list[int],
    problem: str,
    fix: str,
    examples: Iterable[object] = (),
) -> Problem:
    """A problem of the spreadsheet rows ``rows`` (in order): the first
    ``MAX_ROWS_SHOWN`` of them, how many there are, and up to ``MAX_EXAMPLES`` examples."""
    return Problem(
        file=file,
        column=column,
        rows=rows[:MAX_ROWS_SHOWN],
        n_rows=len(rows),
        problem=problem,
        examples=[str(e) for e in examples][:MAX_EXAMPLES],
        fix=fix,
    )

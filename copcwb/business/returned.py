"""Reading an action plan workbook as the client returns it.

The client may have changed statuses, done-on dates, comments, owners and due dates,
reordered the rows, and typed a status in any of the report languages or as its id.
Every problem of the file is reported at once, as one ``InputError`` naming the file,
the column and the Excel row numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pandas as pd

from copcwb.business.plan import (
    ACTION_CLASSES,
    ACTION_COLUMNS,
    DATE_COLUMNS,
    REQUIRED_COLUMNS,
    STATUSES,
    class_id,
    class_label,
    status_id,
    status_label,
)
from copcwb.errors import InputError, Problem

_FIRST_DATA_ROW = 2
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_ISO_DAY = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


def _open_sheet(path: Path):
    """The plan's sheet (named "actions", else the first), or InputError."""
    from openpyxl import load_workbook

    fix = "return the action plan as the Excel workbook (.xlsx) it was sent as"
    if not path.is_file():
        raise InputError(Problem(file=str(path), problem="the file does not exist", fix=fix))
    if path.suffix.lower() != ".xlsx":
        raise InputError(Problem(file=str(path), problem="not an Excel workbook (.xlsx)", fix=fix))
    try:
        workbook = load_workbook(path, data_only=True)
    except Exception as exc:  # zip, XML and openpyxl errors alike: not a readable workbook
        raise InputError(
            Problem(
                file=str(path),
                problem=f"not a readable Excel workbook ({type(exc).__name__})",
                fix=fix,
            )
        ) from None
    return workbook["actions"] if "actions" in workbook.sheetnames else workbook.worksheets[0]


def _header(sheet, file: str) -> tuple[dict[str, int], list[Problem]]:
    """{column id: 0-based position} of the header row, and its problems."""
    first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    names = [str(v).strip().lower() if v is not None else "" for v in first]
    positions: dict[str, int] = {}
    problems = []
    for index, name in enumerate(names):
        if name in positions:
            problems.append(
                Problem(
                    file=file,
                    column=name,
                    rows=[1],
                    n_rows=1,
                    problem="the column appears twice in the header row",
                    fix="keep one column of that name",
                )
            )
        elif name:
            positions[name] = index
    missing = [c for c in REQUIRED_COLUMNS if c not in positions]
    for column in missing:
        problems.append(
            Problem(
                file=file,
                column=column,
                rows=[1],
                n_rows=1,
                problem="a required column is missing from the header row",
                fix=f"row 1 must hold the column ids {', '.join(ACTION_COLUMNS[:9])} "
                "as the plan was sent; restore the column",
            )
        )
    return positions, problems


def _rows(sheet, positions: dict[str, int]) -> list[tuple[int, dict[str, object]]]:
    """(Excel row number, {column: cell value}) of every row that is not empty."""
    rows = []
    for number, values in enumerate(
        sheet.iter_rows(min_row=_FIRST_DATA_ROW, values_only=True), start=_FIRST_DATA_ROW
    ):
        cells = {c: values[i] if i < len(values) else None for c, i in positions.items()}
        if any(not _blank(v) for v in cells.values()):
            rows.append((number, cells))
    return rows


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value: object) -> dt.date | None:
    """A cell as a date (an Excel date, an Excel day number, or "YYYY-MM-DD" text);
    ValueError when it is none of them."""
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    found = _ISO_DAY.match(str(value).strip())
    if found is None:
        raise ValueError(value)
    return dt.date(int(found[1]), int(found[2]), int(found[3]))


def _number(value: object, *, whole: bool) -> float | int | None:
    if _blank(value):
        return None
    number = float(str(value).replace(",", "")) if isinstance(value, str) else float(value)
    if whole:
        if not number.is_integer():
            raise ValueError(value)
        return int(number)
    return number


class _Problems:
    """The rows with each (column, problem), gathered to one Problem each."""

    def __init__(self, file: str) -> None:
        self.file = file
        self._rows: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        self._examples: dict[tuple[str, str, str], list[str]] = defaultdict(list)

    def add(self, column: str, row: int, problem: str, fix: str, example: object = None) -> None:
        key = (column, problem, fix)
        self._rows[key].append(row)
        if example is not None and len(self._examples[key]) < 3:
            self._examples[key].append(str(example))

    def found(self) -> list[Problem]:
        return [
            Problem(
                file=self.file,
                column=column,
                rows=rows,
                n_rows=len(rows),
                problem=problem,
                fix=fix,
                examples=self._examples[(column, problem, fix)],
            )
            for (column, problem, fix), rows in self._rows.items()
        ]


def _known(problems: _Problems, column: str, row: int, value: object) -> str | None:
    """The id of a class or status cell; None (a problem added) when unknown."""
    if column == "status":
        found, known = status_id(value), ", ".join(status_label(s) for s in STATUSES)
    else:
        found, known = class_id(value), ", ".join(class_label(c) for c in ACTION_CLASSES)
    if found is None:
        what = "empty" if _blank(value) else "not a known value"
        problems.add(
            column,
            row,
            f"{column} is {what}",
            f"choose one of: {known} (or the same in the plan's language)",
            None if _blank(value) else value,
        )
    return found


def _priority(value: object) -> int | None:
    """1 (high), 2 (medium) or 3 (low); ValueError otherwise."""
    priority = _number(value, whole=True)
    if priority is not None and priority not in (1, 2, 3):
        raise ValueError(value)
    return priority  # type: ignore[return-value]


_CONVERTERS = {
    "value": lambda v: _number(v, whole=False),
    "priority": _priority,
    **dict.fromkeys(DATE_COLUMNS, _date),
}


def _parse_cell(problems: _Problems, column: str, row: int, value: object) -> object:
    if column in ("status", "action_class"):
        return _known(problems, column, row, value)
    convert = _CONVERTERS.get(column)
    if convert is None:
        return _text(value)
    try:
        return convert(value)
    except (TypeError, ValueError, OverflowError):
        fix = (
            "type the date as a date (e.g. 2026-11-30)"
            if column in DATE_COLUMNS
            else "type a number"
            if column == "value"
            else "type 1 (high), 2 (medium) or 3 (low)"
        )
        problems.add(column, row, f"{column} cannot be read", fix, value)
        return None


def _check_ids(problems: _Problems, records: list[tuple[int, dict]]) -> None:
    seen: dict[str, list[int]] = defaultdict(list)
    for row, record in records:
        if record["id"] == "":
            problems.add("id", row, "the id is empty", "give every action its id back")
        else:
            seen[record["id"]].append(row)
    for id_, rows in seen.items():
        if len(rows) > 1:
            for row in rows:
                problems.add(
                    "id", row, "the id appears more than once", "give each action one row", id_
                )


def _frame(records: list[tuple[int, dict]]) -> pd.DataFrame:
    frame = pd.DataFrame([r for _, r in records], columns=list(ACTION_COLUMNS))
    for column in DATE_COLUMNS:
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    frame["value"] = pd.to_numeric(frame["value"]).astype("float64")
    frame["priority"] = pd.array(frame["priority"], dtype="Int64")
    text_columns = [c for c in ACTION_COLUMNS if c not in (*DATE_COLUMNS, "value", "priority")]
    frame[text_columns] = (
        frame[text_columns].astype("object").where(frame[text_columns].notna(), "")
    )
    return frame.reset_index(drop=True)


def read_actions(path: str | Path) -> pd.DataFrame:
    """The action plan of the workbook ``path`` as the client returns it.

    Returns the ``ACTION_COLUMNS`` frame, in the workbook's row order, with ids (not
    labels) in action_class and status; dates (due, raised, done_on) as datetime64
    (NaT when empty), value float (NaN when empty), priority Int64, every other column
    text ("" when empty or absent from the file). Raises InputError listing every
    problem: not a readable .xlsx, a required column (id, finding, action_class,
    status) missing, an id empty or repeated, an unknown status or class, a date or
    number that cannot be read; each names the file, column and Excel rows.
    """
    path = Path(path)
    file = str(path)
    sheet = _open_sheet(path)
    positions, header_problems = _header(sheet, file)
    if header_problems:
        raise InputError(header_problems)
    problems = _Problems(file)
    records = []
    for row, cells in _rows(sheet, positions):
        record = {
            column: _parse_cell(problems, column, row, cells.get(column))
            for column in ACTION_COLUMNS
        }
        records.append((row, record))
    _check_ids(problems, records)
    found = problems.found()
    if found:
        raise InputError(found)
    return _frame(records)

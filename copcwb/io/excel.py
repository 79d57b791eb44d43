"""Excel workbooks: one sheet read as text, with merged cells reported.

Cells come back in the form a CSV export would hold them: numbers without a
trailing ``.0`` when whole, dates as ``YYYY-MM-DD`` and date-times as
``YYYY-MM-DD HH:MM:SS`` (to the second), times and durations as ``H:MM:SS``.
"""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import pandas as pd

from copcwb.errors import InputError, Problem

MAX_CELLS_NAMED = 5


def cell_text(value: object) -> str | None:
    """One cell value as text (None when empty)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        value = (pd.Timestamp(value).round("s")).to_pydatetime()
        if value.time() == dt.time(0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return f"{value.hour}:{value.minute:02d}:{value.second:02d}"
    if isinstance(value, dt.timedelta):
        seconds = round(value.total_seconds())
        sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
        return f"{sign}{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return str(value)


def _open(path: Path, *, read_only: bool):
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, data_only=True, read_only=read_only)
    except Exception as exc:  # openpyxl raises many kinds for a broken or old workbook
        old = path.suffix.lower() == ".xls"
        raise InputError(
            Problem(
                file=str(path),
                problem="not readable as an Excel workbook"
                + (" (the old .xls format)" if old else f": {str(exc).strip()[:200]}"),
                fix="open it in Excel and save it again as .xlsx (Excel Workbook)",
            )
        ) from None


def _sheet(workbook, path: Path, sheet: str | int | None):
    sheets = workbook.worksheets
    names = [ws.title for ws in sheets]
    if not sheets:
        raise InputError(
            Problem(file=str(path), problem="the workbook has no worksheet", fix="export again")
        )
    if sheet is None:
        return sheets[0]
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if 0 <= sheet < len(sheets):
            return sheets[sheet]
        if str(sheet) in names:
            return sheets[names.index(str(sheet))]
    else:
        wanted = str(sheet)
        if wanted in names:
            return sheets[names.index(wanted)]
        folded = [n.strip().casefold() for n in names]
        if wanted.strip().casefold() in folded:
            return sheets[folded.index(wanted.strip().casefold())]
    listed = ", ".join(f"{i}: '{n}'" for i, n in enumerate(names))
    raise InputError(
        Problem(
            file=str(path),
            problem=f"there is no sheet {sheet!r}; the workbook has sheets {listed}",
            fix="declare sheet: with one of these names, or its 0-based index",
        )
    )


def _merged_problems(ws, path: Path, header_row: int) -> tuple[list[Problem], list[Problem]]:
    """Merged cells over the header row, and merged cells in the data below it."""
    header, body = [], []
    for cells in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        if cells.max_row < header_row:
            continue  # a merged title above the header is harmless
        (header if cells.min_row <= header_row else body).append(cells)
    in_header: list[Problem] = []
    in_body: list[Problem] = []
    if header:
        named = ", ".join(c.coord for c in header[:MAX_CELLS_NAMED])
        more = f" (+{len(header) - MAX_CELLS_NAMED} more)" if len(header) > MAX_CELLS_NAMED else ""
        in_header.append(
            Problem(
                file=str(path),
                rows=[header_row],
                n_rows=1,
                problem=f"merged header cells {named}{more} in sheet '{ws.title}': the columns "
                "under them have no header of their own",
                fix="unmerge these cells (Home > Merge & Center > Unmerge Cells) and give every "
                "column one header in a single row; declare header_row: if it is not row "
                f"{header_row}",
            )
        )
    if body:
        named = ", ".join(c.coord for c in body[:MAX_CELLS_NAMED])
        more = f" (+{len(body) - MAX_CELLS_NAMED} more)" if len(body) > MAX_CELLS_NAMED else ""
        rows = sorted({r for c in body for r in range(c.min_row + 1, c.max_row + 1)})
        in_body.append(
            Problem(
                file=str(path),
                rows=rows[:MAX_CELLS_NAMED],
                n_rows=len(rows),
                problem=f"merged cells {named}{more} in the data of sheet '{ws.title}': only "
                "the first row of each holds the value, the rows below it are empty",
                fix="unmerge the cells and fill the value into every row (select, Unmerge "
                "Cells, then fill down)",
            )
        )
    return in_header, in_body


def read_sheet(
    path: Path, *, sheet: str | int | None = None, header_row: int = 1
) -> tuple[pd.DataFrame, str, list[Problem]]:
    """The sheet's rows from ``header_row`` on, as text, the name of the sheet read and
    the merged cells in the data as problems; merged header cells raise InputError at once."""
    workbook = _open(path, read_only=False)
    ws = _sheet(workbook, path, sheet)
    header_merged, problems = _merged_problems(ws, path, header_row)
    if header_merged:
        raise InputError(header_merged)
    rows = [
        [cell_text(v) for v in row]
        for row in ws.iter_rows(min_row=header_row, max_col=ws.max_column, values_only=True)
    ]
    workbook.close()
    if not rows or all(v is None for row in rows for v in row):
        raise InputError(
            Problem(
                file=str(path),
                problem=f"sheet '{ws.title}' is empty"
                + (f" from row {header_row} on" if header_row > 1 else ""),
                fix="choose the sheet with the data (sheet:) or export the data again",
            )
        )
    width = max(len(r) for r in rows)
    frame = pd.DataFrame([r + [None] * (width - len(r)) for r in rows], dtype=object)
    return frame, ws.title, problems


def first_rows(path: Path, *, sheet: str | int | None = None, n: int = 30) -> list[list[str]]:
    """The first ``n`` rows of the sheet as text (empty cells as '')."""
    workbook = _open(path, read_only=True)
    try:
        ws = _sheet(workbook, path, sheet)
        return [
            ["" if v is None else cell_text(v) or "" for v in row]
            for row in ws.iter_rows(max_row=n, values_only=True)
        ]
    finally:
        workbook.close()

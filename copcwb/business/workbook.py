"""The action plan as an Excel workbook (actions.xlsx) the client keeps up to date.

One sheet: row 1 holds the column ids of ``ACTION_COLUMNS`` (machine-readable, so the
returned file reads back whatever language it was written in), one action per row
below. Action classes and statuses show their labels in the engagement's language;
the status column offers its three labels in a drop-down list. ``read_actions``
(``copcwb.business.returned``) reads a returned workbook back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from pathlib import Path

import pandas as pd

from copcwb.business.plan import (
    ACTION_CLASSES,
    ACTION_COLUMNS,
    DATE_COLUMNS,
    STATUSES,
    class_label,
    status_label,
)
from copcwb.business.returned import read_actions
from copcwb.i18n.formats import is_missing

__all__ = [
    "ACTION_CLASSES",
    "ACTION_COLUMNS",
    "SHEET",
    "STATUSES",
    "read_actions",
    "write_actions",
]

SHEET = "actions"
#: the public columns of the workbook (the first nine of ACTION_COLUMNS)
PUBLIC_COLUMNS = ACTION_COLUMNS[:9]
_WIDTHS = {"id": 9, "finding": 60, "evidence": 40, "value_basis": 40, "comment": 40}
_WIDE_TEXT = ("finding", "evidence", "value_basis", "comment")
_DATE_FORMAT = "yyyy-mm-dd"
_MONEY_FORMAT = "#,##0"


def _as_date(value: object) -> dt.date | None:
    if is_missing(value) or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(str(value)).date()


def _cell_value(column: str, value: object, lang: str) -> object:
    """What the cell of ``column`` holds: a label for classes and statuses, a date for
    dates, a number for value and priority, text otherwise ("" when missing)."""
    if column in DATE_COLUMNS:
        return _as_date(value)
    if is_missing(value):
        return None
    if column == "action_class":
        return class_label(str(value), lang)
    if column == "status":
        return status_label(str(value), lang)
    if column == "value":
        return float(value)  # type: ignore[arg-type]
    if column == "priority":
        return int(value)  # type: ignore[call-overload]
    return str(value)


def _checked(actions: pd.DataFrame) -> pd.DataFrame:
    """The plan in ACTION_COLUMNS order (optional columns added empty); ValueError
    when a public column is missing or a class or status is not an id."""
    missing = [c for c in PUBLIC_COLUMNS if c not in actions.columns]
    if missing:
        raise ValueError(f"the action plan lacks the columns {', '.join(missing)}")
    unknown = {
        column: sorted(set(actions[column].dropna()) - set(known))
        for column, known in (("action_class", ACTION_CLASSES), ("status", STATUSES))
    }
    unknown = {column: values for column, values in unknown.items() if values}
    if unknown:
        raise ValueError(f"unknown ids in the action plan: {unknown}")
    return actions.reindex(columns=list(ACTION_COLUMNS))


def _status_list(lang: str):
    """The drop-down of the status column: the three status labels of ``lang``."""
    from openpyxl.worksheet.datavalidation import DataValidation

    labels = [status_label(s, lang) for s in STATUSES]
    if any("," in label or '"' in label for label in labels):
        raise ValueError(f"status labels of {lang} cannot be listed in a drop-down: {labels}")
    return DataValidation(
        type="list",
        formula1='"' + ",".join(labels) + '"',
        allow_blank=False,
        showDropDown=False,  # False shows the in-cell arrow (the attribute is inverted)
        showErrorMessage=False,  # a typed status in another language stays possible
    )


def _sheet(workbook, plan: pd.DataFrame, lang: str) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = workbook.active
    ws.title = SHEET
    ws.append(list(ACTION_COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for record in plan.to_dict(orient="records"):
        ws.append([_cell_value(c, record[c], lang) for c in ACTION_COLUMNS])
    ws.freeze_panes = "A2"
    last = ws.max_row
    for index, column in enumerate(ACTION_COLUMNS, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = _WIDTHS.get(column, 16)
        for (cell,) in ws.iter_rows(min_row=2, max_row=last, min_col=index, max_col=index):
            if column in DATE_COLUMNS:
                cell.number_format = _DATE_FORMAT
            elif column == "value":
                cell.number_format = _MONEY_FORMAT
            elif column in _WIDE_TEXT:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    if last >= 2:
        status = get_column_letter(ACTION_COLUMNS.index("status") + 1)
        validation = _status_list(lang)
        validation.add(f"{status}2:{status}{last}")
        ws.add_data_validation(validation)


def _place(tmp: Path, path: Path, overwrite: bool) -> None:
    """Move the finished ``tmp`` to ``path``: never over an existing file unless
    ``overwrite`` (a hard link claims the name atomically where links exist)."""
    if overwrite:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise FileExistsError(f"{path} exists already; give overwrite=True to replace it") from None
    except OSError:  # no hard links on this file system
        if path.exists():
            raise FileExistsError(f"{path} exists already") from None
        os.replace(tmp, path)
        return
    tmp.unlink()


def _default_mode() -> int:
    """The mode a new file gets under the process's umask (0o666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_actions(
    actions: pd.DataFrame, path: str | Path, *, language: str = "en", overwrite: bool = False
) -> Path:
    """Write the action plan ``actions`` (columns of ``ACTION_COLUMNS``, classes and
    statuses as ids; the first nine columns required) to the workbook ``path``.

    Row 1 holds the column ids; classes and statuses show their labels in
    ``language``; dates are Excel dates; the status column has a drop-down of the
    three status labels. The file is written next to ``path`` under a temporary name,
    then renamed; an existing file raises FileExistsError unless ``overwrite``.
    """
    from openpyxl import Workbook

    path = Path(path)
    plan = _checked(actions)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists already; give overwrite=True to replace it")
    workbook = Workbook()
    _sheet(workbook, plan, language)
    handle, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".xlsx", dir=path.parent)
    os.close(handle)
    tmp = Path(name)
    try:
        workbook.save(tmp)
        os.chmod(tmp, _default_mode())  # a temporary file is private; the workbook is not
        _place(tmp, path, overwrite)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return path

"""Read a client's table file (CSV, Excel or Parquet) into a DataFrame of text.

Every cell comes back as a string (or missing), so that validation, not the
reader, decides what is a number or a date and can name the rows that are not.
The index of the frame is the row number a user sees in a spreadsheet or text
editor (the header is row ``header_row``).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from copcwb.errors import InputError, Problem
from copcwb.io.excel import first_rows, read_sheet

_FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".tab": "csv",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".xls": "excel",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
# A declared encoding that fails is retried with the codec its files usually really use.
_SUPERSETS = {
    "big5": ("cp950", "big5hkscs"),
    "cp950": ("big5hkscs",),
    "gbk": ("gb18030",),
    "gb2312": ("gbk", "gb18030"),
    "utf-8": ("utf-8-sig",),
}


@dataclass(frozen=True)
class ReadInfo:
    """How a file was read; recorded in the run manifest.

    ``empty_rows`` lists the row numbers of empty rows between data rows that
    were skipped (trailing empty rows are dropped without notice).
    """

    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | int | None = None
    header_row: int = 1
    empty_rows: tuple[int, ...] = field(default=())

    def as_dict(self) -> dict:
        out: dict = {"format": self.format}
        for name in ("encoding", "delimiter", "sheet"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        out["header_row"] = self.header_row
        if self.empty_rows:
            out["empty_rows"] = list(self.empty_rows)
        return out

    @classmethod
    def from_dict(cls, values: dict) -> ReadInfo:
        """The ``ReadInfo`` whose :meth:`as_dict` gave ``values``."""
        return cls(
            format=values["format"],
            encoding=values.get("encoding"),
            delimiter=values.get("delimiter"),
            sheet=values.get("sheet"),
            header_row=int(values.get("header_row", 1)),
            empty_rows=tuple(int(r) for r in values.get("empty_rows", ())),
        )


@dataclass
class TextTable:
    """A table read as text, how it was read, and the problems found while reading."""

    frame: pd.DataFrame
    info: ReadInfo
    problems: list[Problem] = field(default_factory=list)


def file_format(path: Path, declared: str | None = None) -> str:
    """csv, excel or parquet, from the declared format or the file extension."""
    if declared:
        return declared
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            Problem(
                file=str(path),
                problem=f"unknown file type '{path.suffix}'",
                fix="save it as .csv, .xlsx or .parquet, or declare format: in engagement.yaml",
            )
        )
    return fmt


#: how much of the start of a file encoding detection looks at
SAMPLE_BYTES = 1_000_000
#: what charset_normalizer is asked about, when the rules before it did not decide
_NORMALIZER_BYTES = 200_000


def detect_encoding(raw: bytes) -> str:
    """The text encoding of ``raw`` (the start of a file, or all of it), decided from
    its first ``SAMPLE_BYTES``: a BOM wins, then UTF-16 without BOM, strict UTF-8, then
    the strict decode with cp950, gbk, big5hkscs or gb18030 that reads as the most
    ordinary Chinese (``copcwb.io.cjk``, which leaves text that reads as Western
    cp1252 alone), then what charset_normalizer finds among those and cp1252, then
    that Chinese decode after all when charset_normalizer finds nothing. A character cut by the
    end of the sample does not count against a codec. Raises UnicodeError when
    nothing fits."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = raw[:SAMPLE_BYTES]
    head = sample[:4000]
    if len(head) >= 4 and head.count(0) >= len(head) // 4:
        odd, even = head[1::2].count(0), head[0::2].count(0)
        if odd > 2 * even:
            return "utf-16-le"
        if even > 2 * odd:
            return "utf-16-be"
    from copcwb.io.cjk import best_reading, chinese_codec, strict_decode

    if strict_decode(sample, "utf-8") is not None:
        return "utf-8"
    chinese = chinese_codec(sample)
    if chinese is not None:
        return chinese
    from charset_normalizer import from_bytes

    best = from_bytes(
        sample[:_NORMALIZER_BYTES], cp_isolation=["cp950", "big5", "gbk", "gb18030", "cp1252"]
    ).best()
    if best is not None:
        return best.encoding
    reading = best_reading(sample)  # Latin-looking text that is no cp1252 either
    if reading is not None:
        return reading.codec
    raise UnicodeError("no known encoding fits")


def read_problem(path: Path, raw: bytes, declared: str | None) -> Problem:
    """The problem of a file whose text fits neither the ``declared`` encoding (and the
    codecs its files usually really use) nor, undeclared, any known encoding; ``raw`` is
    (a sample of) the file, for guessing what it is."""
    if declared:
        try:
            guess = f" (it looks like {detect_encoding(raw)})"
        except (UnicodeError, LookupError):
            guess = ""
        return Problem(
            file=str(path),
            problem=f"cannot decode the text as {declared}{guess}",
            fix="correct encoding: for this input in engagement.yaml (utf-8, utf-8-sig, "
            "utf-16, big5, gbk), or remove it to detect the encoding",
        )
    return Problem(
        file=str(path),
        problem="cannot decode the text in any known encoding",
        fix="declare encoding: (utf-8, utf-8-sig, utf-16, big5, gbk) for this input in "
        "engagement.yaml, or re-save the file as UTF-8",
    )


def _decode(path: Path, raw: bytes, declared: str | None) -> tuple[str, str]:
    if declared:
        for codec in (declared, *_SUPERSETS.get(declared.lower().replace("_", "-"), ())):
            try:
                return raw.decode(codec), codec
            except LookupError:
                raise InputError(unknown_encoding(path, declared)) from None
            except UnicodeError:
                continue
        raise InputError(read_problem(path, raw, declared))
    try:
        encoding = detect_encoding(raw)
        return raw.decode(encoding), encoding
    except (UnicodeError, LookupError):
        raise InputError(read_problem(path, raw, None)) from None


def _field_counts(lines: list[str], delimiter: str) -> list[int]:
    try:
        return [len(row) for row in csv.reader(lines, delimiter=delimiter) if row]
    except csv.Error:
        return []


def detect_delimiter(text: str, header_row: int = 1) -> str:
    """The delimiter that splits the header and the first rows into the same number
    of fields most consistently (comma, semicolon, tab or pipe)."""
    lines = text.splitlines()[header_row - 1 : header_row + 29]
    best, best_score = ",", (0.0, 0)
    for delimiter in _DELIMITERS:
        counts = _field_counts(lines, delimiter)
        if not counts:
            continue
        mode, n = Counter(counts).most_common(1)[0]
        if mode < 2:
            continue
        score = (round(n / len(counts), 2), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based column index: 0 -> A, 27 -> AB."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


#: how pandas' parser reads a CSV: every cell as text, blank lines kept (they are rows
#: of the spreadsheet), nothing taken for missing until the cells are cleaned
CSV_OPTIONS = {
    "dtype": str,
    "header": None,
    "keep_default_na": False,
    "na_filter": False,
    "skip_blank_lines": False,
    "skipinitialspace": True,
}


def unknown_encoding(path: Path, declared: str) -> Problem:
    return Problem(
        file=str(path),
        problem=f"unknown encoding '{declared}'",
        fix="declare one of utf-8, utf-8-sig, utf-16, big5, gbk",
    )


def csv_problem(file: str, exc: Exception, sep: str) -> Problem:
    """The problem of a CSV file pandas' parser failed on: the row with too many fields,
    or what the parser said."""
    if isinstance(exc, pd.errors.ParserError):
        found = _FIELDS.search(str(exc))
        if found:
            expected, line, saw = (int(x) for x in found.groups())
            return Problem(
                file=file,
                rows=[line],
                n_rows=1,
                problem=f"row {line} has {saw} fields but the header row has {expected} "
                f"(delimiter: {_DELIMITER_NAMES.get(sep, repr(sep))})",
                fix="quote values that contain the delimiter, declare delimiter: if it is "
                "another character, or declare header_row: if the header is further down",
            )
        return Problem(
            file=file,
            problem=f"not readable as CSV: {str(exc).strip()}",
            fix="check the delimiter (declare delimiter:) and the quoting of values",
        )
    return Problem(  # the C parser has a few more failure modes (NUL bytes, ...)
        file=file,
        problem=f"not readable as CSV: {str(exc).strip() or type(exc).__name__}",
        fix="export the file again as plain CSV text",
    )


def _read_csv(
    path: Path, raw: bytes, encoding: str | None, delimiter: str | None, header_row: int
) -> tuple[pd.DataFrame, ReadInfo]:
    text, used = _decode(path, raw, encoding)
    sep = delimiter or detect_delimiter(text, header_row)
    if sep in ("\\t", "tab"):
        sep = "\t"
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, skiprows=header_row - 1, **CSV_OPTIONS)
    except pd.errors.EmptyDataError:
        frame = pd.DataFrame()
    except Exception as exc:
        raise InputError(csv_problem(str(path), exc, sep)) from None
    return frame, ReadInfo(format="csv", encoding=used, delimiter=sep, header_row=header_row)


def _parquet_text(column: pd.Series) -> pd.Series:
    """One Parquet column as text in the same form a CSV export would hold."""
    present = column.notna()
    if pd.api.types.is_bool_dtype(column):
        text = column.map({True: "1", False: "0"})
    elif pd.api.types.is_float_dtype(column):
        text = column.astype("string")
        whole = present & (column % 1 == 0) & (column.abs() < 1e15)
        if whole.any():
            text[whole] = column[whole].astype("int64").astype("string")
    elif isinstance(column.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(column):
        text = column.astype("string").str.replace(" 00:00:00", "", regex=False)
    else:
        text = column.astype("string")
    return text.astype(object).where(present, None)


def _read_parquet(path: Path) -> tuple[pd.DataFrame, ReadInfo]:
    try:
        table = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many kinds for a broken file
        raise InputError(
            Problem(
                file=str(path),
                problem=f"not readable as Parquet: {str(exc).strip()[:200]}",
                fix="export the file again as Parquet, or as CSV or .xlsx",
            )
        ) from None
    table = table.reset_index(drop=isinstance(table.index, pd.RangeIndex))
    header = pd.DataFrame([[str(c) for c in table.columns]], columns=range(table.shape[1]))
    body = pd.DataFrame(
        {i: _parquet_text(table.iloc[:, i]) for i in range(table.shape[1])},
        columns=range(table.shape[1]),
    )
    return pd.concat([header, body], ignore_index=True), ReadInfo(format="parquet")


def clean_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as stripped text, empty or missing cells as None (columns kept)."""
    cells = frame.to_numpy(dtype=object)
    cleaned = [
        (v.strip() or None) if isinstance(v, str) else (None if v is None or v != v else str(v))
        for v in cells.ravel().tolist()
    ]
    return pd.DataFrame(
        np.array(cleaned, dtype=object).reshape(cells.shape),
        columns=frame.columns,
        index=frame.index,
        dtype=object,
    )


def header_names(
    headers: list[str | None], filled: list[bool], file: str
) -> tuple[list[int], list[str], list[Problem]]:
    """The positions of the columns to keep, their names and the problems of the header:
    an unnamed column is kept (as "(column X)") only when ``filled`` says it holds data;
    a repeated header is reported and its second column left out."""
    problems: list[Problem] = []
    keep, names, seen = [], [], {}
    for i, header in enumerate(headers):
        name = "" if header is None else str(header)
        if not name:
            if not filled[i]:
                continue
            name = f"(column {column_letter(i)})"
        if name in seen:
            problems.append(
                Problem(
                    file=file,
                    column=name,
                    problem=f"the header '{name}' appears in columns {column_letter(seen[name])} "
                    f"and {column_letter(i)}",
                    fix="rename or delete one of the two columns",
                )
            )
            continue
        seen[name] = i
        keep.append(i)
        names.append(name)
    return keep, names, problems


def _finish(frame: pd.DataFrame, info: ReadInfo, file: str) -> TextTable:
    """Header from the first row; values stripped, empty cells missing; empty rows and
    unnamed empty columns dropped; duplicate headers reported."""
    if frame.shape[0] == 0 or frame.shape[1] == 0:
        return TextTable(pd.DataFrame(), info, [])
    frame = clean_cells(frame.set_axis(range(frame.shape[1]), axis=1))
    headers = list(frame.iloc[0])
    body = frame.iloc[1:].copy()
    body.index = pd.RangeIndex(info.header_row + 1, info.header_row + len(body) + 1)
    filled = body.notna().any(axis=0).tolist()
    keep, names, problems = header_names(headers, filled, file)
    body = body.iloc[:, keep]
    body.columns = names
    empty = body.isna().all(axis=1)
    empty_rows: tuple[int, ...] = ()
    if empty.any():
        filled_rows = empty[~empty]
        last = filled_rows.index.max() if len(filled_rows) else body.index.min() - 1
        empty_rows = tuple(int(r) for r in empty[empty].index if r < last)
        body = body[~empty]
    if empty_rows:
        info = replace(info, empty_rows=empty_rows)
    return TextTable(body.astype(object), info, problems)


def read_options(spec) -> dict:
    """How an input's spec (an ``InputSpec``) says to read its file: format, encoding,
    delimiter, sheet and header row, as keyword arguments of :func:`load_table`."""
    names = ("format", "encoding", "delimiter", "sheet", "header_row")
    return {name: getattr(spec, name) for name in names}


def load_table(
    path: Path,
    *,
    format: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | int | None = None,
    header_row: int = 1,
) -> TextTable:
    """Read ``path`` with every cell as text; raise InputError when it cannot be read.

    Problems that do not stop the reading (merged data cells, duplicate headers) are
    returned with the table so they can be reported with the rest.
    """
    path = Path(path)
    fmt = file_format(path, format)
    if not path.is_file():
        raise InputError(
            Problem(
                file=str(path), problem="file not found", fix="check the path in engagement.yaml"
            )
        )
    if path.stat().st_size == 0:
        raise InputError(
            Problem(
                file=str(path),
                problem="the file is empty",
                fix="export the data again; the file has no header and no rows",
            )
        )
    problems: list[Problem] = []
    if fmt == "csv":
        frame, info = _read_csv(path, path.read_bytes(), encoding, delimiter, header_row)
    elif fmt == "excel":
        frame, title, problems = read_sheet(path, sheet=sheet, header_row=header_row)
        info = ReadInfo(format="excel", sheet=title, header_row=header_row)
    elif fmt == "parquet":
        frame, info = _read_parquet(path)
    else:
        raise InputError(
            Problem(
                file=str(path),
                problem=f"unknown format '{fmt}'",
                fix="declare format: csv, excel or parquet",
            )
        )
    table = _finish(frame, info, str(path))
    table.problems[:0] = problems
    if table.frame.shape[1] == 0:
        where = f" below row {header_row - 1}" if header_row > 1 else ""
        raise InputError(
            Problem(
                file=str(path),
                problem=f"no header and no data{where}",
                fix="export the data again"
                + (", or correct header_row:" if header_row > 1 else ""),
            )
        )
    return table


def peek_rows(
    path: Path,
    *,
    format: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | int | None = None,
    n: int = 30,
) -> list[list[str]]:
    """The first ``n`` rows of ``path`` as lists of text (for suggesting a header row);
    empty when the file cannot be read that way."""
    path = Path(path)
    try:
        fmt = file_format(path, format)
        if fmt == "csv":
            text, _ = _decode(path, path.read_bytes(), encoding)
            lines = text.splitlines()[:n]
            sep = delimiter or detect_delimiter("\n".join(lines))
            return [list(row) for row in csv.reader(lines, delimiter=sep)]
        if fmt == "excel":
            return first_rows(path, sheet=sheet, n=n)
    except (InputError, csv.Error, OSError, ValueError):
        return []
    return []

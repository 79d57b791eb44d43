"""Read a client's table file (CSV, Excel or Parquet) into a DataFrame of text.

Every cell comes back as a string (or missing), so that validation, not the
reader, decides what is a number or a date and can name the rows that are not.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from copcwb.errors import InputError, Problem

_ENCODINGS = ("utf-8-sig", "utf-16", "cp950", "gbk")
_FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".xls": "excel",
    ".parquet": "parquet",
    ".pq": "parquet",
}


@dataclass(frozen=True)
class ReadInfo:
    """How a file was read; recorded in the run manifest."""

    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | int | None = None
    header_row: int = 1

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


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


def detect_encoding(raw: bytes) -> str:
    """The text encoding of ``raw``: a BOM wins, then strict UTF-8, then Big5/CP950, GBK."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(
        raw[:200_000], cp_isolation=["cp950", "big5", "gbk", "gb18030", "cp1252", "latin_1"]
    ).best()
    if best is None:
        raise UnicodeError("no known encoding fits")
    return best.encoding


def _decode(path: Path, raw: bytes, declared: str | None) -> tuple[str, str]:
    encoding = declared or None
    try:
        encoding = encoding or detect_encoding(raw)
        return raw.decode(encoding), encoding
    except (UnicodeError, LookupError):
        raise InputError(
            Problem(
                file=str(path),
                problem=f"cannot decode the text as {encoding or 'any known encoding'}",
                fix="declare encoding: (utf-8, utf-8-sig, utf-16, big5, gbk) for this input in "
                "engagement.yaml, or re-save the file as UTF-8",
            )
        ) from None


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def read_text_table(
    path: Path,
    *,
    format: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | int | None = None,
    header_row: int = 1,
) -> tuple[pd.DataFrame, ReadInfo]:
    """Read ``path`` with every cell as text; empty cells are missing (NA).

    Returns the frame (index = spreadsheet row number of each data row) and how it
    was read.
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
    skip = header_row - 1
    if fmt == "csv":
        raw = path.read_bytes()
        text, used = _decode(path, raw, encoding)
        sep = delimiter or _sniff_delimiter(text)
        import io

        try:
            frame = pd.read_csv(
                io.StringIO(text),
                sep=sep,
                dtype=str,
                keep_default_na=False,
                skiprows=skip,
                skipinitialspace=True,
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise InputError(
                Problem(
                    file=str(path),
                    problem=f"not readable as CSV: {exc}",
                    fix="check the delimiter (declare delimiter:) and quoting",
                )
            ) from None
        info = ReadInfo(format="csv", encoding=used, delimiter=sep, header_row=header_row)
    elif fmt == "excel":
        try:
            frame = pd.read_excel(
                path,
                sheet_name=0 if sheet is None else sheet,
                dtype=str,
                keep_default_na=False,
                skiprows=skip,
            )
        except ValueError as exc:
            raise InputError(
                Problem(
                    file=str(path),
                    problem=f"sheet not readable: {exc}",
                    fix="declare sheet: with the sheet's name or 0-based index",
                )
            ) from None
        except Exception as exc:  # openpyxl raises many kinds for a broken workbook
            raise InputError(
                Problem(
                    file=str(path),
                    problem=f"not readable as Excel: {exc}",
                    fix="open it in Excel and save it again as .xlsx",
                )
            ) from None
        info = ReadInfo(format="excel", sheet=0 if sheet is None else sheet, header_row=header_row)
    else:
        try:
            frame = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises many kinds for a broken file
            raise InputError(
                Problem(
                    file=str(path),
                    problem=f"not readable as Parquet: {exc}",
                    fix="export the file again",
                )
            ) from None
        frame = frame.astype("string").astype(object).where(frame.notna(), None)
        info = ReadInfo(format="parquet")
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.map(lambda v: v.strip() if isinstance(v, str) else v)
    frame = frame.replace({"": None}).astype(object)
    frame = frame.where(frame.notna(), None)
    frame.index = pd.RangeIndex(header_row + 1, header_row + 1 + len(frame))
    return frame, info

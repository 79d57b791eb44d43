"""A table file as a stream of text chunks, so that memory stays bounded by the chunk size.

Each chunk is a DataFrame of cleaned cells (stripped text, None for empty), positional
columns 0..n-1, indexed by the spreadsheet row number; the first row of the first chunk
is the header. CSV text
in another encoding than UTF-8 is transcoded to a temporary UTF-8 file in streaming
chunks (never held whole as Python text), then read by the engine (DuckDB's CSV reader)
or, when the file has blank lines or rows the engine's strict reader rejects, by pandas'
parser in chunks, which numbers rows the way a spreadsheet does and names bad rows.
Parquet is read in record batches; Excel (at most a million rows) is read whole.
"""

from __future__ import annotations

import codecs
import csv
import tempfile
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from copcwb.engine import connect
from copcwb.errors import InputError
from copcwb.io.tables import (
    _SUPERSETS,
    CSV_OPTIONS,
    ReadInfo,
    TextTable,
    _parquet_text,
    clean_cells,
    csv_problem,
    detect_delimiter,
    detect_encoding,
    file_format,
    load_table,
    read_problem,
    unknown_encoding,
)

CHUNK_ROWS = 200_000
SAMPLE_BYTES = 1 << 20
_BLOCK = 8 << 20
_UTF8 = {"utf-8", "utf8", "ascii"}


class EngineRejected(Exception):
    """The engine's strict CSV reader failed: read the file again with pandas' parser."""


@dataclass
class ChunkStream:
    """How the file is read, and a function that starts a fresh stream of its chunks
    (``fallback`` starts pandas' reader when the engine's rejects the file); a file read
    whole has no chunks but its finished ``table`` (header applied, cells cleaned)."""

    info: ReadInfo
    chunks: Callable[[], Iterator[pd.DataFrame]] | None
    fallback: Callable[[], Iterator[pd.DataFrame]] | None = None
    temporary: Path | None = None
    table: TextTable | None = None

    def close(self) -> None:
        if self.temporary is not None:
            self.temporary.unlink(missing_ok=True)


def _candidates(path: Path, declared: str | None) -> list[str]:
    if declared:
        try:
            codecs.lookup(declared)
        except LookupError:
            raise InputError(unknown_encoding(path, declared)) from None
        return [declared, *_SUPERSETS.get(declared.lower().replace("_", "-"), ())]
    found = []
    for sample in _samples(path):
        try:
            codec = detect_encoding(sample)
        except (UnicodeError, LookupError):
            continue
        if codec not in found:
            found.append(codec)
    return found


def _samples(path: Path) -> list[bytes]:
    """The first and the last SAMPLE_BYTES of the file, cut at whole lines where the file
    is longer (the encoding is detected from these)."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
        if size <= SAMPLE_BYTES:
            return [head]
        handle.seek(max(size - SAMPLE_BYTES, SAMPLE_BYTES))
        tail = handle.read()
    head = head[: head.rindex(b"\n") + 1] if b"\n" in head else head
    tail = tail[tail.index(b"\n") + 1 :] if b"\n" in tail else tail
    return [head, tail] if tail else [head]


#: what a blank line looks like in any line ending
_BLANK = ("\n\n", "\n\r\n", "\r\r")


def _pieces(path: Path, codec: str) -> Iterator[str]:
    """The file's text decoded strictly with ``codec``, block by block."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            yield decoder.decode(block)
    yield decoder.decode(b"", final=True)


def _scan(path: Path, codec: str, target: Path | None) -> bool:
    """Decode the whole file with ``codec`` (strictly, block by block), writing UTF-8 to
    ``target`` when given; return whether it holds blank lines. UnicodeError if it fails."""
    blank, tail = False, ""
    with target.open("w", encoding="utf-8", newline="") if target else nullcontext() as out:
        for text in _pieces(path, codec):
            window = tail + text
            blank = blank or any(mark in window for mark in _BLANK)
            tail = window[-2:]
            if out is not None:
                out.write(text)
    return blank


def _decoded(path: Path, declared: str | None) -> tuple[str, Path, bool, Path | None]:
    """(codec, UTF-8 file to read, has blank lines, temporary file to delete)."""
    for codec in _candidates(path, declared):
        plain = codec.lower().replace("_", "-") in _UTF8
        target = None if plain else Path(tempfile.mkstemp(prefix="copcwb-", suffix=".csv")[1])
        try:
            blank = _scan(path, codec, target)
        except UnicodeError:
            if target:
                target.unlink(missing_ok=True)
            continue
        return codec, (path if plain else target), blank, target
    with path.open("rb") as handle:
        raw = handle.read(SAMPLE_BYTES)
    raise InputError(read_problem(path, raw, declared))


def _header_fields(utf8: Path, sep: str, header_row: int) -> int:
    with utf8.open(encoding="utf-8", newline="") as handle:
        lines = handle.read(SAMPLE_BYTES).splitlines(keepends=True)[header_row - 1 :]
    first = next(csv.reader(lines, delimiter=sep), [])
    return max(len(first), 1)


#: what str.strip() strips (Unicode white space), for the engine's trim()
_SPACE = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())


def _engine_chunks(utf8: Path, sep: str, header_row: int, n: int, rows: int):
    """Chunks read by the engine, cells already cleaned (stripped, empty as None)."""
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(n)) + "}"
    space = _SPACE.replace("'", "''")
    cleaned = ", ".join(
        f"nullif(CASE WHEN contains('{space}', left(c{i}, 1)) OR contains('{space}', "
        f"right(c{i}, 1)) THEN trim(c{i}, '{space}') ELSE c{i} END, '') AS c{i}"
        for i in range(n)
    )
    quoted = str(utf8).replace("'", "''")
    delim = sep.replace("'", "''")
    sql = (
        f"SELECT {cleaned} FROM read_csv('{quoted}', header=false, auto_detect=false, "
        f"columns={columns}, delim='{delim}', quote='\"', escape='\"', "
        f"skip={header_row - 1}, strict_mode=true)"
    )
    start = header_row
    try:
        reader = connect().sql(sql).to_arrow_reader(rows)
        for batch in reader:
            frame = batch.to_pandas()
            frame.columns = range(n)
            frame.index = pd.RangeIndex(start, start + len(frame))
            start += len(frame)
            yield frame
    except duckdb.Error as exc:
        raise EngineRejected(str(exc)) from None


def _pandas_chunks(utf8: Path, sep: str, header_row: int, rows: int, file: str):
    start = header_row
    with utf8.open(encoding="utf-8", newline="") as handle:
        try:
            reader = pd.read_csv(
                handle, sep=sep, skiprows=header_row - 1, chunksize=rows, **CSV_OPTIONS
            )
            for frame in reader:
                frame.index = pd.RangeIndex(start, start + len(frame))
                start += len(frame)
                yield clean_cells(frame)
        except pd.errors.EmptyDataError:
            return
        except Exception as exc:
            raise InputError(csv_problem(file, exc, sep)) from None


def csv_stream(
    path: Path, encoding: str | None, delimiter: str | None, header_row: int, rows: int
) -> ChunkStream:
    """The chunks of a CSV file (see the module's docstring)."""
    codec, utf8, blank, temporary = _decoded(path, encoding)
    with utf8.open(encoding="utf-8", newline="") as handle:
        sample = handle.read(SAMPLE_BYTES)
    sep = delimiter or detect_delimiter(sample, header_row)
    if sep in ("\\t", "tab"):
        sep = "\t"
    info = ReadInfo(format="csv", encoding=codec, delimiter=sep, header_row=header_row)
    file = str(path)

    def fallback() -> Iterator[pd.DataFrame]:
        return _pandas_chunks(utf8, sep, header_row, rows, file)

    if blank or len(sep) != 1 or sep == '"':
        return ChunkStream(info, fallback, None, temporary)
    n = _header_fields(utf8, sep, header_row)

    def engine() -> Iterator[pd.DataFrame]:
        return _engine_chunks(utf8, sep, header_row, n, rows)

    return ChunkStream(info, engine, fallback, temporary)


def parquet_stream(path: Path, rows: int) -> ChunkStream | None:
    """The chunks of a Parquet file (its column names as the header row); None when the
    file stores a pandas index, which the whole-file reader turns into columns."""
    try:
        handle = pq.ParquetFile(path)
    except Exception:  # pyarrow raises many kinds for a broken file: the whole-file reader
        return None  # names the problem
    meta = handle.schema_arrow.pandas_metadata or {}
    if any(not isinstance(c, dict) for c in meta.get("index_columns", [])):
        return None

    def chunks() -> Iterator[pd.DataFrame]:
        names = [str(n) for n in handle.schema_arrow.names]
        yield clean_cells(
            pd.DataFrame([names], columns=range(len(names)), index=pd.RangeIndex(1, 2))
        )
        start = 2
        for batch in handle.iter_batches(batch_size=rows):
            table = batch.to_pandas()
            frame = pd.DataFrame(
                {i: _parquet_text(table.iloc[:, i]) for i in range(table.shape[1])},
            )
            frame.index = pd.RangeIndex(start, start + len(frame))
            start += len(frame)
            yield clean_cells(frame)

    return ChunkStream(ReadInfo(format="parquet"), chunks)


def whole_stream(path: Path, **how) -> ChunkStream:
    """Any readable file read whole (Excel, unusual Parquet), handed on as one chunk."""
    table = load_table(path, **how)
    return ChunkStream(table.info, None, table=table)


def open_stream(
    path: Path,
    *,
    format: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | int | None = None,
    header_row: int = 1,
    rows: int = CHUNK_ROWS,
) -> ChunkStream:
    """The file's chunk stream; InputError when it is missing, empty or unreadable."""
    fmt = file_format(path, format)
    if not path.is_file() or path.stat().st_size == 0 or fmt == "excel":
        return whole_stream(
            path,
            format=format,
            encoding=encoding,
            delimiter=delimiter,
            sheet=sheet,
            header_row=header_row,
        )
    if fmt == "csv":
        return csv_stream(path, encoding, delimiter, header_row, rows)
    return parquet_stream(path, rows) or whole_stream(path, format=format)

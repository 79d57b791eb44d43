"""Validate a large input (QA records, contact log, WFM intervals, journeys) chunk by
chunk, straight into its Parquet snapshot.

The checks and problems are those of a file read whole (``copcwb.io.validate``): each
chunk is mapped, parsed and checked, and the problems of all chunks are merged (rows
counted over the file, its first rows and examples kept). What needs the whole file runs
once at the end on the columns it needs: repeated keys (in the engine), the engagement
period, gaps in a queue's intervals, and total-like values that occur only once in the
file. Memory stays bounded by the chunk size whatever the length of the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from copcwb.errors import Problem
from copcwb.io import checks
from copcwb.io.chunk_checks import PARALLEL_BYTES, ChunkJob, checked_in_order
from copcwb.io.chunks import CHUNK_ROWS, ChunkStream, EngineRejected, open_stream
from copcwb.io.columns import InputKind
from copcwb.io.rows import MAX_EXAMPLES, MAX_ROWS_SHOWN
from copcwb.io.tables import ReadInfo, header_names, read_options
from copcwb.io.validate import header_only

#: the input kinds read this way: the row-level logs that can hold millions of rows
STREAMED_KINDS = frozenset({"qa", "contacts", "wfm", "journeys"})
_WFM_STEPS = ("queue", "interval_start", "interval_minutes")
#: optional columns a validated input always has (missing values when the file lacks them)
OPTIONAL_COLUMNS = {"qa": "error_code", "contacts": "reason", "calibration": "error_code"}


def with_optional(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """``frame`` with the optional column of ``kind`` added (all missing) when absent."""
    column = OPTIONAL_COLUMNS.get(kind)
    if column and column not in frame:
        frame[column] = None
    return frame


@dataclass
class StreamedInput:
    """The outcome of :func:`validate_streamed`: how the file was read, its rows and
    columns as validated, and every problem (the snapshot exists only without any)."""

    info: ReadInfo
    rows: int = 0
    columns: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def merge_problems(found: list[Problem]) -> list[Problem]:
    """Problems of the chunks of one file as the problems of the file: the same problem
    of several chunks becomes one, its rows counted over all, its first rows and first
    distinct examples kept. Order: first appearance."""
    merged: dict[tuple, Problem] = {}
    for p in found:
        key = (p.file, p.column, p.problem, p.fix, p.severity)
        if key not in merged:
            merged[key] = p
            continue
        m = merged[key]
        merged[key] = replace(
            m,
            rows=[*m.rows, *p.rows][:MAX_ROWS_SHOWN],
            n_rows=m.n_rows + p.n_rows,
            examples=list(dict.fromkeys([*m.examples, *p.examples]))[:MAX_EXAMPLES],
        )
    return list(merged.values())


@dataclass
class _Pass:
    """What one pass over the chunks collects."""

    kind: InputKind
    file: str
    spec: object
    timezone: str
    counts: dict | None = None
    problems: list[Problem] = field(default_factory=list)
    empty_rows: list[int] = field(default_factory=list)
    last_filled: int = 0
    rows: int = 0
    columns: list[str] = field(default_factory=list)
    words: dict[str, dict[str, int]] = field(default_factory=dict)
    local_once: set[tuple[str, str]] = field(default_factory=set)


def _lookahead(chunks: Iterator[pd.DataFrame]) -> Iterator[tuple[pd.DataFrame, bool]]:
    """Each chunk and whether it is the last."""
    previous = None
    for chunk in chunks:
        if previous is not None:
            yield previous, False
        previous = chunk
    if previous is not None:
        yield previous, True


def _bodies(stream: ChunkStream, factory, file: str, found: list[Problem]):
    """Cleaned body chunks with the file's column names (the header from the first row)."""
    if stream.table is not None:
        found += stream.table.problems
        yield stream.table.frame, True
        return
    keep = names = None
    for chunk, last in _lookahead(factory()):
        if keep is None:
            headers = list(chunk.iloc[0])
            filled = _filled(factory, headers)
            keep, names, problems = header_names(headers, filled, file)
            found += problems
            chunk = chunk.iloc[1:]
        body = chunk.iloc[:, keep]
        body.columns = names
        yield body, last


def _filled(factory, headers: list) -> list[bool]:
    """Whether each column holds any value below the header: a pass over the file, made
    only when some header is empty (an unnamed column is kept only when it has data)."""
    if all(h is not None for h in headers):
        return [True] * len(headers)
    unnamed = [i for i, h in enumerate(headers) if h is None]
    filled = [True] * len(headers)
    seen = {i: False for i in unnamed}
    for n, chunk in enumerate(factory()):
        part = chunk.iloc[1:] if n == 0 else chunk
        for i in unnamed:
            seen[i] = seen[i] or bool(part[i].notna().any())
    for i in unnamed:
        filled[i] = seen[i]
    return filled


class _Writers:
    """The snapshot (the typed rows, while no problem was found) and the staging file
    (row numbers and the columns the whole-file checks need)."""

    def __init__(self, target: Path, staging: Path, kind: InputKind) -> None:
        self.target, self.staging = target, staging
        period = checks.PERIOD_COLUMNS.get(kind.name)
        wanted = [*kind.key, *([period] if period else [])]
        wanted += list(_WFM_STEPS) if kind.name == "wfm" else []
        self.stage_columns = list(dict.fromkeys(wanted))
        self.snapshot: pq.ParquetWriter | None = None
        self.stage: pq.ParquetWriter | None = None
        self.schema: pa.Schema | None = None
        self.object_columns: list[str] = []
        self.broken = False

    def write(self, frame: pd.DataFrame, ok: bool) -> None:
        if self.schema is None:
            self.schema = _schema(frame)
            self.object_columns = [str(c) for c in frame.columns if frame[c].dtype == object]
            self.snapshot = pq.ParquetWriter(self.target, self.schema)
        staged = frame[[c for c in self.stage_columns if c in frame]].assign(_row=frame.index)
        table = pa.Table.from_pandas(staged, preserve_index=False)
        if self.stage is None:
            self.stage = pq.ParquetWriter(self.staging, _schema(staged))
        self.stage.write_table(table.cast(self.stage.schema))
        if ok and not self.broken:
            self.snapshot.write_table(
                pa.Table.from_pandas(frame, preserve_index=False, schema=self.schema)
            )
        else:
            self.broken = True

    def close(self, metadata: dict[bytes, bytes] | None) -> None:
        """Finish both files; the snapshot carries ``metadata``, or is deleted when None."""
        if self.stage is not None:
            self.stage.close()
        if self.snapshot is not None:
            if metadata is not None:
                self.snapshot.add_key_value_metadata(metadata)
            self.snapshot.close()
        if metadata is None or self.broken:
            self.target.unlink(missing_ok=True)

    def remove_staging(self) -> None:
        self.staging.unlink(missing_ok=True)


def _schema(frame: pd.DataFrame) -> pa.Schema:
    """The Arrow schema of a typed chunk: text columns (object) as strings, even when the
    first chunk holds no value of them."""
    schema = pa.Schema.from_pandas(frame, preserve_index=False)
    fields = [pa.field(f.name, pa.string()) if frame[f.name].dtype == object else f for f in schema]
    return pa.schema(fields, metadata=schema.metadata)


def _staged(path: Path, columns: list[str]) -> pd.DataFrame:
    """Columns of the staging file as a frame indexed by spreadsheet row."""
    frame = pq.read_table(path, columns=[*columns, "_row"]).to_pandas()
    return frame.set_index("_row").rename_axis(None)


def duplicate_key_rows(staging: Path, kind: InputKind, file: str) -> list[Problem]:
    """Rows that repeat the key of another row, found in the engine over the whole file
    (the same problem as ``validate.duplicate_keys`` of a file read whole)."""
    from copcwb.engine import connect
    from copcwb.io.rows import listed_rows_problem
    from copcwb.io.validate import _show

    key = list(kind.key)
    names = pq.read_schema(staging).names
    if not key or any(k not in names for k in key):
        return []
    listed = ", ".join(f'"{k}"' for k in key)
    present = " AND ".join(f'"{k}" IS NOT NULL' for k in key)
    source = connect().read_parquet(str(staging))
    repeated = source.query(
        "staged",
        f"""SELECT _row, first_row FROM (
                SELECT _row, min(_row) OVER (PARTITION BY {listed}) AS first_row,
                       count(*) OVER (PARTITION BY {listed}) AS n
                FROM staged WHERE {present}) WHERE n > 1""",
    )
    n_rows = int(repeated.aggregate("count(*)").fetchall()[0][0])
    if not n_rows:
        return []
    shown = repeated.order("_row").limit(MAX_ROWS_SHOWN).project("_row").fetchall()
    rows = [int(r) for (r,) in shown]
    firsts = repeated.project("first_row").distinct().order("first_row").limit(3).fetchall()
    examples_at = [int(r) for (r,) in firsts]
    keys = _staged(staging, key).loc[examples_at]
    examples = [" | ".join(_show(v) for v in values) for _, values in keys.iterrows()]
    name = ", ".join(key)
    problem = listed_rows_problem(
        file,
        name,
        rows,
        f"duplicate rows for the same {name}",
        f"keep one row per {kind.row_is}",
        examples,
    )
    return [replace(problem, n_rows=n_rows)]


def _whole_file_checks(
    staging: Path, kind: InputKind, file: str, found: list[Problem], period
) -> list[Problem]:
    """Checks over the whole file: repeated keys, gaps in queue intervals, the period."""
    problems = duplicate_key_rows(staging, kind, file)
    troubled = {p.column for p in found}
    names = pq.read_schema(staging).names
    if kind.name == "wfm" and not troubled & set(_WFM_STEPS) and set(_WFM_STEPS) <= set(names):
        problems += checks.interval_gaps(_staged(staging, list(_WFM_STEPS)), file)
    column = checks.PERIOD_COLUMNS.get(kind.name)
    if period is not None and column in names and column not in troubled:
        problems += checks.period_problems(_staged(staging, [column]), kind.name, file, period)
    return problems


def _bodies_to_check(stream, chunks, state: _Pass, header: list[Problem]):
    """The non-empty body chunks (an empty file still gives one, for its header's checks);
    the empty rows go to ``state``."""
    checked = False
    for body, last in _bodies(stream, chunks, state.file, header):
        empty = body.isna().all(axis=1)
        state.empty_rows += [int(r) for r in body.index[empty]]
        if (~empty).any():
            state.last_filled = max(state.last_filled, int(body.index[~empty].max()))
        body = body[~empty]
        if body.empty and (checked or not last):
            continue
        checked = True
        yield body, last


def _pass(stream: ChunkStream, chunks, state: _Pass, writers: _Writers) -> list[Problem]:
    """One pass over the chunks: checks every row, writes the snapshot and staging file;
    returns the problems of the header (the chunks' problems are in ``state``)."""
    header: list[Problem] = []
    job = ChunkJob(state.kind.name, state.file, state.spec, state.timezone, state.counts)
    large = stream.table is None and Path(state.file).stat().st_size >= PARALLEL_BYTES
    bodies = _bodies_to_check(stream, chunks, state, header)
    for checked in checked_in_order(job, bodies, parallel=large):
        state.problems += checked.problems
        for name, values in checked.words.items():
            seen = state.words.setdefault(name, {})
            for value, n in values.items():
                seen[value] = seen.get(value, 0) + n
                if n == 1:
                    state.local_once.add((name, value))
        frame = with_optional(checked.frame, state.kind.name)
        state.columns = [str(c) for c in frame.columns]
        state.rows += len(frame)
        if len(frame):
            writers.write(frame, ok=not (header or state.problems))
    return header


def validate_streamed(
    path: Path,
    spec,
    kind: InputKind,
    target: Path,
    *,
    timezone: str = "UTC",
    period: tuple[str, str] | None = None,
    rows: int | None = None,
) -> StreamedInput:
    """Validate the file of ``spec`` (an ``InputSpec``: format, encoding, mapping...) as
    input ``kind`` in chunks of ``rows`` rows (default ``CHUNK_ROWS``), writing the
    validated rows to the snapshot ``target`` (see ``copcwb.io.snapshot``), which exists
    afterwards only when there was no problem. Raises InputError when the file cannot be
    read at all."""
    stream = open_stream(path, **read_options(spec), rows=rows or CHUNK_ROWS)
    try:
        try:
            return _validate(
                stream, stream.chunks, _Pass(kind, str(path), spec, timezone), target, period
            )
        except EngineRejected:
            return _validate(
                stream, stream.fallback, _Pass(kind, str(path), spec, timezone), target, period
            )
    finally:
        stream.close()


def _validate(stream: ChunkStream, chunks, state: _Pass, target: Path, period) -> StreamedInput:
    """Validate in one pass, or two when a total-like value seen once in a chunk occurs
    more than once in the file (the second pass judges it by the file's counts)."""
    kind, file = state.kind, state.file
    writers = _Writers(target, target.with_name(target.name + ".staging"), kind)
    try:
        header = _pass(stream, chunks, state, writers)
        if state.counts is None and any(state.words[c][v] > 1 for c, v in state.local_once):
            writers.close(None)
            again = _Pass(kind, file, state.spec, state.timezone, counts=state.words)
            return _validate(stream, chunks, again, target, period)
        problems = header + merge_problems(state.problems)
        if state.rows == 0:
            problems += header_only(pd.DataFrame(), file)
        elif writers.stage is not None:
            writers.stage.close()
            writers.stage = None
            problems += _whole_file_checks(writers.staging, kind, file, problems, period)
        last = state.last_filled
        info = replace(
            stream.info,
            empty_rows=tuple(stream.info.empty_rows)
            + tuple(r for r in state.empty_rows if r < last),
        )
        writers.close(None if problems else snapshot_metadata(kind.name, info, writers))
        return StreamedInput(info=info, rows=state.rows, columns=state.columns, problems=problems)
    finally:
        writers.remove_staging()


def snapshot_metadata(kind: str, info: ReadInfo, writers: _Writers) -> dict[bytes, bytes]:
    from copcwb.io.snapshot import metadata

    return metadata(kind, info, writers.object_columns)

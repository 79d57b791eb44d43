"""Large tables written to CSV in chunks, in the format of :func:`copcwb.synth._files.csv_text`
(UTF-8, "\\n" line endings, no quotes, fixed decimals, empty when missing)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from copcwb.synth._files import FLOAT_DECIMALS

_OPTIONS = pa_csv.WriteOptions(include_header=False, quoting_style="none", delimiter=",")


def fixed(values: np.ndarray, decimals: int) -> pa.Array:
    """``values`` as text with ``decimals`` decimals ("12.50"), null where NaN."""
    values = np.asarray(values, dtype=float)
    mask = np.isnan(values)
    exact = pa.array(np.where(mask, 0.0, values)).cast(pa.decimal128(30, decimals), safe=False)
    return pc.if_else(pa.array(mask), pa.nulls(len(values), pa.string()), exact.cast(pa.string()))


def numbered(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """Ids ``prefix`` + the number padded with zeros to ``width`` digits ("K000123")."""
    digits = pc.utf8_lpad(
        pa.array(np.asarray(numbers, dtype=np.int64)).cast(pa.string()), width, "0"
    )
    return pc.binary_join_element_wise(prefix, digits, "")


def labels(names: tuple[str, ...] | list[str], codes: np.ndarray) -> pa.Array:
    """The names of ``codes`` (indexes into ``names``; negative codes are missing)."""
    codes = np.asarray(codes, dtype=np.int64)
    table = pa.array(list(names), pa.string())
    return pc.take(table, pa.array(codes, mask=codes < 0))


class ChunkWriter:
    """Write one table as CSV, a chunk of rows at a time: ``with ChunkWriter(path, "wfm",
    columns) as w: w.write({column: values})``. Float columns listed in FLOAT_DECIMALS for
    the table are written with their fixed decimals; columns already arrow arrays are
    written as they are."""

    def __init__(self, path: Path, table: str, columns: list[str]) -> None:
        self.path = Path(path)
        self.table = table
        self.columns = list(columns)
        self.rows = 0
        self._sink = self.path.open("wb")
        self._sink.write((",".join(self.columns) + "\n").encode("utf-8"))
        self._writer: pa_csv.CSVWriter | None = None
        self._schema: pa.Schema | None = None

    def _array(self, name: str, values: object) -> pa.Array:
        if isinstance(values, pa.Array | pa.ChunkedArray):
            return values
        decimals = FLOAT_DECIMALS.get(self.table, {}).get(name)
        if decimals is not None:
            return fixed(np.asarray(values), decimals)
        return pa.array(values, from_pandas=True)

    def write(self, chunk: Mapping[str, object]) -> None:
        """Append the rows of ``chunk`` (a value sequence per column, all of one length)."""
        table = pa.table({c: self._array(c, chunk[c]) for c in self.columns})
        if table.num_rows == 0:
            return
        if self._writer is None:
            self._schema = table.schema
            self._writer = pa_csv.CSVWriter(self._sink, table.schema, write_options=_OPTIONS)
        self._writer.write_table(table.cast(self._schema))
        self.rows += table.num_rows

    def __enter__(self) -> ChunkWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._writer is not None:
            self._writer.close()
        self._sink.close()

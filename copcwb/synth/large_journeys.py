"""The large demo's service journeys: one row per contact of its log, written in chunks.

The contact log is read back in chunks (in its order) and each chunk's journeys are drawn
with the demo's model (``copcwb.synth.journeys.draw``), each program following its line's
archetype: the support lines break their callback promises. Whether a contact is followed
by a repeat within 7 days (which makes an unresolved bot session a dead end) is found in
one pass of the engine over the whole log; the surveyed contacts take their survey
response's facts. Memory stays bounded by the chunk size, the window's engine limit and one byte per
contact.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

from copcwb.synth import journeys
from copcwb.synth._chunks import ChunkWriter
from copcwb.synth._large_spec import PROGRAMS, Design
from copcwb.synth.large_contacts import CONTACT_BASE
from copcwb.synth.large_survey import Answers

CHUNK_BYTES = 16 << 20
#: memory the repeat window may use before it spills to disk
ENGINE_MEMORY = "256MB"
_TIMES = {"start_time": pa.timestamp("s")}


def _repeats(contacts: Path, n: int) -> np.ndarray:
    """For each contact (by its position in the log), whether the same customer contacted
    the same program again within 7 days: one window over the log in an engine of its own,
    held to ``ENGINE_MEMORY`` (it spills to a scratch folder beyond)."""
    import tempfile

    import duckdb

    sql = f"""
        SELECT CAST(substr(contact_id, 2) AS BIGINT) - {CONTACT_BASE + 1} AS position,
               lead(start_time) OVER (
                   PARTITION BY program, CAST(substr(customer_id, 2) AS BIGINT)
                   ORDER BY start_time, contact_id
               ) <= start_time + INTERVAL 7 DAY AS repeat
        FROM read_csv('{contacts}', header = true,
                      columns = {{'contact_id': 'VARCHAR', 'customer_id': 'VARCHAR',
                                  'program': 'VARCHAR', 'channel': 'VARCHAR',
                                  'start_time': 'TIMESTAMP', 'reason': 'VARCHAR'}})
    """
    flags = np.zeros(n, dtype=bool)
    with tempfile.TemporaryDirectory(prefix="copcwb-synth-") as spill:
        con = duckdb.connect(":memory:")
        try:
            con.execute(f"SET memory_limit = '{ENGINE_MEMORY}'")
            con.execute(f"SET temp_directory = '{spill}'")
            con.execute("SET preserve_insertion_order = false")
            for batch in con.sql(sql).to_arrow_reader(1 << 20):
                repeat = batch.column("repeat").fill_null(False)
                flags[batch.column("position").to_numpy()] = repeat.to_numpy(zero_copy_only=False)
        finally:
            con.close()
    return flags


def _decoded(column: pa.Array, names: dict[str, object] | None = None) -> np.ndarray:
    """A text column as an object array of its values (or of ``names`` of its values),
    looked up once per distinct value."""
    encoded = column.dictionary_encode()
    values = encoded.dictionary.to_pylist()
    table = np.array([names[v] if names else v for v in values], dtype=object)
    return table[encoded.indices.to_numpy(zero_copy_only=False)]


def _rated(answers: Answers, positions: np.ndarray) -> journeys.Rated:
    """The survey facts of the contacts at ``positions`` (NaN for the unsurveyed)."""
    order = np.argsort(answers.contact)
    numbers = answers.contact[order]
    wanted = positions + CONTACT_BASE + 1
    at = np.minimum(np.searchsorted(numbers, wanted), max(len(numbers) - 1, 0))
    hit = (numbers[at] == wanted) if len(numbers) else np.zeros(len(wanted), bool)
    values = []
    for name in ("ivr", "wait", "transfers", "overall", "eta"):
        column = getattr(answers, name)[order][at] if len(numbers) else np.zeros(len(wanted))
        values.append(np.where(hit, column, np.nan))
    return journeys.Rated(*values)


def _arrays(facts: dict[str, np.ndarray]) -> dict[str, pa.Array]:
    """The drawn facts as the CSV writes them: flags as whole numbers, times as
    timestamps, empty when missing (floats get their decimals from the writer)."""
    out: dict[str, object] = {}
    for column, values in facts.items():
        if column in journeys.FLAGS:
            missing = np.isnan(values)
            out[column] = pa.array(np.where(missing, 0, values).astype(np.int64), mask=missing)
        elif column in journeys.TIMES:
            out[column] = pa.array(values, pa.timestamp("s"))
        else:
            out[column] = values
    return out


def write_journeys(
    path: Path,
    rng: np.random.Generator,
    design: Design,
    contacts: Path,
    n_contacts: int,
    answers: Answers,
    end: np.datetime64,
) -> int:
    """Write one journey per contact of the log ``contacts`` (``n_contacts`` rows, in its
    order; columns of ``copcwb.synth.journeys.COLUMNS``) to ``path``; return the rows."""
    repeat = _repeats(contacts, n_contacts)
    archetype = {name: design.archetype[i] for i, name in enumerate(PROGRAMS)}
    options = pa_csv.ReadOptions(block_size=CHUNK_BYTES)
    convert = pa_csv.ConvertOptions(column_types=_TIMES, strings_can_be_null=False)
    written = 0
    with ChunkWriter(path, "journeys", list(journeys.COLUMNS)) as writer:
        for batch in pa_csv.open_csv(contacts, read_options=options, convert_options=convert):
            n = batch.num_rows
            positions = np.arange(written, written + n)
            facts = journeys.draw(
                rng,
                _decoded(batch.column("program"), archetype),
                _decoded(batch.column("channel")),
                batch.column("start_time").to_numpy(zero_copy_only=False).astype("datetime64[s]"),
                repeat[positions],
                _rated(answers, positions),
                end,
            )
            base = {c: batch.column(c) for c in journeys.COLUMNS[:5]}
            writer.write(base | _arrays(facts))
            written += n
    return written

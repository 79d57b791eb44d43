"""The large demo's service journeys: one row per contact of its log, written in chunks.

The contact log is read back in chunks (in its order) and each chunk's journeys are drawn
with the demo's model (``copcwb.synth.journeys.draw``), each program following its line's
archetype: the support lines break their callback promises. Whether a contact is followed
by a repeat within 7 days (which makes an unresolved bot session a dead end) is found in
one pass of the engine over the whole log; the surveyed contacts take their survey
response's facts. Memory stays bounded by the chunk size and one byte per contact.
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

CHUNK_BYTES = 32 << 20
_TIMES = {"start_time": pa.timestamp("s")}


def _repeats(contacts: Path, n: int) -> np.ndarray:
    """For each contact (by its position in the log), whether the same customer contacted
    the same program again within 7 days."""
    from copcwb.engine import connect

    sql = f"""
        SELECT CAST(substr(contact_id, 2) AS BIGINT) - {CONTACT_BASE + 1} AS position,
               lead(start_time) OVER (PARTITION BY program, customer_id
                                      ORDER BY start_time, contact_id)
                   <= start_time + INTERVAL 7 DAY AS repeat
        FROM read_csv('{contacts}', header = true, all_varchar = true,
                      columns = {{'contact_id': 'VARCHAR', 'customer_id': 'VARCHAR',
                                  'program': 'VARCHAR', 'channel': 'VARCHAR',
                                  'start_time': 'TIMESTAMP', 'reason': 'VARCHAR'}})
    """
    flags = np.zeros(n, dtype=bool)
    reader = connect().sql(sql).to_arrow_reader(1 << 20)
    for batch in reader:
        position = batch.column("position").to_numpy()
        flags[position] = batch.column("repeat").fill_null(False).to_numpy(zero_copy_only=False)
    return flags


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
            programs = batch.column("program").to_pylist()
            facts = journeys.draw(
                rng,
                np.array([archetype[p] for p in programs], dtype=object),
                np.asarray(batch.column("channel").to_pylist(), dtype=object),
                batch.column("start_time").to_numpy(zero_copy_only=False).astype("datetime64[s]"),
                repeat[positions],
                _rated(answers, positions),
                end,
            )
            base = {c: batch.column(c) for c in journeys.COLUMNS[:5]}
            writer.write(base | _arrays(facts))
            written += n
    return written

"""The checks of one chunk of a row-level log, as a function of the chunk alone, run in
this process or, for a large file, on worker processes (both cores) in file order."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context

import pandas as pd

from copcwb.errors import Problem
from copcwb.io.checks import ROW_CHECKS
from copcwb.io.columns import KINDS
from copcwb.io.totals import total_rows, total_word_counts, total_words
from copcwb.io.validate import apply_column_mapping, check_values, parse_columns

#: files of at least this many bytes have their chunks checked on worker processes
PARALLEL_BYTES = 100_000_000
#: chunks handed to the workers and not yet collected, at most (bounds the memory)
IN_FLIGHT = 4


@dataclass(frozen=True)
class ChunkJob:
    """What checking a chunk needs besides its rows (all of it picklable)."""

    kind: str
    file: str
    spec: object
    timezone: str
    counts: dict | None = None


@dataclass
class CheckedChunk:
    """A chunk's typed rows, its problems and its total-like values with their counts."""

    frame: pd.DataFrame
    problems: list[Problem]
    words: dict[str, dict[str, int]]


def check_chunk(job: ChunkJob, body: pd.DataFrame, at_end: bool) -> CheckedChunk:
    """Map, parse and check one chunk's rows (``at_end``: it ends the file)."""
    kind, file, spec = KINDS[job.kind], job.file, job.spec
    frame, problems = apply_column_mapping(body, kind, spec.columns, file)
    words = total_words(frame, kind)
    counts = total_word_counts(frame, words)
    totals, dropped = total_rows(frame, kind, file, counts=job.counts, at_end=at_end, words=words)
    frame = frame.drop(index=dropped)
    frame, parsed = parse_columns(
        frame,
        kind,
        file,
        decimal=spec.decimal,
        date_format=spec.date_format,
        timezone=job.timezone,
    )
    problems = problems + totals + parsed + check_values(frame, kind, file, keys=False)
    if job.kind in ROW_CHECKS:
        problems += ROW_CHECKS[job.kind](frame, file, {p.column for p in problems})
    return CheckedChunk(frame, problems, counts)


def checked_in_order(
    job: ChunkJob, bodies: Iterator[tuple[pd.DataFrame, bool]], *, parallel: bool
) -> Iterator[CheckedChunk]:
    """Each chunk of ``bodies`` checked, in file order: here, or with ``parallel`` on a
    pool of worker processes (one per core) with at most ``IN_FLIGHT`` chunks pending."""
    cores = os.cpu_count() or 1
    if not parallel or cores < 2:
        for body, last in bodies:
            yield check_chunk(job, body, last)
        return
    with ProcessPoolExecutor(max_workers=cores, mp_context=get_context("spawn")) as pool:
        pending: deque[Future] = deque()
        for body, last in bodies:
            pending.append(pool.submit(check_chunk, job, body, last))
            while len(pending) >= IN_FLIGHT:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

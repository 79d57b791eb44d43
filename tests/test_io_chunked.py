"""Validation in chunks finds exactly what validation of the whole file finds.

Every file of the reader corpus (tests/data/make_corpus.py) of the row-level kinds is read
both ways: whole (``chunked=False``, the reader every corpus expectation was written
for) and in chunks of three rows, so that every problem, row number, example and the
whole-file checks (repeated keys, period, interval gaps, total rows) cross chunks. The
frames and the problems must be identical.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from copcwb import InputError
from copcwb.engagement import InputSpec
from copcwb.io import streamed
from copcwb.io.columns import KINDS
from copcwb.io.readers import read_input

DATA = Path(__file__).parent / "data"
CASES = [
    (folder, case)
    for folder in ("bad", "good")
    for case in yaml.safe_load((DATA / folder / "cases.yaml").read_text(encoding="utf-8"))
    if case["kind"] in streamed.STREAMED_KINDS
]


def _read(folder: str, case: dict, chunked: bool):
    spec = InputSpec(path=Path(case["file"]), **case.get("options", {}))
    spec = spec.model_copy(update={"path": DATA / folder / case["file"]})
    period = tuple(case["period"]) if "period" in case else None
    try:
        return read_input(spec, KINDS[case["kind"]], period=period, chunked=chunked), None
    except InputError as exc:
        return None, sorted(p.describe() for p in exc.problems)


def test_the_corpus_has_row_level_files_of_each_kind():
    kinds = {case["kind"] for _, case in CASES}
    assert {"qa", "contacts", "wfm"} <= kinds
    assert sum(folder == "bad" for folder, _ in CASES) >= 10


@pytest.mark.parametrize(
    ("folder", "case"), CASES, ids=[f"{folder}/{case['file']}" for folder, case in CASES]
)
def test_chunks_of_three_rows_give_what_the_whole_file_gives(folder, case, monkeypatch):
    whole, whole_problems = _read(folder, case, chunked=False)
    monkeypatch.setattr(streamed, "CHUNK_ROWS", 3)
    chunks, chunk_problems = _read(folder, case, chunked=True)
    assert chunk_problems == whole_problems
    if whole is not None:
        pd.testing.assert_frame_equal(chunks[0], whole[0])
        assert chunks[1] == whole[1]


PARALLEL = [c for c in CASES if c[0] == "bad"][:3] + [c for c in CASES if c[0] == "good"][:2]


@pytest.mark.parametrize(
    ("folder", "case"), PARALLEL, ids=[f"{folder}/{case['file']}" for folder, case in PARALLEL]
)
def test_chunks_checked_on_worker_processes_give_the_same(folder, case, monkeypatch):
    whole, whole_problems = _read(folder, case, chunked=False)
    monkeypatch.setattr(streamed, "CHUNK_ROWS", 3)
    monkeypatch.setattr(streamed, "PARALLEL_BYTES", 0)
    chunks, chunk_problems = _read(folder, case, chunked=True)
    assert chunk_problems == whole_problems
    if whole is not None:
        pd.testing.assert_frame_equal(chunks[0], whole[0])

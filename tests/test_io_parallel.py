"""Large row-level logs are validated in worker processes beside the other inputs: the
facts, problems and warnings are the same, in the same order, as when every input is
validated in turn."""

from __future__ import annotations

import pytest

from copcwb import load_engagement
from copcwb.io import readers
from copcwb.synth import write_engagement


@pytest.fixture(scope="module")
def engagement(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parallel")
    spec = write_engagement(folder, "demo", seed=11)
    contacts = spec.parent / "data" / "contacts.csv"
    lines = contacts.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    fields = lines[3].split(",")
    fields[header.index("start_time")] = "pigeon"  # not a time
    lines[3] = ",".join(fields)
    contacts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_engagement(spec, check_inputs=False)


def test_workers_find_what_one_process_finds(engagement, tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    serial = readers.check_engagement_inputs(engagement, snapshot_dir=tmp_path / "a")
    monkeypatch.setattr(readers, "PARALLEL_BYTES", 0)
    parallel = readers.check_engagement_inputs(engagement, snapshot_dir=tmp_path / "b")
    assert [p.describe() for p in parallel.problems] == [p.describe() for p in serial.problems]
    assert any("pigeon" in p.describe() for p in serial.problems)
    assert [w.describe() for w in parallel.warnings] == [w.describe() for w in serial.warnings]
    strip = lambda facts: {k: {**v, "snapshot": None} for k, v in facts.items()}  # noqa: E731
    assert strip(parallel.facts) == strip(serial.facts)

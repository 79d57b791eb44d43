"""Inputs validated once, analysed as validated: the run's snapshot of its inputs.

The runner validates each input once, fingerprints the file as it reads it, writes the
validated frame to the run's ``inputs/<kind>.parquet`` and a copy of the spec beside
it; the notebooks of the run read that snapshot, so a file changed after validation
changes nothing, and the manifest and reports name no path of the consultant's machine.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output
from typer.testing import CliRunner

from copcwb import InputError, session
from copcwb.cli import app
from copcwb.engagement import load_engagement
from copcwb.evidence import verify
from copcwb.io import readers
from copcwb.io.readers import read_engagement_input
from copcwb.io.snapshot import read_snapshot, write_snapshot
from copcwb.registry import notebook as registered
from copcwb.results import MIME
from copcwb.runner import run_engagement
from copcwb.runner.executor import Execution
from tests.conftest import KPIS_CSV

# the fixture's kpis.csv has 3 data rows; the replacement 4
NEW_KPIS = KPIS_CSV + "Billing,aht_s,2026-02,295\n"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class SessionExecutor:
    """Opens each notebook's session as its kernel does (in the run folder, with the
    injected parameters), records the rows of every input it reads and its options;
    ``before`` runs first, as anything may happen to the files while a run goes on."""

    def __init__(self, before=None):
        self.before, self.calls = before, []

    def execute(self, notebook, source, output, parameters, *, timeout_s, cwd):
        if self.before is not None:
            self.before()
        self.calls.append(parameters)
        s = session.start(
            notebook,
            Path(cwd) / parameters["engagement_file"],
            parameters["options"],
            parameters["run_id"],
            inputs_dir=Path(cwd) / parameters["inputs_dir"],
        )
        rows = {k: len(s.read(k)) for k in registered(notebook).inputs if s.has(k)}
        figures = {"rows": rows, "options": s.options.given(), "client": s.engagement.client}
        outputs = [
            new_output("display_data", data={MIME: {"name": k, "value": v}})
            for k, v in figures.items()
        ]
        nb = new_notebook(
            cells=[
                new_code_cell("1", metadata={"tags": ["parameters"]}),
                new_code_cell("record_all(...)", outputs=outputs),
            ]
        )
        nbformat.write(nb, output)
        return Execution(notebook, output, True, 0.1)


def _results(run_dir: Path) -> dict:
    figures = json.loads((run_dir / "results.json").read_text(encoding="utf-8"))
    return figures["notebooks"]["baseline_assessment"]["figures"]


def _manifest(run_dir: Path) -> dict:
    return json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))


def test_snapshot_gives_back_the_validated_frame_of_every_demo_input(demo_spec, tmp_path):
    engagement = load_engagement(demo_spec)
    for kind in engagement.input_specs():
        frame, info = read_engagement_input(engagement, kind)
        write_snapshot(frame, info, tmp_path / f"{kind}.parquet", kind=kind)
        back, back_info = read_snapshot(tmp_path / f"{kind}.parquet")
        pd.testing.assert_frame_equal(back, frame, check_exact=True)
        assert back_info == info and back.attrs == {}


def test_snapshot_keeps_text_missing_values_and_how_the_file_was_read(tmp_path):
    from copcwb.io.tables import ReadInfo

    frame = pd.DataFrame(
        {
            "comment": pd.Series(["fine", None, "slow"], dtype=object),
            "error_code": pd.Series([None, None, None], dtype=object),
            "month": pd.period_range("2026-01", periods=3, freq="M"),
            "start": pd.date_range("2026-01-01", periods=3, freq="h", tz="Asia/Taipei"),
        }
    )
    info = ReadInfo(format="csv", encoding="big5", delimiter=";", header_row=3, empty_rows=(7,))
    write_snapshot(frame, info, tmp_path / "x.parquet", kind="survey")
    back, back_info = read_snapshot(tmp_path / "x.parquet")
    pd.testing.assert_frame_equal(back, frame, check_exact=True)
    assert back["comment"].tolist() == ["fine", None, "slow"]
    assert back_info == info


def test_not_a_snapshot_is_an_input_error(tmp_path):
    pd.DataFrame({"a": [1]}).to_parquet(tmp_path / "kpis.parquet")
    with pytest.raises(InputError, match="not an input snapshot"):
        read_snapshot(tmp_path / "kpis.parquet")
    with pytest.raises(InputError, match="snapshot of this input is missing"):
        read_snapshot(tmp_path / "qa.parquet")


def test_input_replaced_after_validation_is_not_analysed(minimal_engagement, tmp_path):
    kpis = minimal_engagement.parent / "data" / "kpis.csv"
    validated = kpis.read_bytes()
    executor = SessionExecutor(before=lambda: kpis.write_text(NEW_KPIS, encoding="utf-8"))
    result = run_engagement(minimal_engagement, tmp_path / "out", executor=executor)
    assert result.status == "completed"
    assert _results(result.run_dir)["rows"] == {"kpis": 3}  # the validated 3 rows, not 4
    entry = _manifest(result.run_dir)["inputs"]["kpis"]
    assert entry["sha256"] == _sha(validated) != _sha(kpis.read_bytes())
    assert entry["rows"] == 3 and entry["bytes"] == len(validated)
    snapshot = result.run_dir / entry["snapshot"]["path"]
    assert entry["snapshot"]["path"] == "inputs/kpis.parquet"
    assert entry["snapshot"]["sha256"] == _sha(snapshot.read_bytes())
    assert len(read_snapshot(snapshot)[0]) == 3


def test_spec_edited_during_the_run_changes_nothing(minimal_engagement, tmp_path):
    original = minimal_engagement.read_text(encoding="utf-8")
    edited = original.replace("Test Client", "Other Client") + (
        "notebooks:\n  baseline_assessment:\n    trend_months: 9\n"
    )
    executor = SessionExecutor(before=lambda: minimal_engagement.write_text(edited))
    result = run_engagement(minimal_engagement, tmp_path / "out", executor=executor)
    figures = _results(result.run_dir)
    assert figures["client"] == "Test Client" and figures["options"] == {}
    spec = _manifest(result.run_dir)["engagement"]
    assert spec["spec_file"] == "engagement.yaml"
    assert spec["spec_sha256"] == _sha(original.encode()) == spec["snapshot"]["sha256"]
    assert (result.run_dir / "inputs" / "engagement.yaml").read_text() == original


def test_input_changing_while_it_is_read_is_an_input_error(
    minimal_engagement, tmp_path, monkeypatch
):
    kpis = minimal_engagement.parent / "data" / "kpis.csv"
    read = readers.read_engagement_input

    def read_then_change(engagement, kind, **options):
        out = read(engagement, kind, **options)
        kpis.write_text(NEW_KPIS, encoding="utf-8")  # a copy still being written, say
        return out

    monkeypatch.setattr(readers, "read_engagement_input", read_then_change)
    executor = SessionExecutor()
    with pytest.raises(InputError, match="changed while it was being read"):
        run_engagement(minimal_engagement, tmp_path / "out", executor=executor)
    assert executor.calls == [] and not (tmp_path / "out").exists()


def test_spec_changed_since_it_was_loaded_is_an_input_error(minimal_engagement, tmp_path):
    engagement = load_engagement(minimal_engagement)
    text = minimal_engagement.read_text(encoding="utf-8")
    minimal_engagement.write_text(text.replace("Test Client", "Other Client"))
    with pytest.raises(InputError, match="changed after it was loaded"):
        run_engagement(engagement, tmp_path / "out", executor=SessionExecutor())
    assert not (tmp_path / "out").exists()


def test_no_path_of_this_machine_in_manifest_or_reports(minimal_engagement, tmp_path):
    result = run_engagement(minimal_engagement, tmp_path / "out", executor=SessionExecutor())
    folder = str(minimal_engagement.parent.resolve())
    manifest = (result.run_dir / "manifest.json").read_text(encoding="utf-8")
    assert folder not in manifest and str(tmp_path) not in manifest
    data = json.loads(manifest)
    assert data["inputs"]["kpis"]["path"] == "data/kpis.csv"  # relative to engagement.yaml
    parameters = data["notebooks"]["baseline_assessment"]["parameters"]
    assert parameters["engagement_file"] == "inputs/engagement.yaml"
    for page in result.run_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert folder not in html and str(tmp_path) not in html, page.name
    evidence = (result.run_dir / "evidence" / "baseline_assessment.html").read_text()
    assert "inputs/engagement.yaml" in evidence


def test_verify_catches_a_tampered_snapshot(minimal_engagement, tmp_path):
    run_dir = run_engagement(
        minimal_engagement, tmp_path / "out", executor=SessionExecutor()
    ).run_dir
    assert verify(run_dir, inputs=True).ok
    assert verify(run_dir, engagement=minimal_engagement).ok
    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    snapshot = copy / "inputs" / "kpis.parquet"
    frame, info = read_snapshot(snapshot)
    frame.loc[0, "value"] = 0.99  # a better service level than the client had
    write_snapshot(frame, info, snapshot, kind="kpis")
    problems = verify(copy).problems
    assert "changed: inputs/kpis.parquet" in problems
    # re-hashed into the files list, the manifest's fingerprint of the input still differs
    manifest = _manifest(copy)
    manifest["files"]["inputs/kpis.parquet"] = _sha(snapshot.read_bytes())
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert verify(copy).ok
    assert verify(copy, inputs=True).problems == ["snapshot changed: inputs/kpis.parquet"]
    done = CliRunner().invoke(app, ["verify", str(copy), "--inputs"])
    assert done.exit_code == 1 and "snapshot changed: inputs/kpis.parquet" in done.output


def test_verify_checks_the_original_files_when_given_the_engagement(minimal_engagement, tmp_path):
    run_dir = run_engagement(
        minimal_engagement, tmp_path / "out", executor=SessionExecutor()
    ).run_dir
    (minimal_engagement.parent / "data" / "kpis.csv").write_text(NEW_KPIS, encoding="utf-8")
    assert verify(run_dir, inputs=True).ok  # the run's own snapshot is intact
    result = verify(run_dir, engagement=minimal_engagement.parent)
    assert result.problems == ["input changed: data/kpis.csv"]
    done = CliRunner().invoke(
        app, ["verify", str(run_dir), "--inputs", "--engagement", str(minimal_engagement)]
    )
    assert done.exit_code == 1 and "input changed: data/kpis.csv" in done.output


def test_session_without_a_snapshot_reads_the_files(minimal_engagement):
    s = session.start("baseline_assessment", minimal_engagement)
    assert s.inputs_dir is None and len(s.read("kpis")) == 3
    assert s.read_info("kpis").format == "csv" and s.read_info("kpis").header_row == 1


def test_session_with_a_snapshot_lacking_an_input(minimal_engagement, tmp_path):
    inputs = tmp_path / "run" / "inputs"
    inputs.mkdir(parents=True)
    shutil.copy(minimal_engagement, inputs / "engagement.yaml")
    with pytest.raises(InputError, match="snapshot of input 'kpis' is missing"):
        session.start("baseline_assessment", inputs / "engagement.yaml", inputs_dir=inputs)


READ_IN_A_KERNEL = """
import os
from copcwb import session
from copcwb.results import record
s = session.start("baseline_assessment", engagement_file, options, run_id, inputs_dir)
record("rows", len(s.read("kpis")))
record("snapshot", str(s.inputs_dir) == os.path.abspath("inputs"))
"""


@pytest.mark.slow
def test_a_kernel_reads_the_snapshot_not_the_replaced_file(minimal_engagement, tmp_path):
    from tests.test_runner import ProbeExecutor

    kpis = minimal_engagement.parent / "data" / "kpis.csv"
    executor = ProbeExecutor(
        [READ_IN_A_KERNEL], before=lambda: kpis.write_text(NEW_KPIS, encoding="utf-8")
    )
    result = run_engagement(minimal_engagement, tmp_path / "out", executor=executor)
    assert result.status == "completed", result.failures
    assert _results(result.run_dir) == {"rows": 3, "snapshot": True}


def test_a_batch_does_not_take_a_run_copy_of_a_spec_for_an_engagement(minimal_engagement, tmp_path):
    from copcwb.runner.batch import find_engagements

    out = tmp_path / "reports"
    run_engagement(minimal_engagement, out, executor=SessionExecutor())
    assert list(out.rglob("engagement.yaml"))  # the run's copy, in <run>/inputs/
    assert find_engagements([tmp_path]) == [minimal_engagement]

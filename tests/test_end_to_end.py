"""The demo through the command line, as a user runs it: reports, evidence, hashes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from copcwb.evidence.hashing import sha256_file
from copcwb.registry import NOTEBOOKS

pytestmark = pytest.mark.slow


def copcwb(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "copcwb", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
    )


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("demo-out")
    done = copcwb("demo", "--out", str(out))
    assert done.returncode == 0, done.stderr
    index = Path(done.stdout.strip().splitlines()[-1])
    return index.parent, done


def test_demo_prints_the_index_path(demo_run):
    run_dir, done = demo_run
    assert (run_dir / "index.html").is_file()
    assert re.fullmatch(r"\d{8}T\d{6}Z-[0-9a-f]{6}", run_dir.name)
    assert (run_dir.parent / "latest").resolve() == run_dir.resolve()


def test_every_report_exists(demo_run):
    run_dir, _ = demo_run
    for name in NOTEBOOKS:
        assert (run_dir / f"{name}.html").is_file()
        assert (run_dir / "evidence" / f"{name}.html").is_file()
        assert (run_dir / "executed" / f"{name}.ipynb").is_file()
    index = (run_dir / "index.html").read_text(encoding="utf-8")
    for name in NOTEBOOKS:
        assert f'href="{name}.html"' in index
        assert f'href="evidence/{name}.html"' in index


def _body(page: Path) -> str:
    """The page without its <style> blocks (CSS names every class, used or not)."""
    return re.sub(r"<style.*?</style>", "", page.read_text(encoding="utf-8"), flags=re.S)


def test_client_report_has_no_code_and_evidence_has_it(demo_run):
    run_dir, _ = demo_run
    for name in NOTEBOOKS:
        client = _body(run_dir / f"{name}.html")
        evidence = _body(run_dir / "evidence" / f"{name}.html")
        # Code cells render their source inside a jp-InputArea; the client has none.
        assert "jp-InputArea-editor" not in client
        client_text, evidence_text = (re.sub(r"<[^>]+>", "", x) for x in (client, evidence))
        assert "session.start" not in client_text
        assert "This notebook only calls" not in client_text  # the help cell is for JupyterLab
        assert "engagement_file" not in client_text.split("Evidence")[0]
        assert "jp-InputArea-editor" in evidence
        assert "session.start" in evidence_text
        assert "injected-parameters" in evidence or "Parameters" in evidence


def test_reports_load_nothing_from_the_network(demo_run):
    run_dir, _ = demo_run
    for page in run_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"https?://", html), page


def test_manifest_hashes_match_and_results_parse(demo_run):
    run_dir, _ = demo_run
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "completed"
    files = manifest["files"]
    on_disk = {p.relative_to(run_dir).as_posix() for p in run_dir.rglob("*") if p.is_file()}
    assert set(files) == on_disk - {"manifest.json"}
    for rel, digest in files.items():
        assert sha256_file(run_dir / rel) == digest, rel
    engagement = _demo_spec(demo_run).parent
    for kind, item in manifest["inputs"].items():
        assert sha256_file(engagement / item["path"]) == item["sha256"], kind
        assert item["snapshot"]["path"] == f"inputs/{kind}.parquet"
        assert sha256_file(run_dir / item["snapshot"]["path"]) == item["snapshot"]["sha256"]
        assert item["rows"] > 0 and item["columns"]
    for name in NOTEBOOKS:
        entry = manifest["notebooks"][name]
        assert entry["status"] == "completed" and entry["seconds"] > 0
        assert entry["parameters"]["run_id"] == run_dir.name
        assert entry["parameters"]["engagement_file"] == "inputs/engagement.yaml"
    assert manifest["environment"]["packages"]["pandas"]
    results = json.loads((run_dir / "results.json").read_text(encoding="utf-8"))
    assert set(results["notebooks"]) == set(NOTEBOOKS)


def _demo_spec(demo_run) -> Path:
    _, done = demo_run
    return Path(done.stdout.splitlines()[0].removeprefix("demo engagement: "))


def test_no_path_of_the_engagement_in_manifest_or_reports(demo_run):
    run_dir, _ = demo_run
    engagement = str(_demo_spec(demo_run).parent.resolve())
    reports = str(run_dir.parent.parent.resolve())
    for path in run_dir.rglob("*"):
        if path.suffix in (".html", ".json", ".ipynb"):
            text = path.read_text(encoding="utf-8")
            assert engagement not in text and reports not in text, path.name


def test_verify_accepts_the_run_and_catches_tampering(demo_run, tmp_path):
    import shutil

    run_dir, _ = demo_run
    assert copcwb("verify", str(run_dir)).returncode == 0
    spec = _demo_spec(demo_run)
    assert copcwb("verify", str(run_dir), "--inputs", "--engagement", str(spec)).returncode == 0
    copy = tmp_path / run_dir.name
    shutil.copytree(run_dir, copy)
    page = copy / "baseline_assessment.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("Baseline", "Baseiine"), encoding="utf-8"
    )
    done = copcwb("verify", str(copy))
    assert done.returncode == 1
    assert "changed: baseline_assessment.html" in done.stdout


def test_broken_input_exits_2_names_file_and_column_and_creates_nothing(demo_spec, tmp_path):
    import shutil

    engagement = tmp_path / "eng"
    shutil.copytree(demo_spec.parent, engagement)
    qa = engagement / "data" / "qa.csv"
    lines = qa.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("monitoring_type", "monitor_type")
    qa.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "reports"
    done = copcwb("run", str(engagement / "engagement.yaml"), "--out", str(out))
    assert done.returncode == 2
    assert "qa.csv" in done.stderr and "monitoring_type" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists() or not any(out.rglob("*.html"))

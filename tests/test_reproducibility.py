"""Running the same engagement twice gives identical results.json and reports that
differ only in the run id and the run date; no customer identifier leaks.

What differs between two runs of the same engagement, exactly:
- the run id (folder name, cover block, parameters, manifest) and the run date;
- index.html: the duration of each notebook;
- manifest.json: started_at, finished_at, per-notebook seconds and timings, hashes of the
  pages that show the run id;
- executed/*.ipynb: papermill's start/end times and durations in the metadata.
Everything else, results.json and every chart included, is byte for byte the same.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from copcwb.runner import run_engagement

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def two_runs(demo_spec, tmp_path_factory):
    out = tmp_path_factory.mktemp("repro")
    first = run_engagement(demo_spec, out)
    second = run_engagement(demo_spec, out)
    assert first.status == second.status == "completed"
    return first.run_dir, second.run_dir


def _normalized(page: Path, run_id: str) -> str:
    text = page.read_text(encoding="utf-8").replace(run_id, "RUN-ID")
    text = re.sub(r"\d{4}-\d{2}-\d{2}(?=</dd>|</td>)", "DATE", text)
    if page.name == "index.html":  # the run index shows each notebook's duration
        text = re.sub(r'<td class="num">\d+\.\d</td>', '<td class="num">SECONDS</td>', text)
    return text


def test_results_json_identical(two_runs):
    a, b = two_runs
    assert (a / "results.json").read_bytes() == (b / "results.json").read_bytes()


def test_reports_identical_apart_from_run_id_and_date(two_runs):
    a, b = two_runs
    pages = sorted(p.relative_to(a) for p in a.rglob("*.html"))
    assert pages == sorted(p.relative_to(b) for p in b.rglob("*.html"))
    for page in pages:
        assert _normalized(a / page, a.name) == _normalized(b / page, b.name), page


def test_no_customer_identifier_in_any_output(two_runs, demo_spec):
    run_dir, _ = two_runs
    data = demo_spec.parent / "data"
    identifiers = set(pd.read_csv(data / "contacts.csv", dtype=str)["customer_id"])
    identifiers |= set(pd.read_csv(data / "contacts.csv", dtype=str)["contact_id"])
    survey = pd.read_csv(data / "survey.csv", dtype=str)
    identifiers |= set(survey["contact_id"].dropna())
    pattern = re.compile(r"\b[CK]\d{7,8}\b")
    for path in run_dir.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".ipynb"):
            found = set(pattern.findall(path.read_text(encoding="utf-8"))) & identifiers
            assert not found, f"{path.name} shows identifiers {sorted(found)[:3]}"
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text.replace("@media", "")), path

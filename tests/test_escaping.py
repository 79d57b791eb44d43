"""Script payloads in every field that reaches HTML (client name, program and queue
names, metric labels, driver names, error codes, survey comments) come out escaped
in every page: reports, evidence, run index and batch index."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from copcwb.demo import write_demo
from copcwb.registry import NOTEBOOKS
from copcwb.runner.batch import run_batch

pytestmark = pytest.mark.slow

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(2)</script>"


def _poison(spec: Path) -> None:
    data = spec.parent / "data"
    text = spec.read_text(encoding="utf-8")
    text = text.replace('client: "Acme Telecom (demo)"', f'client: "Acme {IMG} {SCRIPT}"')
    # the tangibles rating is renamed below: its expectation pair follows it (headers are
    # read lower-case with spaces as underscores)
    hostile = f"tangibles {IMG}".replace(" ", "_")
    text = text.replace('      tangibles: "exp_tangibles"', f'      "{hostile}": "exp_tangibles"')
    spec.write_text(text, encoding="utf-8")
    program = f"Retention {IMG}"
    for name in ("kpis", "qa", "contacts", "survey"):
        frame = pd.read_csv(data / f"{name}.csv", dtype=str, keep_default_na=False)
        frame["program"] = frame["program"].replace("Retention Sales", program)
        if name == "qa":
            frame["error_code"] = frame["error_code"].replace("CE-WRONG-INFO", f"CE-{SCRIPT}")
        if name == "survey":
            frame = frame.rename(columns={"tangibles": f"tangibles {IMG}"})
            frame["comment"] = SCRIPT
        frame.to_csv(data / f"{name}.csv", index=False)
    wfm = pd.read_csv(data / "wfm.csv", dtype=str, keep_default_na=False)
    wfm["queue"] = wfm["queue"].replace("sales_voice", f"sales {SCRIPT}")
    wfm.to_csv(data / "wfm.csv", index=False)
    from copcwb.catalog import default_catalog_path

    catalog = pd.read_csv(default_catalog_path(), dtype=str, keep_default_na=False)
    catalog.loc[catalog["metric"] == "service_level", "label"] = f"Service {IMG}"
    catalog.to_csv(data / "catalog.csv", index=False)
    lines = spec.read_text(encoding="utf-8").splitlines()
    at = lines.index("inputs:") + 1
    lines.insert(at, "  metric_catalog: data/catalog.csv")
    spec.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _unescaped(html: str) -> list[str]:
    found = []
    if re.search(r"<img[\s_]src=x", html):
        found.append("img payload")
    if "<script>alert(2)" in html:
        found.append("script payload")
    return found


def test_payloads_are_escaped_everywhere(tmp_path):
    spec = write_demo(tmp_path / "engagements", engagement_id="poisoned")
    _poison(spec)
    result = run_batch([spec], tmp_path / "reports", workers=1)
    outcome = result.outcomes[0]
    assert outcome.status == "completed", outcome.reason
    pages = sorted(Path(outcome.run_dir).rglob("*.html")) + [result.batch_dir / "index.html"]
    assert len(pages) == 2 * len(NOTEBOOKS) + 2  # client and evidence, the run and batch index
    seen_escaped = False
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert _unescaped(html) == [], page.name
        seen_escaped |= "&lt;img src=x onerror=alert(1)&gt;" in html
    assert seen_escaped
    baseline = (Path(outcome.run_dir) / "baseline_assessment.html").read_text(encoding="utf-8")
    assert "Retention &lt;img src=x onerror=alert(1)&gt;" in baseline
    assert "Service &lt;img src=x onerror=alert(1)&gt;" in baseline

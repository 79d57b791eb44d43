"""Shared fixtures: small engagements written to temporary folders."""

from __future__ import annotations

from pathlib import Path

import pytest

MINIMAL_YAML = """client: "Test Client"
engagement: test-eng
period: {{start: "2026-01", end: "2026-06"}}
run: [baseline_assessment]
inputs:
  kpis: {kpis}
"""

KPIS_CSV = (
    "program,metric,month,value\n"
    "Billing,service_level,2026-01,0.81\n"
    "Billing,service_level,2026-02,0.79\n"
    "Billing,aht_s,2026-01,310\n"
)


@pytest.fixture
def minimal_engagement(tmp_path: Path) -> Path:
    """A one-notebook engagement with a three-row KPI file; returns the yaml path."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "kpis.csv").write_text(KPIS_CSV, encoding="utf-8")
    spec = tmp_path / "engagement.yaml"
    spec.write_text(MINIMAL_YAML.format(kpis="data/kpis.csv"), encoding="utf-8")
    return spec


@pytest.fixture(scope="session")
def demo_spec(tmp_path_factory) -> Path:
    """The demo engagement's inputs and yaml (not run), shared by the session."""
    from copcwb.demo import write_demo

    return write_demo(tmp_path_factory.mktemp("demo"))

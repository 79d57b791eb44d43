"""Warnings about valid inputs (small samples, thin months, outliers), the InputCheck of an
engagement, the period check, and where the warnings are shown: `copcwb validate`, the
run manifest and the "Data quality" section."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from typer.testing import CliRunner

from copcwb import InputError
from copcwb.cli import app
from copcwb.engagement import load_engagement
from copcwb.i18n import text
from copcwb.io import InputCheck, check_engagement_inputs, data_warnings
from copcwb.io.warnings import DataWarning, outliers, small_samples, thin_months
from copcwb.runner import run_engagement
from copcwb.runner.executor import Execution
from copcwb.views.data_quality import build_data_quality_table, build_data_quality_text

# 12 months of one KPI; the last is a typo (3000 for 300).
# Medians of each month and the two before and after it: Jan [300, 301, 302] -> 301,
# Feb [300..303] -> 301.5, Mar..Oct -> the month's own value (a straight line), Nov
# [308, 309, 310, 3000] -> 309.5, Dec [309, 310, 3000] -> 310. Absolute differences:
# 1, 0.5, 0 (x8), 0.5, 2690 -> their median (the MAD) is 0, below the floor of 10% of the
# series median (305 + 306) / 2 = 305.5, i.e. 30.55; threshold 5 * 30.55 = 152.75: only
# December (2690 away from 310) is flagged.
AHT = [300, 301, 302, 303, 304, 305, 306, 307, 308, 309, 310, 3000]
MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]
KPIS = "program,metric,month,value\n" + "".join(
    f"Billing,aht_s,{m},{v}\n" for m, v in zip(MONTHS, AHT, strict=True)
)
YAML = """client: "Test Client"
engagement: test-eng
period: {{start: "{start}", end: "{end}"}}
run: [baseline_assessment]
inputs:
  kpis: data/kpis.csv
"""


def _engagement(tmp_path: Path, kpis: str = KPIS, start="2026-01", end="2026-12") -> Path:
    (tmp_path / "data").mkdir(parents=True, exist_ok=True)
    (tmp_path / "data" / "kpis.csv").write_text(kpis, encoding="utf-8")
    spec = tmp_path / "engagement.yaml"
    spec.write_text(YAML.format(start=start, end=end), encoding="utf-8")
    return spec


def _kpis(values=AHT) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "program": "Billing",
            "metric": "aht_s",
            "month": pd.PeriodIndex(MONTHS[: len(values)], freq="M"),
            "value": [float(v) for v in values],
        }
    )


def test_outlier_is_flagged_with_its_row():
    rows = pd.Series(range(2, 14)).to_numpy()  # header on row 1
    (warning,) = outliers("kpis", _kpis(), rows)
    assert warning.code == "kpi_outliers" and warning.column == "value"
    assert warning.rows == (13,) and warning.n_rows == 1
    assert warning.examples == ("Billing · aht_s · 2026-12: 3,000 / 310",)


def test_no_outlier_in_a_steady_trend():
    # A KPI falling from 71 to 27 in 12 months (4 a month, as in the demo's ASA): against
    # the months around it each value is at most 4 away (at the ends of the series), far
    # below 5 * 10% of the median 49 = 24.5.
    values = [71 - 4 * i for i in range(12)]
    assert outliers("kpis", _kpis(values), pd.Series(range(2, 14)).to_numpy()) == []


def test_small_process_samples_per_program_and_month():
    # A: 10 process records in January, 40 in February; B: 30 and 30 (30 is enough).
    rows = []
    for program, counts in (("A", (10, 40)), ("B", (30, 30))):
        for month, n in zip(("2026-01-15", "2026-02-15"), counts, strict=True):
            rows += [(program, pd.Timestamp(month), "process")] * n
    rows += [("A", pd.Timestamp("2026-01-15"), "individual")] * 50  # not counted
    qa = pd.DataFrame(rows, columns=["program", "date", "monitoring_type"])
    (warning,) = small_samples(qa)
    assert dict(warning.values)["program"] == "A"
    assert dict(warning.values)["n_months"] == "1"
    assert warning.examples == ("2026-01: 10",)


def test_thin_months_and_partial_edges():
    # 100 contacts in each of Feb, Mar, May; 40 in April (< 50% of the median 100).
    # January holds 4 contacts, all on the 31st: the data cover 1 of 31 days, so the
    # expected count is 100 / 31 = 3.2 and half of it 1.6 < 4: not thin.
    stamps = [pd.Timestamp("2026-01-31 10:00")] * 4
    for month, n in (("2026-02", 100), ("2026-03", 100), ("2026-04", 40), ("2026-05", 100)):
        stamps += [pd.Timestamp(f"{month}-10 10:00")] * n
    stamps += [pd.Timestamp("2026-05-31 10:00")]  # May runs to its last day
    contacts = pd.DataFrame({"start_time": stamps})
    (warning,) = thin_months("contacts", contacts)
    assert warning.examples == ("2026-04: 40",)
    assert dict(warning.values)["median"] == "100"


def test_data_warnings_are_problems_of_severity_warning(tmp_path):
    engagement = load_engagement(_engagement(tmp_path))
    check = check_engagement_inputs(engagement)
    assert isinstance(check, InputCheck) and check.ok
    assert check.facts["kpis"]["rows"] == 12
    (warning,) = check.warnings
    assert warning.severity == "warning"
    assert warning.file.endswith("kpis.csv") and warning.column == "value"
    assert list(warning.rows) == [13]
    assert "median absolute deviations" in warning.describe()
    # the example names the metric by its catalog label, not its id
    assert list(warning.examples) == ["Billing · Average handle time (s) · 2026-12: 3,000 / 310"]
    frame = pd.read_csv(tmp_path / "data" / "kpis.csv")
    frame["month"] = pd.PeriodIndex(frame["month"], freq="M")
    labels = {"aht_s": "Average handle time (s)"}  # the caller names the metrics
    found = data_warnings(engagement, "kpis", frame, labels=labels)
    assert [w.describe() for w in found] == [warning.describe()]
    assert warning.file == "data/kpis.csv"  # as the spec writes it, not a path of this machine


def test_warnings_do_not_read_through_the_readers():
    # the labels are handed to the warnings: no import of the readers, no circle
    import ast

    import copcwb.io.warnings as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "copcwb.io.readers" not in imported and "copcwb.io" not in imported


def test_months_outside_the_period_are_errors(tmp_path):
    engagement = load_engagement(_engagement(tmp_path, start="2026-01", end="2026-06"))
    check = check_engagement_inputs(engagement)
    assert not check.ok and check.warnings == []
    (problem,) = check.problems
    assert problem.column == "month" and list(problem.rows) == [8, 9, 10, 11, 12]
    assert problem.n_rows == 6
    assert "outside the engagement period 2026-01 to 2026-06" in problem.problem
    assert problem.examples[:2] == ["2026-07", "2026-08"]


def test_validate_prints_warnings_and_exits_0(tmp_path):
    result = CliRunner().invoke(app, ["validate", str(_engagement(tmp_path))])
    assert result.exit_code == 0, result.output
    output = result.output
    assert output.index("valid") < output.index("warning:")
    assert "1 warning(s)" in output and "column 'value'" in output


class _Executor:
    """Writes a one-cell notebook instead of running papermill."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def execute(self, notebook, source, output, parameters, *, timeout_s, cwd):
        self.calls.append(notebook)
        nb = new_notebook(cells=[new_code_cell("1", metadata={"tags": ["parameters"]})])
        nbformat.write(nb, output)
        return Execution(notebook, output, True, 0.1)


def test_run_records_warnings_in_the_manifest(tmp_path):
    executor = _Executor()
    result = run_engagement(_engagement(tmp_path / "eng"), tmp_path / "out", executor=executor)
    manifest = json.loads((result.run_dir / "manifest.json").read_text(encoding="utf-8"))
    (line,) = manifest["inputs_warnings"]
    assert "kpis.csv" in line and "median absolute deviations" in line


def test_run_stops_before_any_notebook_when_an_input_is_invalid(tmp_path):
    executor = _Executor()
    spec = _engagement(tmp_path / "eng", kpis=KPIS.replace("2026-03", "2026-13"))
    with pytest.raises(InputError, match="not a month"):
        run_engagement(spec, tmp_path / "out", executor=executor)
    assert executor.calls == []
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("manifest.json"))


def test_demo_inputs_are_valid(demo_spec):
    check = check_engagement_inputs(load_engagement(demo_spec))
    assert check.problems == []
    assert all(w.severity == "warning" for w in check.warnings)


def test_data_quality_table_and_text():
    warning = DataWarning(
        kind="qa",
        code="small_sample",
        column="monitoring_type",
        values=(("program", "Billing"), ("minimum", "30"), ("n_months", "2")),
        examples=("2026-01: 12", "2026-02: 25"),
    )

    def t(key, **values):
        return text(key, "en", **values)

    table = build_data_quality_table([("qa.csv", warning)], t)
    assert list(table.columns) == ["input", "column", "what", "examples", "check"]
    row = table.iloc[0]
    assert row["column"] == "Process monitoring"  # plain words from the catalog
    assert row["what"] == "Billing: fewer than 30 process-monitoring records in 2 month(s)"
    assert row["examples"] == "2026-01: 12; 2026-02: 25"
    assert row["check"].startswith("accuracy in these months has wide confidence intervals")
    assert build_data_quality_text(0, t) == [text("data_quality.none")]
    assert build_data_quality_text(3, t)[0].startswith("3 point(s) to know")

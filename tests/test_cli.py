"""The command line: exit codes, messages without tracebacks, every problem at once."""

from __future__ import annotations

import shutil

from typer.testing import CliRunner

from copcwb.cli import app

runner = CliRunner()


def test_validate_ok(demo_spec):
    result = runner.invoke(app, ["validate", str(demo_spec)])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def test_validate_lists_every_problem_of_every_file(demo_spec, tmp_path):
    engagement = tmp_path / "eng"
    shutil.copytree(demo_spec.parent, engagement)
    kpis = engagement / "data" / "kpis.csv"
    kpis.write_text(kpis.read_text().replace("program,metric", "programme,metric", 1))
    survey = engagement / "data" / "survey.csv"
    lines = survey.read_text().splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("overall")] = "9"
    lines[1] = ",".join(row)
    survey.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["validate", str(engagement / "engagement.yaml")])
    assert result.exit_code == 2
    output = result.output
    assert "kpis.csv" in output and "program" in output and "did you mean 'programme'" in output
    assert "survey.csv" in output and "overall" in output and "rows 2" in output
    assert "Traceback" not in output


def test_validate_bad_spec(tmp_path):
    spec = tmp_path / "engagement.yaml"
    spec.write_text("client: x\nengagement: Not_Valid\n")
    result = runner.invoke(app, ["validate", str(spec)])
    assert result.exit_code == 2
    assert "engagement" in result.output and "period" in result.output


def test_usage_error_exits_2():
    assert runner.invoke(app, ["run"]).exit_code == 2


def test_new_then_refuse_to_overwrite(tmp_path):
    first = runner.invoke(app, ["new", "acme", "--dir", str(tmp_path)])
    assert first.exit_code == 0
    again = runner.invoke(app, ["new", "acme", "--dir", str(tmp_path)])
    assert again.exit_code == 2 and "exists already" in again.output


def test_verify_on_a_folder_that_is_not_a_run(tmp_path):
    result = runner.invoke(app, ["verify", str(tmp_path)])
    assert result.exit_code == 1 and "manifest.json is missing" in result.output

"""The engagement spec: what loads, and what is refused with which message."""

from pathlib import Path

import pytest

from copcwb import SpecError, load_engagement
from tests.conftest import MINIMAL_YAML


def _write(tmp_path: Path, text: str) -> Path:
    spec = tmp_path / "engagement.yaml"
    spec.write_text(text, encoding="utf-8")
    return spec


def test_minimal_spec_loads_with_defaults(minimal_engagement):
    eng = load_engagement(minimal_engagement)
    assert eng.engagement == "test-eng"
    assert eng.language == "en"
    assert eng.input_path("kpis") == (minimal_engagement.parent / "data" / "kpis.csv").resolve()
    assert eng.options("baseline_assessment").trend_months == 6
    assert eng.options("baseline_assessment").level_share == 0.65


def test_unknown_key_is_an_error(minimal_engagement):
    text = minimal_engagement.read_text() + "colour: blue\n"
    with pytest.raises(SpecError, match="unknown key 'colour'"):
        load_engagement(_write(minimal_engagement.parent, text))


def test_unknown_option_is_an_error(minimal_engagement):
    text = minimal_engagement.read_text() + "notebooks:\n  baseline_assessment: {trend_mnths: 6}\n"
    with pytest.raises(SpecError, match="trend_mnths"):
        load_engagement(_write(minimal_engagement.parent, text))


@pytest.mark.parametrize("bad_id", ["Acme", "acme_2026", "../etc", "acme/x", "-acme", ""])
def test_engagement_id_is_checked(tmp_path, bad_id):
    (tmp_path / "k.csv").write_text("x\n")
    text = MINIMAL_YAML.format(kpis="k.csv").replace("test-eng", f'"{bad_id}"')
    with pytest.raises(SpecError, match="engagement"):
        load_engagement(_write(tmp_path, text))


@pytest.mark.parametrize("path", ["../kpis.csv", "/etc/passwd", "data/../../x.csv"])
def test_input_paths_stay_inside_the_engagement_folder(tmp_path, path):
    with pytest.raises(SpecError, match="relative to engagement.yaml"):
        load_engagement(_write(tmp_path, MINIMAL_YAML.format(kpis=path)))


def test_missing_input_file_is_named(tmp_path):
    with pytest.raises(SpecError) as info:
        load_engagement(_write(tmp_path, MINIMAL_YAML.format(kpis="data/nothere.csv")))
    assert "nothere.csv" in str(info.value)


def test_every_problem_is_reported_at_once(tmp_path):
    text = (
        'client: ""\nengagement: Bad_Id\nperiod: {start: "2026-13", end: "2026-01"}\n'
        "inputs: {}\nextra: 1\n"
    )
    with pytest.raises(SpecError) as info:
        load_engagement(_write(tmp_path, text))
    message = str(info.value)
    assert len(info.value.problems) >= 4
    for fragment in ("client", "engagement", "period", "extra"):
        assert fragment in message


def test_notebook_needs_its_input(tmp_path):
    (tmp_path / "k.csv").write_text("x\n")
    text = MINIMAL_YAML.format(kpis="k.csv").replace("[baseline_assessment]", "[csat_drivers]")
    with pytest.raises(SpecError, match="csat_drivers needs input 'survey'"):
        load_engagement(_write(tmp_path, text))


def test_empty_sections_mean_defaults(minimal_engagement):
    text = minimal_engagement.read_text() + "notebooks:\n  baseline_assessment:\nrunner:\n"
    eng = load_engagement(_write(minimal_engagement.parent, text))
    assert eng.options("baseline_assessment").alpha == 0.05


def test_unknown_time_zone(minimal_engagement):
    text = minimal_engagement.read_text() + "timezone: Mars/Olympus\n"
    with pytest.raises(SpecError, match="unknown time zone"):
        load_engagement(_write(minimal_engagement.parent, text))


def test_not_yaml(tmp_path):
    with pytest.raises(SpecError, match="YAML"):
        load_engagement(_write(tmp_path, "client: [unclosed\n"))

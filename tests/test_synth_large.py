"""Tests of the large demo (copcwb.synth.write_large), generated at a small size."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from copcwb.synth import LARGE_PROGRAMS, LargeSize, generate_demo, write_large
from copcwb.synth._chunks import ChunkWriter
from copcwb.synth._files import csv_text
from copcwb.synth._large import large_design
from copcwb.synth._large_spec import SITES, TRENDS

N = 10_000  # contacts: the smallest large demo, written in about a second


def _hashes(root) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _cli(*args: str):
    from copcwb.cli import app

    return CliRunner().invoke(app, ["demo", *args])


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """The large demo at N contacts with seed 11, written by ``copcwb demo --size large
    --no-run`` and again by write_large, and with seed 12."""
    base = tmp_path_factory.mktemp("large")
    result = _cli("--out", str(base / "a"), "--size", "large", "--contacts", str(N),
                  "--seed", "11", "--no-run")  # fmt: skip
    assert result.exit_code == 0, result.output
    return {
        "a": base / "a" / "acme-large",
        "b": write_large(base / "b", seed=11, contacts=N).parent,
        "other": write_large(base / "other", seed=12, contacts=N).parent,
    }


@pytest.fixture(scope="module")
def tables(large) -> dict[str, pd.DataFrame]:
    data = large["a"] / "data"
    names = ("kpis", "qa", "contacts", "survey", "wfm", "journeys")
    return {name: pd.read_csv(data / f"{name}.csv") for name in names}


def test_same_seed_gives_identical_files(large):
    a, b = _hashes(large["a"]), _hashes(large["b"])
    assert sorted(a) == [
        "data/contacts.csv",
        "data/journeys.csv",
        "data/kpis.csv",
        "data/qa.csv",
        "data/survey.csv",
        "data/wfm.csv",
        "engagement.yaml",
    ]
    assert a == b


def test_different_seed_gives_different_files(large):
    a, other = _hashes(large["a"]), _hashes(large["other"])
    assert all(a[f] != other[f] for f in a if f.startswith("data/"))


def test_eighty_programs_of_centres_and_vendor_sites(tables):
    assert len(LARGE_PROGRAMS) == len(set(LARGE_PROGRAMS)) == 80
    assert "Taipei Billing" in LARGE_PROGRAMS
    assert "Vendor A Kaohsiung Mobile Support" in LARGE_PROGRAMS
    # every program is "<site> <line of business>" of the site table
    assert set(LARGE_PROGRAMS) == {f"{s} {line}" for s, lines in SITES for line in lines}
    for name in ("kpis", "qa", "contacts"):
        assert set(tables[name]["program"]) == set(LARGE_PROGRAMS), name
    # 400 responses: the smallest programs may have none yet
    assert set(tables["survey"]["program"]) <= set(LARGE_PROGRAMS)
    assert tables["qa"].groupby("program").size().min() >= 5


def test_row_counts_scale_with_the_contacts(tables):
    # 300,000 QA records and 200,000 responses per 5,000,000 contacts: 10,000 contacts give
    # 10,000 * 0.06 = 600 QA records and 10,000 * 0.04 = 400 responses
    assert len(tables["contacts"]) == 10_000
    assert len(tables["qa"]) == 600
    assert len(tables["survey"]) == 400
    # 44 queues per 5,000,000 contacts, at least 4: 4 queues x 51 weeks x 7 days x 28
    # half-hours (08:00 to 21:30) = 39,984 intervals
    assert tables["wfm"]["queue"].nunique() == 4
    assert len(tables["wfm"]) == 4 * 51 * 7 * 28
    # 80 programs x 19 metrics x 12 months, less 3 planted missing months
    assert len(tables["kpis"]) == 80 * 19 * 12 - 3


def test_sizes_at_the_reference_scale():
    five = LargeSize(5_000_000)
    assert (five.qa, five.survey, five.queues) == (300_000, 200_000, 44)
    # 20,000,000 contacts would give 176 queues; there are only 80 x 2 voice and chat lines
    assert LargeSize(20_000_000).queues == 160
    with pytest.raises(ValueError, match="10,000 to 100,000,000"):
        LargeSize(9_999)


def test_inputs_validate_cleanly(large):
    from copcwb.engagement import load_engagement
    from copcwb.io.readers import check_engagement_inputs

    engagement = load_engagement(large["a"] / "engagement.yaml")
    check = check_engagement_inputs(engagement)
    assert check.problems == []
    assert {k: v["rows"] for k, v in check.facts.items()} == {
        "kpis": 80 * 19 * 12 - 3,
        "qa": 600,
        "contacts": 10_000,
        "survey": 400,
        "wfm": 4 * 51 * 7 * 28,
        "journeys": 10_000,
    }
    assert engagement.runner.timeout_s == 3600
    assert engagement.run == [
        "baseline_assessment",
        "csat_drivers",
        "forecast_accuracy",
        "journey_quality",
    ]
    assert engagement.skipped() == {}


def test_contact_log_is_in_time_order_with_unique_ids(tables):
    contacts = tables["contacts"]
    assert contacts["contact_id"].is_unique
    assert contacts["start_time"].is_monotonic_increasing
    assert contacts["contact_id"].is_monotonic_increasing
    assert contacts["start_time"].min() >= "2025-11-01"
    assert contacts["start_time"].max() < "2026-11-01"


def test_survey_repeat_flag_is_the_contact_logs(tables):
    from copcwb.quality.resolution import flag_repeats

    survey, contacts = tables["survey"], tables["contacts"]
    flagged = flag_repeats(contacts, "7D").set_index("contact_id")
    linked = flagged.loc[survey["contact_id"]]
    assert (linked["channel"] == "voice").all()
    assert not linked["censored"].any()
    np.testing.assert_array_equal(
        linked["repeat"].astype(int).to_numpy(), survey["repeat_contact_7d"].to_numpy()
    )
    np.testing.assert_array_equal(linked["program"].to_numpy(), survey["program"].to_numpy())


def test_programs_trend_as_planned(tables):
    # improving programs copy the demo's Technical Support (service level up), deteriorating
    # ones its Retention Sales (service level down), stable ones stay flat
    design, _ = large_design(11, N)
    kpis = tables["kpis"]
    sl = kpis[kpis["metric"] == "service_level"].pivot(
        index="program", columns="month", values="value"
    )
    change = (sl["2026-10"] - sl["2026-04"]).reindex(LARGE_PROGRAMS).to_numpy()
    trend = np.array(TRENDS)[design.trend]
    assert (change[trend == "improving"] > 0).all()
    assert (change[trend == "deteriorating"] < 0).all()
    assert np.abs(change[trend == "stable"]).max() < 0.05


def test_one_journey_per_contact_agreeing_with_the_survey(tables):
    journeys, contacts, survey = tables["journeys"], tables["contacts"], tables["survey"]
    columns = ["contact_id", "customer_id", "program", "channel", "start_time"]
    pd.testing.assert_frame_equal(journeys[columns], contacts[columns])
    rated = journeys.set_index("contact_id").loc[survey["contact_id"]]
    np.testing.assert_array_equal(rated["ivr_seconds"].to_numpy(), survey["ivr_seconds"].to_numpy())
    np.testing.assert_array_equal(
        rated["queue_seconds"].to_numpy(), survey["wait_seconds"].to_numpy()
    )
    np.testing.assert_array_equal(rated["transfers"].to_numpy(), survey["transfers"].to_numpy())
    # no IVR outside voice, no bot answer without a bot, cases closed after they opened
    assert journeys.loc[journeys["channel"] != "voice", "ivr_seconds"].isna().all()
    assert journeys.loc[journeys["bot_used"] == 0, "bot_resolved"].isna().all()
    cases = journeys.dropna(subset=["case_closed_at"])
    assert (cases["case_closed_at"] > cases["case_opened_at"]).all()


def test_the_large_journeys_plant_what_the_demo_plants(tables):
    from copcwb.quality.resolution import flag_repeats
    from copcwb.synth._large_spec import LINES

    journeys = tables["journeys"]
    repeat = flag_repeats(tables["contacts"], "7D")["repeat"].to_numpy()
    bot = journeys["bot_used"] == 1
    unresolved = journeys["bot_resolved"] == 0
    # planted: P(unresolved | repeat) = 0.60, P(unresolved | no repeat) = 0.15; the
    # surveyed few are drawn given their rating, so allow a margin
    assert unresolved[bot & repeat].mean() == pytest.approx(0.60, abs=0.06)
    assert unresolved[bot & ~repeat].mean() == pytest.approx(0.15, abs=0.03)
    promised = journeys.dropna(subset=["callback_promised_at"])
    late = pd.to_datetime(promised["callback_made_at"]) - pd.to_datetime(
        promised["callback_promised_at"]
    )
    broken = late.isna() | (late > pd.Timedelta(minutes=15))
    line = promised["program"].map(lambda p: LINES[next(k for k in LINES if p.endswith(k))])
    # the support lines break about 45% of their promises, the others 6-8%
    assert broken[line == "Technical Support"].mean() == pytest.approx(0.45, abs=0.06)
    assert broken[line != "Technical Support"].mean() < 0.12


def test_chunked_writer_matches_the_demo_csv(tmp_path):
    # reference: the demo's own CSV writer (pandas to_csv with fixed decimals)
    for name, frame in generate_demo(2026, weeks=2, months=7).items():
        path = tmp_path / f"{name}.csv"
        with ChunkWriter(path, name, list(frame.columns)) as writer:
            for part in np.array_split(np.arange(len(frame)), 3):
                rows = frame.iloc[part]
                writer.write({c: rows[c].to_numpy() for c in rows.columns})
        assert path.read_bytes() == csv_text(name, frame).encode("utf-8"), name


def test_cli_leaves_a_different_demo_alone(large):
    out = large["a"].parent
    before = _hashes(large["a"])
    result = _cli("--out", str(out), "--size", "large", "--contacts", str(N), "--seed", "12",
                  "--no-run")  # fmt: skip
    assert result.exit_code == 2
    assert "different files" in result.output
    assert _hashes(large["a"]) == before
    assert sorted(p.name for p in out.iterdir()) == ["acme-large"]  # no scratch folder left
    assert not (out / "reports").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--contacts", "20000"], "--size large"),
        (["--size", "huge"], "small, large"),
        (["--size", "large", "--contacts", "300"], "10,000 to 100,000,000"),
    ],
)
def test_cli_rejects_bad_sizes(tmp_path, args, message):
    result = _cli("--out", str(tmp_path), *args, "--no-run")
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "acme-large").exists()

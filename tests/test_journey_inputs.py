"""The journeys input and the checkpoint catalog: the reader contract (column mapping,
encodings, Excel and Parquet, every problem at once), the built-in catalog and an
engagement's own, and which notebooks a run skips for want of journeys."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from copcwb import InputError, SpecError, journey, load_engagement
from copcwb.engagement import InputSpec
from copcwb.io import read_journey_checkpoints, read_journeys
from copcwb.io.columns import JOURNEYS
from copcwb.io.readers import read_input

JOURNEYS_CSV = (
    "contact_id,customer_id,program,channel,start_time,ivr_seconds,transfers,"
    "callback_promised_at,callback_made_at\n"
    "K1,C1,計費,voice,2026-03-02 09:00:00,95,1,2026-03-02 12:00:00,2026-03-02 12:14:00\n"
    "K2,C2,計費,chat,2026-03-02 10:00:00,,0,,\n"
)


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_journeys_types_and_absent_optional_columns(tmp_path):
    frame = read_journeys(_write(tmp_path, "j.csv", JOURNEYS_CSV))
    assert list(frame.columns) == [
        "contact_id",
        "customer_id",
        "program",
        "channel",
        "start_time",
        "ivr_seconds",
        "transfers",
        "callback_promised_at",
        "callback_made_at",
    ]  # the optional columns the file lacks stay absent
    assert frame["start_time"].tolist() == [
        pd.Timestamp("2026-03-02 09:00"),
        pd.Timestamp("2026-03-02 10:00"),
    ]
    assert frame["ivr_seconds"].iloc[0] == 95.0 and pd.isna(frame["ivr_seconds"].iloc[1])
    assert frame["transfers"].tolist() == [1, 0]
    assert pd.isna(frame["callback_made_at"].iloc[1])


@pytest.mark.parametrize("encoding", ["utf-8-sig", "big5", "gbk"])
def test_encodings_excel_and_parquet_give_identical_frames(tmp_path, encoding):
    expected = read_journeys(_write(tmp_path, "ref.csv", JOURNEYS_CSV))
    got = read_journeys(_write(tmp_path, f"j-{encoding}.csv", JOURNEYS_CSV, encoding))
    pd.testing.assert_frame_equal(got, expected)
    raw = pd.read_csv(tmp_path / "ref.csv", dtype=str)
    raw.to_excel(tmp_path / "j.xlsx", index=False)
    raw.to_parquet(tmp_path / "j.parquet")
    pd.testing.assert_frame_equal(read_journeys(tmp_path / "j.xlsx"), expected)
    pd.testing.assert_frame_equal(read_journeys(tmp_path / "j.parquet"), expected)


def test_the_client_s_headers_are_mapped(tmp_path):
    text = JOURNEYS_CSV.replace("ivr_seconds", "IVR秒數").replace("contact_id", "來電編號")
    path = _write(tmp_path, "j.csv", text)
    spec = InputSpec(
        path=Path("j.csv"), columns={"ivr_seconds": "IVR秒數", "contact_id": "來電編號"}
    )
    frame = read_journeys(spec.model_copy(update={"path": path}))
    pd.testing.assert_frame_equal(frame, read_journeys(_write(tmp_path, "r.csv", JOURNEYS_CSV)))


BAD = (
    "contact_id,customer_id,program,channel,start_time,bot_used,bot_resolved,ivr_seconds,"
    "case_opened_at,case_closed_at\n"
    "K1,C1,P,voice,2026-03-02 09:00:00,0,1,95,2026-03-02 10:00:00,2026-03-02 09:00:00\n"  # 2
    "K2,C2,P,voice,2026-03-02 09:00:00,1,0,-5,,2026-03-02 11:00:00\n"  # 3
    "K2,C3,P,voice,yesterday,1,1,10,,\n"  # 4
)


@pytest.mark.parametrize("chunked", [True, False])
def test_every_problem_of_a_journeys_file_at_once(tmp_path, chunked):
    path = _write(tmp_path, "j.csv", BAD)
    with pytest.raises(InputError) as caught:
        read_input(path, JOURNEYS, chunked=chunked)
    found = {(p.column, tuple(p.rows)): p.problem for p in caught.value.problems}
    assert all(p.file == str(path) for p in caught.value.problems)
    # row 2: closed at 09:00 before it was opened at 10:00; bot_resolved 1 with bot_used 0
    assert "closed before it was opened" in found[("case_closed_at", (2,))]
    assert "no bot was used" in found[("bot_resolved", (2,))]
    # row 3: a negative IVR time, a case closed without being opened
    assert "negative" in found[("ivr_seconds", (3,))]
    assert "no opening time" in found[("case_opened_at", (3,))]
    # row 4: not a time; contact K2 twice (rows 3 and 4)
    assert ("start_time", (4,)) in found
    assert "duplicate" in found[("contact_id", (3, 4))]


def test_a_required_column_missing_is_named_with_the_fix(tmp_path):
    path = _write(tmp_path, "j.csv", JOURNEYS_CSV.replace("customer_id", "client"))
    with pytest.raises(InputError) as caught:
        read_journeys(path)
    (problem,) = [p for p in caught.value.problems if p.column == "customer_id"]
    assert "required column 'customer_id' is missing" in problem.problem
    assert "columns:" in problem.fix


# -- the checkpoint catalog ---------------------------------------------------------------


def test_the_built_in_catalog():
    catalog = journey.checkpoint_catalog()
    assert catalog.attrs["catalog_source"] == "built-in"
    computed = catalog[catalog["rule"] != "human_qa"]
    assert len(computed) >= 12
    for checkpoint in (
        "callback_on_time",
        "case_closed_within_sla",
        "ivr_within_threshold",
        "no_transfer",
        "no_repeat_7d",
        "bot_resolved",
    ):
        assert checkpoint in set(computed["checkpoint"])
    rows = catalog.set_index("checkpoint")
    # the placeholder defaults: 15 minutes, 120 s, a transfer from the first, 7 days
    assert rows.loc["callback_on_time", ["parameter", "value", "value_source"]].tolist() == [
        "tolerance_min",
        15.0,
        "placeholder",
    ]
    assert rows.loc["ivr_within_threshold", "value"] == 120.0
    assert rows.loc["no_transfer", "value"] == 0.0
    assert rows.loc["no_repeat_7d", "value"] == 168.0  # hours
    known = {c.name for c in JOURNEYS.columns}
    assert all(set(needs) <= known for needs in computed["needs"])
    assert all(needs == () for needs in catalog.loc[catalog["rule"] == "human_qa", "needs"])


def test_labels_in_each_language():
    en = journey.checkpoint_catalog(language="en").set_index("checkpoint")["label"]
    hant = journey.checkpoint_catalog(language="zh-Hant").set_index("checkpoint")["label"]
    hans = journey.checkpoint_catalog(language="zh-Hans").set_index("checkpoint")["label"]
    assert en["callback_on_time"] == "Promised callback made on time"
    assert hant["callback_on_time"] == "承諾的回電準時完成"
    assert hans["callback_on_time"] == "承诺的回电准时完成"
    assert (en != hant).all() and (hant != hans).any()


OWN = (
    "checkpoint,touchpoint,dimension,rule,needs,parameter,value,placeholder,label_en\n"
    "callback_on_time,callback,reliability,callback_late,"
    "callback_promised_at callback_made_at,tolerance_min,30,0,Callback within 30 minutes\n"
    "long_hold,queue,responsiveness,over_threshold,queue_seconds,threshold_s,90,0,\n"
    "empathy_shown,agent,empathy,human_qa,,,,,Empathy shown\n"
)


def test_an_engagement_s_own_catalog(tmp_path):
    given = read_journey_checkpoints(_write(tmp_path, "cp.csv", OWN))
    catalog = journey.checkpoint_catalog(given, language="zh-Hant")
    assert catalog.attrs["catalog_source"] == "engagement"
    rows = catalog.set_index("checkpoint")
    assert list(rows.index) == ["callback_on_time", "long_hold", "empathy_shown"]
    assert rows.loc["callback_on_time", "value"] == 30.0
    assert rows.loc["callback_on_time", "value_source"] == "catalog"
    # no Chinese label: the English one; no label at all: the id in words
    assert rows.loc["callback_on_time", "label"] == "Callback within 30 minutes"
    assert rows.loc["long_hold", "label"] == "Long hold"


BROKEN = (
    "checkpoint,touchpoint,dimension,rule,needs,parameter,value\n"
    "a,ivr,tangibles,over_threshold,callback_made_at,threshold_s,10\n"  # not a number column
    "b,ivr,tangibles,over_threshold,ivr_seconds,threshold_s,\n"  # no value
    "c,ivr,tangibles,over_threshold,hold_time,threshold_s,10\n"  # not a journeys column
    "d,ivr,tangibles,callback_late,callback_made_at,tolerance_min,15\n"  # half its columns
)


def test_every_broken_checkpoint_of_a_catalog_is_named_at_once(tmp_path):
    given = read_journey_checkpoints(_write(tmp_path, "cp.csv", BROKEN))
    with pytest.raises(InputError) as caught:
        journey.checkpoint_catalog(given, file="cp.csv")
    named = [p.examples[0] for p in caught.value.problems]
    assert named == ["a", "b", "c", "d"]
    assert all(p.file == "cp.csv" for p in caught.value.problems)
    assert "hold_time" in caught.value.problems[2].problem


def test_a_touchpoint_outside_the_list_is_a_reader_problem(tmp_path):
    text = OWN.replace("long_hold,queue,", "long_hold,lobby,")
    with pytest.raises(InputError) as caught:
        read_journey_checkpoints(_write(tmp_path, "cp.csv", text))
    (problem,) = caught.value.problems
    assert problem.column == "touchpoint" and list(problem.rows) == [3]


def test_a_value_for_an_unknown_checkpoint_is_refused():
    with pytest.raises(InputError, match="callback_ontime"):
        journey.checkpoint_catalog(values={"callback_ontime": 10})


# -- the engagement: journeys optional, the notebook skipped without them -------------------

SPEC = """client: "Test Client"
engagement: test-eng
period: {{start: "2026-01", end: "2026-06"}}
{run}inputs:
  kpis: data/kpis.csv
  survey: data/survey.csv
  wfm: data/wfm.csv
{journeys}"""


def _spec(tmp_path: Path, *, run: str = "", journeys: bool = False) -> Path:
    (tmp_path / "data").mkdir(exist_ok=True)
    for name in ("kpis", "survey", "wfm", "journeys"):
        (tmp_path / "data" / f"{name}.csv").write_text("x\n", encoding="utf-8")
    text = SPEC.format(run=run, journeys="  journeys: data/journeys.csv\n" if journeys else "")
    path = tmp_path / "engagement.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_without_run_the_journey_notebook_is_skipped_when_journeys_are_absent(tmp_path):
    engagement = load_engagement(_spec(tmp_path))
    assert engagement.skipped() == {"journey_quality": ["journeys"]}
    assert "journey_quality" in engagement.run


def test_with_journeys_nothing_is_skipped(tmp_path):
    assert load_engagement(_spec(tmp_path, journeys=True)).skipped() == {}


def test_a_notebook_named_under_run_must_have_its_inputs(tmp_path):
    with pytest.raises(SpecError, match="journey_quality needs input 'journeys'"):
        load_engagement(_spec(tmp_path, run="run: [csat_drivers, journey_quality]\n"))
    named = load_engagement(_spec(tmp_path, run="run: [csat_drivers]\n"))
    assert named.skipped() == {} and named.run == ["csat_drivers"]

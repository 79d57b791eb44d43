"""The reader corpus (tests/data/make_corpus.py): every bad file gives an InputError whose
message names the file and holds the expected fragments (column, rows, fix); the good
files of each group read to identical frames whatever their encoding or format."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from copcwb import InputError
from copcwb.engagement import InputSpec
from copcwb.io.columns import KINDS
from copcwb.io.readers import read_input

DATA = Path(__file__).parent / "data"
BAD = yaml.safe_load((DATA / "bad" / "cases.yaml").read_text(encoding="utf-8"))
GOOD = yaml.safe_load((DATA / "good" / "cases.yaml").read_text(encoding="utf-8"))


def _read(folder: Path, case: dict) -> pd.DataFrame:
    path = folder / case["file"]
    spec = InputSpec(path=Path(case["file"]), **case.get("options", {}))
    spec = spec.model_copy(update={"path": path})
    period = tuple(case["period"]) if "period" in case else None
    scale = tuple(case.get("scale", (1, 5)))
    return read_input(
        spec, KINDS[case["kind"]], period=period, scale=scale, **case.get("reader", {})
    )[0]


def test_corpus_is_large_enough():
    assert len(BAD) >= 30
    assert all((DATA / "bad" / c["file"]).is_file() for c in BAD)
    assert all((DATA / "good" / c["file"]).is_file() for c in GOOD)


@pytest.mark.parametrize("case", BAD, ids=[c["file"] for c in BAD])
def test_bad_file_gives_an_actionable_error(case):
    with pytest.raises(InputError) as info:
        _read(DATA / "bad", case)
    message = str(info.value)
    assert case["file"] in message, message
    for fragment in case["expect"]:
        assert fragment in message, f"{fragment!r} not in:\n{message}"
    assert all(p.severity == "error" for p in info.value.problems)
    assert all(p.fix for p in info.value.problems), message


GROUPS = sorted({c["group"] for c in GOOD})


@pytest.mark.parametrize("group", GROUPS)
def test_good_files_of_a_group_read_to_identical_frames(group):
    cases = [c for c in GOOD if c["group"] == group]
    assert len(cases) >= 4
    reference = _read(DATA / "good", cases[0])
    for case in cases[1:]:
        got = _read(DATA / "good", case)
        pd.testing.assert_frame_equal(got, reference, obj=case["file"])


def test_good_kpis_hold_the_written_values():
    # The rows written by make_corpus.py (KPI_ROWS), read back from the UTF-8 file.
    frame = _read(DATA / "good", GOOD[0])
    assert frame["program"].tolist()[:2] == ["計費服務", "計費服務"]
    assert frame["month"].astype(str).tolist()[:3] == ["2026-01", "2026-02", "2026-01"]
    assert frame["value"].tolist() == [0.81, 0.79, 310.5, 0.85, 402.0, 0.045]


def test_good_contacts_hold_local_times():
    # CONTACT_ROWS of make_corpus.py: K2 at 2026-01-05 23:45 local; the UTC file writes it
    # as 15:45Z and Asia/Taipei is UTC+8, so it reads back as 23:45.
    contacts = [c for c in GOOD if c["group"] == "contacts"]
    utc = next(c for c in contacts if c["file"] == "contacts_utc.csv")
    frame = _read(DATA / "good", utc)
    assert frame.loc[1, "start_time"] == pd.Timestamp("2026-01-05 23:45")
    assert str(frame["start_time"].dtype) == "datetime64[ns]"
    assert frame["reason"].isna().tolist() == [False, True, False, False]


def test_good_wfm_is_zone_aware():
    wfm = next(c for c in GOOD if c["group"] == "wfm")
    frame = _read(DATA / "good", wfm)
    assert str(frame["interval_start"].dtype) == "datetime64[ns, Asia/Taipei]"
    assert frame["interval_start"].dt.strftime("%H:%M").tolist() == [
        "08:00",
        "08:30",
        "09:00",
        "08:00",
    ]
    assert pd.isna(frame.loc[3, "actual_aht_s"])

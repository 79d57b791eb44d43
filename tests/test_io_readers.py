"""Readers: good files in each format give the same frame; bad files give errors that
name the file, the column, the rows and the fix."""

from pathlib import Path

import pandas as pd
import pytest

from copcwb import InputError
from copcwb.engagement import InputSpec
from copcwb.io import read_contacts, read_kpis, read_qa, read_survey, read_wfm

KPIS = "program,metric,month,value\nBilling,service_level,2026-01,0.81\n計費,aht_s,2026-02,310\n"


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_kpis_types(tmp_path):
    frame = read_kpis(_write(tmp_path, "k.csv", KPIS))
    assert list(frame.columns) == ["program", "metric", "month", "value"]
    assert frame["month"].tolist() == [pd.Period("2026-01", "M"), pd.Period("2026-02", "M")]
    assert frame["value"].tolist() == [0.81, 310.0]
    assert frame["program"].tolist() == ["Billing", "計費"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "big5", "gbk"])
def test_encodings_give_identical_frames(tmp_path, encoding):
    expected = read_kpis(_write(tmp_path, "ref.csv", KPIS))
    got = read_kpis(_write(tmp_path, f"k-{encoding}.csv", KPIS, encoding))
    pd.testing.assert_frame_equal(got, expected)


def test_semicolon_and_decimal_comma(tmp_path):
    text = "program;metric;month;value\nBilling;service_level;2026-01;0,81\n"
    path = _write(tmp_path, "k.csv", text)
    frame = read_kpis(InputSpec(path=Path("k.csv"), decimal=",").model_copy(update={"path": path}))
    assert frame["value"].tolist() == [0.81]


def test_excel_and_parquet_give_identical_frames(tmp_path):
    expected = read_kpis(_write(tmp_path, "ref.csv", KPIS))
    raw = pd.read_csv(tmp_path / "ref.csv", dtype=str)
    raw.to_excel(tmp_path / "k.xlsx", index=False)
    raw.to_parquet(tmp_path / "k.parquet")
    pd.testing.assert_frame_equal(read_kpis(tmp_path / "k.xlsx"), expected)
    pd.testing.assert_frame_equal(read_kpis(tmp_path / "k.parquet"), expected)


def test_header_below_title_rows_and_column_mapping(tmp_path):
    text = "Monthly KPI export\n\n方案,指標,月份,數值\nBilling,service_level,2026-01,0.81\n"
    path = _write(tmp_path, "k.csv", text)
    spec = InputSpec(
        path=Path("k.csv"),
        header_row=3,
        columns={"program": "方案", "metric": "指標", "month": "月份", "value": "數值"},
    )
    frame = read_kpis(spec.model_copy(update={"path": path}))
    assert frame.loc[0, "program"] == "Billing"


def test_headers_are_matched_case_and_space_insensitively(tmp_path):
    frame = read_kpis(_write(tmp_path, "k.csv", "Program,Metric,Month,Value\nA,x,2026-01,1\n"))
    assert list(frame.columns) == ["program", "metric", "month", "value"]


def test_missing_column_names_file_column_and_suggests(tmp_path):
    path = _write(tmp_path, "k.csv", "program,metrc,month,value\nA,x,2026-01,1\n")
    with pytest.raises(InputError) as info:
        read_kpis(path)
    message = str(info.value)
    assert str(path) in message
    assert "column 'metric'" in message
    assert "did you mean 'metrc'" in message


def test_mapped_header_missing_lists_available_headers(tmp_path):
    path = _write(tmp_path, "k.csv", "方案,metric,month,value\nA,x,2026-01,1\n")
    spec = InputSpec(path=Path("k.csv"), columns={"program": "計畫"})
    with pytest.raises(InputError, match="headers found: 方案, metric, month, value"):
        read_kpis(spec.model_copy(update={"path": path}))


def test_all_value_problems_reported_with_spreadsheet_rows(tmp_path):
    text = (
        "program,metric,month,value\n"
        "A,x,2026-01,1\n"  # row 2: fine
        "A,x,2026-13,2\n"  # row 3: no such month
        "A,y,2026-02,abc\n"  # row 4: not a number
        "A,x,2026-01,3\n"
    )  # row 5: duplicate of row 2
    with pytest.raises(InputError) as info:
        read_kpis(_write(tmp_path, "k.csv", text))
    problems = {p.problem: p for p in info.value.problems}
    assert problems["not a month"].rows == [3]
    assert problems["not a month"].column == "month"
    assert problems["not a number"].rows == [4]
    assert problems["not a number"].examples == ["abc"]
    duplicate = next(p for p in info.value.problems if "duplicate" in p.problem)
    assert list(duplicate.rows) == [2, 5]


def test_empty_and_header_only_files(tmp_path):
    with pytest.raises(InputError, match="empty"):
        read_kpis(_write(tmp_path, "e.csv", ""))
    with pytest.raises(InputError, match="header but no data rows"):
        read_kpis(_write(tmp_path, "h.csv", "program,metric,month,value\n"))


def test_qa_flags_and_allowed_values(tmp_path):
    text = (
        "transaction_id,program,date,monitoring_type,agent_id,customer_ce,business_ce,"
        "compliance_ce\n"
        "T1,A,2026-01-05,process,A1,0,0,0\n"
        "T2,A,2026-01-05,random,A1,2,0,0\n"
    )
    with pytest.raises(InputError) as info:
        read_qa(_write(tmp_path, "qa.csv", text))
    message = str(info.value)
    assert "monitoring_type" in message and "not one of process, individual, targeted" in message
    assert "customer_ce" in message and "above the maximum 1" in message
    good = read_qa(_write(tmp_path, "qa2.csv", text.replace("random,A1,2", "targeted,A1,1")))
    assert good["customer_ce"].tolist() == [0, 1]
    assert good["error_code"].isna().all()


def test_contacts_times(tmp_path):
    text = "contact_id,customer_id,program,channel,start_time\nK1,C1,A,voice,2026-01-05 10:00:00\n"
    frame = read_contacts(_write(tmp_path, "c.csv", text))
    assert frame.loc[0, "start_time"] == pd.Timestamp("2026-01-05 10:00:00")


def test_survey_scale_and_single_level(tmp_path):
    text = "response_id,program,overall,reliability\nR1,A,5,4\nR2,A,5,7\n"
    with pytest.raises(InputError) as info:
        read_survey(_write(tmp_path, "s.csv", text))
    message = str(info.value)
    assert "rating outside the scale 1..5" in message and "reliability" in message
    assert "single level" in message


def test_wfm_offsets_and_declared_zone(tmp_path):
    header = (
        "queue,interval_start,interval_minutes,forecast_volume,actual_volume,"
        "forecast_aht_s,actual_aht_s\n"
    )
    text = (
        header
        + "q,2026-03-01T08:00:00+08:00,30,10,9,300,310\nq,2026-03-01 08:30:00,30,10,11,300,290\n"
    )
    frame = read_wfm(_write(tmp_path, "w.csv", text), timezone="Asia/Taipei")
    assert str(frame["interval_start"].dt.tz) == "Asia/Taipei"
    assert frame["interval_start"].dt.strftime("%H:%M").tolist() == ["08:00", "08:30"]


def test_wfm_local_time_in_dst_gap_is_reported(tmp_path):
    header = (
        "queue,interval_start,interval_minutes,forecast_volume,actual_volume,"
        "forecast_aht_s,actual_aht_s\n"
    )
    # 2026-03-29 02:30 does not exist in Europe/Berlin (clocks jump from 02:00 to 03:00).
    text = header + "q,2026-03-29 02:30:00,30,10,9,300,310\n"
    with pytest.raises(InputError, match="does not exist or is ambiguous"):
        read_wfm(_write(tmp_path, "w.csv", text), timezone="Europe/Berlin")


def test_negative_volume(tmp_path):
    header = (
        "queue,interval_start,interval_minutes,forecast_volume,actual_volume,"
        "forecast_aht_s,actual_aht_s\n"
    )
    text = header + "q,2026-03-01T08:00:00+08:00,30,10,-9,300,310\n"
    with pytest.raises(InputError, match="actual_volume.*below the minimum 0"):
        read_wfm(_write(tmp_path, "w.csv", text))


def test_unknown_extension(tmp_path):
    with pytest.raises(InputError, match="unknown file type"):
        read_kpis(_write(tmp_path, "k.json", "{}"))


def test_undecodable_bytes(tmp_path):
    path = tmp_path / "k.csv"
    path.write_bytes(b"program,metric,month,value\n\xff\xfe\xfa,x,2026-01,1\n")
    spec = InputSpec(path=Path("k.csv"), encoding="utf-8").model_copy(update={"path": path})
    with pytest.raises(InputError, match="cannot decode"):
        read_kpis(spec)

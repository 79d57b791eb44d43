"""Parsing as clients export: dates and times, months, numbers, encodings, delimiters,
Excel sheets and the row numbers the messages name."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from copcwb import InputError
from copcwb.engagement import InputSpec
from copcwb.io import read_contacts, read_kpis, read_qa, read_survey
from copcwb.io.dates import parse_datetimes, parse_instants, parse_months
from copcwb.io.excel import cell_text
from copcwb.io.numbers import to_number
from copcwb.io.tables import detect_delimiter, detect_encoding, load_table


def _spec(path: Path, **options) -> InputSpec:
    return InputSpec(path=Path(path.name), **options).model_copy(update={"path": path})


def test_dates_in_common_forms():
    values = pd.Series(
        ["2026-09-14", "2026/09/14", "2026-09-14 10:32", "2026.9.4", "2026年9月14日", None]
    )
    got = parse_datetimes(values)
    assert not got.failures
    assert got.values.tolist()[:5] == [
        pd.Timestamp("2026-09-14"),
        pd.Timestamp("2026-09-14"),
        pd.Timestamp("2026-09-14 10:32"),
        pd.Timestamp("2026-09-04"),
        pd.Timestamp("2026-09-14"),
    ]
    assert pd.isna(got.values.iloc[5])
    assert str(got.values.dtype) == "datetime64[ns]"


def test_twelve_hour_clocks():
    # Excel in Taiwan writes 下午 (afternoon) and 上午 (morning); 12 上午 is midnight.
    values = pd.Series(
        [
            "2026/9/14 下午 03:32:05",
            "2026/9/14 上午 12:05:00",
            "2026-09-14 12:10 PM",
            "2026-09-14 9:01 am",
        ]
    )
    got = parse_datetimes(values)
    assert not got.failures
    assert got.values.tolist() == [
        pd.Timestamp("2026-09-14 15:32:05"),
        pd.Timestamp("2026-09-14 00:05"),
        pd.Timestamp("2026-09-14 12:10"),
        pd.Timestamp("2026-09-14 09:01"),
    ]
    assert parse_datetimes(pd.Series(["2026-09-14 13:10 PM"])).failures


def test_excel_serial_dates():
    # Excel: serial 45658 is 2025-01-01 (days since 1899-12-30). 46000 - 45658 = 342 days
    # after 2025-01-01 is 2025-12-09; .5 of a day is 12:00; 46000.75 is 18:00.
    got = parse_datetimes(pd.Series(["45658", "46000", "46000.5", "46000.75"]))
    assert got.values.tolist() == [
        pd.Timestamp("2025-01-01"),
        pd.Timestamp("2025-12-09"),
        pd.Timestamp("2025-12-09 12:00"),
        pd.Timestamp("2025-12-09 18:00"),
    ]


def test_offsets_are_converted_to_local_time():
    # 02:32:05 UTC is 10:32:05 in Taipei (UTC+8, no daylight saving).
    got = parse_datetimes(pd.Series(["2026-09-14T02:32:05Z"]), timezone="Asia/Taipei")
    assert got.values.iloc[0] == pd.Timestamp("2026-09-14 10:32:05")


def test_day_first_needs_a_format_and_reads_with_it():
    values = pd.Series(["14.09.2026", "01.10.2026 08:05"])
    failure = parse_datetimes(values).failures[0]
    assert failure.problem.startswith("dates are written day first")
    assert "'%d.%m.%Y'" in failure.fix
    got = parse_datetimes(pd.Series(["14.09.2026"]), date_format="%d.%m.%Y")
    assert got.values.iloc[0] == pd.Timestamp("2026-09-14")


def test_month_first_and_ambiguous_orders_are_told_apart():
    month_first = parse_datetimes(pd.Series(["09/14/2026", "10/01/2026"])).failures[0]
    assert "month first" in month_first.problem and "'%m/%d/%Y'" in month_first.fix
    ambiguous = parse_datetimes(pd.Series(["01/02/2026", "03/04/2026"])).failures[0]
    assert ambiguous.problem.startswith("ambiguous dates")
    assert "'%d/%m/%Y' (day first) or '%m/%d/%Y' (month first)" in ambiguous.fix
    both = parse_datetimes(pd.Series(["14/09/2026", "09/14/2026"])).failures[0]
    assert "mix day-first and month-first" in both.problem


def test_instants_in_a_zone_and_dst():
    # Berlin is UTC+1 in winter: 08:00+08:00 is 00:00 UTC, 01:00 in Berlin.
    got = parse_instants(
        pd.Series(["2026-03-01T08:00:00+08:00", "2026-03-01 08:30", "2026-10-25 02:30"]),
        timezone="Europe/Berlin",
    )
    assert got.values.iloc[0] == pd.Timestamp("2026-03-01 01:00", tz="Europe/Berlin")
    assert got.values.iloc[1] == pd.Timestamp("2026-03-01 08:30", tz="Europe/Berlin")
    # 2026-10-25 02:30 happens twice in Berlin (clocks go back at 03:00).
    ((failure),) = got.failures
    assert failure.mask.tolist() == [False, False, True] and "daylight-saving" in failure.problem


def test_months_in_common_forms():
    values = pd.Series(
        ["2026-09", "2026/9", "202609", "09/2026", "2026年9月", "2026-09-30", "46295"]
    )
    got = parse_months(values)
    assert not got.failures
    # serial 46295: 46000 is 2025-12-09 (see above), + 295 days = 2026-09-30
    assert got.values.astype(str).tolist() == ["2026-09"] * 7
    bad = parse_months(pd.Series(["2026-13", "Q3"]))
    assert bad.failures[0].mask.tolist() == [True, True]
    assert parse_months(pd.Series(["Sep 2026"]), date_format="%b %Y").values.iloc[0] == pd.Period(
        "2026-09", "M"
    )


def test_numbers_percent_decimal_comma_and_durations():
    values, bad, _ = to_number(pd.Series(["81%", "0.5", " 3 ", None]))
    assert values.tolist()[:3] == [0.81, 0.5, 3.0] and np.isnan(values.iloc[3])
    assert not bad.any()
    values, bad, _ = to_number(pd.Series(["1.234,5", "0,81", "12"]), ",")
    assert values.tolist() == [1234.5, 0.81, 12.0] and not bad.any()
    values, bad, fix = to_number(pd.Series(["0.81"]), ",")
    assert bad.all() and "mixes '.' and ','" in fix
    # 5:02 is 5 min 2 s = 302 s; 1:05:02 is 3600 + 300 + 2 = 3902 s
    values, bad, _ = to_number(pd.Series(["5:02", "1:05:02"]), durations=True)
    assert values.tolist() == [302.0, 3902.0] and not bad.any()
    values, bad, _ = to_number(pd.Series(["1e400", "nan", "abc"]))
    assert bad.all()


def test_encoding_and_delimiter_detection():
    text = "方案\t指標\n計費\t1\n"
    assert detect_encoding(text.encode("utf-16-le")) == "utf-16-le"
    assert detect_encoding(text.encode("utf-16")) == "utf-16"
    assert detect_encoding(b"\xef\xbb\xbfa,b\n") == "utf-8-sig"
    assert detect_delimiter("a;b;c\n1,5;2;3\n") == ";"
    assert detect_delimiter("title\n\na\tb\n1,5\t2\n", header_row=3) == "\t"
    assert detect_delimiter("a|b\n1|2\n") == "|"


def test_empty_rows_keep_row_numbers_and_are_recorded(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text(
        "program,metric,month,value\nA,aht_s,2026-01,1\n\nA,asa_s,2026-01,x\n,,,\n", "utf-8"
    )
    table = load_table(path)
    assert table.info.empty_rows == (3,)
    assert list(table.frame.index) == [2, 4]
    with pytest.raises(InputError) as info:
        read_kpis(path)
    assert info.value.problems[0].rows == [4]  # the row a text editor shows


def test_excel_cells_as_text():
    import datetime as dt

    assert cell_text(46000.0) == "46000"
    assert cell_text(0.81) == "0.81"
    assert cell_text(True) == "1"
    assert cell_text(dt.datetime(2026, 9, 14)) == "2026-09-14"
    # Excel stores times as fractions of a day; 10:32:04.9999 rounds to the second.
    assert cell_text(dt.datetime(2026, 9, 14, 10, 32, 4, 999_900)) == "2026-09-14 10:32:05"
    assert cell_text(dt.time(0, 5, 2)) == "0:05:02"
    assert cell_text(dt.timedelta(minutes=65, seconds=2)) == "1:05:02"


def test_excel_sheet_by_index_and_title_rows(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    first.title = "Notes"
    data = workbook.create_sheet("Data")
    data.append(["Contact log export"])
    data.append(["contact_id", "customer_id", "program", "channel", "start_time"])
    data.append(["K1", "C1", "A", "voice", 46000.5])
    path = tmp_path / "c.xlsx"
    workbook.save(path)
    frame = read_contacts(_spec(path, sheet=1, header_row=2))
    assert frame.loc[0, "start_time"] == pd.Timestamp("2025-12-09 12:00")
    with pytest.raises(InputError, match=r"header seems to be on row 2.*header_row: 2"):
        read_contacts(_spec(path, sheet="data"))


def test_survey_text_columns_are_kept_and_numbers_typed(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(
        "response_id,program,overall,reliability,ivr_seconds,verbatim\n"
        "R1,A,5,4,95.0,very good\nR2,A,2,1,130.5,\n",
        "utf-8",
    )
    frame = read_survey(path)
    assert frame["verbatim"].tolist() == ["very good", None]
    assert str(frame["reliability"].dtype) == "int64"
    assert str(frame["ivr_seconds"].dtype) == "float64"


def test_flag_words_and_capitalised_types(tmp_path):
    path = tmp_path / "qa.csv"
    path.write_text(
        "transaction_id,program,date,monitoring_type,agent_id,customer_ce,business_ce,"
        "compliance_ce\nT1,A,2026-01-05,Process,A1,Yes,no,0\n",
        "utf-8",
    )
    frame = read_qa(path)
    assert frame.loc[0, "monitoring_type"] == "process"
    assert frame.loc[0, ["customer_ce", "business_ce"]].tolist() == [1, 0]


def test_a_program_called_total_is_data_but_subtotal_rows_are_not(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text(
        "program,metric,month,value\n"
        "Total Care,aht_s,2026-01,1\nTotal Care,aht_s,2026-02,1\n"
        "Total,aht_s,2026-01,5\nTotal,aht_s,2026-02,5\n",
        "utf-8",
    )
    assert read_kpis(path)["program"].tolist() == ["Total Care"] * 2 + ["Total"] * 2
    path.write_text(
        "program,metric,month,value\nA,aht_s,2026-01,1\n小計,,,1\n"
        "B,aht_s,2026-01,5\n小計,,,5\nTotal:,aht_s,2026-01,6\n",
        "utf-8",
    )
    with pytest.raises(InputError) as info:
        read_kpis(path)
    (problem,) = info.value.problems  # the empty labels of the subtotal rows are not reported
    assert list(problem.rows) == [3, 5, 6] and problem.column == "program"

"""Write the reader test corpus: tests/data/good/ and tests/data/bad/ with their cases.yaml.

Good files hold the same data in each encoding and format and must read to identical
frames; bad files each hold one kind of mistake a client export makes, with the
fragments the error message must contain. Run from the repository root:

    python tests/data/make_corpus.py

The output is deterministic (fixed zip timestamps in workbooks), so re-running it
leaves the committed files unchanged.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import yaml

HERE = Path(__file__).parent
GOOD = HERE / "good"
BAD = HERE / "bad"
FIXED = dt.datetime(2026, 1, 1)

KPI_HEADER = ["program", "metric", "month", "value"]
KPI_ROWS = [
    ["計費服務", "service_level", "2026-01", "0.81"],
    ["計費服務", "service_level", "2026-02", "0.79"],
    ["計費服務", "aht_s", "2026-01", "310.5"],
    ["技術支援", "service_level", "2026-01", "0.85"],
    ["技術支援", "aht_s", "2026-02", "402"],
    ["Retention Sales", "abandon_rate", "2026-03", "0.045"],
]

CONTACT_HEADER = ["contact_id", "customer_id", "program", "channel", "start_time", "reason"]
CONTACT_ROWS = [
    ["K1", "C1", "計費服務", "voice", dt.datetime(2026, 1, 5, 10, 0), "帳單問題"],
    ["K2", "C2", "計費服務", "chat", dt.datetime(2026, 1, 5, 23, 45), ""],
    ["K3", "C1", "技術支援", "voice", dt.datetime(2026, 2, 28, 8, 30), "no signal"],
    ["K4", "C3", "技術支援", "email", dt.datetime(2026, 3, 1, 0, 15), "invoice"],
]

QA_HEADER = [
    "transaction_id",
    "program",
    "date",
    "monitoring_type",
    "agent_id",
    "customer_ce",
    "business_ce",
    "compliance_ce",
]
QA_ROWS = [
    ["T1", "計費服務", dt.date(2026, 1, 5), "process", "A1", 0, 0, 0],
    ["T2", "計費服務", dt.date(2026, 1, 13), "individual", "A2", 1, 0, 0],
    ["T3", "技術支援", dt.date(2026, 2, 3), "targeted", "A3", 0, 1, 1],
]

WFM_HEADER = [
    "queue",
    "interval_start",
    "interval_minutes",
    "forecast_volume",
    "actual_volume",
    "forecast_aht_s",
    "actual_aht_s",
]
WFM_ROWS = [
    ["billing", dt.datetime(2026, 3, 2, 8, 0), 30, 10.5, 9, 300, 310.2],
    ["billing", dt.datetime(2026, 3, 2, 8, 30), 30, 12, 14, 300, 295],
    ["billing", dt.datetime(2026, 3, 2, 9, 0), 30, 15, 15, 305, 0],
    ["support", dt.datetime(2026, 3, 2, 8, 0), 30, 4, 0, 420, None],
]


# -- writing helpers -----------------------------------------------------------------


def _text(value: object, *, date_format: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime(date_format or "%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime(date_format or "%Y-%m-%d")
    return str(value)


def write_text(
    path: Path,
    header: list[str],
    rows: list[list[object]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    date_format: str | None = None,
    before: str = "",
) -> None:
    lines = [delimiter.join(header)]
    for row in rows:
        cells = [_text(v, date_format=date_format) for v in row]
        lines.append(delimiter.join(cells))
    text = before + "\n".join(lines) + "\n"
    path.write_bytes(text.encode(encoding))


def _stable_zip(path: Path) -> None:
    """Rewrite a workbook with fixed zip timestamps so that it is byte-for-byte stable."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=FIXED.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", data
                )
            target.writestr(info, data)
    path.write_bytes(buffer.getvalue())


def write_xlsx(
    path: Path,
    sheets: dict[str, list[list[object]]],
    *,
    merged: dict[str, list[str]] | None = None,
    formats: dict[str, dict[str, str]] | None = None,
) -> None:
    """A workbook with one sheet per entry; ``formats`` maps sheet -> column letter ->
    number format (e.g. dates)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        ws = workbook.create_sheet(name)
        for row in rows:
            ws.append(row)
        for cells in (merged or {}).get(name, []):
            ws.merge_cells(cells)
        for letter, number_format in (formats or {}).get(name, {}).items():
            for cell in ws[letter]:
                if isinstance(cell.value, (dt.date, dt.datetime, int, float)):
                    cell.number_format = number_format
    workbook.properties.created = FIXED
    workbook.properties.modified = FIXED
    workbook.properties.creator = "copcwb corpus"
    workbook.save(path)
    _stable_zip(path)


def serial(value: dt.datetime | dt.date) -> float:
    """Excel serial day number (1899-12-30 epoch)."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    return (value - dt.datetime(1899, 12, 30)).total_seconds() / 86400


def _numbers(rows: list[list[object]]) -> list[list[object]]:
    out = []
    for row in rows:
        converted = []
        for v in row:
            try:
                number = float(v)
                converted.append(int(number) if number.is_integer() else number)
            except (TypeError, ValueError):
                converted.append(v)
        out.append(converted)
    return out


# -- good files ------------------------------------------------------------------------


def good_files() -> list[dict]:
    cases: list[dict] = []

    def case(file: str, kind: str, group: str, **options) -> None:
        entry = {"file": file, "kind": kind, "group": group}
        reader = {k: options.pop(k) for k in ("timezone_default",) if k in options}
        if options:
            entry["options"] = options
        if reader:
            entry["reader"] = {"timezone": reader["timezone_default"]}
        cases.append(entry)

    # KPIs: one frame in every encoding and format
    write_text(GOOD / "kpis_utf8.csv", KPI_HEADER, KPI_ROWS)
    case("kpis_utf8.csv", "kpis", "kpis")
    write_text(GOOD / "kpis_utf8_bom.csv", KPI_HEADER, KPI_ROWS, encoding="utf-8-sig")
    case("kpis_utf8_bom.csv", "kpis", "kpis")
    # Excel's "Unicode text": UTF-16 little-endian with a BOM, tab-separated
    write_text(GOOD / "kpis_utf16_tab.txt", KPI_HEADER, KPI_ROWS, encoding="utf-16", delimiter="\t")
    case("kpis_utf16_tab.txt", "kpis", "kpis")
    write_text(GOOD / "kpis_big5.csv", KPI_HEADER, KPI_ROWS, encoding="big5")
    case("kpis_big5.csv", "kpis", "kpis")
    write_text(GOOD / "kpis_cp950_declared.csv", KPI_HEADER, KPI_ROWS, encoding="cp950")
    case("kpis_cp950_declared.csv", "kpis", "kpis", encoding="big5")
    write_text(GOOD / "kpis_gbk.csv", KPI_HEADER, KPI_ROWS, encoding="gbk")
    case("kpis_gbk.csv", "kpis", "kpis")
    write_text(GOOD / "kpis_semicolon.csv", KPI_HEADER, KPI_ROWS, delimiter=";")
    case("kpis_semicolon.csv", "kpis", "kpis")
    comma_rows = [[*r[:3], r[3].replace(".", ",")] for r in KPI_ROWS]
    write_text(GOOD / "kpis_decimal_comma.csv", KPI_HEADER, comma_rows, delimiter=";")
    case("kpis_decimal_comma.csv", "kpis", "kpis", decimal=",")
    chinese = ["方案", "指標", "月份", "數值"]
    write_text(GOOD / "kpis_chinese_headers.csv", chinese, KPI_ROWS, encoding="big5")
    case(
        "kpis_chinese_headers.csv",
        "kpis",
        "kpis",
        columns={"program": "方案", "metric": "指標", "month": "月份", "value": "數值"},
    )
    titled = [
        ["Monthly KPI export", None, None, None],
        ["Exported 2026-04-02 by the reporting system", None, None, None],
        KPI_HEADER,
        *_numbers(KPI_ROWS),
    ]
    write_xlsx(GOOD / "kpis_title_rows.xlsx", {"KPIs": titled}, merged={"KPIs": ["A1:D1"]})
    case("kpis_title_rows.xlsx", "kpis", "kpis", header_row=3)
    month_cells = [
        [r[0], r[1], dt.datetime.strptime(r[2], "%Y-%m"), n[3]]
        for r, n in zip(KPI_ROWS, _numbers(KPI_ROWS), strict=True)
    ]
    write_xlsx(
        GOOD / "kpis_sheet_by_name.xlsx",
        {
            "Notes": [["read me"], ["data on the next sheet"]],
            "KPI data": [KPI_HEADER, *month_cells],
        },
        formats={"KPI data": {"C": "yyyy-mm"}},
    )
    case("kpis_sheet_by_name.xlsx", "kpis", "kpis", sheet="KPI data")
    frame = pd.DataFrame(KPI_ROWS, columns=KPI_HEADER)
    frame["value"] = frame["value"].astype(float)
    frame.to_parquet(GOOD / "kpis.parquet", index=False)
    case("kpis.parquet", "kpis", "kpis")

    # contacts: local date-times written in every common way
    write_text(GOOD / "contacts_iso.csv", CONTACT_HEADER, CONTACT_ROWS)
    case("contacts_iso.csv", "contacts", "contacts")
    write_text(
        GOOD / "contacts_slash.csv", CONTACT_HEADER, CONTACT_ROWS, date_format="%Y/%m/%d %H:%M"
    )
    case("contacts_slash.csv", "contacts", "contacts")
    write_text(
        GOOD / "contacts_dotted.csv", CONTACT_HEADER, CONTACT_ROWS, date_format="%d.%m.%Y %H:%M"
    )
    case("contacts_dotted.csv", "contacts", "contacts", date_format="%d.%m.%Y %H:%M")
    offset_rows = [
        [*r[:4], (r[4] - dt.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%SZ"), r[5]]
        for r in CONTACT_ROWS
    ]
    write_text(GOOD / "contacts_utc.csv", CONTACT_HEADER, offset_rows)
    case("contacts_utc.csv", "contacts", "contacts", timezone_default="Asia/Taipei")
    write_xlsx(
        GOOD / "contacts_datetime_cells.xlsx",
        {"Sheet1": [CONTACT_HEADER, *[[v if v != "" else None for v in r] for r in CONTACT_ROWS]]},
        formats={"Sheet1": {"E": "yyyy-mm-dd hh:mm"}},
    )
    case("contacts_datetime_cells.xlsx", "contacts", "contacts")
    serial_rows = [[*r[:4], serial(r[4]), r[5] or None] for r in CONTACT_ROWS]
    write_xlsx(GOOD / "contacts_serial.xlsx", {"Sheet1": [CONTACT_HEADER, *serial_rows]})
    case("contacts_serial.xlsx", "contacts", "contacts")
    frame = pd.DataFrame(CONTACT_ROWS, columns=CONTACT_HEADER).replace({"": None})
    frame["start_time"] = pd.to_datetime(frame["start_time"])
    frame.to_parquet(GOOD / "contacts.parquet", index=False)
    case("contacts.parquet", "contacts", "contacts")

    # QA: days as ISO text, Excel date cells, serial numbers and day-first text
    write_text(GOOD / "qa_iso.csv", QA_HEADER, QA_ROWS)
    case("qa_iso.csv", "qa", "qa")
    write_text(GOOD / "qa_day_first.csv", QA_HEADER, QA_ROWS, date_format="%d/%m/%Y")
    case("qa_day_first.csv", "qa", "qa", date_format="%d/%m/%Y")
    write_xlsx(
        GOOD / "qa_date_cells.xlsx",
        {"QA": [QA_HEADER, *QA_ROWS]},
        formats={"QA": {"C": "yyyy-mm-dd"}},
    )
    case("qa_date_cells.xlsx", "qa", "qa")
    serial_rows = [[r[0], r[1], round(serial(r[2])), *r[3:]] for r in QA_ROWS]
    write_xlsx(GOOD / "qa_serial.xlsx", {"QA": [QA_HEADER, *serial_rows]})
    case("qa_serial.xlsx", "qa", "qa")
    # "Process" for process and yes/No for the customer_ce flag
    worded = [[*r[:3], r[3].title(), r[4], "yes" if r[5] else "No", *r[6:]] for r in QA_ROWS]
    write_text(GOOD / "qa_worded.csv", QA_HEADER, worded)
    case("qa_worded.csv", "qa", "qa")

    # WFM: offsets in the text, or local times in a declared zone
    offsets = [[r[0], r[1].strftime("%Y-%m-%dT%H:%M:%S+08:00"), *r[2:]] for r in WFM_ROWS]
    write_text(GOOD / "wfm_offsets.csv", WFM_HEADER, offsets)
    case("wfm_offsets.csv", "wfm", "wfm", timezone_default="Asia/Taipei")
    write_text(GOOD / "wfm_local.csv", WFM_HEADER, WFM_ROWS)
    case("wfm_local.csv", "wfm", "wfm", timezone="Asia/Taipei")
    write_xlsx(
        GOOD / "wfm_local.xlsx",
        {"WFM": [WFM_HEADER, *WFM_ROWS]},
        formats={"WFM": {"B": "yyyy-mm-dd hh:mm"}},
    )
    case("wfm_local.xlsx", "wfm", "wfm", timezone="Asia/Taipei")
    frame = pd.DataFrame(WFM_ROWS, columns=WFM_HEADER)
    frame["interval_start"] = pd.to_datetime(frame["interval_start"]).dt.tz_localize("Asia/Taipei")
    frame.to_parquet(GOOD / "wfm.parquet", index=False)
    case("wfm.parquet", "wfm", "wfm", timezone_default="Asia/Taipei")
    return cases


# -- bad files ---------------------------------------------------------------------------

KPI_TEXT = "program,metric,month,value\n" + "".join(
    ",".join(r) + "\n" for r in KPI_ROWS if r[0] == "Retention Sales" or r[0] == "計費服務"
)
QA_TEXT_HEADER = (
    "transaction_id,program,date,monitoring_type,agent_id,customer_ce,business_ce,compliance_ce\n"
)
CONTACTS_TEXT_HEADER = "contact_id,customer_id,program,channel,start_time,reason\n"
WFM_TEXT_HEADER = (
    "queue,interval_start,interval_minutes,forecast_volume,actual_volume,forecast_aht_s,"
    "actual_aht_s\n"
)
SURVEY_TEXT_HEADER = "response_id,program,overall,reliability,empathy,ivr_seconds,transfers\n"


def bad_files() -> list[dict]:
    cases: list[dict] = []

    def text(file: str, content: str, encoding: str = "utf-8") -> None:
        (BAD / file).write_bytes(content.encode(encoding))

    def case(file: str, kind: str, expect: list[str], **options) -> None:
        entry: dict = {"file": file, "kind": kind, "expect": expect}
        for key in ("period", "scale", "reader"):
            if key in options:
                entry[key] = options.pop(key)
        if options:
            entry["options"] = options
        cases.append(entry)

    # files that cannot be read at all
    text("empty.csv", "")
    case("empty.csv", "kpis", ["the file is empty"])
    text("header_only.csv", "program,metric,month,value\n")
    case("header_only.csv", "kpis", ["header but no data rows", "export the data again"])
    write_xlsx(BAD / "header_only.xlsx", {"KPIs": [KPI_HEADER]})
    case("header_only.xlsx", "kpis", ["header but no data rows"])
    write_xlsx(BAD / "empty_sheet.xlsx", {"Empty": [], "Data": [KPI_HEADER]})
    case("empty_sheet.xlsx", "kpis", ["sheet 'Empty' is empty", "sheet:"])
    text("big5_declared_utf8.csv", KPI_TEXT, "big5")
    case(
        "big5_declared_utf8.csv",
        "kpis",
        ["cannot decode the text as utf-8", "encoding:"],
        encoding="utf-8",
    )
    text("kpis.json", '{"program": "A"}')
    case("kpis.json", "kpis", ["unknown file type '.json'", ".csv, .xlsx or .parquet"])
    (BAD / "broken.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    case("broken.xlsx", "kpis", ["not readable as an Excel workbook", "save it again as .xlsx"])
    (BAD / "old_format.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    case("old_format.xls", "kpis", ["old .xls format", "save it again as .xlsx"])
    (BAD / "broken.parquet").write_bytes(b"PAR1 not really parquet PAR1")
    case("broken.parquet", "kpis", ["not readable as Parquet", "export the file again"])
    text("ragged.csv", "program,metric,month,value\nA,aht_s,2026-01,300\nA,aht_s,2026-02,3,5\n")
    case("ragged.csv", "kpis", ["row 3 has 5 fields but the header row has 4", "quote values"])

    # columns
    text("misspelled_column.csv", "program,metrc,month,value\nA,aht_s,2026-01,300\n")
    case(
        "misspelled_column.csv",
        "kpis",
        ["column 'metric'", "required column 'metric' is missing", "did you mean 'metrc'"],
    )
    text("missing_column.csv", "program,month,value\nA,2026-01,300\n")
    case(
        "missing_column.csv",
        "kpis",
        ["required column 'metric' is missing", "headers found: program, month, value"],
    )
    text("mapped_header_missing.csv", "方案,metric,month,value\nA,aht_s,2026-01,300\n")
    case(
        "mapped_header_missing.csv",
        "kpis",
        ["mapped header '計畫' is not in the file", "headers found: 方案, metric, month, value"],
        columns={"program": "計畫"},
    )
    text(
        "title_rows_undeclared.csv",
        "Monthly KPI export\nExported 2026-04-02\n"
        "program,metric,month,value\nA,aht_s,2026-01,300\n",
    )
    case("title_rows_undeclared.csv", "kpis", ["header_row: 3"])
    text("duplicate_header.csv", "program,metric,month,value,value\nA,aht_s,2026-01,300,301\n")
    case("duplicate_header.csv", "kpis", ["header 'value' appears in columns D and E"])
    write_xlsx(
        BAD / "merged_header.xlsx",
        {
            "WFM": [
                ["queue", "interval_start", "interval_minutes", "volume", None, "aht", None],
                [None, None, None, "forecast", "actual", "forecast", "actual"],
                ["q", "2026-03-02T08:00:00+08:00", 30, 10, 9, 300, 310],
            ]
        },
        merged={"WFM": ["D1:E1", "F1:G1"]},
    )
    case("merged_header.xlsx", "wfm", ["merged header cells D1:E1, F1:G1", "unmerge"])
    write_xlsx(
        BAD / "merged_data_cells.xlsx",
        {"KPIs": [KPI_HEADER, ["A", "aht_s", "2026-01", 300], [None, "asa_s", "2026-01", 20]]},
        merged={"KPIs": ["A2:A3"]},
    )
    case("merged_data_cells.xlsx", "kpis", ["merged cells A2:A3", "rows 3", "fill down"])
    write_xlsx(BAD / "missing_sheet.xlsx", {"Summary": [["x"]], "Data 2026": [KPI_HEADER]})
    case(
        "missing_sheet.xlsx",
        "kpis",
        ["there is no sheet 'KPIs'", "0: 'Summary', 1: 'Data 2026'"],
        sheet="KPIs",
    )
    pd.DataFrame({"program": ["A"], "month": ["2026-01"], "value": [1.0]}).to_parquet(
        BAD / "missing_column.parquet", index=False
    )
    case("missing_column.parquet", "kpis", ["required column 'metric' is missing"])

    # values
    text(
        "not_a_number.csv",
        "program,metric,month,value\nA,aht_s,2026-01,300\nA,asa_s,2026-01,abc\n",
    )
    case("not_a_number.csv", "kpis", ["column 'value'", "rows 3", "not a number", "'abc'"])
    text(
        "decimal_comma_undeclared.csv",
        "program;metric;month;value\nA;service_level;2026-01;0,81\nA;aht_s;2026-01;310,5\n",
    )
    case("decimal_comma_undeclared.csv", "kpis", ["rows 2, 3", "declare decimal: ','"])
    text("bad_month.csv", "program,metric,month,value\nA,aht_s,2026-13,300\nA,aht_s,Q1,3\n")
    case("bad_month.csv", "kpis", ["column 'month'", "rows 2, 3", "not a month", "YYYY-MM"])
    text(
        "duplicate_keys.csv",
        "program,metric,month,value\nA,aht_s,2026-01,300\nA,asa_s,2026-01,20\n"
        "A,aht_s,2026-01,301\n",
    )
    case(
        "duplicate_keys.csv",
        "kpis",
        ["duplicate rows for the same program, metric, month", "rows 2, 4", "A | aht_s | 2026-01"],
    )
    text(
        "total_row.csv",
        "program,metric,month,value\nA,aht_s,2026-01,300\nB,aht_s,2026-01,320\n"
        "Total,aht_s,2026-01,620\n",
    )
    case("total_row.csv", "kpis", ["column 'program'", "rows 4", "total or subtotal row"])
    text(
        "subtotal_big5.csv",
        "program,metric,month,value\n計費服務,aht_s,2026-01,300\n小計,aht_s,2026-01,300\n"
        "技術支援,aht_s,2026-01,320\n",
        "big5",
    )
    case("subtotal_big5.csv", "kpis", ["rows 3", "total or subtotal row", "小計"])
    write_xlsx(
        BAD / "total_row.xlsx",
        {
            "KPIs": [
                KPI_HEADER,
                ["計費服務", "aht_s", "2026-01", 300],
                ["技術支援", "aht_s", "2026-01", 320],
                ["總計", None, None, 620],
            ]
        },
    )
    case("total_row.xlsx", "kpis", ["rows 4", "total or subtotal row", "總計"])
    text(
        "blank_total_row.csv",
        "program,metric,month,value\nA,aht_s,2026-01,300\nB,aht_s,2026-01,320\n,,,620\n",
    )
    case("blank_total_row.csv", "kpis", ["rows 4", "look like a total row", "value=620"])
    text(
        "kpis_out_of_period.csv",
        "program,metric,month,value\nA,aht_s,2025-12,300\n"
        "A,aht_s,2026-01,301\nA,aht_s,2026-07,302\n",
    )
    case(
        "kpis_out_of_period.csv",
        "kpis",
        ["column 'month'", "rows 2, 4", "outside the engagement period 2026-01 to 2026-06"],
        period=["2026-01", "2026-06"],
    )
    text(
        "catalog_bad_category.csv",
        "metric,label,category,unit,direction,target\n"
        "aht_s,Average handle time,efficiency,seconds,lower,300\n",
    )
    case(
        "catalog_bad_category.csv",
        "metric_catalog",
        ["column 'category'", "not one of service, quality", "'efficiency'"],
    )

    # QA
    text(
        "qa_bad_type_and_flag.csv",
        QA_TEXT_HEADER + "T1,A,2026-01-05,process,A1,0,0,0\nT2,A,2026-01-05,random,A1,2,0,0\n",
    )
    case(
        "qa_bad_type_and_flag.csv",
        "qa",
        ["monitoring_type", "not one of process, individual, targeted", "above the maximum 1"],
    )
    text(
        "qa_ambiguous_dates.csv",
        QA_TEXT_HEADER + "T1,A,01/02/2026,process,A1,0,0,0\nT2,A,03/04/2026,process,A1,0,0,0\n",
    )
    case(
        "qa_ambiguous_dates.csv",
        "qa",
        ["ambiguous dates", "'01/02/2026'", "'%d/%m/%Y' (day first) or '%m/%d/%Y' (month first)"],
    )
    text(
        "qa_day_first_undeclared.csv",
        QA_TEXT_HEADER + "T1,A,14.09.2026,process,A1,0,0,0\nT2,A,01.10.2026,process,A1,0,0,0\n",
    )
    case("qa_day_first_undeclared.csv", "qa", ["written day first", "date_format: '%d.%m.%Y'"])
    text("qa_wrong_format.csv", QA_TEXT_HEADER + "T1,A,2026/31/01,process,A1,0,0,0\n")
    case(
        "qa_wrong_format.csv",
        "qa",
        ["does not match the declared date_format '%d/%m/%Y'"],
        date_format="%d/%m/%Y",
    )
    text("qa_roc_years.csv", QA_TEXT_HEADER + "T1,A,115/01/05,process,A1,0,0,0\n")
    case("qa_roc_years.csv", "qa", ["民國", "115 is 2026: 2026-01-05"])
    text(
        "qa_out_of_period.csv",
        QA_TEXT_HEADER + "T1,A,2026-01-05,process,A1,0,0,0\nT2,A,2026-08-01,process,A1,0,0,0\n",
    )
    case(
        "qa_out_of_period.csv",
        "qa",
        ["column 'date'", "rows 3", "outside the engagement period", "'2026-08'"],
        period=["2026-01", "2026-06"],
    )
    text("qa_flag_text.csv", QA_TEXT_HEADER + "T1,A,2026-01-05,process,A1,maybe,0,0.5\n")
    case(
        "qa_flag_text.csv",
        "qa",
        ["customer_ce", "not a number", "'maybe'", "compliance_ce", "whole number", "1 or 0"],
    )

    # contacts
    text(
        "contacts_bad_time.csv",
        CONTACTS_TEXT_HEADER + "K1,C1,A,voice,2026-01-05 10:00:00,\nK2,C1,A,voice,yesterday,\n",
    )
    case(
        "contacts_bad_time.csv",
        "contacts",
        ["column 'start_time'", "rows 3", "not a date or time", "'yesterday'"],
    )
    text(
        "contacts_empty_ids.csv",
        CONTACTS_TEXT_HEADER + "K1,,A,voice,2026-01-05 10:00:00,\nK2,C2,A,voice,46027.5,\n",
    )
    case("contacts_empty_ids.csv", "contacts", ["column 'customer_id'", "rows 2", "empty values"])
    text(
        "contacts_out_of_period.csv",
        CONTACTS_TEXT_HEADER + "K1,C1,A,voice,2025-12-31 23:59:00,\nK2,C1,A,voice,2026-01-05,\n",
    )
    case(
        "contacts_out_of_period.csv",
        "contacts",
        ["column 'start_time'", "rows 2", "outside the engagement period", "'2025-12'"],
        period=["2026-01", "2026-06"],
    )
    text(
        "contacts_serial_out_of_range.csv",
        CONTACTS_TEXT_HEADER + "K1,C1,A,voice,12,\n",
    )
    case(
        "contacts_serial_out_of_range.csv",
        "contacts",
        ["a number, not a date", "Excel serial dates only from 20000"],
    )

    # survey
    text(
        "survey_out_of_scale.csv",
        SURVEY_TEXT_HEADER + "R1,A,5,4,3,95,0\nR2,A,4,7,3,80,1\nR3,A,6,5,55,60,0\n",
    )
    case(
        "survey_out_of_scale.csv",
        "survey",
        [
            "column 'overall'",
            "column 'reliability'",
            "column 'empathy'",
            "rating outside the scale 1..5",
            "rows 3",
            "'55'",
        ],
    )
    text("survey_single_level.csv", SURVEY_TEXT_HEADER + "R1,A,5,4,3,95,0\nR2,A,5,3,3,80,1\n")
    case("survey_single_level.csv", "survey", ["single level (5)", "two or more levels"])
    text("survey_negative_seconds.csv", SURVEY_TEXT_HEADER + "R1,A,5,4,3,-95,0\nR2,A,4,3,3,80,-1\n")
    case(
        "survey_negative_seconds.csv",
        "survey",
        ["column 'ivr_seconds'", "column 'transfers'", "negative", "'-95'"],
    )
    text("survey_scale_10.csv", SURVEY_TEXT_HEADER + "R1,A,9,8,3,95,0\nR2,A,4,3,3,80,1\n")
    case(
        "survey_scale_10.csv",
        "survey",
        ["rating outside the scale 1..5", "notebooks: csat_drivers: scale"],
    )
    text(
        "survey_fractional_overall.csv", SURVEY_TEXT_HEADER + "R1,A,4.5,4,3,95,0\nR2,A,4,3,3,8,1\n"
    )
    case("survey_fractional_overall.csv", "survey", ["column 'overall'", "not a whole number"])

    # WFM
    text(
        "wfm_negative_volume.csv",
        WFM_TEXT_HEADER + "q,2026-03-02T08:00:00+08:00,30,10,-9,300,-310\n",
    )
    case(
        "wfm_negative_volume.csv",
        "wfm",
        ["column 'actual_volume'", "below the minimum 0", "column 'actual_aht_s'", "negative"],
    )
    text(
        "wfm_gap.csv",
        WFM_TEXT_HEADER
        + "q,2026-03-02T08:00:00+08:00,30,10,9,300,310\n"
        + "q,2026-03-02T08:30:00+08:00,30,10,9,300,310\n"
        + "q,2026-03-02T10:00:00+08:00,30,10,9,300,310\n"
        + "q,2026-03-03T09:00:00+08:00,30,10,9,300,310\n",
    )
    case(
        "wfm_gap.csv",
        "wfm",
        ["queue 'q' has 2 missing interval(s)", "rows 4", "'2026-03-02 09:00'", "add the missing"],
        reader={"timezone": "Asia/Taipei"},
    )
    text(
        "wfm_duplicate_interval.csv",
        WFM_TEXT_HEADER
        + "q,2026-03-02T08:00:00+08:00,30,10,9,300,310\n"
        + "q,2026-03-02 08:00:00,30,11,9,300,310\n",
    )
    case(
        "wfm_duplicate_interval.csv",
        "wfm",
        ["duplicate rows for the same queue, interval_start", "rows 2, 3"],
        timezone="Asia/Taipei",
    )
    text("wfm_dst_gap.csv", WFM_TEXT_HEADER + "q,2026-03-29 02:30:00,30,10,9,300,310\n")
    case(
        "wfm_dst_gap.csv",
        "wfm",
        ["does not exist or is ambiguous in Europe/Berlin", "UTC offset"],
        reader={"timezone": "Europe/Berlin"},
    )
    text("wfm_bad_timestamp.csv", WFM_TEXT_HEADER + "q,08:00,30,10,9,300,310\n")
    case("wfm_bad_timestamp.csv", "wfm", ["column 'interval_start'", "not a timestamp"])
    text(
        "wfm_zero_minutes.csv",
        WFM_TEXT_HEADER + "q,2026-03-02T08:00:00+08:00,0,10,9,300,310\n",
    )
    case("wfm_zero_minutes.csv", "wfm", ["column 'interval_minutes'", "below the minimum 1"])
    text(
        "wfm_off_grid.csv",
        WFM_TEXT_HEADER
        + "q,2026-03-02T08:00:00+08:00,30,10,9,300,310\n"
        + "q,2026-03-02T08:45:00+08:00,30,10,9,300,310\n",
    )
    case("wfm_off_grid.csv", "wfm", ["overlap or are off the grid", "rows 3"])
    return cases


def main() -> None:
    for folder in (GOOD, BAD):
        folder.mkdir(exist_ok=True)
        for old in folder.iterdir():
            if old.is_file():
                old.unlink()
    header = "# Written by tests/data/make_corpus.py; edit that script, not this file.\n"
    good = good_files()
    (GOOD / "cases.yaml").write_text(
        header + yaml.safe_dump(good, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    bad = bad_files()
    (BAD / "cases.yaml").write_text(
        header + yaml.safe_dump(bad, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    print(f"{len(good)} good and {len(bad)} bad files written")


if __name__ == "__main__":
    main()

"""Whatever a file holds, the readers either return a frame or raise InputError: random
bytes and random text tables never escape as another exception."""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copcwb import InputError
from copcwb.io import read_contacts, read_kpis, read_metric_catalog, read_qa, read_survey, read_wfm
from copcwb.io.columns import KINDS

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
NAMES = sorted({c.name for k in KINDS.values() for c in k.columns})
TRICKY = [
    "",
    "0",
    "1",
    "-3",
    "2.5",
    "1e400",
    "nan",
    "inf",
    "81%",
    "0,5",
    "1.234,5",
    "12:30",
    "5:02",
    "yes",
    "2026-01",
    "202601",
    "2026-01-05",
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "2026-01-05T08:00:00+08:00",
    "2026-03-29 02:30:00",
    "01/02/2026",
    "14.09.2026",
    "115/09/14",
    "46000",
    "46000.5",
    "99999999999999999999",
    "Total",
    "小計",
    "計費服務",
    "process",
    "service",
    "higher",
    '"',
    "\ufeff",
    "\x00",
    "\r",
]
CELLS = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=10),
    st.integers(-(10**20), 10**20).map(str),
    st.floats().map(str),
)


def _read_all(path: Path) -> None:
    readers = (
        read_kpis,
        read_metric_catalog,
        read_qa,
        read_contacts,
        read_survey,
        lambda p: read_wfm(p, timezone="Europe/Berlin"),
    )
    for reader in readers:
        with contextlib.suppress(InputError):
            reader(path)


@SETTINGS
@given(raw=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".txt", ".xlsx", ".parquet"]))
def test_random_bytes_raise_only_input_errors(raw, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(raw)
        _read_all(path)


@st.composite
def tables(draw) -> bytes:
    header = draw(
        st.lists(st.one_of(st.sampled_from(NAMES), st.text(max_size=8)), min_size=1, max_size=9)
    )
    width = len(header) + draw(st.integers(-1, 1))
    rows = draw(
        st.lists(st.lists(CELLS, min_size=max(width, 0), max_size=max(width, 0)), max_size=6)
    )
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    buffer = io.StringIO()
    if draw(st.booleans()):
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    else:  # no quoting at all, as some exports do
        buffer.write("\n".join(delimiter.join(r) for r in [header, *rows]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gbk", "big5", "cp1252"]))
    return buffer.getvalue().encode(encoding, errors="replace")


@SETTINGS
@given(content=tables())
def test_random_text_tables_raise_only_input_errors(content):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.csv"
        path.write_bytes(content)
        _read_all(path)


@SETTINGS
@given(
    values=st.lists(CELLS, min_size=1, max_size=8),
    column=st.sampled_from(["month", "date", "start_time", "interval_start", "value"]),
)
def test_random_values_in_typed_columns_raise_only_input_errors(values, column):
    # A valid frame around one column of random values reaches the typed parsers.
    base = {
        "program": "A",
        "metric": "aht_s",
        "month": "2026-01",
        "value": "1",
        "transaction_id": "T",
        "date": "2026-01-05",
        "monitoring_type": "process",
        "agent_id": "A1",
        "customer_ce": "0",
        "business_ce": "0",
        "compliance_ce": "0",
        "contact_id": "K",
        "customer_id": "C",
        "channel": "voice",
        "start_time": "2026-01-05 10:00",
        "queue": "q",
        "interval_start": "2026-01-05T10:00:00+08:00",
        "interval_minutes": "30",
        "forecast_volume": "1",
        "actual_volume": "1",
        "forecast_aht_s": "1",
        "actual_aht_s": "1",
        "response_id": "R",
        "overall": "3",
    }
    header = list(base)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for i, value in enumerate(values):
        row = {**base, column: value, "transaction_id": f"T{i}", "contact_id": f"K{i}"}
        row.update({"response_id": f"R{i}", "metric": f"m{i}"})
        writer.writerow([row[h] for h in header])
    reader = {
        "month": read_kpis,
        "value": read_kpis,
        "date": read_qa,
        "start_time": read_contacts,
        "interval_start": lambda p: read_wfm(p, timezone="Europe/Berlin"),
    }[column]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        with contextlib.suppress(InputError):
            reader(path)

"""Contact logs in Big5/CP950, GBK and UTF-16, transcoded in blocks (never decoded whole)
and read in chunks, give the frame their UTF-8 original gives; a multi-byte character cut
by a block boundary is read whole, and Chinese text that starts only past the sample the
encoding is detected from is still decoded."""

from __future__ import annotations

import pandas as pd
import pytest

from copcwb import InputError
from copcwb.io import chunks, streamed
from copcwb.io.readers import read_contacts

ROWS = [
    ("k1", "c1", "台北客服中心", "voice", "2026-09-01 08:00:00+08:00", "帳單查詢"),
    ("k2", "c1", "台北客服中心", "chat", "2026-09-02 09:30:00+08:00", "網路斷線"),
    ("k3", "c2", "高雄客服中心", "voice", "2026-09-03 10:15:00+08:00", "資費方案"),
    ("k4", "c3", "高雄客服中心", "email", "2026-09-04 11:45:00+08:00", ""),
]
HEADER = "contact_id,customer_id,program,channel,start_time,reason"


def text(rows=ROWS) -> str:
    return "\n".join([HEADER, *(",".join(r) for r in rows)]) + "\n"


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 7 bytes cut the two- and three-byte characters; chunks of 3 rows."""
    monkeypatch.setattr(chunks, "_BLOCK", 7)
    monkeypatch.setattr(streamed, "CHUNK_ROWS", 3)


@pytest.mark.parametrize("codec", ["cp950", "gbk", "utf-16", "utf-8-sig"])
def test_a_log_in_another_encoding_reads_as_its_utf8_original(tmp_path, codec, small_blocks):
    original = tmp_path / "contacts_utf8.csv"
    original.write_text(text(), encoding="utf-8")
    other = tmp_path / f"contacts_{codec}.csv"
    other.write_bytes(text().encode(codec))
    want = read_contacts(original)
    got = read_contacts(other)
    pd.testing.assert_frame_equal(got, want)
    assert got.loc[0, "program"] == "台北客服中心"


def test_big5_text_past_the_detection_sample_is_decoded(tmp_path, monkeypatch):
    # the first sample (64 bytes here) is plain ASCII; the Big5 text comes later, and
    # the sample from the end of the file finds it
    monkeypatch.setattr(chunks, "SAMPLE_BYTES", 64)
    ascii_rows = [
        (f"a{i}", "c9", "North", "voice", "2026-09-01 08:00:00+08:00", "") for i in range(5)
    ]
    path = tmp_path / "late_big5.csv"
    path.write_bytes(text(ascii_rows + ROWS).encode("cp950"))
    frame = read_contacts(path)
    assert list(frame["program"].iloc[-2:]) == ["高雄客服中心", "高雄客服中心"]


def test_a_declared_encoding_that_does_not_fit_names_the_file(tmp_path):
    from copcwb.engagement import InputSpec

    path = tmp_path / "contacts.csv"
    path.write_bytes(text().encode("utf-16"))
    spec = InputSpec(path="contacts.csv", encoding="big5").model_copy(update={"path": path})
    with pytest.raises(InputError, match="cannot decode the text as big5"):
        read_contacts(spec)

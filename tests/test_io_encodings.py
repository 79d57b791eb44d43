"""Encoding detection for exports whose Chinese text is short: a prefix repeated on
every row, the rest ASCII. Files are built here with str.encode, so the expected
encoding is the one the bytes were written in."""

from __future__ import annotations

import pytest

from copcwb import InputError
from copcwb.io import read_kpis
from copcwb.io.cjk import best_reading, score, strict_decode
from copcwb.io.tables import SAMPLE_BYTES, detect_encoding


def kpi_text(prefix: str, programs: str = "ABC", months: int = 6) -> str:
    """A KPI export whose only non-ASCII text is ``prefix`` before each program letter."""
    rows = ["program,metric,month,value"]
    rows += [
        f"{prefix}{p},service_level,2026-{m:02d},0.8{m}"
        for p in programs
        for m in range(1, months + 1)
    ]
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize(
    ("prefix", "codec"),
    [
        ("客服中心", "cp950"),  # Big5: charset_normalizer alone finds no CJK answer for these
        ("帳務", "cp950"),
        ("保險", "cp950"),
        ("客服中心", "gbk"),
        ("账务", "gbk"),
        ("北京", "gbk"),
    ],
)
def test_short_repeated_prefix_is_detected(tmp_path, prefix, codec):
    raw = kpi_text(prefix).encode(codec)
    assert detect_encoding(raw) == codec
    path = tmp_path / "kpis.csv"
    path.write_bytes(raw)
    frame = read_kpis(path)
    assert sorted(frame["program"].unique()) == [f"{prefix}{p}" for p in "ABC"]


def test_equal_shares_of_common_characters_are_told_apart_by_frequent_ones():
    # Big5 "網路" decodes in GBK as "呼隔": all four are level-1 characters (common), so
    # both decodes score 1.0 common. Frequent list: 網 (网), 路 and 呼 are in it, 隔 is not:
    # cp950 2/2 = 1.0, gbk 1/2 = 0.5, and cp950 wins.
    big5 = "網路".encode("cp950")
    assert strict_decode(big5, "gbk") == "呼隔"
    assert score("網路") == (1.0, 1.0)
    assert score("呼隔") == (1.0, 0.5)
    assert detect_encoding(kpi_text("網路").encode("cp950")) == "cp950"
    # GBK "北京" decodes in Big5 as "控儔": 控 and 儔 are level-1 Big5 characters, so again
    # both are 1.0 common; frequent: 北 and 京 are in the list (1.0), 控 is, 儔 is not (0.5).
    gbk = "北京".encode("gbk")
    assert strict_decode(gbk, "cp950") == "控儔"
    assert score("控儔") == (1.0, 0.5)
    assert detect_encoding(kpi_text("北京").encode("gbk")) == "gbk"


def test_wrong_codec_gives_uncommon_characters():
    # Big5 "客服中心" read as gb18030 gives a user-defined character (U+E085), 狝 and two
    # kana: 狝 is a GBK extension character (AA 41, outside GB 2312 level 1, and not a
    # Big5 character at all), so none of the four is common: 0 of 4, under 0.5.
    big5 = "客服中心".encode("cp950")
    assert strict_decode(big5, "gbk") is None  # AB C8 is outside GBK
    assert strict_decode(big5, "gb18030") == "\ue085狝いみ"
    assert "狝".encode("gbk") == b"\xaa\x41"
    with pytest.raises(UnicodeEncodeError):
        "狝".encode("cp950")
    assert score("\ue085狝いみ") == (0.0, 0.0)
    assert best_reading(big5).codec == "cp950"


@pytest.mark.parametrize("codec", ["cp950", "gbk", "utf-8"])
@pytest.mark.parametrize("cut", [1, 2, 3])
def test_a_sample_cut_in_the_middle_of_a_character(codec, cut):
    raw = kpi_text("客服中心", programs="ABCDEFGH").encode(codec)
    # the sample ends inside the last "心" when its bytes are not all there
    sample = raw[: raw.rindex("心".encode(codec)) + cut]
    assert detect_encoding(sample) == codec


def test_only_the_sample_is_read():
    # A Big5 file of more than SAMPLE_BYTES whose bytes after the sample fit no encoding:
    # the decision is made from the sample alone.
    row = "客服中心A,service_level,2026-01,0.81\n".encode("cp950")
    body = row * (SAMPLE_BYTES // len(row) + 10)
    assert len(body) > SAMPLE_BYTES
    assert detect_encoding(body + b"\x81,\xff\n") == "cp950"


def test_western_text_stays_cp1252():
    # "Süd;" and "Straße;" also decode strictly as GBK ("S黡;", "Stra遝;"), but read as
    # cp1252 every non-ASCII character is a letter between ASCII ones
    text = "program;metric\nKundenservice Süd;service_level\nStraße;aht_s\n"
    raw = text.encode("cp1252")
    assert strict_decode(raw, "gbk") is not None
    assert detect_encoding(raw) == "cp1252"


def test_bytes_that_fit_no_encoding_give_the_clear_error(tmp_path):
    # 0x81 then ',' is no character in cp950, GBK, gb18030, Big5-HKSCS, UTF-8 or cp1252
    raw = b"program,metric,month,value\nA\x81,service_level,2026-01,0.8\n"
    with pytest.raises(UnicodeError):
        detect_encoding(raw)
    path = tmp_path / "kpis.csv"
    path.write_bytes(raw)
    with pytest.raises(InputError) as caught:
        read_kpis(path)
    (problem,) = caught.value.problems
    assert problem.problem == "cannot decode the text in any known encoding"
    assert problem.file == str(path) and "encoding:" in problem.fix


def test_frequent_lists_are_level_one_characters_of_their_script():
    from copcwb.io.cjk import FREQUENT_SIMPLIFIED, FREQUENT_TRADITIONAL

    # GB 2312 level 1 is bytes B0A1-D7FE, Big5 level 1 is A440-C67E
    assert all(b"\xb0\xa1" <= c.encode("gb2312") <= b"\xd7\xfe" for c in FREQUENT_SIMPLIFIED)
    assert all(b"\xa4\x40" <= c.encode("cp950") <= b"\xc6\x7e" for c in FREQUENT_TRADITIONAL)
    assert len(set(FREQUENT_SIMPLIFIED)) == len(FREQUENT_SIMPLIFIED) > 1000

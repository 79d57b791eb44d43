"""Numbers, months and dates in each language, and the views' formatting functions that
use them. Expected strings are written out by hand: 2026-10-07 is a Wednesday (1 January
2026 is a Thursday; 279 days later, 279 = 39 weeks + 6 days, Thursday + 6 = Wednesday)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from copcwb.i18n import text
from copcwb.i18n.formats import (
    date_label,
    day_with_weekday,
    list_separator,
    month_label,
    number,
    percent,
    when_label,
)
from copcwb.views.baseline import formats as baseline_formats
from copcwb.views.drivers import formats as drivers_formats
from copcwb.views.forecast import formats as forecast_formats

WEDNESDAY = pd.Timestamp("2026-10-07 10:30", tz="Europe/Berlin")


class Speaker:
    """A catalog function bound to an object with a language, as ``Session.t`` is."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)


def en(key: str, **values: object) -> str:
    return text(key, "en", **values)


@pytest.mark.parametrize("lang", ["en", "zh-Hant", "zh-Hans"])
def test_percent_and_number_are_written_alike_in_every_language(lang):
    assert percent(0.8527, lang) == "85.3%"  # 85.27% to one decimal
    assert percent(0.8, lang, 0) == "80%"
    assert number(12345.6, lang) == "12,346"  # rounded half up, thousands separated
    assert number(1234.5678, lang, 2) == "1,234.57"
    assert percent(float("nan"), lang) == "–"
    assert number(None, lang) == "–"


def test_months():
    assert month_label(pd.Period("2026-10", "M"), "en") == "2026-10"
    assert month_label(pd.Period("2026-10", "M"), "zh-Hant") == "2026年10月"
    assert month_label("2026-03", "zh-Hans") == "2026年3月"  # no leading zero in Chinese
    assert month_label(dt.date(2026, 3, 31), "en") == "2026-03"
    assert month_label(pd.NaT, "zh-Hant") == "–"
    assert month_label("Q3", "zh-Hant") == "Q3"  # not a month: as written


def test_dates():
    assert date_label(WEDNESDAY, "en") == "2026-10-07"
    assert date_label(WEDNESDAY, "zh-Hant") == "2026年10月7日"
    assert date_label(dt.date(2026, 1, 31), "zh-Hans") == "2026年1月31日"
    assert date_label("2026-10-07", "zh-Hans") == "2026年10月7日"
    assert date_label(None, "en") == "–"


def test_when_label_tells_months_from_days():
    assert when_label("2025-11", "zh-Hant") == "2025年11月"
    assert when_label("2026-10-07", "zh-Hant") == "2026年10月7日"
    assert when_label("2026-10-07", "en") == "2026-10-07"
    assert when_label("week 3", "zh-Hans") == "week 3"


def test_weekday_placement_and_list_separator():
    assert day_with_weekday("2026-10-07", "Wed", "en", "10:30") == "Wed 2026-10-07 10:30"
    assert day_with_weekday("2026年10月7日", "週三", "zh-Hant") == "2026年10月7日（週三）"
    assert list_separator("en") == ", "
    assert list_separator("zh-Hans") == "、"


def test_an_unknown_language_is_refused():
    for call in (lambda: percent(0.5, "de"), lambda: month_label("2026-10", "zh")):
        with pytest.raises(ValueError, match="unknown language"):
            call()


def test_forecast_views_write_days_in_the_session_language():
    assert forecast_formats.local_time(WEDNESDAY, en) == "Wed 2026-10-07 10:30"  # unchanged
    assert forecast_formats.local_day(WEDNESDAY, en) == "Wed 2026-10-07"
    assert forecast_formats.day(WEDNESDAY, en) == "2026-10-07"
    hant, hans = Speaker("zh-Hant").t, Speaker("zh-Hans").t
    assert forecast_formats.local_time(WEDNESDAY, hant) == "2026年10月7日（週三）10:30"
    assert forecast_formats.local_day(WEDNESDAY, hans) == "2026年10月7日（周三）"
    assert forecast_formats.join(["A", "B", "C"], hant) == "A、B及C"
    assert forecast_formats.join(["A", "B", "C"], en) == "A, B and C"


def test_baseline_and_driver_views_write_months_and_lists_in_the_session_language():
    hant, hans = Speaker("zh-Hant").t, Speaker("zh-Hans").t
    assert baseline_formats.month(pd.Period("2026-10", "M"), en) == "2026-10"
    assert baseline_formats.month(pd.Period("2026-10", "M"), hans) == "2026年10月"
    assert baseline_formats.join(["North", "South"], en) == "North and South"
    assert baseline_formats.join(["甲", "乙", "丙"], hant) == "甲、乙及丙"
    assert baseline_formats.join(["甲", "乙", "丙"], hans) == "甲、乙和丙"
    assert drivers_formats.join(["a", "b", "c"], hans) == "a、b和c"
    assert baseline_formats.window_label("7D", hant) == "7 天"
    assert baseline_formats.gap_in_unit(-0.034, "share", hant) == "-3.4 個百分點"

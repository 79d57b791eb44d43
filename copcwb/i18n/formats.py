"""Numbers, months and dates as each language writes them.

English keeps the report's compact forms ("85.3%", "1,234", "2026-10",
"2026-10-07", "Wed 2026-10-07 10:30"); Chinese (both scripts) writes months and
days with 年/月/日 ("2026年10月", "2026年10月7日"), puts the weekday in full-width
brackets after the date and separates list items with the enumeration comma 、.
Percent signs and thousands separators are the same in all three languages.
Missing values read "–".
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

from copcwb.i18n import check_language

MISSING = "–"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _chinese(lang: str) -> bool:
    return check_language(lang).startswith("zh")


def is_missing(value: object) -> bool:
    """True for None, NA, NaT and NaN."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def percent(value: object, lang: str = "en", digits: int = 1) -> str:
    """A share as a percentage: 0.8527 -> "85.3%" (all languages)."""
    check_language(lang)
    if is_missing(value):
        return MISSING
    return f"{float(value):.{digits}%}"  # type: ignore[arg-type]


def number(value: object, lang: str = "en", digits: int = 0) -> str:
    """A number with thousands separators: 12345.6 -> "12,346" (all languages)."""
    check_language(lang)
    if is_missing(value):
        return MISSING
    return f"{float(value):,.{digits}f}"  # type: ignore[arg-type]


def _year_month(value: object) -> tuple[int, int] | None:
    if isinstance(value, pd.Period):
        return value.year, value.month
    if isinstance(value, dt.date):  # datetime and pandas Timestamp too
        return value.year, value.month
    found = _MONTH.match(str(value))
    return (int(found[1]), int(found[2])) if found else None


def month_label(value: object, lang: str = "en") -> str:
    """A month: pandas Period, date or "YYYY-MM" -> "2026-10" / "2026年10月"."""
    chinese = _chinese(lang)
    if is_missing(value):
        return MISSING
    parts = _year_month(value)
    if parts is None:
        return str(value)
    year, month = parts
    return f"{year}年{month}月" if chinese else f"{year:04d}-{month:02d}"


def period_label(start: object, end: object, lang: str = "en") -> str:
    """A period of months: "2025-11 – 2026-10" / "2025年11月 – 2026年10月"."""
    return f"{month_label(start, lang)} – {month_label(end, lang)}"


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    found = _DAY.match(str(value))
    return dt.date(int(found[1]), int(found[2]), int(found[3])) if found else None


def date_label(value: object, lang: str = "en") -> str:
    """A day: date, Timestamp or "YYYY-MM-DD" -> "2026-10-07" / "2026年10月7日"."""
    chinese = _chinese(lang)
    if is_missing(value):
        return MISSING
    day = _day(value)
    if day is None:
        return str(value)
    return f"{day.year}年{day.month}月{day.day}日" if chinese else f"{day:%Y-%m-%d}"


def when_label(value: object, lang: str = "en") -> str:
    """A month ("YYYY-MM", Period) or a day ("YYYY-MM-DD", date) in the language's
    form; anything else as written."""
    if isinstance(value, pd.Period) or _MONTH.match(str(value)):
        return month_label(value, lang)
    if isinstance(value, dt.date) or _DAY.match(str(value)):
        return date_label(value, lang)
    check_language(lang)
    return MISSING if is_missing(value) else str(value)


def day_with_weekday(day: str, weekday: str, lang: str = "en", clock: str = "") -> str:
    """A day with its weekday (and a time of day when given), each already written:
    "Wed 2026-10-07 10:30" / "2026年10月7日（週三）10:30"."""
    if _chinese(lang):
        return f"{day}（{weekday}）{clock}"
    return " ".join(part for part in (weekday, day, clock) if part)


def clause_separator(lang: str = "en") -> str:
    """What separates clauses of a list in a sentence: "; " / "；"."""
    return "；" if _chinese(lang) else "; "


def list_separator(lang: str = "en") -> str:
    """What separates the items of a list in a sentence: ", " / "、"."""
    return "、" if _chinese(lang) else ", "

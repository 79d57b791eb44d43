"""Dates, times and months as clients export them.

Read without help: ISO dates and times with '-', '/' or '.' between year, month
and day (``2026-09-14``, ``2026/09/14``, ``2026-09-14 10:32``, ``2026-09-14T10:32:05``),
with or without a UTC offset; a 12-hour clock (``2026/9/14 下午 03:32:05``,
``2026-09-14 3:32 PM``); ``2026年9月14日``; Excel serial dates (days since
1899-12-30, e.g. 46000 or 46000.5) from 20000 (1954) to 80000 (2119). Dates that
start with the day or the month (``14.09.2026``, ``09/14/2026``) need the input's
``date_format``; without it the problem says which format fits, or that the
order is ambiguous (``01/02/2026``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
SERIAL_RANGE = (20_000, 80_000)
YEAR_RANGE = (1900, 2199)

_OFFSET = r"(?:\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s?(?:Z|[+-]\d{2}(?::?\d{2})?)$"
_DMY = (
    r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})"
    r"(?:[ T]+(\d{1,2}:\d{2})(:\d{2})?)?$"
)
_ROC = r"^(\d{2,3})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:\s.*)?$"


@dataclass(frozen=True)
class Failure:
    """Present values that could not be read, and what to tell the user about them."""

    mask: pd.Series
    problem: str
    fix: str


@dataclass(frozen=True)
class Parsed:
    """Parsed values (same index as the input) and the failures, grouped by cause."""

    values: pd.Series
    failures: tuple[Failure, ...] = ()


def _text(values: pd.Series) -> pd.Series:
    present = values.dropna()
    return present.astype(str).str.strip()


def _serial(text: pd.Series) -> pd.Series:
    """Excel serial day numbers in the plausible range, as naive timestamps (NaT otherwise)."""
    numbers = pd.to_numeric(text, errors="coerce")
    ok = numbers.between(*SERIAL_RANGE, inclusive="left")
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    if ok.any():
        days = numbers[ok].astype("float64")
        stamps = EXCEL_EPOCH + pd.to_timedelta(days, unit="D")
        out[ok] = stamps.dt.round("s").astype("datetime64[ns]")
    return out


def _plausible(stamps: pd.Series) -> pd.Series:
    years = stamps.dt.year
    return stamps.notna() & years.between(*YEAR_RANGE)


def _as_ns(stamps: pd.Series, utc: bool = False) -> pd.Series:
    """Timestamps as nanoseconds; implausible years (outside YEAR_RANGE) become NaT."""
    dtype = "datetime64[ns, UTC]" if utc else "datetime64[ns]"
    out = pd.Series(pd.NaT, index=stamps.index, dtype=dtype)
    ok = _plausible(stamps)
    if ok.any():
        out[ok] = stamps[ok].astype(dtype)
    return out


def _points(text: pd.Series, date_format: str | None) -> tuple[pd.Series, pd.Series]:
    """(naive wall times, UTC instants) of ``text``; each NaT where it does not apply."""
    naive = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    utc = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns, UTC]")
    rest = text
    if date_format:
        aware = "%z" in date_format or "%Z" in date_format
        try:
            got = pd.to_datetime(rest, format=date_format, errors="coerce", utc=aware)
        except (ValueError, TypeError):
            got = pd.Series(pd.NaT, index=rest.index)
        if aware:
            utc[got.index] = _as_ns(got, utc=True)
        else:
            naive[got.index] = _as_ns(got)
        rest = rest[got.isna()]
    if rest.empty:
        return naive, utc
    if rest.str.contains("年", regex=False).any():
        chinese = rest.str.contains("年", regex=False)
        rest = rest.copy()
        rest[chinese] = (
            rest[chinese]
            .str.replace(r"\s*[年月]\s*", "-", regex=True)
            .str.replace(r"\s*日\s*", " ", regex=True)
            .str.strip()
        )
    rest = _twelve_hour(rest)
    year_first = rest.str.len().ge(8) & rest.str.slice(4, 5).isin(["-", "/", "."])
    if year_first.any():
        iso = rest[year_first]
        tail = iso.str.slice(-6)
        maybe = (
            tail.str.contains("+", regex=False)
            | tail.str.contains("-", regex=False)
            | iso.str.endswith("Z")
        )
        with_offset = pd.Series(False, index=iso.index)
        if maybe.any():
            with_offset[maybe] = _ends_with_offset(iso[maybe])
        if with_offset.any():
            got = pd.to_datetime(iso[with_offset], format="ISO8601", errors="coerce", utc=True)
            utc[got.index] = _as_ns(got, utc=True)
        plain = iso[~with_offset]
        if len(plain):
            got = pd.to_datetime(plain, format="ISO8601", errors="coerce")
            if isinstance(got.dtype, pd.DatetimeTZDtype):  # pragma: no cover - defensive
                got = got.dt.tz_localize(None)
            naive[got.index] = _as_ns(got)
    numeric = ~year_first & rest.str.fullmatch(r"\d{4,5}(?:\.\d+)?")
    if numeric.any():
        naive[rest[numeric].index] = _serial(rest[numeric])
    return naive, utc


def _ends_with_offset(text: pd.Series) -> pd.Series:
    """Whether each text ends with a time and a UTC offset (``_OFFSET``): vectorised in
    Arrow for ASCII text, by Python's re otherwise (its \\d also takes other digits)."""
    array = pa.array(text.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
    if pc.all(pc.string_is_ascii(array)).as_py() is not False:
        found = pc.match_substring_regex(array, _OFFSET).fill_null(False)
        return pd.Series(found.to_numpy(zero_copy_only=False), index=text.index)
    return text.str.contains(_OFFSET, regex=True)


_MARKED = (
    r"^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})\s*(?:(上午|下午|AM|PM)\s*)?"
    r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?$"
)


def _twelve_hour(text: pd.Series) -> pd.Series:
    """Year-first date-times with a 12-hour clock (``2026/9/14 下午 03:32:05`` as Excel
    writes them in Taiwan, or ``2026-09-14 3:32 PM``) rewritten on a 24-hour clock."""
    marked = text.str.contains("午", regex=False) | text.str.endswith(
        ("AM", "PM", "am", "pm", "Am", "Pm")
    )
    if not marked.any():
        return text
    parts = text[marked].str.upper().str.extract(_MARKED)
    ok = parts[2].notna() & (parts[1].notna() ^ parts[5].notna())
    if not ok.any():
        return text
    parts = parts[ok]
    marker = parts[1].fillna(parts[5])
    hour = parts[2].astype(int)
    valid = hour.between(1, 12)
    afternoon = marker.isin(["下午", "PM"])
    hour = (hour % 12) + afternoon * 12
    seconds = parts[4].fillna("00")
    rewritten = parts[0] + " " + hour.map("{:02d}".format) + ":" + parts[3] + ":" + seconds
    out = text.copy()
    out[rewritten[valid].index] = rewritten[valid]
    return out


def _formats(sep: str, year: str, time: str, seconds: str) -> tuple[str, str]:
    y = "%Y" if len(year) == 4 else "%y"
    tail = (" %H:%M" + (":%S" if seconds else "")) if time else ""
    return f"%d{sep}%m{sep}{y}{tail}", f"%m{sep}%d{sep}{y}{tail}"


def diagnose(text: pd.Series, date_format: str | None, what: str = "date") -> list[Failure]:
    """Group values that were not read as dates by cause, each with a fix: day or month
    first, Republic of China years, implausible years, plain numbers, anything else."""
    if date_format:
        return [
            Failure(
                pd.Series(True, index=text.index),
                f"does not match the declared date_format '{date_format}'",
                "check date_format: for this input (e.g. '%d.%m.%Y' for 14.09.2026) and the "
                "values; ISO dates (2026-09-14) and Excel serial dates are always read",
            )
        ]
    failures = []
    rest = pd.Series(True, index=text.index)
    for cause in (_day_month_order, _roc_years, _implausible_years, _plain_numbers):
        failure = cause(text, rest, what)
        if failure is not None:
            failures.append(failure)
            rest &= ~failure.mask
    if rest.any():
        failures.append(
            Failure(
                rest,
                f"not a {what}" if what != "date" else "not a date or time",
                "write dates as YYYY-MM-DD (times as YYYY-MM-DD HH:MM:SS), or declare "
                "date_format: for this input (e.g. '%d.%m.%Y %H:%M')",
            )
        )
    return failures


def _day_month_order(text: pd.Series, rest: pd.Series, what: str) -> Failure | None:
    """Values that start with the day or the month (14.09.2026, 09/14/2026): which order
    they use, or that they mix both or could be either."""
    dmy = text.str.extract(_DMY)
    is_dmy = rest & dmy[0].notna()
    if not is_dmy.any():
        return None
    first = dmy.loc[is_dmy, 0].astype(int)
    second = dmy.loc[is_dmy, 2].astype(int)
    sample = dmy[is_dmy].iloc[0]
    day_first, month_first = _formats(
        str(sample[1]),
        str(sample[3]),
        "" if pd.isna(sample[4]) else str(sample[4]),
        "" if pd.isna(sample[5]) else str(sample[5]),
    )
    if (first > 12).any() and (second > 12).any():
        problem = f"{what}s mix day-first and month-first order"
        fix = "correct the export so that every value uses one order, then declare it in "
        fix += f"date_format: ('{day_first}' or '{month_first}')"
    elif (first > 12).any():
        problem = f"{what}s are written day first, which needs a declared format"
        fix = f"declare date_format: '{day_first}' for this input"
    elif (second > 12).any():
        problem = f"{what}s are written month first, which needs a declared format"
        fix = f"declare date_format: '{month_first}' for this input"
    else:
        example = text[is_dmy].iloc[0]
        problem = (
            f"ambiguous {what}s: '{example}' can be read day first or month first "
            "(both parts are 12 or less)"
        )
        fix = (
            "ask the client which order the export uses and declare date_format: "
            f"'{day_first}' (day first) or '{month_first}' (month first)"
        )
    return Failure(is_dmy, problem, fix)


def _roc_years(text: pd.Series, rest: pd.Series, what: str) -> Failure | None:
    """Dates with Republic of China (民國) years: 115/09/14 is 2026-09-14."""
    roc = text.str.extract(_ROC)
    is_roc = rest & roc[0].notna() & (pd.to_numeric(roc[0], errors="coerce") < 200)
    if not is_roc.any():
        return None
    sample = roc[is_roc].iloc[0]
    year = int(sample[0]) + 1911
    return Failure(
        is_roc,
        f"{what}s with Republic of China (民國) years",
        f"export the dates with Western years ({int(sample[0])} is {year}: "
        f"{year}-{int(sample[1]):02d}-{int(sample[2]):02d})",
    )


def _implausible_years(text: pd.Series, rest: pd.Series, what: str) -> Failure | None:
    """Year-first values whose year lies outside ``YEAR_RANGE``."""
    year_first = rest & text.str.match(r"^\d{4}[-/.年]")
    if not year_first.any():
        return None
    years = pd.to_numeric(text[year_first].str.slice(0, 4), errors="coerce")
    far = pd.Series(False, index=text.index)
    far[years.index] = ~years.between(*YEAR_RANGE)
    if not far.any():
        return None
    return Failure(
        far,
        f"{what}s with an implausible year (before {YEAR_RANGE[0]} or after {YEAR_RANGE[1]})",
        "correct the year",
    )


def _plain_numbers(text: pd.Series, rest: pd.Series, what: str) -> Failure | None:
    """Numbers outside the range read as Excel serial dates."""
    number = rest & text.str.fullmatch(r"-?\d+(?:\.\d+)?")
    if not number.any():
        return None
    return Failure(
        number,
        f"a number, not a {what}: numbers are read as Excel serial dates only from "
        f"{SERIAL_RANGE[0]} ({_year(SERIAL_RANGE[0])}) to {SERIAL_RANGE[1]} "
        f"({_year(SERIAL_RANGE[1])})",
        "format the column as dates in Excel, or write dates as YYYY-MM-DD",
    )


def _year(serial: int) -> int:
    return (EXCEL_EPOCH + pd.Timedelta(days=serial)).year


def _full(failures: list[Failure], index: pd.Index) -> tuple[Failure, ...]:
    """Failures with masks over the whole column (False where a value was read)."""
    out = []
    for f in failures:
        mask = pd.Series(False, index=index)
        mask[f.mask[f.mask].index] = True
        out.append(Failure(mask, f.problem, f.fix))
    return tuple(out)


def parse_datetimes(
    values: pd.Series, *, date_format: str | None = None, timezone: str = "UTC"
) -> Parsed:
    """Local, tz-naive ``datetime64[ns]`` values; values with a UTC offset are converted
    to local time in ``timezone``."""
    text = _text(values)
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    if text.empty:
        return Parsed(out)
    naive, utc = _points(text, date_format)
    out[naive.index] = naive
    has_utc = utc.notna()
    if has_utc.any():
        out[utc[has_utc].index] = utc[has_utc].dt.tz_convert(timezone).dt.tz_localize(None)
    failed = text[out[text.index].isna()]
    return Parsed(out, _full(diagnose(failed, date_format), values.index) if len(failed) else ())


def parse_instants(
    values: pd.Series, *, date_format: str | None = None, timezone: str = "UTC"
) -> Parsed:
    """Timezone-aware ``datetime64[ns, timezone]`` values: values with a UTC offset are
    converted, local ones localized (a local time that does not exist or is ambiguous
    because of a daylight-saving change is a failure of its own)."""
    text = _text(values)
    out = pd.Series(pd.NaT, index=values.index, dtype=f"datetime64[ns, {timezone}]")
    if text.empty:
        return Parsed(out)
    naive, utc = _points(text, date_format)
    has_utc = utc.notna()
    if has_utc.any():
        out[utc[has_utc].index] = utc[has_utc].dt.tz_convert(timezone)
    has_naive = naive.notna()
    dst = pd.Series(False, index=values.index)
    if has_naive.any():
        local = naive[has_naive].dt.tz_localize(timezone, ambiguous="NaT", nonexistent="NaT")
        out[local.index] = local
        dst[local.index] = local.isna().to_numpy()
    failed = text[out[text.index].isna() & ~dst[text.index]]
    failures = list(_full(diagnose(failed, date_format, "timestamp"), values.index))
    if dst.any():
        failures.append(
            Failure(
                dst,
                f"local time does not exist or is ambiguous in {timezone} (daylight-saving change)",
                "export timestamps with their UTC offset (e.g. 2026-03-29T03:30:00+02:00)",
            )
        )
    return Parsed(out, tuple(failures))


_YM = r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$"
_YYYYMM = r"^(\d{4})(\d{2})$"
_MY = r"^(\d{1,2})[-/.](\d{4})$"


def parse_months(values: pd.Series, *, date_format: str | None = None) -> Parsed:
    """Calendar months as ``Period[M]``: 2026-09, 2026/9, 202609, 09/2026, 2026年9月, any
    date of the month (ISO or Excel serial), or the declared ``date_format``."""
    text = _text(values)
    year = pd.Series(np.nan, index=text.index)
    month = pd.Series(np.nan, index=text.index)
    rest = text
    if date_format:
        try:
            got = pd.to_datetime(rest, format=date_format, errors="coerce")
        except (ValueError, TypeError):
            got = pd.Series(pd.NaT, index=rest.index)
        ok = _plausible(got)
        year[got[ok].index] = got[ok].dt.year
        month[got[ok].index] = got[ok].dt.month
        rest = rest[~ok]
    for pattern, y, m in ((_YM, 0, 1), (_YYYYMM, 0, 1), (_MY, 1, 0)):
        if rest.empty:
            break
        parts = rest.str.extract(pattern)
        ok = parts[0].notna()
        if ok.any():
            year[parts[ok].index] = parts.loc[ok, y].astype(int)
            month[parts[ok].index] = parts.loc[ok, m].astype(int)
            rest = rest[~ok]
    if not rest.empty:
        naive, utc = _points(rest, None)
        naive = naive.where(naive.notna(), utc.dt.tz_localize(None))
        ok = naive.notna()
        year[naive[ok].index] = naive[ok].dt.year
        month[naive[ok].index] = naive[ok].dt.month
    ok = year.between(*YEAR_RANGE) & month.between(1, 12)
    ordinals = ((year[ok] - 1970) * 12 + month[ok] - 1).astype("int64")
    out = pd.Series(pd.NaT, index=values.index, dtype="period[M]")
    if ok.any():
        out[ordinals.index] = pd.PeriodIndex.from_ordinals(ordinals.to_numpy(), freq="M")
    failed = text[~ok]
    failures: tuple[Failure, ...] = ()
    if len(failed):
        mask = pd.Series(False, index=values.index)
        mask[failed.index] = True
        fix = "write months as YYYY-MM, for example 2026-09"
        if date_format:
            fix = f"check date_format: '{date_format}' for this input, or " + fix
        else:
            fix += ", or declare date_format: for this input (e.g. '%b %Y' for Sep 2026)"
        failures = (Failure(mask, "not a month", fix),)
    return Parsed(out, failures)

"""Numbers as clients export them: percentages, decimal commas, thousands groups,
durations written as clock times, and yes/no flags."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_DURATION = re.compile(r"^(\d+):([0-5]\d)(?::([0-5]\d))?$")


def to_number(
    values: pd.Series, decimal: str = ".", *, durations: bool = False
) -> tuple[pd.Series, pd.Series, str]:
    """Numbers from text: a trailing '%' divides by 100; with ``decimal=','`` the comma is
    the decimal mark and '.' or spaces group thousands; with ``durations`` H:MM:SS and
    MM:SS become seconds. Returns the values, a mask of present values that are not
    numbers, and the fix to show for them."""
    out = pd.Series(np.nan, index=values.index, dtype="float64")
    text = values.dropna().astype(str).str.strip()
    if text.empty:
        return out, pd.Series(False, index=values.index), ""
    bad_point = pd.Series(False, index=text.index)
    if decimal == ",":
        text = text.str.replace(r"[\s\u00a0\u202f']", "", regex=True)
        grouped = text.str.fullmatch(r"-?\d{1,3}(?:\.\d{3})+(?:,\d*)?")
        comma = text.str.contains(",", regex=False)
        bad_point = text.str.contains(".", regex=False) & ~grouped
        cleaned = text.where(~(grouped | comma), text.str.replace(".", "", regex=False))
        text = cleaned.str.replace(",", ".", regex=False)
    percent = text.str.endswith("%")
    if percent.any():
        text = text.where(~percent, text.str.slice(0, -1).str.strip())
    numbers = pd.to_numeric(text, errors="coerce").astype("float64")
    numbers[percent] = numbers[percent] / 100
    numbers[bad_point] = np.nan
    if durations:
        clock = text[numbers.isna()].str.extract(_DURATION)
        ok = clock[0].notna()
        if ok.any():
            parts = clock[ok].astype("float64").fillna(0)
            hours_first = clock.loc[ok, 2].notna()
            seconds = np.where(
                hours_first,
                parts[0] * 3600 + parts[1] * 60 + parts[2],
                parts[0] * 60 + parts[1],
            )
            numbers[parts.index] = seconds
    numbers[~np.isfinite(numbers)] = np.nan
    out[numbers.index] = numbers
    bad = pd.Series(False, index=values.index)
    bad[numbers[numbers.isna()].index] = True
    if decimal == ",":
        fix = "use ',' as the decimal mark as declared (decimal: ','), without letters or units"
        if bad_point.any():
            fix = "the file mixes '.' and ',' as decimal marks: correct the values, or remove "
            fix += "decimal: ',' if the file uses '.'"
    elif text[numbers.isna()].str.fullmatch(r"-?\d+(?:,\d+)+").any():
        fix = "these look like numbers with a decimal comma: declare decimal: ',' for this input"
        fix += " (or remove thousands separators)"
    else:
        fix = "use plain numbers with '.' as decimal mark (no units or thousands separators)"
        fix += "; declare decimal: ',' if the file uses commas"
    return out, bad, fix


FLAG_WORDS = {
    "yes": "1",
    "y": "1",
    "true": "1",
    "是": "1",
    "有": "1",
    "no": "0",
    "n": "0",
    "false": "0",
    "否": "0",
    "無": "0",
    "无": "0",
}


def flag_words(values: pd.Series) -> pd.Series:
    """Yes/no, true/false (and 是/否) as 1/0; everything else unchanged."""
    text = values.dropna().astype(str).str.strip().str.lower()
    words = text.map(FLAG_WORDS).dropna()
    if words.empty:
        return values
    out = values.copy()
    out[words.index] = words
    return out

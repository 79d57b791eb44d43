"""Turn a text table into a typed, validated DataFrame of one input kind.

Every problem of a file is collected (missing columns, unparseable values,
out-of-range values, duplicate keys, empty files) and raised together as one
``InputError``; row numbers are the rows a user sees in a spreadsheet.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

import pandas as pd

from copcwb.errors import InputError, Problem
from copcwb.io.columns import ColumnDef, InputKind

MAX_ROWS_SHOWN = 5


def normal_header(name: str) -> str:
    """Lower-case, trimmed, spaces and hyphens as underscores: 'Start Time' -> 'start_time'."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def apply_column_mapping(
    frame: pd.DataFrame, kind: InputKind, mapping: Mapping[str, str], file: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Rename the client's headers to ours: the mapping first, then exact or normalized names."""
    problems: list[Problem] = []
    headers = list(frame.columns)
    rename: dict[str, str] = {}
    for ours, theirs in mapping.items():
        if theirs in headers:
            rename[theirs] = ours
        else:
            close = difflib.get_close_matches(theirs, headers, n=1)
            problems.append(
                Problem(
                    file=file,
                    column=ours,
                    problem=f"mapped header '{theirs}' is not in the file; headers found: "
                    + ", ".join(headers),
                    fix=f"use '{close[0]}'" if close else "correct the header under columns:",
                )
            )
    taken = set(rename.values())
    for header in headers:
        if header in rename:
            continue
        ours = normal_header(header)
        if ours not in taken:
            rename[header] = ours
            taken.add(ours)
    frame = frame.rename(columns=rename)
    frame = frame.loc[:, ~frame.columns.duplicated()]
    present = set(frame.columns)
    for column in kind.columns:
        if column.required and column.name not in present:
            close = difflib.get_close_matches(
                column.name, [normal_header(h) for h in headers], n=1, cutoff=0.6
            )
            hint = f"did you mean '{_original(headers, close[0])}'? " if close else ""
            problems.append(
                Problem(
                    file=file,
                    column=column.name,
                    problem=f"required column '{column.name}' is missing ({column.meaning})",
                    fix=f"{hint}add the column, or map the client's header under columns: "
                    f'{column.name}: "<their header>"',
                )
            )
    return frame, problems


def _original(headers: list[str], normal: str) -> str:
    return next((h for h in headers if normal_header(h) == normal), normal)


def _rows(mask: pd.Series) -> list[int]:
    return [int(i) for i in mask[mask].index]


def _bad(
    file: str, column: ColumnDef, mask: pd.Series, values: pd.Series, problem: str, fix: str
) -> Problem:
    rows = _rows(mask)
    examples = [str(v) for v in values[mask].drop_duplicates().head(3)]
    return Problem(
        file=file,
        column=column.name,
        rows=rows[:MAX_ROWS_SHOWN],
        n_rows=len(rows),
        problem=problem,
        examples=examples,
        fix=fix,
    )


def _to_number(values: pd.Series, decimal: str) -> pd.Series:
    text = values.astype("string")
    if decimal == ",":
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    return pd.to_numeric(text, errors="coerce")


def _to_month(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.replace("/", "-", regex=False)
    parsed = pd.to_datetime(text.str.slice(0, 7), format="%Y-%m", errors="coerce")
    return parsed.dt.to_period("M")


def _to_datetime(values: pd.Series, date_format: str | None) -> pd.Series:
    if date_format:
        return pd.to_datetime(values, format=date_format, errors="coerce")
    return pd.to_datetime(values, format="ISO8601", errors="coerce")


def _to_instant(values: pd.Series, timezone: str) -> tuple[pd.Series, pd.Series]:
    """Timestamps in ``timezone``; strings with an offset are converted, naive ones localized.

    Returns the parsed values and a mask of local times that do not exist or are
    ambiguous in the zone (DST gaps and repeats).
    """
    text = values.astype("string")
    has_offset = text.str.contains(r"(?:[+-]\d{2}:?\d{2}|Z)$", regex=True, na=False)
    out = pd.Series(pd.NaT, index=values.index, dtype=f"datetime64[ns, {timezone}]")
    bad_local = pd.Series(False, index=values.index)
    if has_offset.any():
        aware = pd.to_datetime(text[has_offset], format="ISO8601", utc=True, errors="coerce")
        out[has_offset] = aware.dt.tz_convert(timezone)
    naive_mask = ~has_offset & text.notna()
    if naive_mask.any():
        naive = pd.to_datetime(text[naive_mask], format="ISO8601", errors="coerce")
        local = naive.dt.tz_localize(timezone, ambiguous="NaT", nonexistent="NaT")
        bad_local[naive_mask] = naive.notna() & local.isna()
        out[naive_mask] = local
    return out, bad_local


def parse_columns(
    frame: pd.DataFrame,
    kind: InputKind,
    file: str,
    *,
    decimal: str = ".",
    date_format: str | None = None,
    timezone: str = "UTC",
) -> tuple[pd.DataFrame, list[Problem]]:
    """Convert each known column to its type; collect the rows that do not convert."""
    problems: list[Problem] = []
    out = frame.copy()
    for column in kind.columns:
        if column.name not in out:
            continue
        raw = out[column.name]
        present = raw.notna()
        if not column.nullable and (~present).any():
            problems.append(
                _bad(
                    file,
                    column,
                    ~present,
                    raw.fillna(""),
                    "empty values",
                    f"fill in {column.meaning}",
                )
            )
        if column.type == "str":
            out[column.name] = raw.astype("string").astype(object).where(present, None)
            continue
        if column.type in ("int", "float", "flag"):
            parsed = _to_number(raw, decimal)
            bad = present & parsed.isna()
            if bad.any():
                problems.append(
                    _bad(
                        file,
                        column,
                        bad,
                        raw,
                        "not a number",
                        "use plain numbers"
                        + (
                            " with '.' as decimal mark; declare "
                            "decimal: ',' if the file uses commas"
                            if decimal == "."
                            else ""
                        ),
                    )
                )
            if column.type in ("int", "flag"):
                fractional = parsed.notna() & (parsed % 1 != 0)
                if fractional.any():
                    problems.append(
                        _bad(
                            file,
                            column,
                            fractional,
                            raw,
                            "not a whole number",
                            f"{column.meaning} must be a whole number",
                        )
                    )
                parsed = parsed.round().astype("Int64")
            else:
                parsed = parsed.astype("float64")
        elif column.type == "month":
            parsed = _to_month(raw)
            bad = present & parsed.isna()
            if bad.any():
                problems.append(
                    _bad(
                        file,
                        column,
                        bad,
                        raw,
                        "not a month",
                        "write months as YYYY-MM, for example 2026-09",
                    )
                )
        elif column.type in ("date", "datetime"):
            parsed = _to_datetime(raw, date_format)
            bad = present & parsed.isna()
            if bad.any():
                problems.append(
                    _bad(
                        file,
                        column,
                        bad,
                        raw,
                        "not a date or time",
                        "write dates as YYYY-MM-DD (times YYYY-MM-DD HH:MM:SS), or "
                        "declare date_format: for this input",
                    )
                )
            if column.type == "date":
                parsed = parsed.dt.normalize()
        else:  # instant
            parsed, bad_local = _to_instant(raw, timezone)
            bad = present & parsed.isna() & ~bad_local
            if bad.any():
                problems.append(
                    _bad(
                        file,
                        column,
                        bad,
                        raw,
                        "not a timestamp",
                        "write timestamps as 2026-09-07T08:30:00+08:00, or local "
                        "times with timezone: declared",
                    )
                )
            if bad_local.any():
                problems.append(
                    _bad(
                        file,
                        column,
                        bad_local,
                        raw,
                        f"local time does not exist or is ambiguous in {timezone} "
                        "(daylight-saving change)",
                        "export timestamps with their UTC offset",
                    )
                )
        out[column.name] = parsed
    return out, problems


def check_values(frame: pd.DataFrame, kind: InputKind, file: str) -> list[Problem]:
    """Ranges, allowed values and duplicate keys, checked with a pandera schema."""
    import pandera.pandas as pa
    from pandera.errors import SchemaErrors

    columns = {}
    for c in kind.columns:
        if c.name not in frame:
            continue
        checks = []
        if c.minimum is not None:
            checks.append(pa.Check.ge(c.minimum, error=f"below the minimum {c.minimum:g}"))
        if c.maximum is not None:
            checks.append(pa.Check.le(c.maximum, error=f"above the maximum {c.maximum:g}"))
        if c.allowed:
            checks.append(
                pa.Check.isin(list(c.allowed), error="not one of " + ", ".join(c.allowed))
            )
        columns[c.name] = pa.Column(checks=checks, nullable=True, required=False)
    key = [k for k in kind.key if k in frame]
    schema = pa.DataFrameSchema(
        columns, unique=key if len(key) == len(kind.key) else None, strict=False
    )
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        return _problems_from_failures(exc.failure_cases, frame, kind, file)
    return []


def _problems_from_failures(
    cases: pd.DataFrame, frame: pd.DataFrame, kind: InputKind, file: str
) -> list[Problem]:
    problems = []
    cases = cases.dropna(subset=["index"])
    duplicated = cases["check"].astype(str).str.contains("uniqueness") | cases["column"].isna()
    if duplicated.any():
        rows = sorted({int(i) for i in cases.loc[duplicated, "index"]})
        key = ", ".join(kind.key)
        problems.append(
            Problem(
                file=file,
                column=key,
                rows=rows[:MAX_ROWS_SHOWN],
                n_rows=len(rows),
                problem=f"duplicate rows for the same {key}",
                fix=f"keep one row per {kind.row_is}",
            )
        )
    for (column, check), group in cases[~duplicated].groupby(["column", "check"], sort=False):
        rows = sorted({int(i) for i in group["index"]})
        examples = [str(v) for v in group["failure_case"].drop_duplicates().head(3)]
        definition = kind.column(str(column))
        problems.append(
            Problem(
                file=file,
                column=str(column),
                rows=rows[:MAX_ROWS_SHOWN],
                n_rows=len(rows),
                problem=str(check),
                examples=examples,
                fix=f"{definition.meaning}" if definition else "",
            )
        )
    return problems


def validate_table(
    frame: pd.DataFrame,
    kind: InputKind,
    file: str,
    *,
    mapping: Mapping[str, str] | None = None,
    decimal: str = ".",
    date_format: str | None = None,
    timezone: str = "UTC",
) -> pd.DataFrame:
    """Map, parse and check a text table; return the typed frame or raise InputError."""
    frame, problems = apply_column_mapping(frame, kind, mapping or {}, file)
    if not problems and len(frame) == 0:
        problems.append(
            Problem(
                file=file,
                problem="the file has a header but no data rows",
                fix="export the data again with its rows",
            )
        )
    if problems:
        raise InputError(problems)
    frame, problems = parse_columns(
        frame, kind, file, decimal=decimal, date_format=date_format, timezone=timezone
    )
    problems += check_values(frame, kind, file)
    if problems:
        raise InputError(problems)
    for c in kind.columns:
        if c.name in frame and c.type in ("int", "flag") and not frame[c.name].isna().any():
            frame[c.name] = frame[c.name].astype("int64")
    return frame.reset_index(drop=True)

"""Turn a text table into a typed, validated DataFrame of one input kind.

Every problem of a file is collected (missing columns, total rows, unparseable
values, out-of-range values, duplicate keys, empty files) and returned together,
for the reader to raise as one ``InputError``; row numbers are the rows a user sees
in a spreadsheet.
Numbers are read by ``numbers``, dates by ``dates``, total rows found by ``totals``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

import pandas as pd

from copcwb.errors import Problem
from copcwb.io import dates
from copcwb.io.columns import ColumnDef, InputKind
from copcwb.io.numbers import flag_words, to_number
from copcwb.io.rows import listed_rows_problem, rows_problem
from copcwb.io.totals import total_rows

MAX_HEADERS_LISTED = 30


def normal_header(name: str) -> str:
    """Lower-case, trimmed, spaces and hyphens as underscores: 'Start Time' -> 'start_time'."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def _listed(headers: list[str]) -> str:
    shown = ", ".join(headers[:MAX_HEADERS_LISTED])
    more = len(headers) - MAX_HEADERS_LISTED
    return shown + (f" (+{more} more)" if more > 0 else "")


def apply_column_mapping(
    frame: pd.DataFrame, kind: InputKind, mapping: Mapping[str, str], file: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Rename the client's headers to ours: the mapping first, then exact or normalized names."""
    problems: list[Problem] = []
    headers = [str(h) for h in frame.columns]
    rename: dict[str, str] = {}
    for ours, theirs in mapping.items():
        if theirs in headers:
            rename[theirs] = ours
            continue
        loose = [h for h in headers if normal_header(h) == normal_header(theirs)]
        if loose:
            rename[loose[0]] = ours
            continue
        close = difflib.get_close_matches(theirs, headers, n=1)
        problems.append(
            Problem(
                file=file,
                column=ours,
                problem=f"mapped header '{theirs}' is not in the file; headers found: "
                + _listed(headers),
                fix=f"use '{close[0]}' under columns: {ours}:"
                if close
                else "correct the header under columns:",
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
    # a header whose name is already taken (by a mapped header) is left out
    keep = [i for i, h in enumerate(headers) if h in rename]
    frame = frame.iloc[:, keep].copy()
    frame.columns = [rename[headers[i]] for i in keep]
    present = set(frame.columns)
    unmapped = [h for h in headers if h not in rename or rename[h] not in kind_names(kind)]
    for column in kind.columns:
        if column.required and column.name not in present and column.name not in mapping:
            candidates = [normal_header(h) for h in unmapped]
            close = difflib.get_close_matches(column.name, candidates, n=1, cutoff=0.6)
            if close:
                hint = f"did you mean '{_original(headers, close[0])}'? "
            else:
                hint = f"headers found: {_listed(headers)}; "
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


def kind_names(kind: InputKind) -> set[str]:
    return {c.name for c in kind.columns}


def _original(headers: list[str], normal: str) -> str:
    return next((h for h in headers if normal_header(h) == normal), normal)


def _bad(
    file: str, column: ColumnDef, mask: pd.Series, values: pd.Series, problem: str, fix: str
) -> Problem:
    examples = values[mask].drop_duplicates().head(3)
    return rows_problem(file, column.name, mask, problem, fix, examples)


def _range_fix(column: ColumnDef) -> str:
    """What a value of ``column`` must be, for the fix of a range or type problem."""
    if column.type == "flag":
        return f"write 1 or 0 ({column.meaning})"
    if column.minimum is not None and column.maximum is not None:
        where = f"between {column.minimum:g} and {column.maximum:g}"
    elif column.minimum is not None:
        where = f"at least {column.minimum:g}"
    elif column.maximum is not None:
        where = f"at most {column.maximum:g}"
    else:
        where = ""
    kind = "a whole number" if column.type == "int" else "a number"
    return f"{column.name} is {column.meaning}: {kind}" + (f" {where}" if where else "")


def _is_duration(column: ColumnDef) -> bool:
    return column.name.endswith(("_s", "_seconds")) and column.type in ("int", "float")


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
                rows_problem(
                    file, column.name, ~present, "empty values", f"fill in {column.meaning}"
                )
            )
        if column.type == "str":
            text = raw.astype(object).where(present, None)
            if column.allowed:
                lowered = text.dropna().astype(str).str.strip().str.lower()
                known = lowered.isin(column.allowed)
                text = text.copy()
                text[lowered[known].index] = lowered[known]
            out[column.name] = text
            continue
        if column.type in ("int", "float", "flag"):
            source = flag_words(raw) if column.type == "flag" else raw
            parsed, bad, fix = to_number(source, decimal, durations=_is_duration(column))
            if column.type == "flag":
                fix = "write 1 or 0 (yes/no and true/false are read too)"
            if bad.any():
                problems.append(_bad(file, column, bad, raw, "not a number", fix))
            if column.type in ("int", "flag"):
                ok = parsed.notna()
                fractional = ok & ((parsed % 1 != 0) | (parsed.abs() >= 1e15))
                if fractional.any():
                    problems.append(
                        _bad(
                            file, column, fractional, raw, "not a whole number", _range_fix(column)
                        )
                    )
                parsed = parsed.where(ok & ~fractional).round().astype("Int64")
            out[column.name] = parsed
            continue
        if column.type == "month":
            result = dates.parse_months(raw, date_format=date_format)
        elif column.type in ("date", "datetime"):
            result = dates.parse_datetimes(raw, date_format=date_format, timezone=timezone)
        else:  # instant
            result = dates.parse_instants(raw, date_format=date_format, timezone=timezone)
        for failure in result.failures:
            problem, fix = failure.problem, failure.fix
            if column.type == "instant" and problem == "not a timestamp":
                fix = (
                    "write timestamps with their UTC offset (2026-09-07T08:30:00+08:00), or "
                    "local times (2026-09-07 08:30) with timezone: declared; " + fix
                )
            problems.append(_bad(file, column, failure.mask, raw, problem, fix))
        parsed = result.values
        if column.type == "date":
            parsed = parsed.dt.normalize()
        out[column.name] = parsed
    return out, problems


def duplicate_keys(frame: pd.DataFrame, kind: InputKind, file: str) -> list[Problem]:
    """Rows that repeat the key of another row (every row of each repeated key is named)."""
    key = list(kind.key)
    if not key or any(k not in frame for k in key) or frame.empty:
        return []
    usable = frame[key].notna().all(axis=1)
    repeated = frame[key].duplicated(keep=False) & usable
    if not repeated.any():
        return []
    examples = []
    for _, values in frame.loc[repeated, key].drop_duplicates().head(3).iterrows():
        examples.append(" | ".join(_show(v) for v in values))
    name = ", ".join(key)
    return [
        rows_problem(
            file,
            name,
            repeated,
            f"duplicate rows for the same {name}",
            f"keep one row per {kind.row_is}",
            examples,
        )
    ]


def _example(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _show(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        text = value.isoformat(sep=" ")
        return text.removesuffix(" 00:00:00")
    return str(value)


def check_values(
    frame: pd.DataFrame, kind: InputKind, file: str, *, keys: bool = True
) -> list[Problem]:
    """Ranges and allowed values (a pandera schema, validated lazily) and, with ``keys``,
    duplicate keys."""
    import pandera.pandas as pa
    from pandera.errors import SchemaErrors

    columns = {}
    for c in kind.columns:
        if c.name not in frame:
            continue
        checks = []
        if c.minimum is not None:
            message = f"below the minimum {c.minimum:g}"
            if c.minimum == 0:
                message += " (negative)"
            checks.append(pa.Check.ge(c.minimum, error=message))
        if c.maximum is not None:
            checks.append(pa.Check.le(c.maximum, error=f"above the maximum {c.maximum:g}"))
        if c.allowed:
            checks.append(
                pa.Check.isin(list(c.allowed), error="not one of " + ", ".join(c.allowed))
            )
        if checks and c.type in ("int", "float", "flag", "str"):
            columns[c.name] = pa.Column(checks=checks, nullable=True, required=False)
    problems: list[Problem] = []
    if columns:
        schema = pa.DataFrameSchema(columns, strict=False)
        try:
            schema.validate(frame, lazy=True)
        except SchemaErrors as exc:
            problems += _problems_from_failures(exc.failure_cases, kind, file)
    return problems + (duplicate_keys(frame, kind, file) if keys else [])


def _problems_from_failures(cases: pd.DataFrame, kind: InputKind, file: str) -> list[Problem]:
    problems = []
    cases = cases.dropna(subset=["index", "column"])
    for (column, check), group in cases.groupby(["column", "check"], sort=False):
        rows = sorted({int(i) for i in group["index"]})
        examples = [_example(v) for v in group["failure_case"].drop_duplicates().head(3)]
        definition = kind.column(str(column))
        fix = ""
        if definition is not None and definition.allowed:
            fix = "use one of " + ", ".join(definition.allowed) + f" ({definition.meaning})"
        elif definition is not None and definition.minimum == 0 and "negative" in str(check):
            fix = f"{definition.meaning} cannot be negative: correct the export"
        elif definition is not None:
            fix = _range_fix(definition)
        problems.append(listed_rows_problem(file, str(column), rows, str(check), fix, examples))
    return problems


def header_only(frame: pd.DataFrame, file: str) -> list[Problem]:
    if len(frame):
        return []
    return [
        Problem(
            file=file,
            problem="the file has a header but no data rows",
            fix="export the data again with its rows",
        )
    ]


def check_table(
    frame: pd.DataFrame,
    kind: InputKind,
    file: str,
    *,
    mapping: Mapping[str, str] | None = None,
    decimal: str = ".",
    date_format: str | None = None,
    timezone: str = "UTC",
) -> tuple[pd.DataFrame, list[Problem]]:
    """Map, parse and check a text table. Returns the typed frame, indexed by spreadsheet
    row, and every problem found (the frame is only usable when there are none)."""
    frame, problems = apply_column_mapping(frame, kind, mapping or {}, file)
    if len(frame) == 0:
        return frame, problems + header_only(frame, file)
    totals, rows = total_rows(frame, kind, file)
    problems += totals
    frame = frame.drop(index=rows)
    frame, parse_problems = parse_columns(
        frame, kind, file, decimal=decimal, date_format=date_format, timezone=timezone
    )
    problems += parse_problems
    problems += check_values(frame, kind, file)
    if not problems:
        for c in kind.columns:
            if c.name in frame and c.type in ("int", "flag") and not frame[c.name].isna().any():
                frame[c.name] = frame[c.name].astype("int64")
    return frame, problems


def suggest_header_row(
    rows: list[list[str]], kind: InputKind, mapping: Mapping[str, str], current: int
) -> tuple[int, list[str]] | None:
    """The row (1-based) among ``rows`` that holds the most of the kind's headers, when it is
    not ``current`` and holds at least two of them (or all required when fewer)."""
    wanted = {c.name for c in kind.columns} | {normal_header(v) for v in mapping.values()}
    need = min(2, len(kind.required))
    best: tuple[int, list[str]] | None = None
    for number, row in enumerate(rows, start=1):
        hits = [str(v).strip() for v in row if v and normal_header(str(v)) in wanted]
        if len(hits) >= need and (best is None or len(hits) > len(best[1])):
            best = (number, hits)
    if best is None or best[0] == current:
        return None
    return best

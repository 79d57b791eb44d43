"""The six readers: one per input kind, each returning a validated DataFrame.

Each takes a path, or an ``InputSpec`` from the engagement (encoding, sheet,
header row, column mapping, ...), and raises ``InputError`` naming the file,
the columns, the rows and the fix.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from copcwb.engagement import InputSpec
from copcwb.errors import InputError, Problem
from copcwb.io.columns import CONTACTS, KPIS, METRIC_CATALOG, QA, SURVEY, WFM, InputKind
from copcwb.io.tables import ReadInfo, read_text_table
from copcwb.io.validate import MAX_ROWS_SHOWN, validate_table

Source = str | Path | InputSpec


def _spec(source: Source) -> InputSpec:
    if isinstance(source, InputSpec):
        return source
    return InputSpec.model_construct(
        path=Path(source),
        format=None,
        encoding=None,
        delimiter=None,
        decimal=".",
        sheet=None,
        header_row=1,
        columns={},
        date_format=None,
        timezone=None,
    )


def read_input(
    source: Source, kind: InputKind, *, base: Path | None = None, timezone: str = "UTC"
) -> tuple[pd.DataFrame, ReadInfo]:
    """Read and validate one input of ``kind``; return the frame and how it was read."""
    spec = _spec(source)
    path = (base / spec.path) if base is not None else spec.path
    text, info = read_text_table(
        path,
        format=spec.format,
        encoding=spec.encoding,
        delimiter=spec.delimiter,
        sheet=spec.sheet,
        header_row=spec.header_row,
    )
    frame = validate_table(
        text,
        kind,
        str(path),
        mapping=spec.columns,
        decimal=spec.decimal,
        date_format=spec.date_format,
        timezone=spec.timezone or timezone,
    )
    return frame, info


def read_kpis(path: Source) -> pd.DataFrame:
    """Monthly KPIs. Columns: program, metric, month (Period[M]), value (float)."""
    return read_input(path, KPIS)[0]


def read_metric_catalog(path: Source | None = None) -> pd.DataFrame:
    """The metric catalog: the engagement's own, or the built-in one when ``path`` is None.

    Columns: metric, label, category, unit, direction, target, benchmark,
    target_source, description.
    """
    if path is None:
        from copcwb.catalog import default_catalog_path

        path = default_catalog_path()
    return _complete_catalog(read_input(path, METRIC_CATALOG)[0])


def _complete_catalog(frame: pd.DataFrame) -> pd.DataFrame:
    for column, default in (
        ("benchmark", float("nan")),
        ("target_source", "client"),
        ("description", ""),
    ):
        if column not in frame:
            frame[column] = default
    frame["target_source"] = frame["target_source"].fillna("client")
    return frame


_OPTIONAL = {"qa": "error_code", "contacts": "reason"}


def _with_optional(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    column = _OPTIONAL.get(kind)
    if column and column not in frame:
        frame[column] = None
    return frame


def read_qa(path: Source) -> pd.DataFrame:
    """QA monitoring records. Columns: transaction_id, program, date, monitoring_type,
    agent_id, customer_ce, business_ce, compliance_ce (0/1), error_code (optional)."""
    return _with_optional(read_input(path, QA)[0], "qa")


def read_contacts(path: Source) -> pd.DataFrame:
    """Contact log. Columns: contact_id, customer_id, program, channel, start_time, reason."""
    return _with_optional(read_input(path, CONTACTS)[0], "contacts")


_SURVEY_TEXT = {"response_id", "program", "contact_id", "comment", "channel", "date"}


def read_survey(path: Source, *, scale: tuple[int, int] = (1, 5)) -> pd.DataFrame:
    """Survey responses. Columns: response_id, program, overall (int on ``scale``),
    contact_id (optional), then every other column as a number: driver ratings on
    ``scale``, operational facts, critical-error flags."""
    return _read_survey(path, scale=scale)[0]


def _read_survey(path: Source, *, scale: tuple[int, int] = (1, 5)) -> tuple[pd.DataFrame, ReadInfo]:
    spec = _spec(path)
    frame, info = read_input(spec, SURVEY)
    file = str(spec.path)
    problems: list[Problem] = []
    low, high = scale
    for column in [c for c in frame.columns if c not in _SURVEY_TEXT]:
        if column == "overall":
            values = frame[column].astype("float64")
        else:
            values = pd.to_numeric(frame[column], errors="coerce")
            bad = frame[column].notna() & values.isna()
            if bad.any():
                rows = [int(i) + spec.header_row + 1 for i in bad[bad].index]
                problems.append(
                    Problem(
                        file=file,
                        column=column,
                        rows=rows[:MAX_ROWS_SHOWN],
                        n_rows=len(rows),
                        problem="not a number",
                        examples=[str(v) for v in frame.loc[bad, column].head(3)],
                        fix="ratings and operational facts must be numbers; blank when unknown",
                    )
                )
                continue
            frame[column] = values
        if column == "overall" or _looks_like_rating(column, values):
            out = values.notna() & ((values < low) | (values > high))
            if out.any():
                rows = [int(i) + spec.header_row + 1 for i in out[out].index]
                problems.append(
                    Problem(
                        file=file,
                        column=column,
                        rows=rows[:MAX_ROWS_SHOWN],
                        n_rows=len(rows),
                        problem=f"rating outside the scale {low}..{high}",
                        examples=[f"{v:g}" for v in values[out].head(3)],
                        fix="correct the values, or declare the survey's scale: under "
                        "notebooks: csat_drivers: scale",
                    )
                )
    if frame["overall"].nunique() < 2:
        problems.append(
            Problem(
                file=file,
                column="overall",
                problem="overall satisfaction has a single level",
                fix="the driver model needs responses at several levels",
            )
        )
    if problems:
        raise InputError(problems)
    return frame, info


def _looks_like_rating(column: str, values: pd.Series) -> bool:
    operational = ("_seconds", "_s", "transfers", "_ce", "_7d", "_48h", "count", "minutes")
    return not column.endswith(operational) and values.dropna().between(0, 10).all()


def read_wfm(path: Source, *, timezone: str = "UTC") -> pd.DataFrame:
    """WFM forecast and actuals per interval. Columns: queue, interval_start (tz-aware,
    in the input's declared zone or ``timezone``), interval_minutes, forecast_volume,
    actual_volume, forecast_aht_s, actual_aht_s, optional scheduled_agents,
    forecast_shrinkage, actual_shrinkage."""
    return read_input(path, WFM, timezone=timezone)[0]


READERS = {
    "kpis": read_kpis,
    "metric_catalog": read_metric_catalog,
    "qa": read_qa,
    "contacts": read_contacts,
    "survey": read_survey,
    "wfm": read_wfm,
}


def read_engagement_input(engagement, kind: str) -> tuple[pd.DataFrame, ReadInfo]:
    """Read input ``kind`` of an engagement as its spec says; return frame and read info."""
    spec = getattr(engagement.inputs, kind)
    source = spec.model_copy(update={"path": engagement.folder / spec.path})
    if kind == "survey":
        return _read_survey(source, scale=tuple(engagement.notebooks.csat_drivers.scale))
    if kind == "wfm":
        return read_input(source, WFM, timezone=engagement.timezone)
    if kind == "metric_catalog":
        frame, info = read_input(source, METRIC_CATALOG)
        return _complete_catalog(frame), info
    frame, info = read_input(source, {"kpis": KPIS, "qa": QA, "contacts": CONTACTS}[kind])
    return _with_optional(frame, kind), info


def check_engagement_inputs(engagement) -> tuple[dict[str, dict], list[Problem]]:
    """Read every input of ``engagement``; return {kind: facts} and every problem found.

    Facts per input: path, rows, columns and how it was read (encoding, delimiter...).
    """
    facts: dict[str, dict] = {}
    problems: list[Problem] = []
    for kind in engagement.input_specs():
        try:
            frame, info = read_engagement_input(engagement, kind)
        except InputError as exc:
            problems += exc.problems
            continue
        facts[kind] = {
            "rows": int(len(frame)),
            "columns": [str(c) for c in frame.columns],
            "read": info.as_dict(),
        }
    return facts, problems

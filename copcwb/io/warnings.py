"""Warnings about valid inputs: things a consultant should know that do not invalidate
the analysis.

- small samples: a program with fewer than ``MIN_PROCESS_RECORDS`` process-monitoring
  records in a month (its accuracy interval is wide);
- thin months: months with fewer than ``THIN_MONTH_SHARE`` of the records of the
  median month (an incomplete export); a first or last month the data cover only in
  part is compared with the median scaled to the days covered;
- outliers: values further than ``OUTLIER_MADS`` median absolute deviations from the
  median of their group, |x - median| > 5 MAD with the unscaled MAD (at least 10% of
  the group's median): WFM volumes and handle times per queue and local time of day;
  KPI values per program and metric against the median of the five months around
  them (so that a trend is not an outlier);
- survey columns without numbers, kept as text;
- calibration transactions scored by one evaluator only (no agreement to measure: the
  agreement analysis leaves them out);
- catalog units written another way (``%``, ``min``, ``NT$``, ...) and how they were
  read (``copcwb.io.units``).

Each is a ``DataWarning`` (a code and the values of its message, so reports can phrase
it in their language) and, through ``data_warnings``, a ``Problem`` with severity
"warning" phrased in English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.errors import Problem
from copcwb.io.checks import PERIOD_COLUMNS, SURVEY_TEXT
from copcwb.io.rows import MAX_ROWS_SHOWN
from copcwb.io.tables import ReadInfo
from copcwb.io.units import SCALE, WRITTEN

MIN_PROCESS_RECORDS = 30
THIN_MONTH_SHARE = 0.5
MIN_MONTHS = 3
OUTLIER_MADS = 5.0
MIN_GROUP = 10
MIN_MAD_SHARE = 0.1
MAX_UNIT_EXAMPLES = 5

OUTLIER_COLUMNS: dict[str, tuple[str, ...]] = {
    "kpis": ("value",),
    "wfm": ("forecast_volume", "actual_volume", "forecast_aht_s", "actual_aht_s"),
}
OUTLIER_CODES = {"kpis": "kpi_outliers", "wfm": "wfm_outliers"}


@dataclass(frozen=True)
class DataWarning:
    """One warning: ``code`` names the catalog entries ``data_quality.<code>`` (the
    problem) and ``data_quality.<code>.fix``, filled with ``values``."""

    kind: str
    code: str
    column: str | None = None
    values: tuple[tuple[str, str], ...] = ()
    rows: tuple[int, ...] = ()
    n_rows: int = 0
    examples: tuple[str, ...] = ()

    def text(self, lang: str = "en") -> tuple[str, str]:
        """(problem, fix) in ``lang``."""
        from copcwb.i18n import text

        values = dict(self.values)
        return (
            text(f"data_quality.{self.code}", lang, **values),
            text(f"data_quality.{self.code}.fix", lang, **values),
        )

    def problem(self, file: str, lang: str = "en") -> Problem:
        problem, fix = self.text(lang)
        return Problem(
            file=file,
            column=self.column,
            rows=self.rows[:MAX_ROWS_SHOWN],
            n_rows=self.n_rows,
            problem=problem,
            examples=self.examples,
            fix=fix,
            severity="warning",
        )


def _row_numbers(n: int, info: ReadInfo | None, header_row: int) -> np.ndarray:
    """Spreadsheet row number of each position of a validated frame."""
    first = (info.header_row if info is not None else header_row) + 1
    rows = np.arange(first, first + n)
    skipped = sorted(info.empty_rows) if info is not None else []
    for r in skipped:  # each empty row skipped pushes the rows after it down by one
        rows[rows >= r] += 1
    return rows


def _count(value: float) -> str:
    return f"{value:,.0f}"


def _number(value: float) -> str:
    if value != value:
        return "–"
    if abs(value) >= 10_000:
        return f"{value:,.0f}"
    return f"{value:,.4g}"


def small_samples(frame: pd.DataFrame) -> list[DataWarning]:
    """QA: per program, the months with fewer than MIN_PROCESS_RECORDS process records."""
    if not {"program", "date", "monitoring_type"} <= set(frame.columns) or frame.empty:
        return []
    months = frame["date"].dt.to_period("M")
    process = frame["monitoring_type"] == "process"
    if not process.any():
        return []
    every = pd.period_range(months.min(), months.max(), freq="M")
    counts = (
        pd.crosstab(frame.loc[process, "program"], months[process])
        .reindex(columns=every, fill_value=0)
        .sort_index()
    )
    out = []
    for program, row in counts.iterrows():
        low = row[row < MIN_PROCESS_RECORDS]
        if low.empty:
            continue
        out.append(
            DataWarning(
                kind="qa",
                code="small_sample",
                column="monitoring_type",
                values=(
                    ("program", str(program)),
                    ("minimum", str(MIN_PROCESS_RECORDS)),
                    ("n_months", str(len(low))),
                ),
                examples=tuple(f"{m}: {_count(n)}" for m, n in low.sort_values().head(3).items()),
            )
        )
    return out


def thin_months(kind: str, frame: pd.DataFrame) -> list[DataWarning]:
    """Months (from the first to the last) with fewer than THIN_MONTH_SHARE of the median
    month's records."""
    column = PERIOD_COLUMNS.get(kind)
    if column is None or column not in frame or frame.empty:
        return []
    values = frame[column]
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_localize(None)
    months = values if isinstance(values.dtype, pd.PeriodDtype) else values.dt.to_period("M")
    months = months.dropna()
    if months.empty:
        return []
    every = pd.period_range(months.min(), months.max(), freq="M")
    if len(every) < MIN_MONTHS:
        return []
    counts = months.value_counts().reindex(every, fill_value=0)
    median = float(counts.median())
    expected = pd.Series(median, index=every)
    if not isinstance(values.dtype, pd.PeriodDtype):
        days = values.dropna()
        first, last = days.min(), days.max()
        expected.iloc[0] *= (first.days_in_month - first.day + 1) / first.days_in_month
        expected.iloc[-1] *= last.day / last.days_in_month
    low = counts[counts < THIN_MONTH_SHARE * expected]
    if low.empty:
        return []
    return [
        DataWarning(
            kind=kind,
            code="thin_months",
            column=column,
            values=(
                ("n_months", str(len(low))),
                ("median", _count(median)),
                ("share", f"{THIN_MONTH_SHARE:.0%}"),
            ),
            examples=tuple(f"{m}: {_count(n)}" for m, n in low.head(3).items()),
        )
    ]


def _outliers(values: np.ndarray, *, local: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Mask of |x - m| > OUTLIER_MADS * MAD and the reference m of each value.

    m is the median of the group, or with ``local`` (a series in time order) the median
    of the value and the two before and after it, so that a KPI that improves month by
    month is not flagged for its trend. MAD is the median of |x - m| (unscaled), taken
    as at least MIN_MAD_SHARE of the group's |median|.
    """
    reference = np.full(len(values), np.nan)
    finite = np.isfinite(values)
    data = values[finite]
    if len(data) < MIN_GROUP:
        return np.zeros(len(values), dtype=bool), reference
    median = float(np.median(data))
    if local:
        series = pd.Series(data)
        centre = series.rolling(5, center=True, min_periods=1).median().to_numpy()
    else:
        centre = np.full(len(data), median)
    reference[finite] = centre
    mad = max(float(np.median(np.abs(data - centre))), MIN_MAD_SHARE * abs(median))
    if mad == 0:
        return np.zeros(len(values), dtype=bool), reference
    with np.errstate(invalid="ignore"):
        return finite & (np.abs(values - reference) > OUTLIER_MADS * mad), reference


def _groups(kind: str, frame: pd.DataFrame) -> np.ndarray:
    if kind == "kpis" and {"program", "metric"} <= set(frame.columns):
        return (frame["program"].astype(str) + "\x1f" + frame["metric"].astype(str)).to_numpy()
    if kind == "wfm" and {"queue", "interval_start"} <= set(frame.columns):
        clock = frame["interval_start"].dt.strftime("%H:%M")
        return (frame["queue"].astype(str) + "\x1f" + clock.fillna("")).to_numpy()
    return np.full(len(frame), "", dtype=object)


def outliers(
    kind: str, frame: pd.DataFrame, rows: np.ndarray, labels: Mapping[str, str] | None = None
) -> list[DataWarning]:
    """Per numeric column, the values far from the median of their group (``labels``:
    metric id -> label, to name KPI metrics in the examples)."""
    keys = _groups(kind, frame)
    codes, _ = pd.factorize(keys)
    groups = [np.flatnonzero(codes == c) for c in range(codes.max() + 1)] if len(codes) else []
    series = kind == "kpis" and "month" in frame
    if series:  # each program's metric in month order
        months = frame["month"].to_numpy()
        groups = [g[np.argsort(months[g], kind="stable")] for g in groups]
    out = []
    for column in OUTLIER_COLUMNS.get(kind, ()):
        if column not in frame:
            continue
        values = pd.to_numeric(frame[column], errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan
        )
        flagged = np.zeros(len(frame), dtype=bool)
        medians = np.full(len(frame), np.nan)
        for where in groups:
            mask, reference = _outliers(values[where], local=series)
            flagged[where[mask]] = True
            medians[where] = reference
        if not flagged.any():
            continue
        positions = np.flatnonzero(flagged)
        order = positions[np.argsort(-np.abs(values[positions] - medians[positions]))]
        examples = tuple(
            _example(kind, frame, p, column, values[p], medians[p], labels) for p in order[:3]
        )
        hit_rows = sorted(int(r) for r in rows[positions])
        out.append(
            DataWarning(
                kind=kind,
                code=OUTLIER_CODES[kind],
                column=column,
                values=(("n", _count(len(positions))), ("k", f"{OUTLIER_MADS:g}")),
                rows=tuple(hit_rows[:MAX_ROWS_SHOWN]),
                n_rows=len(hit_rows),
                examples=examples,
            )
        )
    return out


def _example(
    kind: str,
    frame: pd.DataFrame,
    position: int,
    column: str,
    value,
    median,
    labels: Mapping[str, str] | None = None,
) -> str:
    row = frame.iloc[position]
    if kind == "kpis":
        metric = (labels or {}).get(row["metric"], row["metric"])
        where = f"{row['program']} · {metric} · {row['month']}"
    elif kind == "wfm":
        where = f"{row['queue']} · {row['interval_start'].strftime('%Y-%m-%d %H:%M')}"
    else:
        where = column
    return f"{where}: {_number(value)} / {_number(median)}"


def text_columns(frame: pd.DataFrame) -> list[DataWarning]:
    """Survey columns that hold no number at all and were kept as text."""
    out = []
    for column in frame.columns:
        if column in SURVEY_TEXT or column == "overall":
            continue
        if frame[column].dtype == object and frame[column].notna().any():
            examples = tuple(str(v)[:40] for v in frame[column].dropna().unique()[:2])
            out.append(
                DataWarning(
                    kind="survey",
                    code="text_column",
                    column=str(column),
                    values=(("column", str(column)),),
                    examples=examples,
                )
            )
    return out


def single_scores(frame: pd.DataFrame, rows: np.ndarray) -> list[DataWarning]:
    """Calibration: the transactions only one evaluator scored (``rows``: the spreadsheet
    row of each position of ``frame``)."""
    if "transaction_id" not in frame or frame.empty:
        return []
    ids = frame["transaction_id"].astype(str)
    once = (ids.groupby(ids).transform("size") == 1).to_numpy()
    if not once.any():
        return []
    hit_rows = sorted(int(r) for r in rows[once])
    return [
        DataWarning(
            kind="calibration",
            code="calibration_single",
            column="transaction_id",
            values=(("n", _count(once.sum())), ("total", _count(ids.nunique()))),
            rows=tuple(hit_rows[:MAX_ROWS_SHOWN]),
            n_rows=len(hit_rows),
            examples=tuple(ids[once].head(3)),
        )
    ]


def unit_readings(frame: pd.DataFrame) -> list[DataWarning]:
    """Metric catalog: the metrics whose unit is written another way than the catalog's
    own (or whose numbers were converted), each as "metric: written -> unit ×factor"."""
    if not {"metric", "unit", WRITTEN, SCALE} <= set(frame.columns):
        return []
    examples = []
    for r in frame.itertuples(index=False):
        written, scale = str(getattr(r, WRITTEN)), float(getattr(r, SCALE))
        if written.strip().lower() == r.unit and scale == 1.0:
            continue
        factor = "" if scale == 1.0 or scale != scale else f" ×{scale:g}"
        examples.append(f"{r.metric}: {written} → {r.unit}{factor}")
    if not examples:
        return []
    return [
        DataWarning(
            kind="metric_catalog",
            code="catalog_units",
            column="unit",
            values=(("n", _count(len(examples))),),
            examples=tuple(examples[:MAX_UNIT_EXAMPLES]),
        )
    ]


def find_warnings(
    engagement,
    kind: str,
    frame: pd.DataFrame,
    *,
    info: ReadInfo | None = None,
    labels: Mapping[str, str] | None = None,
) -> list[DataWarning]:
    """The warnings of the validated input ``kind`` of ``engagement`` (``frame`` as its
    reader returns it; ``info`` from the reader gives exact row numbers when empty rows
    were skipped; ``labels``, metric id -> label, names the KPI metrics in examples)."""
    spec = getattr(engagement.inputs, kind, None)
    header_row = spec.header_row if spec is not None else 1
    rows = _row_numbers(len(frame), info, header_row)
    found: list[DataWarning] = []
    if kind == "qa":
        found += small_samples(frame)
    found += thin_months(kind, frame)
    found += outliers(kind, frame, rows, labels)
    if kind == "survey":
        found += text_columns(frame)
    if kind == "metric_catalog":
        found += unit_readings(frame)
    if kind == "calibration":
        found += single_scores(frame, rows)
    return found


def data_warnings(
    engagement,
    kind: str,
    frame: pd.DataFrame,
    *,
    info: ReadInfo | None = None,
    labels: Mapping[str, str] | None = None,
) -> list[Problem]:
    """``find_warnings`` as ``Problem(severity="warning")`` naming the input's file as the
    spec writes it (relative to the folder of engagement.yaml)."""
    spec = getattr(engagement.inputs, kind, None)
    file = spec.path.as_posix() if spec is not None else kind
    found = find_warnings(engagement, kind, frame, info=info, labels=labels)
    return [w.problem(file) for w in found]

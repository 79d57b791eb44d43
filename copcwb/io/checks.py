"""Checks that need more than one column: survey ratings and flags, gaps in a queue's
intervals, and dates outside the engagement period.

Each takes the typed frame indexed by spreadsheet row and returns problems.
"""

from __future__ import annotations

import pandas as pd

from copcwb.errors import Problem
from copcwb.io.numbers import to_number
from copcwb.io.rows import listed_rows_problem, rows_problem

SURVEY_TEXT = frozenset(
    {"response_id", "program", "contact_id", "comment", "comments", "channel", "date"}
)
OPERATIONAL_SUFFIXES = ("_seconds", "_s", "_minutes", "transfers", "_count", "count")
FLAG_SUFFIXES = ("_ce", "_7d", "_48h", "_flag")
RATING_SHARE = 0.5
PERIOD_COLUMNS = {
    "kpis": "month",
    "qa": "date",
    "contacts": "start_time",
    "wfm": "interval_start",
    "journeys": "start_time",
}


def parse_survey_columns(
    frame: pd.DataFrame, file: str, *, scale: tuple[int, int] = (1, 5), decimal: str = "."
) -> tuple[pd.DataFrame, list[Problem]]:
    """Every column besides the survey's text columns as numbers: ratings on ``scale``,
    operational facts (not negative), flags (0/1). A column without a single number is
    kept as text. ``overall`` must have at least two levels.

    Returns the survey with those columns converted, and the problems of their values.
    """
    problems: list[Problem] = []
    out = frame.copy()
    for column in [c for c in frame.columns if c not in SURVEY_TEXT]:
        raw = frame[column]
        if column == "overall":
            values = raw.astype("float64")
        else:
            values, bad, fix = to_number(raw, decimal)
            present = raw.notna()
            if present.any() and not values.notna().any():
                continue  # a text column (comments, agent names): kept as text
            if bad.any():
                fix = "ratings and operational facts must be numbers, blank when unknown; " + fix
                examples = raw[bad].drop_duplicates().head(3)
                problems.append(rows_problem(file, column, bad, "not a number", fix, examples))
                continue
            integers = raw.dropna().astype(str).str.strip().str.fullmatch(r"-?\d+").all()
            out[column] = values.astype("int64") if integers and present.all() else values
        problems += _survey_value_problems(column, values, file, scale)
    return out, problems + _single_level(out, file)


def _survey_value_problems(
    column: str, values: pd.Series, file: str, scale: tuple[int, int]
) -> list[Problem]:
    """The values of one numeric survey column that its kind does not allow: a flag not
    0 or 1, a negative duration or count, a rating outside ``scale``."""
    name = column.lower()
    low, high = scale
    if name.endswith(FLAG_SUFFIXES):
        wrong = values.notna() & ~values.isin([0, 1])
        problem, fix = "not 0 or 1", "flags are 1 when it happened and 0 when not"
    elif name.endswith(OPERATIONAL_SUFFIXES):
        wrong = values < 0
        problem = "negative values (below the minimum 0)"
        fix = "durations and counts cannot be negative: correct the export"
    elif column == "overall" or _is_rating(values, scale):
        wrong = values.notna() & ((values < low) | (values > high))
        problem = f"rating outside the scale {low}..{high}"
        fix = (
            "correct the values, or declare the survey's scale under notebooks: csat_drivers: scale"
        )
    else:
        return []
    if not wrong.any():
        return []
    examples = values[wrong].drop_duplicates().map("{:g}".format).head(3)
    return [rows_problem(file, column, wrong, problem, fix, examples)]


def _single_level(survey: pd.DataFrame, file: str) -> list[Problem]:
    """``overall`` with a single level, when every response has one."""
    overall = survey["overall"] if "overall" in survey else pd.Series(dtype="float64")
    if not (overall.notna().all() and len(overall) and overall.nunique() < 2):
        return []
    level = overall.dropna().iloc[0]
    return [
        Problem(
            file=file,
            column="overall",
            problem=f"overall satisfaction has a single level ({level})",
            fix="the driver model needs responses at two or more levels: check that the "
            "export holds every response, not only one score",
        )
    ]


def _is_rating(values: pd.Series, scale: tuple[int, int]) -> bool:
    """A rating column: whole numbers from 0 to 10 (or the scale's top), or mostly whole
    numbers on the scale (so that a typo such as 55 is caught)."""
    present = values.dropna()
    if present.empty:
        return False
    whole = present % 1 == 0
    if (whole & present.between(min(0, scale[0]), max(10, scale[1]))).all():
        return True
    return bool((whole & present.between(*scale)).mean() >= RATING_SHARE)


def interval_gaps(frame: pd.DataFrame, file: str) -> list[Problem]:
    """Per queue and local day: intervals missing between the day's first and last
    interval, and intervals that overlap or are off the interval grid.

    Duplicate intervals are reported by the key check (queue, interval_start).
    """
    needed = ("queue", "interval_start", "interval_minutes")
    if any(c not in frame for c in needed) or frame.empty:
        return []
    data = frame[list(needed)].dropna()
    if data.empty:
        return []
    minutes = pd.to_numeric(data["interval_minutes"], errors="coerce").astype("float64")
    data = data[minutes > 0]
    if data.empty:
        return []
    problems = []
    for queue, part in _interval_steps(data).groupby("queue", sort=True):
        usable = part["gap"].notna() & (part["gap"] > 0)
        steps = part.loc[usable, "gap"] / part.loc[usable, "prev_step"]
        missing = steps[(steps > 1) & (steps % 1 == 0)]
        irregular = steps[steps % 1 != 0]
        if len(missing):
            problems.append(_missing_intervals(queue, part, missing, file))
        if len(irregular):
            problems.append(_irregular_intervals(queue, part, irregular, file))
    return problems


def _interval_steps(data: pd.DataFrame) -> pd.DataFrame:
    """The intervals sorted by queue and start, each with the time since the previous
    interval of the same queue and local day (``gap``, ns), that interval's length
    (``prev_step``, ns) and local start (``prev_local``)."""
    starts = data["interval_start"]
    utc_ns = starts.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[ns]")
    table = pd.DataFrame(
        {
            "queue": data["queue"].astype(str),
            "day": starts.dt.tz_localize(None).dt.normalize(),
            "at": utc_ns.astype("int64"),
            "step": (data["interval_minutes"].astype("float64") * 60e9).astype("int64"),
            "row": data.index,
            "local": starts,
        }
    ).sort_values(["queue", "at"], kind="stable")
    same = (table["queue"] == table["queue"].shift()) & (table["day"] == table["day"].shift())
    return table.assign(
        gap=(table["at"] - table["at"].shift()).where(same),
        prev_step=table["step"].shift().where(same),
        prev_local=table["local"].shift(),
    )


def _missing_intervals(queue: str, part: pd.DataFrame, missing: pd.Series, file: str) -> Problem:
    """The intervals missing in one queue's day; ``missing`` holds, for each interval that
    follows a gap, the gap in interval lengths."""
    starts_missing = []
    for i in missing.index:
        row = part.loc[i]
        for k in range(1, int(missing[i])):
            at = row["prev_local"] + pd.Timedelta(row["prev_step"] * k, unit="ns")
            starts_missing.append(at.strftime("%Y-%m-%d %H:%M"))
    rows = sorted(int(r) for r in part.loc[missing.index, "row"])
    return listed_rows_problem(
        file,
        "interval_start",
        rows,
        problem=f"queue '{queue}' has {len(starts_missing)} missing interval(s) "
        "inside its opening hours (the rows named follow each gap)",
        examples=starts_missing,
        fix="add the missing intervals (volume 0 if the queue was open without "
        "contacts), or export every interval from the first to the last of each day",
    )


def _irregular_intervals(
    queue: str, part: pd.DataFrame, irregular: pd.Series, file: str
) -> Problem:
    """The intervals of one queue that overlap the previous one or are off its grid."""
    rows = sorted(int(r) for r in part.loc[irregular.index, "row"])
    examples = [t.strftime("%Y-%m-%d %H:%M") for t in part.loc[irregular.index, "local"].head(3)]
    return listed_rows_problem(
        file,
        "interval_start",
        rows,
        problem=f"queue '{queue}' has intervals that overlap or are off the grid "
        "of interval_minutes",
        examples=examples,
        fix="check interval_start and interval_minutes of these rows: each interval "
        "should start where the previous one ends",
    )


def _months(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, pd.PeriodDtype):
        return values
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_localize(None)
    return values.dt.to_period("M")


def period_problems(
    frame: pd.DataFrame, kind: str, file: str, period: tuple[str, str]
) -> list[Problem]:
    """Rows whose month lies outside the engagement period (start and end months included)."""
    column = PERIOD_COLUMNS.get(kind)
    if column is None or column not in frame or frame.empty:
        return []
    values = frame[column]
    if not (
        isinstance(values.dtype, (pd.PeriodDtype, pd.DatetimeTZDtype))
        or pd.api.types.is_datetime64_dtype(values)
    ):
        return []
    months = _months(values)
    start, end = (pd.Period(p, freq="M") for p in period)
    present = months.notna()
    outside = pd.Series(False, index=frame.index)
    outside[present] = (months[present] < start) | (months[present] > end)
    if not outside.any():
        return []
    found = sorted(set(months[outside]))
    examples = [str(m) for m in found[:2]] + ([str(found[-1])] if len(found) > 2 else [])
    return [
        rows_problem(
            file,
            column,
            outside,
            f"{int(outside.sum())} row(s) fall outside the engagement period "
            f"{period[0]} to {period[1]}",
            "remove these rows from the file, or correct period: (start, end) in engagement.yaml",
            examples,
        )
    ]


def journey_problems(
    frame: pd.DataFrame, file: str, troubled: set[str] | frozenset[str] = frozenset()
) -> list[Problem]:
    """Journeys whose facts contradict each other: a case closed before it was opened, or
    closed without having been opened; a bot session resolved where no bot was used.
    Columns in ``troubled`` (whose values did not all parse) are not compared."""
    problems = []
    case = {"case_opened_at", "case_closed_at"}
    if case <= set(frame.columns) and not case & troubled:
        opened, closed = frame["case_opened_at"], frame["case_closed_at"]
        early = closed.notna() & opened.notna() & (closed < opened)
        if early.any():
            examples = [f"{o} > {c}" for o, c in zip(opened[early], closed[early], strict=True)]
            problems.append(
                rows_problem(
                    file,
                    "case_closed_at",
                    early,
                    "the case is closed before it was opened",
                    "check case_opened_at and case_closed_at of these rows (same time zone, "
                    "day and month not swapped)",
                    examples[:3],
                )
            )
        orphan = closed.notna() & opened.isna()
        if orphan.any():
            problems.append(
                rows_problem(
                    file,
                    "case_opened_at",
                    orphan,
                    "a case is closed but has no opening time",
                    "fill in case_opened_at, or leave case_closed_at blank when there is no case",
                )
            )
    bot = {"bot_used", "bot_resolved"}
    if bot <= set(frame.columns) and not bot & troubled:
        stray = (frame["bot_used"] == 0) & (frame["bot_resolved"] == 1)
        if stray.fillna(False).any():
            problems.append(
                rows_problem(
                    file,
                    "bot_resolved",
                    stray.fillna(False).astype(bool),
                    "the bot resolved the request although no bot was used (bot_used 0)",
                    "write bot_used 1 for contacts that began in a bot, and leave bot_resolved "
                    "blank for the others",
                )
            )
    return problems


#: checks across the columns of each row, by input kind (run on every chunk of a log)
ROW_CHECKS = {"journeys": journey_problems}

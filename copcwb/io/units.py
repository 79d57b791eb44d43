"""The units a metric catalog may write, and the KPI values read in the catalog's units.

The catalog's units are ``copcwb.catalog.UNITS`` (share, seconds, currency, score,
count, ratio). The unit column also accepts the spellings people write
(``SPELLINGS``: ``%``, ``s``, ``sec``, ``min``, ``$``, ``NT$``, ``pts``, ...), in any
case and with surrounding brackets, and reads each metric in its canonical unit:

- minutes and hours are seconds: target, benchmark and KPI values times 60 or 3,600;
- a currency symbol or code is currency, a points spelling is score, and so on, the
  numbers unchanged;
- a percent spelling (``%``, ``percent``, ``pct``, ...) is a share, and its numbers
  say how they are written: a target or benchmark above 1 is in percent points
  (80 means 80 %), so target, benchmark and the metric's KPI values are divided by
  100 (whatever their size: 0.5 is then 0.5 %); a target and benchmark of at most 1
  are shares already (0.8 means 80 %), and so must the KPI values be; a metric with
  neither takes its KPI values as percent points when any is above 1.

What stays ambiguous is an ``InputError``: an unknown unit; a percent metric whose
target and benchmark disagree (0.8 and 85); KPI values above 1 for a percent metric
whose target is a share. The validated catalog records each metric's unit as written
(``unit_written``) and the factor its KPI values are multiplied by (``value_scale``,
NaN when the KPI values decide).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from copcwb.errors import Problem
from copcwb.io.rows import rows_problem

PERCENT_POINTS = 0.01
WRITTEN = "unit_written"
SCALE = "value_scale"


@dataclass(frozen=True)
class Unit:
    """How a written unit is read: the canonical ``unit``, the ``factor`` its numbers
    are multiplied by, and whether it is a percent (factor decided by the numbers)."""

    unit: str
    factor: float = 1.0
    percent: bool = False


_GROUPS: tuple[tuple[Unit, tuple[str, ...]], ...] = (
    (Unit("share"), ("share", "fraction", "proportion")),
    (Unit("share", percent=True), ("%", "％", "percent", "per cent", "pct", "percentage")),
    (Unit("seconds"), ("seconds", "second", "s", "sec", "secs", "秒")),
    (Unit("seconds", 60.0), ("minutes", "minute", "min", "mins", "分鐘", "分钟")),
    (Unit("seconds", 3600.0), ("hours", "hour", "h", "hr", "hrs", "小時", "小时")),
    (
        Unit("currency"),
        (
            "currency",
            "$",
            "usd",
            "us$",
            "nt$",
            "ntd",
            "twd",
            "hk$",
            "hkd",
            "rmb",
            "cny",
            "¥",
            "元",
            "eur",
            "€",
            "gbp",
            "£",
            "sgd",
            "s$",
        ),
    ),
    (Unit("score"), ("score", "points", "point", "pts", "pt")),
    (Unit("count"), ("count", "number", "#", "n", "qty", "quantity")),
    (Unit("ratio"), ("ratio", "x", "×", "times")),
)
#: every accepted spelling (lower case) -> how it is read
SPELLINGS: dict[str, Unit] = {s: unit for unit, spellings in _GROUPS for s in spellings}


def accepted_spellings() -> str:
    """The accepted spellings, grouped by canonical unit, for a fix message."""
    groups: dict[str, list[str]] = {}
    for unit, spellings in _GROUPS:
        groups.setdefault(unit.unit, []).extend(spellings)
    return "; ".join(f"{unit}: {', '.join(names)}" for unit, names in groups.items())


def read_unit(written: object) -> Unit | None:
    """How the unit ``written`` is read, or None when it is not an accepted spelling."""
    if written is None or (isinstance(written, float) and math.isnan(written)):
        return None
    text = re.sub(r"\s+", " ", str(written).strip().lower())
    text = text.strip("()[] ")
    return SPELLINGS.get(text)


def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(math.nan, index=frame.index, dtype="float64")
    return pd.to_numeric(frame[column], errors="coerce").astype("float64")


def _percent_scale(target: float, benchmark: float) -> float | None:
    """The factor of a percent metric from its target and benchmark: 0.01 when one is
    above 1, 1 when those given are at most 1, NaN with neither, None when they
    disagree."""
    given = [abs(x) for x in (target, benchmark) if not math.isnan(x)]
    if not given:
        return math.nan
    above = [x > 1 for x in given]
    if all(above):
        return PERCENT_POINTS
    if not any(above):
        return 1.0
    return None


def catalog_units(frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """The catalog with canonical units, target and benchmark in them, and the columns
    ``unit_written`` and ``value_scale`` (see the module's docstring); and the problems
    of its units. ``frame`` is indexed by spreadsheet row."""
    out = frame.copy()
    readings = frame["unit"].map(read_unit)
    unknown = readings.isna() & frame["unit"].notna()
    problems = []
    if unknown.any():
        examples = frame.loc[unknown, "unit"].drop_duplicates().head(3)
        fix = f"write one of the accepted units ({accepted_spellings()})"
        problems.append(rows_problem(file, "unit", unknown, "unknown unit", fix, examples))
    target, benchmark = _numbers(frame, "target"), _numbers(frame, "benchmark")
    scales = pd.Series(1.0, index=frame.index, dtype="float64")
    disagree = pd.Series(False, index=frame.index)
    for row, reading in readings.items():
        if reading is None:
            continue
        scale = reading.factor
        if reading.percent:
            scale = _percent_scale(target[row], benchmark[row])
        if scale is None:
            disagree[row] = True
        else:
            scales[row] = scale
    if disagree.any():
        problems.append(_disagreeing(file, frame, disagree))
    out[WRITTEN] = frame["unit"]
    out["unit"] = [
        r.unit if r is not None else u for r, u in zip(readings, frame["unit"], strict=True)
    ]
    factor = scales.fillna(1.0)
    for column in ("target", "benchmark"):
        if column in out:
            out[column] = _numbers(frame, column) * factor
    out[SCALE] = scales
    return out, problems


def _disagreeing(file: str, frame: pd.DataFrame, mask: pd.Series) -> Problem:
    examples = [
        f"{r.metric}: target {r.target}, benchmark {r.benchmark}"
        for r in frame.loc[mask].itertuples()
    ]
    return rows_problem(
        file,
        "target",
        mask,
        "a percent unit whose target and benchmark are written differently: one as a "
        "share (at most 1) and one in percent points (above 1)",
        "write both the same way: in percent points (target 80, benchmark 85) or as "
        "shares (0.80 and 0.85), or write unit share for shares",
        examples,
    )


def kpis_in_catalog_units(
    kpis: pd.DataFrame, catalog: pd.DataFrame, file: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """The KPI values in the catalog's units: each metric's values times its
    ``value_scale`` (a percent metric without target: times 0.01 when any value is
    above 1); and the values above 1 of percent metrics whose target is a share.
    ``kpis`` is indexed by spreadsheet row; a catalog without ``value_scale`` (the
    built-in catalog as shipped) changes nothing."""
    if SCALE not in catalog or kpis.empty:
        return kpis, []
    out = kpis.copy()
    problems = []
    values = pd.to_numeric(kpis["value"], errors="coerce").astype("float64")
    for entry in catalog.itertuples(index=False):
        reading = read_unit(getattr(entry, WRITTEN, None))
        rows = kpis["metric"] == entry.metric
        if reading is None or not rows.any():
            continue
        scale = float(getattr(entry, SCALE))
        above = rows & (values.abs() > 1)
        if reading.percent and math.isnan(scale):
            scale = PERCENT_POINTS if above.any() else 1.0
        elif reading.percent and scale == 1.0 and above.any():
            problems.append(_share_values_above_one(file, entry, above, kpis["value"]))
            continue
        out.loc[rows, "value"] = values[rows] * scale
    return out, problems


def _share_values_above_one(file: str, entry, above: pd.Series, values: pd.Series) -> Problem:
    target = entry.target if not math.isnan(entry.target) else entry.benchmark
    return rows_problem(
        file,
        "value",
        above,
        f"metric '{entry.metric}' has unit '{getattr(entry, WRITTEN)}' and a target of "
        f"{target:g} in the metric catalog, a share ({target:.0%}), but these values are "
        "above 1, as percent points would be (80 for 80 %)",
        "write every number of the metric the same way: the target and the values in "
        "percent points (80), or both as shares (0.80)",
        values[above].drop_duplicates().head(3).map("{:g}".format),
    )

"""Local time and aggregation of WFM intervals to interval, day, week and month periods.

Days, weeks and months are *local* calendar periods of the contact center: a day is a local
calendar date (so the day clocks go forward has 23 hours and the day they go back has 25), a
week starts on Monday, a month is a local calendar month. Aggregation is vectorised: rows are
mapped to integer period codes and summed with ``numpy.bincount``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.errors import AnalysisError

LEVELS = ("interval", "day", "week", "month")
MEASURES = ("volume", "aht", "workload")

NS_PER_SECOND = 1_000_000_000
NS_PER_DAY = 86_400 * NS_PER_SECOND
# 1970-01-01 was a Thursday: (day_number + 3) % 7 gives Monday = 0 ... Sunday = 6.
_EPOCH_WEEKDAY_SHIFT = 3
# Above this many possible (group, period) cells, period codes come from sorting, not a table.
_DENSE_TABLE_LIMIT = 50_000_000

BASE_COLUMNS = ("queue", "interval_start", "interval_minutes")
# Parts of the local day: (name, first hour, hour after the last).
DAYPARTS = (("night", 0, 6), ("morning", 6, 12), ("afternoon", 12, 18), ("evening", 18, 24))
#: the part of the day (index into DAYPARTS) of each local hour 0..23
DAYPART_OF_HOUR = np.repeat(np.arange(len(DAYPARTS)), [end - start for _, start, end in DAYPARTS])
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def require_columns(wfm: pd.DataFrame, columns: Sequence[str], purpose: str) -> None:
    """Raise AnalysisError naming the columns ``purpose`` needs that ``wfm`` lacks."""
    missing = [c for c in columns if c not in wfm.columns]
    if missing:
        raise AnalysisError(
            f"{purpose} needs the column(s) {', '.join(missing)}, which the WFM table lacks. "
            "Read the file with copcwb.io.read_wfm, or add the columns (see the wfm input format)."
        )
    if len(wfm) == 0:
        raise AnalysisError(f"{purpose}: the WFM table has no rows. Check the file and filters.")


def check_level(level: str) -> str:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}; got {level!r}")
    return level


def check_by(wfm: pd.DataFrame, by: Sequence[str] | str) -> tuple[str, ...]:
    by = (by,) if isinstance(by, str) else tuple(by)
    unknown = [c for c in by if c not in wfm.columns]
    if unknown:
        raise ValueError(f"by names column(s) not in the WFM table: {', '.join(unknown)}")
    if len(set(by)) != len(by):
        raise ValueError(f"by lists a column twice: {by}")
    return by


def local_interval_start(wfm: pd.DataFrame, *, timezone: str | None = None) -> pd.Series:
    """``interval_start`` as time-zone-aware timestamps in the contact center's local zone.

    A zone-aware column is converted to ``timezone`` when one is given, else kept in its own
    zone. A zone-naive column holds local wall-clock times and needs ``timezone``: times in the
    hour repeated when clocks go back are read, per queue and in file order, first as summer
    time and then as winter time; times that do not exist (the hour skipped when clocks go
    forward) raise AnalysisError.
    """
    ts = wfm["interval_start"]
    if not isinstance(ts.dtype, pd.DatetimeTZDtype):
        if not pd.api.types.is_datetime64_dtype(ts.dtype):
            ts = pd.to_datetime(ts)
        if timezone is None:
            raise AnalysisError(
                "interval_start has no time zone, so local days and weeks are unknown. Pass "
                "timezone='Europe/Berlin' (the zone of the contact center), or read the file "
                "with copcwb.io.read_wfm and a declared zone."
            )
        ts = _localize_wall_clock(ts, wfm.get("queue"), timezone)
    elif timezone is not None:
        ts = ts.dt.tz_convert(timezone)
    return ts.dt.as_unit("ns")


def _localize_wall_clock(ts: pd.Series, queue: pd.Series | None, timezone: str) -> pd.Series:
    out = ts.dt.tz_localize(timezone, ambiguous="NaT", nonexistent="NaT")
    unresolved = out.isna() & ts.notna()
    if not unresolved.any():
        return out
    sub = ts[unresolved]
    keys = [sub] if queue is None else [queue[unresolved], sub]
    first = (
        pd.DataFrame({f"k{i}": k for i, k in enumerate(keys)})
        .groupby([f"k{i}" for i in range(len(keys))], sort=False, dropna=False)
        .cumcount()
        .to_numpy()
        == 0
    )
    fixed = sub.dt.tz_localize(timezone, ambiguous=first, nonexistent="NaT")
    if fixed.isna().any():
        bad = sub[fixed.isna()]
        raise AnalysisError(
            f"interval_start has {len(bad)} local time(s) that do not exist in {timezone} "
            f"(the hour skipped when clocks go forward), e.g. {bad.iloc[0]}. Export the times "
            "with their UTC offset, or fix the zone passed as timezone."
        )
    out = out.copy()
    out[unresolved] = fixed
    return out


@dataclass(frozen=True)
class LocalClock:
    """Instants and local wall-clock readings of each row, as int64 nanoseconds."""

    utc_ns: np.ndarray
    wall_ns: np.ndarray
    tz: object

    @classmethod
    def of(cls, wfm: pd.DataFrame, timezone: str | None = None) -> LocalClock:
        local = local_interval_start(wfm, timezone=timezone)
        if local.isna().any():
            rows = np.flatnonzero(local.isna().to_numpy())[:5].tolist()
            raise AnalysisError(
                f"interval_start is missing in {int(local.isna().sum())} row(s) (e.g. rows "
                f"{rows}). Drop or fill those rows before measuring accuracy."
            )
        index = pd.DatetimeIndex(local)
        return cls(index.asi8, index.tz_localize(None).asi8, index.tz)

    @property
    def day(self) -> np.ndarray:
        """Local calendar day as days since 1970-01-01."""
        return self.wall_ns // NS_PER_DAY

    @property
    def weekday(self) -> np.ndarray:
        """Local weekday, Monday = 0 ... Sunday = 6."""
        return (self.day + _EPOCH_WEEKDAY_SHIFT) % 7

    @property
    def minute_of_day(self) -> np.ndarray:
        """Local wall-clock minutes since midnight."""
        return (self.wall_ns % NS_PER_DAY) // (60 * NS_PER_SECOND)

    def period_key(self, level: str) -> np.ndarray:
        """An int64 key per row identifying its period at ``level``.

        interval: the UTC instant (ns); day: local day number; week: day number of the local
        Monday; month: months since 1970-01.
        """
        if level == "interval":
            return self.utc_ns
        day = self.day
        if level == "day":
            return day
        if level == "week":
            return day - (day + _EPOCH_WEEKDAY_SHIFT) % 7
        first = int(day.min())
        months = _months_since_epoch(np.arange(first, int(day.max()) + 1, dtype=np.int64))
        return months[day - first]


def _months_since_epoch(day: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of day numbers (days since 1970-01-01), in integer arithmetic.

    The civil-from-days algorithm of H. Hinnant (proleptic Gregorian calendar).
    """
    z = day + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return (year - 1970) * 12 + (month - 1)


def period_labels(keys: np.ndarray, level: str, tz: object) -> pd.Series:
    """Turn period keys into ``period_start`` labels.

    interval: time-zone-aware interval start in the local zone; day and week: tz-naive local
    midnight of the day / of the Monday; month: tz-naive first day of the month.
    """
    keys = np.asarray(keys, dtype=np.int64)
    if level == "interval":
        return pd.Series(
            pd.DatetimeIndex(keys.astype("datetime64[ns]")).tz_localize("UTC")
        ).dt.tz_convert(tz)
    if level in ("day", "week"):
        return pd.Series((keys * NS_PER_DAY).astype("datetime64[ns]"))
    return pd.Series(keys.astype("datetime64[M]").astype("datetime64[ns]"))


def group_codes(wfm: pd.DataFrame, by: tuple[str, ...]) -> tuple[np.ndarray, pd.DataFrame]:
    """Integer code per row for the ``by`` groups (sorted) and a frame of the group values."""
    n = len(wfm)
    if not by:
        return np.zeros(n, dtype=np.int64), pd.DataFrame(index=pd.RangeIndex(1))
    codes = np.zeros(n, dtype=np.int64)
    uniques = []
    size = 1
    for col in by:
        c, u = pd.factorize(wfm[col], sort=True, use_na_sentinel=False)
        codes = codes * len(u) + c
        size *= len(u)
        uniques.append(u)
    if len(by) == 1:
        present = np.arange(size, dtype=np.int64)
    elif size <= max(_DENSE_TABLE_LIMIT, 4 * n):
        used = np.zeros(size, dtype=bool)
        used[codes] = True
        present = np.flatnonzero(used)
        codes = (np.cumsum(used) - 1)[codes]
    else:
        present, codes = np.unique(codes, return_inverse=True)
    frame = {}
    rest = present
    for col, u in zip(reversed(by), reversed(uniques), strict=True):
        frame[col] = np.asarray(u)[rest % len(u)]
        rest = rest // len(u)
    by_frame = pd.DataFrame({col: frame[col] for col in by})
    for col in by:
        by_frame[col] = by_frame[col].astype(wfm[col].dtype)
    return codes.astype(np.int64, copy=False), by_frame


def _common_step(offset: np.ndarray) -> int:
    """Greatest common divisor of non-negative int64 offsets (1 when there is none).

    Taken on a sample first, then confirmed on all values with one modulo.
    """
    sample = offset[:: max(1, len(offset) // 4096)]
    step = int(np.gcd.reduce(sample))
    if step > 1 and not np.any(offset % step):
        return step
    if step > 1:
        return int(np.gcd.reduce(offset)) or 1
    return 1


def dense_codes(group: np.ndarray, key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes 0..G-1 for distinct (group, key) pairs, ordered by group then key.

    Returns (row codes, one representative row of each code).
    """
    n = len(key)
    kmin = int(key.min())
    offset = key - kmin
    step = _common_step(offset)  # e.g. 15 minutes: keys become interval numbers
    if step > 1:
        offset //= step
    span = int(offset.max()) + 1
    n_groups = int(group.max()) + 1
    if span * n_groups <= max(_DENSE_TABLE_LIMIT, 4 * n) and span * n_groups < 2**62:
        combined = group * span + offset
        used = np.zeros(span * n_groups, dtype=bool)
        used[combined] = True
        rank = np.cumsum(used) - 1
        codes = rank[combined]
    else:
        order = np.lexsort((key, group))
        sk, sg = key[order], group[order]
        new = np.ones(n, dtype=bool)
        new[1:] = (sk[1:] != sk[:-1]) | (sg[1:] != sg[:-1])
        codes = np.empty(n, dtype=np.int64)
        codes[order] = np.cumsum(new) - 1
    # Any row of a cell represents it: every write below stores a row of that very cell.
    representative = np.empty(int(codes.max()) + 1, dtype=np.int64)
    representative[codes] = np.arange(n, dtype=np.int64)
    return codes.astype(np.int64), representative


@dataclass(frozen=True)
class PeriodGrouping:
    """Rows of a WFM table mapped to (by-group, period) cells at one level."""

    level: str
    by: tuple[str, ...]
    codes: np.ndarray  # row -> period cell
    rep_row: np.ndarray  # period cell -> one row in it
    cell_group: np.ndarray  # period cell -> by-group code
    cell_key: np.ndarray  # period cell -> period key (see LocalClock.period_key)
    cell_wall_ns: np.ndarray  # period cell -> local wall clock of a row in it
    groups: pd.DataFrame  # by-group code -> by values
    tz: object

    @property
    def n_cells(self) -> int:
        return len(self.cell_group)

    @property
    def n_groups(self) -> int:
        return len(self.groups)

    def cell_sum(self, values: np.ndarray) -> np.ndarray:
        return np.bincount(self.codes, weights=values, minlength=self.n_cells)

    def group_sum(self, values: np.ndarray) -> np.ndarray:
        return np.bincount(self.cell_group, weights=values, minlength=self.n_groups)

    def labels(self) -> pd.Series:
        return period_labels(self.cell_key, self.level, self.tz)

    def cell_frame(self) -> pd.DataFrame:
        """by columns and period_start of every period cell."""
        frame = self.groups.iloc[self.cell_group].reset_index(drop=True)
        frame["period_start"] = self.labels().array
        return frame


def group_periods(
    wfm: pd.DataFrame,
    level: str,
    by: tuple[str, ...],
    *,
    timezone: str | None = None,
    clock: LocalClock | None = None,
) -> PeriodGrouping:
    """Map the rows of ``wfm`` to (by-group, period) cells at ``level``."""
    clock = clock if clock is not None else LocalClock.of(wfm, timezone)
    group, groups = group_codes(wfm, by)
    key = clock.period_key(level)
    codes, rep = dense_codes(group, key)
    return PeriodGrouping(
        level=level,
        by=by,
        codes=codes,
        rep_row=rep,
        cell_group=group[rep],
        cell_key=key[rep],
        cell_wall_ns=clock.wall_ns[rep],
        groups=groups,
        tz=clock.tz,
    )


def as_float(values: pd.Series | np.ndarray) -> np.ndarray:
    """Values as a float64 array (non-numbers become NaN), without copying float64 input."""
    if isinstance(values, pd.Series) and pd.api.types.is_numeric_dtype(values.dtype):
        return values.to_numpy(dtype=np.float64, na_value=np.nan)
    return np.asarray(pd.to_numeric(pd.Series(values), errors="coerce"), dtype=np.float64)


def measure_totals(
    grouping: PeriodGrouping,
    volume: pd.Series | np.ndarray,
    aht_s: pd.Series | np.ndarray | None,
    measure: str,
) -> np.ndarray:
    """Total of ``measure`` per period cell; NaN where the period has missing inputs.

    volume: sum of calls. workload: sum of calls x AHT (seconds). aht: workload / volume, the
    volume-weighted mean AHT (NaN when the period has no calls). Rows with zero calls add
    nothing, even when their AHT is missing.
    """
    v = as_float(volume)
    bad = np.isnan(v)
    if measure == "volume":
        total = grouping.cell_sum(np.where(bad, 0.0, v))
    else:
        a = as_float(aht_s)
        work = np.where(v == 0, 0.0, v * a)
        bad = bad | np.isnan(work)
        work = np.where(bad, 0.0, work)
        total = grouping.cell_sum(work)
        if measure == "aht":
            calls = grouping.cell_sum(np.where(bad, 0.0, v))
            with np.errstate(invalid="ignore", divide="ignore"):
                total = np.where(calls > 0, total / np.where(calls > 0, calls, 1.0), np.nan)
    n_bad = np.bincount(grouping.codes, weights=bad, minlength=grouping.n_cells)
    total[n_bad > 0] = np.nan
    return total


def aggregate(
    wfm: pd.DataFrame,
    *,
    level: str = "day",
    by: Sequence[str] = ("queue",),
    timezone: str | None = None,
) -> pd.DataFrame:
    """Forecast and actual totals per period (local days, Monday weeks, local months).

    Columns: by..., period_start, n_intervals, forecast_volume, actual_volume, forecast_aht_s,
    actual_aht_s, forecast_workload_s, actual_workload_s. AHT is the volume-weighted mean
    (forecast AHT weighted by forecast volume, actual by actual volume); workload is calls x
    AHT in seconds. A total is NaN when any interval of the period lacks the value.
    ``period_start`` is the local interval start (zone-aware) at interval level, and the
    tz-naive local date of the day, the Monday or the first of the month otherwise.
    """
    check_level(level)
    by = check_by(wfm, by)
    require_columns(
        wfm,
        [*BASE_COLUMNS, "forecast_volume", "actual_volume", "forecast_aht_s", "actual_aht_s"],
        "aggregate",
    )
    g = group_periods(wfm, level, by, timezone=timezone)
    out = g.cell_frame()
    out["n_intervals"] = np.bincount(g.codes, minlength=g.n_cells).astype(np.int64)
    for suffix, measure in (("volume", "volume"), ("aht_s", "aht"), ("workload_s", "workload")):
        for side in ("forecast", "actual"):
            out[f"{side}_{suffix}"] = measure_totals(
                g, wfm[f"{side}_volume"], wfm[f"{side}_aht_s"], measure
            )
    return out

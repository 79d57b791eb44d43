"""Forecast accuracy of volume, AHT and workload: MAPE, WAPE, bias and hit rate.

For each period (interval, local day, Monday week, local month) the forecast F and actual A
are totals of the period (AHT: volume-weighted means). With e = (F - A) / A:

* MAPE = mean |e| over included periods;
* WAPE = sum |F - A| / sum A over periods where F and A are known;
* bias = sum (F - A) / sum A over the same periods (positive = over-forecast);
* hit rate = share of included periods with |e| <= tolerance.

``denominator="forecast"`` puts F in place of A in e, WAPE and bias. A period is *included*
in MAPE and hit rate when F and A are known, A is above zero, the denominator is above zero
and the actual volume (calls) is at least ``min_actual``; the others are counted in
``n_excluded``. WAPE and bias use every period where F and A are known (a zero-actual period
still adds its |F - A| to the numerator).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from copcwb.forecast.periods import (
    BASE_COLUMNS,
    MEASURES,
    LocalClock,
    PeriodGrouping,
    check_by,
    check_level,
    group_periods,
    measure_totals,
    require_columns,
)

# |e| <= tolerance is tested with this slack so that e.g. F=110, A=100 at 10% counts as a hit
# whatever the rounding of (F - A) / A in binary floating point.
TOLERANCE_SLACK = 1e-12

EXCLUSION_REASONS = ("", "missing_value", "zero_actual", "zero_forecast", "below_min_actual")
# The queue label of rows that pool the periods of every queue.
ALL_QUEUES = "ALL"


def check_measure(measure: str) -> str:
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}; got {measure!r}")
    return measure


def check_denominator(denominator: str) -> str:
    if denominator not in ("actual", "forecast"):
        raise ValueError(f"denominator must be 'actual' or 'forecast'; got {denominator!r}")
    return denominator


def check_tolerances(tolerance: float | Sequence[float]) -> tuple[tuple[float, ...], bool]:
    """(tolerances, is_sequence); each tolerance must be a finite share >= 0."""
    many = not np.isscalar(tolerance)
    values = tuple(float(t) for t in (tolerance if many else [tolerance]))
    if not values:
        raise ValueError("tolerance must be a share such as 0.10 or a non-empty sequence")
    for t in values:
        if not np.isfinite(t) or t < 0:
            raise ValueError(f"tolerance must be a finite share >= 0 such as 0.10; got {t!r}")
    if len(set(values)) != len(values):
        raise ValueError(f"tolerance lists a value twice: {values}")
    return values, many


def hit_rate_column(tolerance: float) -> str:
    """Column name of a hit rate at ``tolerance``: 0.05 -> hit_rate_5, 0.025 -> hit_rate_2_5."""
    pct = f"{round(tolerance * 100, 6):g}"
    return "hit_rate_" + pct.replace(".", "_").replace("-", "m")


def floor_column(tolerance: float) -> str:
    """Column name of a Poisson floor at ``tolerance``: 0.05 -> floor_5."""
    return "floor" + hit_rate_column(tolerance)[len("hit_rate") :]


def report_tolerances(tolerances: Sequence[float], tolerance: float) -> tuple[float, ...]:
    """The tolerances of the report's tables: ``tolerances`` plus the headline
    ``tolerance`` when missing, each once, in ascending order."""
    values = {round(float(t), 12) for t in tolerances} | {round(float(tolerance), 12)}
    return tuple(sorted(values))


def needed_columns(measure: str, forecast_prefix: str = "forecast") -> list[str]:
    cols = [*BASE_COLUMNS, f"{forecast_prefix}_volume", "actual_volume"]
    if measure != "volume":
        cols += [f"{forecast_prefix}_aht_s", "actual_aht_s"]
    return cols


@dataclass(frozen=True)
class PeriodErrors:
    """Forecast, actual and error of every (by-group, period) cell, as arrays."""

    grouping: PeriodGrouping
    measure: str
    denominator_kind: str
    forecast: np.ndarray
    actual: np.ndarray
    denominator: np.ndarray
    defined: np.ndarray  # F and A both known
    included: np.ndarray  # in MAPE and hit rate
    reason: np.ndarray  # int8 index into EXCLUSION_REASONS
    pct_error: np.ndarray  # e = (F - A) / denominator; NaN where not included

    @property
    def abs_pct_error(self) -> np.ndarray:
        return np.abs(self.pct_error)

    def hits(self, tolerance: float) -> np.ndarray:
        return self.included & (self.abs_pct_error <= tolerance + TOLERANCE_SLACK)

    def frame(self) -> pd.DataFrame:
        """by..., period_start, forecast, actual, error, pct_error, included, excluded_reason."""
        out = self.grouping.cell_frame()
        out["forecast"] = self.forecast
        out["actual"] = self.actual
        out["error"] = self.forecast - self.actual
        out["pct_error"] = self.pct_error
        out["included"] = self.included
        out["excluded_reason"] = pd.Categorical.from_codes(
            self.reason.astype(np.int64), categories=list(EXCLUSION_REASONS)
        )
        return out


def compute_period_errors(
    wfm: pd.DataFrame,
    *,
    measure: str,
    level: str,
    by: tuple[str, ...],
    denominator: str = "actual",
    min_actual: float = 0.0,
    timezone: str | None = None,
    forecast_prefix: str = "forecast",
    clock: LocalClock | None = None,
    grouping: PeriodGrouping | None = None,
) -> PeriodErrors:
    """Aggregate to ``level`` and compute the error of every period (arrays, no Python loops)."""
    if not np.isfinite(min_actual) or min_actual < 0:
        raise ValueError(f"min_actual must be a number of calls >= 0; got {min_actual!r}")
    g = grouping or group_periods(wfm, level, by, timezone=timezone, clock=clock)
    f_aht = wfm[f"{forecast_prefix}_aht_s"] if measure != "volume" else None
    a_aht = wfm["actual_aht_s"] if measure != "volume" else None
    forecast = measure_totals(g, wfm[f"{forecast_prefix}_volume"], f_aht, measure)
    actual = measure_totals(g, wfm["actual_volume"], a_aht, measure)
    if measure == "volume":
        calls = actual
    else:
        calls = measure_totals(g, wfm["actual_volume"], None, "volume")
    denom = actual if denominator == "actual" else forecast
    defined = ~(np.isnan(forecast) | np.isnan(actual))
    enough = calls >= min_actual if min_actual > 0 else np.ones_like(defined)
    included = defined & (actual > 0) & (denom > 0) & enough
    # Reasons, the first that applies wins: missing value, zero actual, zero forecast (as
    # denominator), too few calls.
    reason = np.zeros(len(forecast), dtype=np.int8)
    reason[defined & ~enough] = 4
    reason[defined & (denom <= 0)] = 3
    reason[defined & (actual <= 0)] = 2
    reason[~defined] = 1
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = np.where(included, (forecast - actual) / np.where(included, denom, 1.0), np.nan)
    return PeriodErrors(
        grouping=g,
        measure=measure,
        denominator_kind=denominator,
        forecast=forecast,
        actual=actual,
        denominator=denom,
        defined=defined,
        included=included,
        reason=reason,
        pct_error=pct,
    )


def pool_groups(pe: PeriodErrors) -> PeriodErrors:
    """The same period errors with every (group, period) cell in one group: summarised,
    the accuracy of all groups' periods pooled (each group's error counts on its own,
    unlike the accuracy of the groups summed per period)."""
    g = pe.grouping
    one = replace(
        g,
        by=(),
        cell_group=np.zeros(g.n_cells, dtype=np.int64),
        groups=pd.DataFrame(index=pd.RangeIndex(1)),
    )
    return replace(pe, grouping=one)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def summarise_errors(pe: PeriodErrors, tolerances: tuple[float, ...], many: bool) -> pd.DataFrame:
    """Accuracy table per by-group from period errors (see :func:`accuracy`)."""
    g = pe.grouping
    out = g.groups.reset_index(drop=True).copy()
    n_periods = np.bincount(g.cell_group, minlength=g.n_groups)
    n_included = g.group_sum(pe.included.astype(np.float64))
    diff = np.where(pe.defined, pe.forecast - pe.actual, 0.0)
    den_total = g.group_sum(np.where(pe.defined, pe.denominator, 0.0))
    out["n_periods"] = n_periods.astype(np.int64)
    out["n_excluded"] = (n_periods - n_included).round().astype(np.int64)
    out["mape"] = _ratio(g.group_sum(np.where(pe.included, pe.abs_pct_error, 0.0)), n_included)
    out["wape"] = _ratio(g.group_sum(np.abs(diff)), den_total)
    out["bias"] = _ratio(g.group_sum(diff), den_total)
    rates = [_ratio(g.group_sum(pe.hits(t).astype(np.float64)), n_included) for t in tolerances]
    out["hit_rate"] = rates[0]
    if many:
        for t, rate in zip(tolerances, rates, strict=True):
            out[hit_rate_column(t)] = rate
    return out


def accuracy(
    wfm: pd.DataFrame,
    *,
    measure: str = "volume",
    level: str = "interval",
    tolerance: float | Sequence[float] = 0.10,
    by: Sequence[str] = ("queue",),
    denominator: str = "actual",
    min_actual: float = 0.0,
    timezone: str | None = None,
) -> pd.DataFrame:
    """Forecast accuracy per group at one level.

    ``measure``: "volume" (calls), "aht" (volume-weighted mean AHT) or "workload" (calls x
    AHT). ``level``: "interval", "day" (local calendar day), "week" (local, from Monday) or
    "month". Errors are computed on the period totals; see the module docstring for the
    formulas and the exclusion rules (``denominator``, ``min_actual`` in calls).
    ``timezone`` converts a zone-aware ``interval_start`` to the center's zone, or declares
    the zone of a zone-naive one. Rows repeated for the same queue and interval are summed
    (find them with :func:`copcwb.forecast.interval_problems`).

    ``tolerance`` is a share (0.10 = 10%) or a sequence of shares. With a sequence the table
    has one column per tolerance, named ``hit_rate_5``, ``hit_rate_10``, ``hit_rate_15``
    (percent), and ``hit_rate`` holds the hit rate at the first tolerance listed.

    Columns: by..., n_periods, n_excluded, mape, wape, bias, hit_rate [, hit_rate_<pct>...].
    Shares are fractions (0.12 = 12%); NaN where no period qualifies.
    """
    check_measure(measure)
    check_level(level)
    check_denominator(denominator)
    tolerances, many = check_tolerances(tolerance)
    by = check_by(wfm, by)
    require_columns(wfm, needed_columns(measure), "accuracy")
    pe = compute_period_errors(
        wfm,
        measure=measure,
        level=level,
        by=by,
        denominator=denominator,
        min_actual=min_actual,
        timezone=timezone,
    )
    return summarise_errors(pe, tolerances, many)


def period_errors(
    wfm: pd.DataFrame,
    *,
    measure: str = "volume",
    level: str = "day",
    by: Sequence[str] = ("queue",),
    denominator: str = "actual",
    min_actual: float = 0.0,
    timezone: str | None = None,
) -> pd.DataFrame:
    """The error of every period, the rows behind :func:`accuracy`.

    Columns: by..., period_start, forecast, actual, error (F - A), pct_error (e, NaN when
    excluded), included (bool), excluded_reason ("" when included, else "missing_value",
    "zero_actual", "zero_forecast" (denominator="forecast") or "below_min_actual").
    """
    check_measure(measure)
    check_level(level)
    check_denominator(denominator)
    by = check_by(wfm, by)
    require_columns(wfm, needed_columns(measure), "period_errors")
    return compute_period_errors(
        wfm,
        measure=measure,
        level=level,
        by=by,
        denominator=denominator,
        min_actual=min_actual,
        timezone=timezone,
    ).frame()

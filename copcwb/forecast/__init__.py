"""Workforce forecast accuracy: volume, AHT and workload against actuals.

Public functions::

    accuracy(wfm, *, measure, level, tolerance, by, ...)  -> DataFrame
    period_errors(wfm, ...)                                -> DataFrame (one row per period)
    aggregate(wfm, *, level, by, timezone)                 -> DataFrame (period totals)
    interval_problems(wfm, *, timezone)                    -> DataFrame (duplicates, gaps)
    noise_floor(wfm, *, level, tolerance, by, ...)         -> DataFrame (Poisson floor)
    seasonal_naive(wfm, *, lag_days, timezone)             -> DataFrame (+ naive columns)
    naive_benchmark(wfm, *, measure, level, lag_days, by)  -> DataFrame (MASE)
    error_patterns(wfm, *, measure, tolerance, ...)        -> PatternResult
"""

from copcwb.forecast.accuracy import accuracy, period_errors
from copcwb.forecast.intervals import interval_problems
from copcwb.forecast.naive import naive_benchmark, seasonal_naive
from copcwb.forecast.noise import noise_floor, poisson_hit_probability
from copcwb.forecast.patterns import PatternResult, error_patterns
from copcwb.forecast.periods import LEVELS, MEASURES, aggregate, local_interval_start

__all__ = [
    "LEVELS",
    "MEASURES",
    "PatternResult",
    "accuracy",
    "aggregate",
    "error_patterns",
    "interval_problems",
    "local_interval_start",
    "naive_benchmark",
    "noise_floor",
    "period_errors",
    "poisson_hit_probability",
    "seasonal_naive",
]

"""Workforce forecast accuracy: volume, AHT and workload against actuals.

The steps of the forecast accuracy analysis, each on a validated WFM table::

    accuracy_by_level(wfm, *, tolerances, tolerance, targets, ...) -> LevelAccuracy
    noise_floor_by_level(wfm, *, tolerances, tolerance, ...)     -> NoiseFloorResult
    error_patterns_by_queue(wfm, *, tolerance, ...)              -> QueuePatterns
    naive_comparison(wfm, *, lag_days)                           -> NaiveComparison
    data_checks(wfm, *, expected)                                -> DataChecks

and the building blocks they use::

    accuracy(wfm, *, measure, level, tolerance, by, ...)  -> DataFrame
    period_errors(wfm, ...)                                -> DataFrame (one row per period)
    pool_groups(period errors)                             -> the same, all groups pooled
    aggregate(wfm, *, level, by, timezone)                 -> DataFrame (period totals)
    interval_problems(wfm, *, timezone)                    -> DataFrame (duplicates, gaps)
    noise_floor(wfm, *, level, tolerance, by, ...)         -> DataFrame (Poisson floor)
    pooled_floor(floor), noise_split(hit, floor, target)
    seasonal_naive(wfm, *, lag_days, timezone)             -> DataFrame (+ naive columns)
    naive_benchmark(wfm, *, measure, level, lag_days, by)  -> DataFrame (MASE)
    pooled_naive(naive)                                    -> dict
    error_patterns(wfm, *, measure, tolerance, ...)        -> PatternResult
    recurring_misses(wfm, ...)                             -> DataFrame
    clock_changes(local_start), local_interval_start(wfm, *, timezone)

Every step takes ``timezone``: the zone of the contact center, used to convert a
zone-aware ``interval_start`` (the default, None, keeps the zone the table has).
"""

from copcwb.forecast.accuracy import (
    ALL_QUEUES,
    accuracy,
    floor_column,
    hit_rate_column,
    period_errors,
    report_tolerances,
)
from copcwb.forecast.checks import DataChecks, clock_changes, data_checks
from copcwb.forecast.intervals import interval_problems
from copcwb.forecast.levels import LevelAccuracy, accuracy_by_level, meets_target
from copcwb.forecast.naive import (
    NaiveComparison,
    naive_benchmark,
    naive_comparison,
    pooled_naive,
    seasonal_naive,
)
from copcwb.forecast.noise import (
    NoiseFloorResult,
    NoiseSplit,
    noise_floor,
    noise_floor_by_level,
    noise_split,
    poisson_hit_probability,
    pooled_floor,
)
from copcwb.forecast.patterns import PatternResult, error_patterns
from copcwb.forecast.periods import (
    DAYPARTS,
    LEVELS,
    MEASURES,
    WEEKDAY_NAMES,
    aggregate,
    local_interval_start,
)
from copcwb.forecast.queues import QueuePatterns, error_patterns_by_queue, recurring_misses

__all__ = [
    "ALL_QUEUES",
    "DAYPARTS",
    "LEVELS",
    "MEASURES",
    "WEEKDAY_NAMES",
    "DataChecks",
    "LevelAccuracy",
    "NaiveComparison",
    "NoiseFloorResult",
    "NoiseSplit",
    "PatternResult",
    "QueuePatterns",
    "accuracy",
    "accuracy_by_level",
    "aggregate",
    "clock_changes",
    "data_checks",
    "error_patterns",
    "error_patterns_by_queue",
    "floor_column",
    "hit_rate_column",
    "interval_problems",
    "local_interval_start",
    "meets_target",
    "naive_benchmark",
    "naive_comparison",
    "noise_floor",
    "noise_floor_by_level",
    "noise_split",
    "period_errors",
    "poisson_hit_probability",
    "pooled_floor",
    "pooled_naive",
    "recurring_misses",
    "report_tolerances",
    "seasonal_naive",
]

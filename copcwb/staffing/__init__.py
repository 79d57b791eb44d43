"""Staffing with Erlang C, and what forecast error did to staffing.

Public functions::

    service_level(agents, calls, aht_s, interval_s, threshold_s) -> float
    required_agents(calls, aht_s, interval_s, target_sl, threshold_s) -> int
    erlang_c_metrics(agents, calls, aht_s, interval_s, threshold_s) -> ErlangCResult
    average_speed_of_answer(...), occupancy(...), is_overloaded(...), offered_load(...)
    scheduled_agents(agents, shrinkage) -> int            ceil(N / (1 - shrinkage))
    erlang_b(agents, load), erlang_c(agents, load)        probabilities
    service_level_array(...), required_agents_array(...), erlang_b_array(...)  vectorised
    staffing_impact(wfm, *, target_sl, threshold_s, ...) -> StaffingImpactResult
    shrinkage_comparison(wfm, *, level)                  -> ShrinkageResult
    shrinkage_accuracy(wfm, *, level, by, timezone)      -> DataFrame
    check_number(name, value), check_target(target_sl)   argument checks

Overloaded intervals (agents <= offered load) have service level 0; the scalar functions warn
with :class:`OverloadWarning`, the others return an ``overloaded`` flag.
"""

from copcwb.forecast.periods import DAYPARTS
from copcwb.staffing.blocks import WorstBlock
from copcwb.staffing.erlang import (
    ErlangCResult,
    OverloadWarning,
    average_speed_of_answer,
    check_number,
    check_target,
    erlang_b,
    erlang_b_array,
    erlang_c,
    erlang_c_metrics,
    is_overloaded,
    occupancy,
    offered_load,
    required_agents,
    required_agents_array,
    scheduled_agents,
    service_level,
    service_level_array,
)
from copcwb.staffing.impact import StaffingImpactResult, staffing_impact
from copcwb.staffing.shrinkage import (
    SHRINKAGE_COLUMNS,
    ShrinkageResult,
    has_shrinkage,
    shrinkage_accuracy,
    shrinkage_comparison,
)

__all__ = [
    "DAYPARTS",
    "SHRINKAGE_COLUMNS",
    "ErlangCResult",
    "OverloadWarning",
    "ShrinkageResult",
    "StaffingImpactResult",
    "WorstBlock",
    "average_speed_of_answer",
    "check_number",
    "check_target",
    "erlang_b",
    "erlang_b_array",
    "erlang_c",
    "erlang_c_metrics",
    "has_shrinkage",
    "is_overloaded",
    "occupancy",
    "offered_load",
    "required_agents",
    "required_agents_array",
    "scheduled_agents",
    "service_level",
    "service_level_array",
    "shrinkage_accuracy",
    "shrinkage_comparison",
    "staffing_impact",
]

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
    shrinkage_accuracy(wfm, *, level, by, timezone)      -> DataFrame

Overloaded intervals (agents <= offered load) have service level 0; the scalar functions warn
with :class:`OverloadWarning`, the others return an ``overloaded`` flag.
"""

from copcwb.staffing.erlang import (
    ErlangCResult,
    OverloadWarning,
    average_speed_of_answer,
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
from copcwb.staffing.impact import DAYPARTS, StaffingImpactResult, staffing_impact
from copcwb.staffing.shrinkage import shrinkage_accuracy

__all__ = [
    "DAYPARTS",
    "ErlangCResult",
    "OverloadWarning",
    "StaffingImpactResult",
    "average_speed_of_answer",
    "erlang_b",
    "erlang_b_array",
    "erlang_c",
    "erlang_c_metrics",
    "is_overloaded",
    "occupancy",
    "offered_load",
    "required_agents",
    "required_agents_array",
    "scheduled_agents",
    "service_level",
    "service_level_array",
    "shrinkage_accuracy",
    "staffing_impact",
]

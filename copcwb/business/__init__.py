"""Money and owners: the business case of the findings, what need not be spent, the cost
of forecast error, the value of a CSAT fix, and the action plan.

Public functions::

    resolution_value(volume, rate_now, rate_target, *, cost_per_contact) -> ResolutionValue
    annual_volumes(programs, settings, *, contacts, wfm)        -> DataFrame
    economics(settings, programs, *, scorecard, wfm, ...)       -> Economics
    engagement_economics(engagement, programs, *, scorecard, wfm) -> Economics
    resolution_rates(resolution, scorecard)                     -> DataFrame
    resolution_case(rates, volumes, economics, *, wfm)          -> ResolutionCase
    staffing_at_target(wfm, economics)                          -> StaffingImpactResult | None
    over_investment(spend, economics, *, impact, wfm)           -> Release
    forecast_error_cost(impact, wfm, economics)                 -> ForecastCost
    csat_fix_value(whatif, worth)                               -> CsatFixValue
    baseline_findings(...), driver_findings(...), bias_findings(...),
    journey_findings(...)                                        -> DataFrame
    action_plan(findings, settings, *, prefix, raised)          -> ActionPlan
    write_actions(actions, path, *, language, overwrite)        -> Path (actions.xlsx)
    read_actions(path)                                           -> DataFrame (ACTION_COLUMNS)
    action_progress(actions)                                     -> ActionProgress
"""

from copcwb.business.actions import ActionPlan, action_plan
from copcwb.business.baseline_findings import baseline_findings
from copcwb.business.case import ResolutionCase, resolution_case, resolution_rates
from copcwb.business.csat_value import CsatFixValue, csat_fix_value
from copcwb.business.economics import Economics, economics, engagement_economics
from copcwb.business.forecast_cost import (
    ForecastCost,
    forecast_error_cost,
    program_of_queues,
    queue_programs,
)
from copcwb.business.forecast_findings import bias_findings
from copcwb.business.journey_findings import journey_findings
from copcwb.business.plan import ACTION_COLUMNS, STATUSES
from copcwb.business.progress import ActionProgress, action_progress
from copcwb.business.release import Release, over_investment, staffing_at_target
from copcwb.business.resolution import ResolutionValue, resolution_value
from copcwb.business.survey_findings import driver_findings
from copcwb.business.volumes import annual_volumes
from copcwb.business.workbook import read_actions, write_actions
from copcwb.business_options import ACTION_CLASSES, BusinessSettings

__all__ = [
    "ACTION_CLASSES",
    "ACTION_COLUMNS",
    "STATUSES",
    "ActionProgress",
    "ActionPlan",
    "BusinessSettings",
    "CsatFixValue",
    "Economics",
    "ForecastCost",
    "Release",
    "ResolutionCase",
    "ResolutionValue",
    "action_plan",
    "action_progress",
    "annual_volumes",
    "baseline_findings",
    "bias_findings",
    "csat_fix_value",
    "driver_findings",
    "economics",
    "engagement_economics",
    "forecast_error_cost",
    "journey_findings",
    "over_investment",
    "read_actions",
    "program_of_queues",
    "queue_programs",
    "resolution_case",
    "resolution_rates",
    "resolution_value",
    "staffing_at_target",
    "write_actions",
]

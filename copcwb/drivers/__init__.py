"""CSAT driver analysis: what drives overall satisfaction, and where to act.

Each step takes the validated survey and returns a result object:

* :func:`survey_columns` - the roles of the survey's columns (drivers, operational facts,
  critical-error flags, controls); :func:`rating_distribution` - the overall rating.
* :func:`ordinal_logit` - proportional-odds model (R ``MASS::polr`` convention) by
  Newton-Raphson with analytic derivatives; :func:`brant_test` - parallel-lines test.
* :func:`driver_importance` - dominance (Shapley) weights of McFadden's R2.
* :func:`importance_performance` - importance vs performance quadrant ("fix first").
* :func:`kano_classes` - penalty-reward analysis and Kano-style classes.
* :func:`operational_threshold` - where an operational fact starts to hurt the top box;
  :func:`operational_thresholds` - the same for every continuous fact of a survey.
* :func:`critical_error_effects` - which critical errors are proven customer-critical.
* :func:`what_if` - top-box / bottom-box shares if drivers improve or errors vanish.
* :func:`segment_models` - the same model per program.
* :func:`expectation_gap` - the service-quality gap (perception - expectation) per
  dimension, with its paired-t interval and verdict; :func:`gap_model` - the ordinal model
  of the overall rating on the gaps.

The rules by which the results are read (significance, collinearity, shared importance,
parallel lines) are functions here too, so that the report only phrases them.
"""

from copcwb.drivers.brant import (
    brant_test,
    parallel_lines_hold,
    parallel_lines_verdicts,
    parallel_lines_violations,
)
from copcwb.drivers.columns import (
    MAX_IMPORTANCE_PREDICTORS,
    SurveyColumns,
    infer_drivers,
    survey_columns,
)
from copcwb.drivers.critical import CriticalErrorResult, critical_error_effects
from copcwb.drivers.distribution import RatingDistribution, rating_distribution
from copcwb.drivers.expectation import (
    expectation_gap,
    gap_model,
    gap_scores,
    pair_problems,
)
from copcwb.drivers.importance import ImportanceResult, driver_importance
from copcwb.drivers.kano import KanoResult, kano_classes, kano_cuts
from copcwb.drivers.ordinal import OrdinalLogitResult, ordinal_logit, z_critical
from copcwb.drivers.quadrant import QuadrantResult, importance_performance
from copcwb.drivers.readings import (
    collinearity,
    effect_directions,
    shared_without_effect,
    vif_reading,
)
from copcwb.drivers.segments import SegmentResult, segment_models
from copcwb.drivers.thresholds import (
    OperationalThresholds,
    ThresholdResult,
    ThresholdSettings,
    operational_threshold,
    operational_thresholds,
)
from copcwb.drivers.whatif import WhatIfResult, what_if

__all__ = [
    "MAX_IMPORTANCE_PREDICTORS",
    "CriticalErrorResult",
    "ImportanceResult",
    "KanoResult",
    "OperationalThresholds",
    "OrdinalLogitResult",
    "QuadrantResult",
    "RatingDistribution",
    "SegmentResult",
    "SurveyColumns",
    "ThresholdResult",
    "ThresholdSettings",
    "WhatIfResult",
    "brant_test",
    "collinearity",
    "critical_error_effects",
    "driver_importance",
    "effect_directions",
    "expectation_gap",
    "gap_model",
    "gap_scores",
    "importance_performance",
    "infer_drivers",
    "kano_classes",
    "kano_cuts",
    "operational_threshold",
    "operational_thresholds",
    "ordinal_logit",
    "pair_problems",
    "parallel_lines_hold",
    "parallel_lines_verdicts",
    "parallel_lines_violations",
    "rating_distribution",
    "segment_models",
    "shared_without_effect",
    "survey_columns",
    "vif_reading",
    "what_if",
    "z_critical",
]

"""CSAT driver analysis: what drives overall satisfaction, and where to act.

* :func:`ordinal_logit` - proportional-odds model (R ``MASS::polr`` convention) by
  Newton-Raphson with analytic derivatives; :func:`brant_test` - parallel-lines test.
* :func:`driver_importance` - dominance (Shapley) weights of McFadden's R2.
* :func:`importance_performance` - importance vs performance quadrant ("fix first").
* :func:`kano_classes` - penalty-reward analysis and Kano-style classes.
* :func:`operational_threshold` - where an operational fact starts to hurt the top box.
* :func:`critical_error_effects` - which critical errors are proven customer-critical.
* :func:`what_if` - top-box / bottom-box shares if drivers improve or errors vanish.
* :func:`segment_models` - the same model per program.
"""

from copcwb.drivers.brant import brant_test
from copcwb.drivers.critical import CriticalErrorResult, critical_error_effects
from copcwb.drivers.importance import ImportanceResult, driver_importance
from copcwb.drivers.kano import KanoResult, kano_classes
from copcwb.drivers.ordinal import OrdinalLogitResult, ordinal_logit
from copcwb.drivers.quadrant import QuadrantResult, importance_performance
from copcwb.drivers.segments import SegmentResult, segment_models
from copcwb.drivers.thresholds import ThresholdResult, operational_threshold
from copcwb.drivers.whatif import WhatIfResult, what_if

__all__ = [
    "CriticalErrorResult",
    "ImportanceResult",
    "KanoResult",
    "OrdinalLogitResult",
    "QuadrantResult",
    "SegmentResult",
    "ThresholdResult",
    "WhatIfResult",
    "brant_test",
    "critical_error_effects",
    "driver_importance",
    "importance_performance",
    "kano_classes",
    "operational_threshold",
    "ordinal_logit",
    "segment_models",
    "what_if",
]

"""Baseline assessment: level, trend and readiness of every program x metric.

``assess(kpis, catalog=None, ...)`` returns a :class:`BaselineResult`;
``where_to_spend`` ranks the far-off metrics; ``executive_facts`` gathers the
facts of the executive summary; ``mann_kendall`` is the trend test used.
"""

from copcwb.baseline.assess import BaselineResult, assess
from copcwb.baseline.facts import ExecutiveFacts, executive_facts
from copcwb.baseline.plots import plot_scorecard
from copcwb.baseline.readiness import DEFAULT_CATEGORIES, OVERALL
from copcwb.baseline.spend import where_to_spend
from copcwb.baseline.trend import TREND_LABELS, MannKendall, mann_kendall

__all__ = [
    "DEFAULT_CATEGORIES",
    "OVERALL",
    "TREND_LABELS",
    "BaselineResult",
    "ExecutiveFacts",
    "MannKendall",
    "assess",
    "executive_facts",
    "mann_kendall",
    "plot_scorecard",
    "where_to_spend",
]

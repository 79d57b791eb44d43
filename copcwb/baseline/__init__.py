"""Baseline assessment: level, trend and readiness of every program x metric.

``engagement_catalog(given, language=...)`` picks the metric catalog (the
engagement's own, else the built-in one); ``assess(kpis, catalog, ...)`` returns a
:class:`BaselineResult`; ``readiness`` gives each program's verdict and what holds it
back; ``spend_list`` ranks the far-off metrics; ``executive_facts`` gathers the facts
of the executive summary; ``monthly_attainment`` gives each program's share of
metrics meeting target month by month; ``maturity`` places each program on the
ladder of stages (operational, refined, strategic, visionary) with the evidence;
``mann_kendall`` is the trend test used.
"""

from copcwb.baseline.assess import BaselineResult, assess
from copcwb.baseline.attainment import monthly_attainment
from copcwb.baseline.facts import ExecutiveFacts, biggest_gaps, deteriorating, executive_facts
from copcwb.baseline.maturity import MaturityResult, maturity
from copcwb.baseline.plots import plot_ladder, plot_scorecard
from copcwb.baseline.readiness_rules import DEFAULT_CATEGORIES, OVERALL, Readiness, readiness
from copcwb.baseline.spend import OVER_INVEST, SPEND, SpendList, spend_list, where_to_spend
from copcwb.baseline.trend import TREND_LABELS, MannKendall, mann_kendall
from copcwb.catalog import default_catalog, engagement_catalog

__all__ = [
    "DEFAULT_CATEGORIES",
    "OVERALL",
    "OVER_INVEST",
    "SPEND",
    "TREND_LABELS",
    "BaselineResult",
    "ExecutiveFacts",
    "MannKendall",
    "MaturityResult",
    "Readiness",
    "SpendList",
    "assess",
    "biggest_gaps",
    "default_catalog",
    "deteriorating",
    "engagement_catalog",
    "executive_facts",
    "mann_kendall",
    "maturity",
    "monthly_attainment",
    "plot_ladder",
    "plot_scorecard",
    "readiness",
    "spend_list",
    "where_to_spend",
]

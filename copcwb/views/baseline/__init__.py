"""The baseline assessment report: each function shows one section from the result
objects of :mod:`copcwb.baseline` and :mod:`copcwb.quality`, numbered in showing
order and phrased in the session's language; ``key_figures`` gives the headline
numbers recorded in results.json."""

from copcwb.views.baseline.maturity import section as maturity
from copcwb.views.baseline.people import figures as people_figures
from copcwb.views.baseline.people import section as process_or_people
from copcwb.views.baseline.show import (
    contact_resolution,
    critical_errors,
    error_pareto,
    heatmap,
    key_figures,
    methods,
    readiness,
    sample_adequacy,
    scorecard,
    spend,
)
from copcwb.views.baseline.summary import executive_summary

__all__ = [
    "contact_resolution",
    "critical_errors",
    "error_pareto",
    "executive_summary",
    "heatmap",
    "key_figures",
    "maturity",
    "methods",
    "people_figures",
    "process_or_people",
    "readiness",
    "sample_adequacy",
    "scorecard",
    "spend",
]

"""The baseline assessment report: ``analyse(session)`` runs every analysis once;
each ``show_*`` function shows one section of the report from the findings."""

from copcwb.views.baseline.findings import Findings, analyse
from copcwb.views.baseline.show import (
    key_figures,
    show_contact_resolution,
    show_critical_errors,
    show_error_pareto,
    show_executive_summary,
    show_heatmap,
    show_methods,
    show_readiness,
    show_sample_adequacy,
    show_scorecard,
    show_spend,
)

__all__ = [
    "Findings",
    "analyse",
    "key_figures",
    "show_contact_resolution",
    "show_critical_errors",
    "show_error_pareto",
    "show_executive_summary",
    "show_heatmap",
    "show_methods",
    "show_readiness",
    "show_sample_adequacy",
    "show_scorecard",
    "show_spend",
]

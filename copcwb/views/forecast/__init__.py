"""The workforce forecast accuracy report: ``analyse(session)`` runs every analysis
once; each ``show_*`` function shows one section of the report from the findings."""

from copcwb.views.forecast.findings import Findings, analyse, analyse_frame
from copcwb.views.forecast.show import (
    key_figures,
    record_key_figures,
    show_accuracy,
    show_data_checks,
    show_executive_summary,
    show_methods,
    show_naive,
    show_patterns,
    show_shrinkage,
    show_staffing,
)

__all__ = [
    "Findings",
    "analyse",
    "analyse_frame",
    "key_figures",
    "record_key_figures",
    "show_accuracy",
    "show_data_checks",
    "show_executive_summary",
    "show_methods",
    "show_naive",
    "show_patterns",
    "show_shrinkage",
    "show_staffing",
]

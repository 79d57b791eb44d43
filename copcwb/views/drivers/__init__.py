"""The CSAT driver report: ``analyse(session)`` runs every analysis once; each
``show_*`` function shows one section of the report from the findings."""

from copcwb.views.drivers.findings import (
    Columns,
    DriverFindings,
    analyse,
    infer_drivers,
    resolve_columns,
)
from copcwb.views.drivers.show import (
    key_figures,
    show_critical_errors,
    show_distribution,
    show_executive_summary,
    show_importance,
    show_kano,
    show_methods,
    show_model,
    show_parallel_lines,
    show_quadrant,
    show_segments,
    show_thresholds,
    show_what_if,
)

__all__ = [
    "Columns",
    "DriverFindings",
    "analyse",
    "infer_drivers",
    "key_figures",
    "resolve_columns",
    "show_critical_errors",
    "show_distribution",
    "show_executive_summary",
    "show_importance",
    "show_kano",
    "show_methods",
    "show_model",
    "show_parallel_lines",
    "show_quadrant",
    "show_segments",
    "show_thresholds",
    "show_what_if",
]

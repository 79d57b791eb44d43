"""The workforce forecast accuracy report: one function per section, each showing the
result of one analysis step (``from copcwb.views import forecast as show``)."""

from copcwb.views.forecast.show import (
    accuracy,
    data_checks,
    executive_summary,
    key_figures,
    methods,
    naive,
    patterns,
    shrinkage,
    staffing,
)

__all__ = [
    "accuracy",
    "data_checks",
    "executive_summary",
    "key_figures",
    "methods",
    "naive",
    "patterns",
    "shrinkage",
    "staffing",
]

"""The journey quality report: one function per section, each showing the result of one
step of the analysis (``copcwb.journey``, ``copcwb.drivers``) in the session's language.

In a notebook: ``from copcwb.views import journey as show``, then for example
``show.matrix(s, grid, catalog)``; ``key_figures(...)`` gives the figures for results.json.
"""

from copcwb.views.journey.show import (
    business_case,
    calibration,
    effects,
    executive_summary,
    human_qa,
    key_figures,
    matrix,
    methods,
    money_lines,
    rates,
    review,
)

__all__ = [
    "business_case",
    "calibration",
    "effects",
    "executive_summary",
    "human_qa",
    "key_figures",
    "matrix",
    "methods",
    "money_lines",
    "rates",
    "review",
]

"""The CSAT driver report: one function per section, each showing the result of one step
of the analysis (``copcwb.drivers``) in the session's language, numbered in showing order.

In a notebook: ``from copcwb.views import drivers as show``, then for example
``show.model(s, model, cols)``; ``key_figures(...)`` gives the figures for results.json.
"""

from copcwb.views.drivers.gap import expectations
from copcwb.views.drivers.show import (
    critical_errors,
    distribution,
    executive_summary,
    importance,
    kano,
    key_figures,
    methods,
    model,
    parallel_lines,
    quadrant,
    segments,
    thresholds,
    what_if,
)

__all__ = [
    "critical_errors",
    "distribution",
    "executive_summary",
    "expectations",
    "importance",
    "kano",
    "key_figures",
    "methods",
    "model",
    "parallel_lines",
    "quadrant",
    "segments",
    "thresholds",
    "what_if",
]

"""The follow-up report: each function shows one section from the parts of a
comparison (:mod:`copcwb.followup`), numbered in showing order and phrased in the
follow-up run's language."""

from copcwb.views.follow_up.show import (
    actions,
    critical_errors,
    drivers,
    executive_summary,
    methods,
    readiness,
    runs,
    scorecard,
)

__all__ = [
    "actions",
    "critical_errors",
    "drivers",
    "executive_summary",
    "methods",
    "readiness",
    "runs",
    "scorecard",
]

"""The follow-up: two runs of one engagement compared, months apart.

``open_run`` / ``verified_run`` read a published run; ``scorecard_change``,
``readiness_change``, ``accuracy_change`` and ``driver_change`` compare the two runs'
results.json, each part saying "not available" when a run lacks its figures;
``returned_progress`` counts the action plan the client returned; ``start_report``
opens the follow-up report's session; ``compare_runs`` (the ``copcwb compare`` verb)
verifies both runs and publishes the report.
"""

from copcwb.followup.accuracy import AccuracyChange, accuracy_change, two_proportion_z
from copcwb.followup.compare import Comparison, compare_runs
from copcwb.followup.drivers import DriverChange, driver_change
from copcwb.followup.readiness import ReadinessChange, readiness_change
from copcwb.followup.report import (
    ReportSession,
    comparison_figures,
    returned_progress,
    start_report,
)
from copcwb.followup.runs import RunRecord, check_pair, open_run, verified_run
from copcwb.followup.scorecard import ScorecardChange, scorecard_change

__all__ = [
    "AccuracyChange",
    "Comparison",
    "DriverChange",
    "ReadinessChange",
    "ReportSession",
    "RunRecord",
    "ScorecardChange",
    "accuracy_change",
    "check_pair",
    "compare_runs",
    "comparison_figures",
    "driver_change",
    "open_run",
    "readiness_change",
    "returned_progress",
    "scorecard_change",
    "start_report",
    "two_proportion_z",
    "verified_run",
]

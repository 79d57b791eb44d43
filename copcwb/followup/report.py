"""The follow-up report's session, the returned action plan, and the figures a
comparison records (comparison.json)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copcwb.business.progress import ActionProgress, action_progress
from copcwb.business.returned import read_actions
from copcwb.followup.accuracy import AccuracyChange
from copcwb.followup.drivers import DriverChange
from copcwb.followup.parts import Part
from copcwb.followup.readiness import ReadinessChange
from copcwb.followup.runs import RunRecord, check_pair
from copcwb.followup.scorecard import ScorecardChange
from copcwb.i18n import check_language
from copcwb.results import to_jsonable
from copcwb.session import SectionNumbers, Speaking


@dataclass
class ReportSession(Speaking):
    """The follow-up report's view of the two runs: ``lang`` (the follow-up run's
    language), ``baseline`` and ``follow_up`` (``RunRecord``), ``comparison_id``, and
    the numbering of the report's sections."""

    lang: str
    baseline: RunRecord
    follow_up: RunRecord
    comparison_id: str = "interactive"
    _numbers: SectionNumbers = field(default_factory=SectionNumbers, repr=False)


def start_report(
    baseline: RunRecord, follow_up: RunRecord, comparison_id: str = "interactive"
) -> ReportSession:
    """The session of the report comparing ``baseline`` with ``follow_up``, in the
    follow-up run's language; InputError unless both runs are of the same engagement
    (and the follow-up is not the earlier one)."""
    from copcwb.charts import configure_fonts

    check_pair(baseline, follow_up)
    lang = check_language(follow_up.language)
    configure_fonts(lang)
    return ReportSession(lang, baseline, follow_up, comparison_id)


def returned_progress(actions_file: str | Path | None) -> ActionProgress | None:
    """The progress of the action plan the client returned (``read_actions`` then
    ``action_progress``), or None without a workbook."""
    if actions_file is None:
        return None
    return action_progress(read_actions(actions_file))


def _part(part: Part) -> dict[str, Any]:
    return {
        "available": part.available,
        "missing": list(part.missing),
        "rows": to_jsonable(part.table),
    }


def _run(run: RunRecord) -> dict[str, Any]:
    return {
        "run_id": run.run_id,
        "period": run.period,
        "finished_at": run.finished_at,
        "manifest_sha256": run.manifest_sha256,
        "results_sha256": run.results_sha256,
    }


def comparison_figures(
    session: ReportSession,
    scorecard: ScorecardChange,
    readiness: ReadinessChange,
    accuracy: AccuracyChange,
    drivers: DriverChange,
    progress: ActionProgress | None,
) -> dict[str, Any]:
    """The tables of the comparison, as recorded in comparison.json: runs {baseline,
    follow_up: run_id, period, finished_at, manifest_sha256, results_sha256}; then
    scorecard, readiness, critical_error_accuracy, drivers, each {available, missing,
    rows}; actions: None without a returned plan, else n_found, n_done,
    n_in_progress, n_open, share_done and by_class (rows of ``ActionProgress``)."""
    actions = None
    if progress is not None:
        actions = {
            "n_found": progress.n_found,
            "n_done": progress.n_done,
            "n_in_progress": progress.n_in_progress,
            "n_open": progress.n_open,
            "share_done": to_jsonable(progress.share_done),
            "by_class": to_jsonable(progress.by_class),
        }
    return {
        "runs": {"baseline": _run(session.baseline), "follow_up": _run(session.follow_up)},
        "scorecard": _part(scorecard),
        "readiness": _part(readiness),
        "critical_error_accuracy": {**_part(accuracy), "alpha": accuracy.alpha},
        "drivers": {**_part(drivers), "top": drivers.top},
        "actions": actions,
    }

"""The sections of the follow-up report: each function shows one section from the
comparison's parts, numbers it through the session and phrases it in the session's
language. A part a run lacks shows why it is not available."""

from __future__ import annotations

from copcwb import display
from copcwb.business.progress import ActionProgress
from copcwb.followup import (
    AccuracyChange,
    DriverChange,
    ReadinessChange,
    ReportSession,
    ScorecardChange,
)
from copcwb.followup.parts import Part
from copcwb.views._shared import TableSpec
from copcwb.views.baseline.formats import month
from copcwb.views.follow_up import tables, text


def _table(spec: TableSpec, caption: str | None = None) -> None:
    display.table(spec.frame, caption=caption, **spec.kwargs())


def _unavailable(s: ReportSession, part: Part, what: str) -> bool:
    """Show why ``part`` is not available; True when it is not."""
    reason = text.missing_sentence(part, what, s.t)
    if reason is not None:
        display.note(reason)
    return reason is not None


def runs(s: ReportSession) -> None:
    """The two runs compared: ids, periods, when they finished, their manifests."""
    t = s.t
    s.section(t("follow_up.section.runs"), ref="runs")
    client = str(s.follow_up.engagement.get("client", ""))
    display.sentences(
        [
            t(
                "follow_up.runs.intro",
                baseline=s.baseline.run_id,
                follow_up=s.follow_up.run_id,
                client=client,
            )
        ]
    )
    spec = tables.build_runs_table({"baseline": s.baseline, "follow_up": s.follow_up}, t)
    _table(spec, t("follow_up.runs.caption"))


def scorecard(s: ReportSession, change: ScorecardChange) -> None:
    """Each program's metrics then and now, with what changed."""
    t = s.t
    s.section(t("follow_up.section.scorecard"), ref="scorecard")
    if _unavailable(s, change, "scorecard"):
        return
    table = change.table
    display.sentences(
        [
            t(
                "follow_up.scorecard.intro",
                then=month(table["month_then"].dropna().max(), t),
                now=month(table["month_now"].dropna().max(), t),
            ),
            text.scorecard_counts(change, t),
        ]
    )
    for program in dict.fromkeys(table["program"]):
        spec = tables.build_scorecard_table(change, program, t)
        _table(spec, t("follow_up.scorecard.caption", program=program))


def readiness(s: ReportSession, change: ReadinessChange) -> None:
    """Each program's readiness verdict then and now."""
    t = s.t
    s.section(t("follow_up.section.readiness"), ref="readiness")
    if _unavailable(s, change, "readiness"):
        return
    lines = [t("follow_up.readiness.intro")]
    overall = text.readiness_overall(change, t, "follow_up.readiness.overall")
    if overall:
        lines.append(overall)
    display.sentences(lines)
    _table(tables.build_readiness_table(change, t), t("follow_up.readiness.caption"))


def critical_errors(s: ReportSession, change: AccuracyChange) -> None:
    """Critical-error accuracy then and now, with the test of each change."""
    t = s.t
    s.section(t("follow_up.section.accuracy"), ref="accuracy")
    if _unavailable(s, change, "accuracy"):
        return
    display.sentences(
        [
            t("follow_up.accuracy.intro", alpha=f"{change.alpha:g}"),
            text.accuracy_counts(change, t, "follow_up.accuracy.counts"),
        ]
    )
    _table(tables.build_accuracy_table(change, t), t("follow_up.accuracy.caption"))


def drivers(s: ReportSession, change: DriverChange) -> None:
    """The top drivers of satisfaction then and now."""
    t = s.t
    s.section(t("follow_up.section.drivers"), ref="drivers")
    if _unavailable(s, change, "drivers"):
        return
    lines = [t("follow_up.drivers.intro", top=change.top if change.top else len(change.table))]
    top = text.top_drivers(change, t, "follow_up.drivers.top")
    if top:
        lines.append(top)
    display.sentences(lines)
    _table(tables.build_driver_table(change, t), t("follow_up.drivers.caption"))


def actions(s: ReportSession, progress: ActionProgress | None) -> None:
    """How far the returned action plan has come, in all and per class of action."""
    t = s.t
    s.section(t("follow_up.section.actions"), ref="actions")
    if progress is None:
        display.note(t("follow_up.actions.none"))
        return
    display.sentences([text.actions_overall(progress, t, "follow_up.actions.overall")])
    if progress.n_found:
        _table(tables.build_actions_table(progress, t), t("follow_up.actions.caption"))


def methods(s: ReportSession, accuracy: AccuracyChange) -> None:
    """How the runs are compared: the judgement of targets, the test of accuracy, the
    drivers and the action plan."""
    t = s.t
    s.section(t("follow_up.section.methods"), ref="methods")
    display.sentences(
        [
            t("follow_up.methods.scorecard"),
            t("follow_up.methods.accuracy", alpha=f"{accuracy.alpha:g}"),
            t("follow_up.methods.drivers"),
            t("follow_up.methods.actions"),
        ]
    )


def executive_summary(
    s: ReportSession,
    scorecard: ScorecardChange,
    readiness: ReadinessChange,
    accuracy: AccuracyChange,
    drivers: DriverChange,
    progress: ActionProgress | None,
) -> None:
    """The summary (an unnumbered section, shown first): one line per part."""
    t = s.t
    display.section(t("follow_up.section.summary"), level=2)
    display.bullets(text.summary_lines(scorecard, readiness, accuracy, drivers, progress, t))

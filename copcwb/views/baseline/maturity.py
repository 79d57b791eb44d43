"""The maturity stage of the baseline report, a subsection of readiness: the ladder of
each program, the table of stages and the evidence missing for the next stage.

Up to ``many.LIST_ALL`` programs the ladders are small multiples and every program's
evidence is listed; with more, one grid of programs x stages and the evidence of the
``many.LIST_ALL`` programs nearest their next stage (results.json has all of it)."""

from __future__ import annotations

from copcwb import display
from copcwb.baseline import OVERALL, MaturityResult
from copcwb.session import Session
from copcwb.views.baseline import plots_maturity
from copcwb.views.baseline.formats import Translate, join
from copcwb.views.baseline.maturity_text import (
    build_evidence_lines,
    build_stage_table,
    order_for_grid,
    stage_label,
    stage_labels,
    threshold_text,
)
from copcwb.views.baseline.text import program_name
from copcwb.views.many import LIST_ALL, lists_all


def _figure(result: MaturityResult, t: Translate) -> None:
    labels = stage_labels(t)
    threshold = threshold_text(result)
    if lists_all(len(result.programs)):
        programs = [*result.programs, OVERALL]
        fig = plots_maturity.ladder_panels_figure(
            result,
            programs,
            panel_titles={p: program_name(p, t) for p in programs},
            stage_labels=labels,
            title=t("maturity.chart.title"),
            xlabel=t("maturity.chart.xlabel"),
            threshold_label=t("maturity.chart.threshold", threshold=threshold),
            reached_label=t("maturity.chart.reached"),
        )
        display.figure(
            fig,
            alt=t("maturity.chart.alt"),
            caption=t("maturity.chart.caption", threshold=threshold),
        )
        return
    fig = plots_maturity.ladder_grid_figure(
        result,
        order_for_grid(result),
        stage_labels=labels,
        title=t("maturity.grid.title"),
        xlabel=t("maturity.grid.xlabel"),
        ylabel=t("maturity.grid.ylabel"),
        scale_label=t("maturity.grid.scale", threshold=threshold),
    )
    display.figure(
        fig, alt=t("maturity.grid.alt"), caption=t("maturity.grid.caption", threshold=threshold)
    )


def section(s: Session, result: MaturityResult) -> None:
    """Where the center stands on the maturity ladder, shown as a subsection of the
    readiness section (so the numbers of the later sections stay as they were): the
    ladders, the table of stages, each program's evidence missing for its next stage
    and the catalog metrics that evidence no stage."""
    t = s.t
    s.section(t("maturity.section"), level=3, ref="maturity")
    threshold = threshold_text(result)
    display.sentences([t("maturity.intro", threshold=threshold)])
    display.note(t("maturity.placeholder", threshold=threshold))
    _figure(result, t)
    spec = build_stage_table(result, t)
    display.table(
        spec.frame, caption=t("maturity.table.caption", threshold=threshold), **spec.kwargs()
    )
    few = lists_all(len(result.programs))
    intro = "maturity.evidence.intro" if few else "maturity.evidence.intro_many"
    display.sentences([t(intro, n=min(LIST_ALL, len(result.programs)))])
    display.bullets(build_evidence_lines(result, t))
    overall = result.below(OVERALL)
    if overall:
        stages = join([stage_label(x, t) for x in overall], t)
        display.sentences([t("maturity.overall_below", stages=stages)])
    if not result.unstaged.empty:
        labels = join(list(result.unstaged["label"]), t)
        display.sentences([t("maturity.unstaged", n=len(result.unstaged), labels=labels)])

"""The sections of the baseline report: each function shows one section from result
objects, numbers it through the session and phrases it in the session's language."""

from __future__ import annotations

import pandas as pd

from copcwb import display
from copcwb.baseline import (
    OVER_INVEST,
    SPEND,
    BaselineResult,
    ExecutiveFacts,
    MaturityResult,
    Readiness,
    SpendList,
)
from copcwb.i18n import language_of
from copcwb.i18n.formats import clause_separator, list_separator
from copcwb.quality import (
    AgreementResult,
    ErrorPareto,
    JudgedAccuracy,
    ProcessOrPeople,
    ResolutionWindows,
    SampleAdequacy,
)
from copcwb.session import Session
from copcwb.terms import ERROR_TYPES
from copcwb.views._shared import TableSpec
from copcwb.views.baseline import calibration as calibration_view
from copcwb.views.baseline import maturity_text, overview, plots, plots_many, tables, text
from copcwb.views.baseline import people as people_view
from copcwb.views.baseline.formats import Translate, month, share, window_label
from copcwb.views.business.summary import tables_of
from copcwb.views.many import lists_all


def _table(spec: TableSpec, caption: str) -> None:
    display.table(spec.frame, caption=caption, **spec.kwargs())


def _placeholder(result: BaselineResult, t: Translate) -> None:
    note = text.build_placeholder_note(result, t)
    if note:
        display.note(note)


#: the scorecard columns recorded in results.json (what a follow-up assessment compares)
SCORECARD_FIGURES = ["program", "metric", "label", "category", "unit", "direction", "month"]
SCORECARD_FIGURES += ["value", "target", "meets_target", "trend", "trend_p_val"]


def key_figures(
    facts: ExecutiveFacts,
    *,
    result: BaselineResult | None = None,
    accuracy: JudgedAccuracy | None = None,
    resolution: ResolutionWindows | None = None,
    business_case: dict[str, object] | None = None,
    actions: pd.DataFrame | None = None,
    people: dict[str, object] | None = None,
    maturity: MaturityResult | None = None,
) -> dict[str, object]:
    """The headline numbers recorded in results.json.

    scorecard: the scorecard rows (SCORECARD_FIGURES; [] without ``result``);
    readiness: {program: {ready, share_meeting, share_meeting_or_improving,
    n_metrics}} (the overall row under "ALL"); biggest_gaps: the top gap records;
    critical_error_accuracy: {program: {type: {accuracy, ci_low, ci_high, n, n_with_error,
    target, status}}} from process monitoring ({} without QA); contact_resolution: {window:
    overall rate} ({} without contacts); deteriorating: {program: [metric ids]};
    business_case: {name: the table of each result given (resolution: the resolution case,
    release: what need not be spent, economics: the assumptions)}; actions: the action
    plan's records; then the figures of ``people`` (see
    :func:`copcwb.views.baseline.people.key_figures`: process_or_people, coaching);
    maturity: {summary, evidence, threshold, unstaged} of the maturity stage ({} without
    ``maturity``, see :func:`copcwb.views.baseline.maturity_text.figures`).
    """
    ready = {
        r.program: {
            "ready": r.verdict == "ready",
            "share_meeting": r.share_meeting,
            "share_meeting_or_improving": r.share_meeting_or_improving,
            "n_metrics": r.n_metrics,
        }
        for r in facts.readiness.itertuples(index=False)
    }
    gaps = facts.biggest_gaps[["program", "metric", "label", "value", "target", "gap_pct", "trend"]]
    judged: dict[str, dict[str, dict]] = {}
    for r in facts.critical_errors.itertuples(index=False):
        judged.setdefault(r.program, {})[r.error_type] = {
            "accuracy": r.accuracy,
            "ci_low": r.ci_low,
            "ci_high": r.ci_high,
            "n": r.n,
            "n_with_error": r.n_with_error,
            "target": r.target,
            "status": r.status,
        }
    det = facts.deteriorating
    return {
        "scorecard": result.scorecard[SCORECARD_FIGURES] if result is not None else [],
        "readiness": ready,
        "biggest_gaps": gaps,
        "critical_error_accuracy": judged,
        "contact_resolution": resolution.rates if resolution is not None else {},
        "deteriorating": {p: list(det.loc[det["program"] == p, "metric"]) for p in facts.programs},
        "maturity": maturity_text.figures(maturity),
        **(people or {}),
        "business_case": tables_of(business_case),
        "actions": actions if actions is not None else [],
    }


def scorecard(s: Session, result: BaselineResult) -> None:
    """One scorecard table per program, coloured by met / not met, with gaps and trend
    arrows, and the metrics that could not be assessed. With many programs, each
    table under a heading of its own, reached from a jump list."""
    t = s.t
    s.section(t("baseline.section.scorecard"), ref="scorecard")
    latest = month(result.scorecard["month"].max(), t)
    display.sentences(
        [
            t("baseline.scorecard.intro", month=latest),
            t("baseline.scorecard.legend", n=result.params["trend_months"]),
        ]
    )
    _placeholder(result, t)
    few = lists_all(len(result.programs))
    anchors = display.anchors(result.programs, prefix="program")
    if not few:
        display.jump_list(t("baseline.scorecard.jump"), {p: anchors[p] for p in result.programs})
    for program in result.programs:
        spec = tables.build_scorecard_table(result, program, t)
        if few:
            _table(spec, t("baseline.scorecard.caption", program=program))
        else:  # the heading names the table
            display.anchored_heading(program, anchors[program])
            display.table(spec.frame, **spec.kwargs())
    missing = text.build_missing_sentence(result, t)
    display.sentences(
        missing if lists_all(len(missing)) else overview.build_missing_overview(result, t)
    )


def heatmap(s: Session, result: BaselineResult, attainment: pd.DataFrame | None = None) -> None:
    """Metric x month target attainment, one heat map per program; with many programs,
    one heat map of program x month (``attainment``: ``baseline.monthly_attainment``)."""
    t = s.t
    s.section(t("baseline.section.heatmap"), ref="heatmap")
    if not lists_all(len(result.programs)) and attainment is not None:
        _heatmap_many(s, result, attainment)
        return
    display.sentences([t("baseline.heatmap.intro")])
    _placeholder(result, t)
    for program in result.programs:
        fig = plots.heatmap_figure(
            result,
            program,
            title=t("baseline.heatmap.title", program=program),
            xlabel=t("baseline.heatmap.xlabel"),
            ylabel=t("baseline.heatmap.ylabel"),
        )
        display.figure(
            fig,
            alt=t("baseline.heatmap.alt", program=program),
            caption=t("baseline.heatmap.caption"),
        )


def _heatmap_many(s: Session, result: BaselineResult, attainment: pd.DataFrame) -> None:
    t = s.t
    number = s.number_of("scorecard")
    display.sentences([t("baseline.heatmap.intro_many", n=len(result.programs), number=number)])
    _placeholder(result, t)
    if attainment.empty:
        display.sentences([t("baseline.heatmap.many_none")])
        return
    fig = plots_many.monthly_share_figure(
        attainment,
        overview.program_order(result.readiness),
        title=t("baseline.heatmap.many_title"),
        xlabel=t("baseline.heatmap.xlabel"),
        ylabel=t("baseline.heatmap.many_ylabel"),
        scale_label=t("baseline.heatmap.many_scale"),
    )
    display.figure(
        fig, alt=t("baseline.heatmap.many_alt"), caption=t("baseline.heatmap.many_caption")
    )


def readiness(s: Session, result: BaselineResult, ready: Readiness) -> None:
    """Readiness per program and overall, and the metrics holding each program back."""
    t = s.t
    s.section(t("baseline.section.readiness"), ref="readiness")
    level, trend = share(ready.level_share, 0), share(ready.level_or_trend_share, 0)
    display.sentences([t("baseline.readiness.intro", level=level, trend=trend)])
    display.note(text.build_threshold_note(result, t))
    _placeholder(result, t)
    _table(tables.build_readiness_table(ready, t), t("baseline.readiness.caption"))
    if ready.blockers.empty:
        display.sentences([t("baseline.blockers.none")])
    else:
        display.sentences([t("baseline.blockers.intro")])
        _table(tables.build_blockers_table(result, t), t("baseline.blockers.caption"))
    if ready.n_no_target > 0:
        display.sentences([t("baseline.readiness.no_target", n=ready.n_no_target)])


def _accuracy_figure(accuracy: JudgedAccuracy, t: Translate) -> None:
    j = accuracy.process
    conf = share(accuracy.confidence, 0)
    if not lists_all(j["program"].nunique()):
        fig = plots_many.accuracy_panels_figure(
            j,
            type_labels={k: text.error_type_label(k, t) for k in ERROR_TYPES},
            title=t("baseline.accuracy.title", confidence=conf),
            xlabel=t("baseline.accuracy.xlabel_short"),
            target_label=t("baseline.accuracy.target_line"),
        )
        first = text.error_type_label(j["error_type"].iloc[0], t)
        caption = t("baseline.accuracy.many_caption", type=first)
        display.figure(fig, alt=t("baseline.accuracy.many_alt"), caption=caption)
        return
    shared_targets = (j.groupby("error_type")["target"].nunique() <= 1).all()
    targets = (
        j.drop_duplicates("error_type").set_index("error_type")["target"].to_dict()
        if shared_targets
        else None
    )
    fig = plots.accuracy_figure(
        j,
        type_labels={k: text.error_type_label(k, t) for k in ERROR_TYPES},
        targets=targets,
        confidence=accuracy.confidence,
        title=t("baseline.accuracy.title", confidence=conf),
        xlabel=t("baseline.accuracy.xlabel"),
        target_label=t("baseline.accuracy.target_line"),
    )
    display.figure(fig, alt=t("baseline.accuracy.alt"), caption=t("baseline.accuracy.caption"))


def critical_errors(
    s: Session, accuracy: JudgedAccuracy | None, agreement: AgreementResult | None = None
) -> None:
    """Process critical-error accuracy per type with intervals, and the individual and
    targeted monitoring kept apart; with ``agreement`` (the calibration check) the figures
    of the types the evaluators do not agree on say so."""
    t = s.t
    s.section(t("baseline.section.accuracy"), ref="accuracy")
    if accuracy is None or not accuracy.has_process:
        display.sentences([t(f"baseline.qa.{text.qa_missing_key(accuracy)}")])
        return
    conf = share(accuracy.confidence, 0)
    display.sentences([t("baseline.accuracy.definition", confidence=conf)])
    note = text.build_accuracy_placeholder_note(accuracy, t)
    if note:
        display.note(note)
    _accuracy_figure(accuracy, t)
    markers = calibration_view.accuracy_markers(agreement, t)
    spec = tables.build_accuracy_table(accuracy, t, markers)
    _table(spec, t("baseline.accuracy.table_caption"))

    s.section(t("baseline.section.other_monitoring"), level=3, ref="other_monitoring")
    other = tables.build_other_monitoring_table(accuracy, t)
    if other.frame.empty:
        display.sentences([t("baseline.other.none")])
    else:
        display.sentences([t("baseline.other.intro")])
        _table(other, t("baseline.other.caption", confidence=conf))


def sample_adequacy(s: Session, sample: SampleAdequacy | None) -> None:
    """Process sample taken against the sample needed, over the period and per month."""
    t = s.t
    s.section(t("baseline.section.adequacy"), level=3, ref="adequacy")
    if sample is None or not sample.has_process:
        display.sentences([t(f"baseline.adequacy.{text.qa_missing_key(sample)}")])
        return
    margin, conf = share(sample.margin, 0), share(sample.confidence, 0)
    display.sentences([t("baseline.adequacy.intro", margin=margin, confidence=conf)])
    _table(tables.build_adequacy_table(sample, t), t("baseline.adequacy.caption"))
    monthly = tables.build_monthly_adequacy_table(sample, t)
    _table(monthly, t("baseline.adequacy.monthly_caption"))
    if not sample.every_month_adequate:
        display.sentences([t("baseline.adequacy.monthly_short", margin=margin)])


def error_pareto(s: Session, pareto: ErrorPareto | None) -> None:
    """Pareto of the error codes found in process monitoring."""
    t = s.t
    s.section(t("baseline.section.pareto"), level=3, ref="pareto")
    if pareto is None or pareto.table.empty:
        state = "no_input" if pareto is None else "no_codes" if pareto.n_process else "no_process"
        display.sentences([t(f"baseline.pareto.{state}")])
        return
    vital = pareto.vital_few
    display.sentences(
        [
            t(
                "baseline.pareto.intro",
                n_codes=len(pareto.table),
                n_errors=f"{pareto.n_errors:,}",
                n_vital=len(vital),
                share=share(vital["share"].sum(), 0),
            )
        ]
    )
    fig = plots.pareto_figure(
        pareto.table,
        title=t("baseline.pareto.title"),
        xlabel=t("baseline.pareto.xlabel"),
        ylabel=t("baseline.pareto.ylabel"),
        cumulative_label=t("baseline.pareto.cumulative"),
        other_label=t("baseline.pareto.other"),
        vital_share=pareto.vital_share,
    )
    caption = t("baseline.pareto.caption", share=share(pareto.vital_share, 0))
    display.figure(fig, alt=t("baseline.pareto.alt"), caption=caption)
    _table(tables.build_pareto_table(pareto, t), t("baseline.pareto.table_caption"))


def _resolution_figures(resolution: ResolutionWindows, t: Translate) -> None:
    windows = [window_label(r.window, t) for r in resolution.windows]
    if not lists_all(resolution.windows[0].program["program"].nunique()):
        _resolution_figures_many(resolution, windows, t)
        return
    for label, res in zip(windows, resolution.windows, strict=True):
        fig = plots.resolution_figure(
            res.channel,
            title=t("baseline.resolution.title", window=label),
            xlabel=t("baseline.resolution.xlabel", window=label),
        )
        display.figure(
            fig,
            alt=t("baseline.resolution.alt", window=label),
            caption=t("baseline.resolution.caption"),
        )
    fig = plots.resolution_month_figure(
        [r.month for r in resolution.windows],
        window_titles=[t("baseline.resolution.panel", window=w) for w in windows],
        title=t("baseline.resolution.month_title"),
        xlabel=t("baseline.resolution.month_xlabel"),
        ylabel=t("baseline.resolution.month_ylabel"),
    )
    display.figure(
        fig,
        alt=t("baseline.resolution.month_alt"),
        caption=t("baseline.resolution.month_caption"),
    )


def _resolution_figures_many(
    resolution: ResolutionWindows, windows: list[str], t: Translate
) -> None:
    panels = [t("baseline.resolution.panel", window=w) for w in windows]
    fig = plots_many.resolution_panels_figure(
        [r.program for r in resolution.windows],
        window_titles=panels,
        title=t("baseline.resolution.many_title"),
        xlabel=t("baseline.resolution.many_xlabel"),
    )
    caption = t("baseline.resolution.many_caption", window=windows[0])
    display.figure(fig, alt=t("baseline.resolution.many_alt"), caption=caption)
    fig = plots_many.resolution_month_many_figure(
        [r.month for r in resolution.windows],
        [r.pooled_month for r in resolution.windows],
        window_titles=panels,
        title=t("baseline.resolution.month_title"),
        xlabel=t("baseline.resolution.month_xlabel"),
        ylabel=t("baseline.resolution.month_ylabel"),
        each_label=t("baseline.resolution.each_program"),
        all_label=t("baseline.all_programs"),
    )
    caption = t("baseline.resolution.month_caption")
    display.figure(fig, alt=t("baseline.resolution.month_many_alt"), caption=caption)


def contact_resolution(s: Session, resolution: ResolutionWindows | None) -> None:
    """Contact resolution per program and channel for each window, and by month."""
    t = s.t
    s.section(t("baseline.section.resolution"), ref="resolution")
    if resolution is None or not resolution.windows:
        display.sentences([t("baseline.contacts.no_input")])
        return
    key = "intro_reason" if resolution.same_reason else "intro"
    censored = list_separator(language_of(t)).join(
        t(
            "baseline.resolution.censored_item",
            window=window_label(r.window, t),
            n=f"{r.n_censored:,}",
        )
        for r in resolution.windows
    )
    period = resolution.windows[0].month["month"]
    start, end = month(period.min(), t), month(period.max(), t)
    display.sentences(
        [
            t(f"baseline.resolution.{key}", start=start, end=end),
            t("baseline.resolution.censored", items=censored),
        ]
    )
    if resolution.reason_missing:
        display.note(t("baseline.resolution.no_reason"))
    few = lists_all(resolution.windows[0].program["program"].nunique())
    build = text.build_resolution_lines if few else overview.build_resolution_overview
    display.bullets(build(resolution, t))
    _table(tables.build_resolution_table(resolution, t), t("baseline.resolution.table_caption"))
    _resolution_figures(resolution, t)


def spend(s: Session, result: BaselineResult, spend: SpendList) -> None:
    """Where to spend (far worse than target) and possible over-investment (far better),
    ranked by gap, deteriorating metrics called out."""
    t = s.t
    s.section(t("baseline.section.spend"), ref="spend")
    gap = share(spend.threshold, 0)
    display.sentences([t("baseline.spend.intro", gap=gap)])
    _placeholder(result, t)
    display.sentences(text.build_spend_sentence(spend, t))
    lang = language_of(t)
    for action, key in ((SPEND, "spend"), (OVER_INVEST, "over")):
        part = spend.part(action)
        s.section(t(f"baseline.spend.{key}_title"), level=3, ref=f"spend_{key}")
        if part.empty:
            display.sentences([t(f"baseline.spend.{key}_none", gap=gap)])
            continue
        worse = part[part["deteriorating"]]
        if not worse.empty and not lists_all(worse["program"].nunique()):
            display.sentences([overview.build_spend_deteriorating_many(spend, action, key, t)])
        elif not worse.empty:
            items = clause_separator(lang).join(
                f"{program}: {list_separator(lang).join(g['label'])}"
                for program, g in worse.groupby("program", sort=False)
            )
            display.sentences([t(f"baseline.spend.{key}_deteriorating", n=len(worse), items=items)])
        caption = t(f"baseline.spend.{key}_caption", gap=gap)
        _table(tables.build_spend_table(spend, action, t), caption)


def methods(
    s: Session,
    result: BaselineResult,
    *,
    accuracy: JudgedAccuracy | None = None,
    sample: SampleAdequacy | None = None,
    pareto: ErrorPareto | None = None,
    resolution: ResolutionWindows | None = None,
    spend: SpendList | None = None,
    people: ProcessOrPeople | None = None,
    agreement: AgreementResult | None = None,
    maturity: MaturityResult | None = None,
) -> None:
    """Methods and definitions an auditor can follow, for the analyses that were done."""
    t = s.t
    s.section(t("baseline.section.methods"), ref="methods")
    kw = {"accuracy": accuracy, "sample": sample, "pareto": pareto, "resolution": resolution}
    lines = text.build_methods(result, t, **kw, spend=spend) + maturity_text.methods(maturity, t)
    lines += people_view.methods(people, t)
    display.bullets(lines + calibration_view.methods(agreement, t))
    if result.placeholder_targets[0] > 0:
        display.note(t("placeholder.targets"))

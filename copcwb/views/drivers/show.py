"""The sections of the driver report: each function shows one section from the results
of one step, numbered by the session in showing order. A step that could not be done
(an ``Unavailable``) is shown with the reason."""

from __future__ import annotations

import math

import pandas as pd

from copcwb import display
from copcwb.attempt import Unavailable, available
from copcwb.drivers import (
    CriticalErrorResult,
    ImportanceResult,
    KanoResult,
    OperationalThresholds,
    OrdinalLogitResult,
    QuadrantResult,
    RatingDistribution,
    SegmentResult,
    SurveyColumns,
    WhatIfResult,
    parallel_lines_hold,
)
from copcwb.session import Session
from copcwb.views.business.summary import stake, tables_of
from copcwb.views.drivers import gap, plots, tables, text
from copcwb.views.drivers.formats import SECONDS, Context, context, label, share
from copcwb.views.many import WIDE_COLUMNS, lists_all


def _table(spec: tables.TableSpec, caption: str) -> None:
    display.table(spec.frame, caption=caption, **spec.kwargs())


def _see(s: Session, ref: str) -> None:
    """A pointer to the detailed section shown under ``ref`` (nothing if none was)."""
    number = s.number_of(ref)
    if number:
        display.sentences([s.t("drivers.summary.see", number=number)])


def key_figures(
    *,
    model: OrdinalLogitResult,
    distribution: RatingDistribution,
    brant: pd.DataFrame | Unavailable | None = None,
    importance: ImportanceResult | Unavailable | None = None,
    critical: CriticalErrorResult | Unavailable | None = None,
    whatif: WhatIfResult | Unavailable | None = None,
    business_case: dict[str, object] | None = None,
    actions: pd.DataFrame | None = None,
    gaps: pd.DataFrame | None = None,
    program_gaps: pd.DataFrame | None = None,
    gap_model: OrdinalLogitResult | Unavailable | None = None,
    confidence: float = 0.95,
) -> dict[str, object]:
    """The headline numbers recorded in results.json.

    top_driver: {driver (column), share (0-1 of explained satisfaction)} or None;
    importance: [{driver, share}] most important first; proven_customer_critical: the
    flag columns proven customer-critical; model_fit: {nobs, loglik, pseudo_r2, aic,
    brant_p_val (None when not computed)}; what_if: the what-if rows (shares 0-1);
    top_box_share: observed share at the top of the scale; expectation_gap: {overall,
    by_program, model} (see :func:`copcwb.views.drivers.gap.gap_figures`, intervals at
    ``confidence``; empty lists without expectation pairs); business_case: {name: the
    table of each result given}; actions: the action plan's records. A step that is not
    available records its empty value.
    """
    ranked = []
    if available(importance):
        ranked = [
            {"driver": str(r.driver), "share": float(r.importance_pct) / 100.0}
            for r in importance.summary().itertuples(index=False)
        ]
    brant_p = float(brant.loc["omnibus", "p_val"]) if available(brant) else None
    return {
        "top_driver": ranked[0] if ranked else None,
        "importance": ranked,
        "proven_customer_critical": list(critical.proven) if available(critical) else [],
        "model_fit": {
            "nobs": float(model.nobs),
            "loglik": float(model.loglik),
            "pseudo_r2": float(model.pseudo_r2),
            "aic": float(model.aic),
            "brant_p_val": brant_p,
        },
        "what_if": whatif.summary().drop(columns="top_box_significant")
        if available(whatif)
        else [],
        "top_box_share": distribution.top_box_share,
        "expectation_gap": gap.gap_figures(gaps, program_gaps, gap_model, confidence),
        "business_case": tables_of(business_case),
        "actions": actions if actions is not None else [],
    }


def executive_summary(
    s: Session,
    *,
    distribution: RatingDistribution,
    cols: SurveyColumns,
    model: OrdinalLogitResult,
    brant: pd.DataFrame | Unavailable | None = None,
    importance: ImportanceResult | Unavailable | None = None,
    quadrant: QuadrantResult | Unavailable | None = None,
    critical: CriticalErrorResult | Unavailable | None = None,
    whatif: WhatIfResult | Unavailable | None = None,
    thresholds: OperationalThresholds | None = None,
    money: list[str] | None = None,
    top_actions: list[str] | None = None,
    gaps: pd.DataFrame | None = None,
) -> None:
    """The drivers that matter most, the proven customer-critical errors, the most
    valuable fix, the operational thresholds, the service-quality gap (with ``gaps``
    of expectation pairs) and the parallel-lines verdict, each with a pointer to its
    section (the heading is not numbered: the report shows it first)."""
    t, c = s.t, context(s, cols)
    display.section(t("drivers.section.summary"), level=2)
    stake(s, money or [], top_actions or [])
    display.sentences([text.build_summary_intro(distribution, cols, c)])

    display.section(t("drivers.summary.drivers_title"), level=4)
    lines = text.build_top_driver_lines(importance, c)
    if lines:
        display.bullets(lines)
    else:
        display.sentences(text.build_importance_sentences(importance, model, cols, c))
    fix_first = text.build_fix_first_sentence(quadrant, c)
    if fix_first:
        display.sentences([fix_first])
    _see(s, "importance")

    display.section(t("drivers.summary.critical_title"), level=4)
    critical_lines = text.build_critical_lines(critical, c)
    if critical_lines:
        display.bullets(critical_lines)
    else:
        display.sentences(_critical_unavailable(critical, cols, c))
    _see(s, "critical")

    display.section(t("drivers.summary.best_fix_title"), level=4)
    display.sentences([text.build_best_fix_sentence(whatif, c)])
    _see(s, "whatif")

    display.section(t("drivers.summary.threshold_title"), level=4)
    found = text.build_threshold_lines(thresholds, c, found_only=True) if thresholds else []
    if found:
        display.bullets(found)
    elif thresholds is not None and thresholds.facts:
        display.sentences([t("drivers.threshold.none_found")])
    else:
        display.sentences([t("drivers.threshold.no_facts")])
    _see(s, "thresholds")
    gap.summary(s, gaps)

    display.section(t("drivers.summary.model_title"), level=4)
    fit = t("drivers.summary.model", n=f"{model.n_rows:,}", r2=f"{model.pseudo_r2:.3f}")
    display.sentences([fit, text.build_brant_sentence(brant, c)])
    _see(s, "model")


def distribution(s: Session, result: RatingDistribution) -> None:
    """Shares of overall satisfaction by level, top-box and bottom-box shares."""
    t, c = s.t, context(s)
    s.section(t("drivers.section.distribution"), ref="distribution")
    display.sentences(text.build_distribution_sentences(result, c))
    table = result.summary()
    fig = plots.distribution_figure(
        list(table["level"]),
        list(table["share"]),
        top_level=result.top_level,
        bottom_level=result.bottom_level,
        title=t("drivers.distribution.title"),
        xlabel=t("drivers.distribution.xlabel"),
        ylabel=t("drivers.distribution.ylabel"),
    )
    display.figure(
        fig, alt=t("drivers.distribution.alt"), caption=t("drivers.distribution.caption")
    )
    _table(tables.build_distribution_table(result, c), t("drivers.distribution.table_caption"))


def model(s: Session, result: OrdinalLogitResult, cols: SurveyColumns) -> None:
    """Odds ratios with intervals (table and forest plot), cut-points, fit statistics with
    the responses left out, and the VIF table."""
    t, c = s.t, context(s, cols)
    s.section(t("drivers.section.model"), ref="model")
    display.sentences(text.build_model_sentences(result, c))
    forest = tables.forest_frame(result, c)
    fig = plots.forest_figure(
        list(forest["label"]),
        list(forest["odds_ratio"]),
        list(forest["ci_low"]),
        list(forest["ci_high"]),
        list(forest["significant"]),
        title=t("drivers.model.forest_title"),
        xlabel=t("drivers.model.forest_xlabel", conf=c.conf),
        legend_significant=t("drivers.model.legend_significant", alpha=c.alpha_text),
        legend_not=t("drivers.model.legend_not"),
    )
    display.figure(
        fig, alt=t("drivers.model.forest_alt"), caption=t("drivers.model.forest_caption")
    )
    _table(tables.build_model_table(result, c), t("drivers.model.table_caption", conf=c.conf))
    if any(c.kind(p) == SECONDS for p in result.terms):
        display.sentences([t("drivers.model.seconds_note")])

    s.section(t("drivers.section.fit"), level=3, ref="fit")
    display.sentences([text.build_dropped_sentence(result, cols, c)])
    _table(tables.build_fit_table(result, c), t("drivers.fit.caption"))
    _table(tables.build_cutpoint_table(result, c), t("drivers.cutpoints.caption"))

    s.section(t("drivers.section.vif"), level=3, ref="vif")
    display.sentences([text.build_vif_sentence(result, c)])
    _table(tables.build_vif_table(result, c), t("drivers.vif.caption"))


def parallel_lines(s: Session, brant: pd.DataFrame | Unavailable) -> None:
    """The Brant test of the parallel-lines assumption, omnibus and per predictor."""
    t, c = s.t, context(s)
    s.section(t("drivers.section.brant"), ref="brant")
    display.sentences([t("drivers.brant.intro")])
    verdict = text.build_brant_sentence(brant, c)
    if available(brant) and parallel_lines_hold(brant, c.alpha):
        display.sentences([verdict])
    else:
        display.note(verdict)
    if available(brant):
        _table(tables.build_brant_table(brant, c), t("drivers.brant.caption"))


def importance(
    s: Session,
    result: ImportanceResult | Unavailable,
    model: OrdinalLogitResult,
    cols: SurveyColumns,
) -> None:
    """Dominance weights of the predictors (shares summing to 100%), and what the
    decomposition controlled for."""
    t, c = s.t, context(s, cols)
    s.section(t("drivers.section.importance"), ref="importance")
    display.sentences(text.build_importance_sentences(result, model, cols, c))
    if not available(result):
        return
    summ = result.summary()
    boot = result.n_boot > 0
    fig = plots.importance_figure(
        [label(str(d), t) for d in summ["driver"]],
        list(summ["importance_pct"] / 100.0),
        ci_low=list(summ["ci_low"] / 100.0) if boot else None,
        ci_high=list(summ["ci_high"] / 100.0) if boot else None,
        title=t("drivers.importance.title"),
        xlabel=t("drivers.importance.xlabel"),
    )
    display.figure(fig, alt=t("drivers.importance.alt"), caption=t("drivers.importance.caption"))
    _table(tables.build_importance_table(result, c), t("drivers.importance.table_caption"))


def quadrant(s: Session, result: QuadrantResult | Unavailable, cols: SurveyColumns) -> None:
    """Importance against performance of the driver ratings, "fix first" labelled."""
    t, c = s.t, context(s, cols)
    s.section(t("drivers.section.quadrant"), ref="quadrant")
    display.sentences(text.build_quadrant_sentences(result, cols, c))
    if not available(result):
        return
    summ = result.summary()
    table = summ.assign(
        label=[label(str(d), t) for d in summ["driver"]],
        importance=summ["importance"] / 100.0,
    )
    names = {x: t(f"drivers.quadrant.{text.key(x)}") for x in text.QUADRANTS}
    fig = plots.quadrant_figure(
        table,
        importance_split=result.importance_split / 100.0,
        performance_split=result.performance_split,
        quadrant_names=names,
        title=t("drivers.quadrant.title"),
        xlabel=t("drivers.quadrant.xlabel", low=c.bottom_level, high=c.top_level),
        ylabel=t("drivers.quadrant.ylabel"),
    )
    display.figure(fig, alt=t("drivers.quadrant.alt"), caption=t("drivers.quadrant.caption"))
    _table(tables.build_quadrant_table(result, c), t("drivers.quadrant.table_caption"))


def kano(s: Session, result: KanoResult | Unavailable, cols: SurveyColumns) -> None:
    """Kano classes of the driver ratings from penalty-reward analysis, each class
    explained in one line."""
    t, c = s.t, context(s, cols)
    s.section(t("drivers.section.kano"), ref="kano")
    if not available(result):
        reason = t("drivers.kano.no_drivers") if not cols.drivers else result.reason
        display.sentences([t("drivers.kano.failed", reason=reason)])
        return
    display.sentences([text.build_kano_intro(result, c)])
    display.bullets(text.build_kano_explanations(t))
    _table(tables.build_kano_table(result, c), t("drivers.kano.caption", conf=c.conf))


def thresholds(s: Session, result: OperationalThresholds, cols: SurveyColumns) -> None:
    """Top-box curves over the continuous operational facts and where they start to hurt."""
    t, c = s.t, context(s, cols)
    s.section(t("drivers.section.thresholds"), ref="thresholds")
    if not result.facts:
        display.sentences([t("drivers.threshold.no_facts")])
        return
    display.sentences([t("drivers.threshold.intro", conf=c.conf)])
    display.bullets(text.build_threshold_lines(result, c))
    for fact, res in result.results.items():
        name = label(fact, t)
        unit = t("drivers.unit.seconds_axis") if c.kind(fact) == SECONDS else ""
        fig = plots.threshold_figure(
            res.curve,
            threshold=res.threshold,
            title=t("drivers.threshold.title", fact=name),
            xlabel=f"{name}{unit}",
            ylabel=t("drivers.threshold.ylabel", top=c.top_level),
            band_label=t("drivers.threshold.band", conf=c.conf),
            threshold_label=t("drivers.threshold.line"),
            threshold_ci=res.threshold_ci,
            threshold_ci_label=t("drivers.threshold.line_ci", conf=c.conf),
        )
        if not math.isfinite(res.threshold):
            caption = t("drivers.threshold.caption_flat")
        elif res.threshold_ci[1] > res.threshold_ci[0]:
            caption = t("drivers.threshold.caption", conf=c.conf)
        else:
            caption = t("drivers.threshold.caption_point", conf=c.conf)
        display.figure(fig, alt=t("drivers.threshold.alt", fact=name), caption=caption)
    if result.results:
        _table(tables.build_threshold_table(result, c), t("drivers.threshold.table_caption"))


def _critical_unavailable(critical: object, cols: SurveyColumns, c: Context) -> list[str]:
    if not cols.error_flags:
        return [c.t("drivers.critical.none")]
    return [c.t("drivers.critical.failed", reason=getattr(critical, "reason", ""))]


def critical_errors(
    s: Session, result: CriticalErrorResult | Unavailable, cols: SurveyColumns
) -> None:
    """Which critical errors are proven customer-critical: odds ratios, intervals, verdicts."""
    t, c = s.t, context(s, cols)
    s.section(t("drivers.section.critical"), ref="critical")
    if not available(result):
        display.sentences(_critical_unavailable(result, cols, c))
        return
    display.sentences([t("drivers.critical.intro", alpha=c.alpha_text)])
    _table(tables.build_critical_table(result, c), t("drivers.critical.caption", conf=c.conf))
    display.bullets(text.build_critical_lines(result, c))


def what_if(
    s: Session,
    result: WhatIfResult | Unavailable,
    distribution: RatingDistribution,
    cols: SurveyColumns,
) -> None:
    """Predicted change in top-box and bottom-box shares if a driver improves by one point
    or a critical error is eliminated."""
    t, c = s.t, context(s, cols)
    s.section(t("drivers.section.whatif"), ref="whatif")
    if not available(result):
        if not (cols.drivers or cols.flags):
            display.sentences([t("drivers.whatif.none")])
        else:
            display.sentences([t("drivers.whatif.failed", reason=result.reason)])
        return
    summ = result.summary().sort_values("top_box_change", ascending=False, kind="stable")
    base = float(summ["top_box_base"].iloc[0])
    display.sentences(
        [
            t("drivers.whatif.intro", top=c.top_level, bottom=c.bottom_level),
            t(
                "drivers.whatif.base",
                base=share(base),
                observed=share(distribution.top_box_share),
            ),
        ]
    )
    spec = tables.build_whatif_table(result, c)
    fig = plots.whatif_figure(
        list(spec.frame["action"]),
        list(summ["top_box_change"]),
        list(summ["top_box_ci_low"]),
        list(summ["top_box_ci_high"]),
        title=t("drivers.whatif.title", top=c.top_level),
        xlabel=t("drivers.whatif.xlabel", conf=c.conf),
    )
    display.figure(fig, alt=t("drivers.whatif.alt"), caption=t("drivers.whatif.caption"))
    _table(spec, t("drivers.whatif.caption_table", conf=c.conf))
    gains = result.gains()
    if not gains.empty:
        display.bullets([text.whatif_sentence(r, c) for r in gains.head(3).itertuples()])


def segments(s: Session, result: SegmentResult | Unavailable, cols: SurveyColumns) -> None:
    """The same model per program: which programs could be fitted and their odds ratios."""
    t, c = s.t, context(s, cols)
    s.section(t("drivers.section.segments"), ref="segments")
    if not available(result):
        if len(cols.programs) < 2:
            display.sentences([t("drivers.segments.one_program")])
        else:
            display.sentences([t("drivers.segments.not_fitted", reason=result.reason)])
        return
    display.sentences([t("drivers.segments.intro", n=f"{result.min_responses:,}")])
    _table(tables.build_segment_overview(result, c), t("drivers.segments.overview_caption"))
    if result.results:
        few = lists_all(len(result.results))
        lines = text.build_segment_lines if few else text.build_segment_counts
        display.bullets(lines(result, cols, c))
        wide = len(result.results) > WIDE_COLUMNS  # programs as rows, not as columns
        build = tables.build_segment_rows if wide else tables.build_segment_table
        _table(build(result, cols, c), t("drivers.segments.caption", conf=c.conf))
    else:
        display.sentences([t("drivers.segments.none_fitted")])


def methods(
    s: Session,
    result: OrdinalLogitResult,
    cols: SurveyColumns,
    *,
    importance: ImportanceResult | Unavailable | None = None,
    kano: KanoResult | Unavailable | None = None,
) -> None:
    """Methods and definitions an auditor can follow, with the coding of each predictor."""
    t, c = s.t, context(s, cols)
    s.section(t("drivers.section.methods"), ref="methods")
    lines = text.build_methods(
        result,
        cols,
        c,
        importance=importance,
        kano=kano,
        min_segment_responses=s.options.min_segment_responses,
    )
    display.bullets(lines)
    _table(tables.build_coding_table(cols, c), t("drivers.coding.caption"))

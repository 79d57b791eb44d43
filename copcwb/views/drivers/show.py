"""The sections of the driver report: each function shows one section."""

from __future__ import annotations

import math

from copcwb import display
from copcwb.results import record
from copcwb.session import Session
from copcwb.views.drivers import plots, tables, text
from copcwb.views.drivers.findings import DriverFindings
from copcwb.views.drivers.formats import SECONDS, label, share


def _table(spec: tables.TableSpec, caption: str) -> None:
    display.table(spec.frame, caption=caption, **spec.kwargs())


def key_figures(f: DriverFindings) -> dict[str, object]:
    """The headline numbers recorded in results.json.

    top_driver: {driver (column), share (0-1 of explained satisfaction)} or None;
    importance: [{driver, share}] most important first; proven_customer_critical: the
    flag columns proven customer-critical; model_fit: {nobs, loglik, pseudo_r2, aic,
    brant_p_val (None when not computed)}; what_if: the what-if rows (shares 0-1);
    top_box_share: observed share at the top of the scale.
    """
    importance = []
    top = None
    if f.importance is not None:
        s = f.importance.summary()
        importance = [
            {"driver": str(r.driver), "share": float(r.importance_pct) / 100.0}
            for r in s.itertuples(index=False)
        ]
        top = importance[0] if importance else None
    brant_p = None if f.brant is None else float(f.brant.loc["omnibus", "p_val"])
    m = f.model
    return {
        "top_driver": top,
        "importance": importance,
        "proven_customer_critical": [] if f.critical is None else list(f.critical.proven),
        "model_fit": {
            "nobs": float(m.nobs),
            "loglik": float(m.loglik),
            "pseudo_r2": float(m.pseudo_r2),
            "aic": float(m.aic),
            "brant_p_val": brant_p,
        },
        "what_if": [] if f.whatif is None else f.whatif.summary(),
        "top_box_share": f.top_box_share,
    }


def show_executive_summary(s: Session, f: DriverFindings, *, number: str = "1") -> None:
    """The drivers that matter most, the proven customer-critical errors, the most
    valuable fix, the operational thresholds and the parallel-lines verdict; records the
    key figures."""
    t = s.t
    display.section(t("drivers.section.summary"), number=number)
    display.sentences([text.build_summary_intro(f, t)])

    display.section(t("drivers.summary.drivers_title"), level=4)
    lines = text.build_top_driver_lines(f, t)
    if lines:
        display.bullets(lines)
    else:
        display.sentences(text.build_importance_sentences(f, t))
    fix_first = text.build_fix_first_sentence(f, t)
    if fix_first:
        display.sentences([fix_first])

    display.section(t("drivers.summary.critical_title"), level=4)
    critical = text.build_critical_lines(f, t)
    if critical:
        display.bullets(critical)
    else:
        display.sentences([t("drivers.critical.none")])

    display.section(t("drivers.summary.best_fix_title"), level=4)
    display.sentences([text.build_best_fix_sentence(f, t)])

    display.section(t("drivers.summary.threshold_title"), level=4)
    found = text.build_threshold_lines(f, t, found_only=True)
    if found:
        display.bullets(found)
    elif f.thresholds or f.threshold_errors:
        display.sentences([t("drivers.threshold.none_found")])
    else:
        display.sentences([t("drivers.threshold.no_facts")])

    display.section(t("drivers.summary.model_title"), level=4)
    display.sentences(
        [
            t(
                "drivers.summary.model",
                n=f"{f.model.n_rows:,}",
                r2=f"{f.model.pseudo_r2:.3f}",
            ),
            text.build_brant_sentence(f, t),
        ]
    )
    for name, value in key_figures(f).items():
        record(name, value)


def show_distribution(s: Session, f: DriverFindings, *, number: str = "3") -> None:
    """Shares of overall satisfaction by level, top-box and bottom-box shares."""
    t = s.t
    display.section(t("drivers.section.distribution"), number=number)
    display.sentences(text.build_distribution_sentences(f, t))
    fig = plots.distribution_figure(
        list(f.dist["level"]),
        list(f.dist["share"]),
        top_level=f.top_level,
        bottom_level=f.bottom_level,
        title=t("drivers.distribution.title"),
        xlabel=t("drivers.distribution.xlabel"),
        ylabel=t("drivers.distribution.ylabel"),
    )
    display.figure(
        fig, alt=t("drivers.distribution.alt"), caption=t("drivers.distribution.caption")
    )
    _table(tables.build_distribution_table(f, t), t("drivers.distribution.table_caption"))


def show_model(s: Session, f: DriverFindings, *, number: str = "4") -> None:
    """Odds ratios with intervals (table and forest plot), cut-points, fit statistics with
    the responses left out, and the VIF table."""
    t = s.t
    conf = text.conf_text(f)
    display.section(t("drivers.section.model"), number=number)
    display.sentences(text.build_model_sentences(f, t))
    forest = tables.forest_frame(f, t)
    fig = plots.forest_figure(
        list(forest["label"]),
        list(forest["odds_ratio"]),
        list(forest["ci_low"]),
        list(forest["ci_high"]),
        list(forest["significant"]),
        title=t("drivers.model.forest_title"),
        xlabel=t("drivers.model.forest_xlabel", conf=conf),
        legend_significant=t("drivers.model.legend_significant", alpha=f"{f.alpha:g}"),
        legend_not=t("drivers.model.legend_not"),
    )
    display.figure(
        fig, alt=t("drivers.model.forest_alt"), caption=t("drivers.model.forest_caption")
    )
    _table(tables.build_model_table(f, t), t("drivers.model.table_caption", conf=conf))
    if any(k == SECONDS for k in f.kinds.values()):
        display.sentences([t("drivers.model.seconds_note")])

    display.section(t("drivers.section.fit"), level=3, number=f"{number}.1")
    display.sentences([text.build_dropped_sentence(f, t)])
    _table(tables.build_fit_table(f, t), t("drivers.fit.caption"))
    _table(tables.build_cutpoint_table(f, t), t("drivers.cutpoints.caption"))

    display.section(t("drivers.section.vif"), level=3, number=f"{number}.2")
    display.sentences([text.build_vif_sentence(f, t)])
    _table(tables.build_vif_table(f, t), t("drivers.vif.caption"))


def show_parallel_lines(s: Session, f: DriverFindings, *, number: str = "5") -> None:
    """The Brant test of the parallel-lines assumption, omnibus and per predictor."""
    t = s.t
    display.section(t("drivers.section.brant"), number=number)
    display.sentences([t("drivers.brant.intro")])
    verdict = text.build_brant_sentence(f, t)
    if f.brant_holds:
        display.sentences([verdict])
    else:
        display.note(verdict)
    if f.brant is not None:
        _table(tables.build_brant_table(f, t), t("drivers.brant.caption"))


def show_importance(s: Session, f: DriverFindings, *, number: str = "6") -> None:
    """Dominance weights of every predictor (shares summing to 100%)."""
    t = s.t
    display.section(t("drivers.section.importance"), number=number)
    display.sentences(text.build_importance_sentences(f, t))
    if f.importance is None:
        return
    summ = f.importance.summary()
    boot = f.importance.n_boot > 0
    fig = plots.importance_figure(
        [label(str(d), t) for d in summ["driver"]],
        list(summ["importance_pct"] / 100.0),
        ci_low=list(summ["ci_low"] / 100.0) if boot else None,
        ci_high=list(summ["ci_high"] / 100.0) if boot else None,
        title=t("drivers.importance.title"),
        xlabel=t("drivers.importance.xlabel"),
    )
    display.figure(fig, alt=t("drivers.importance.alt"), caption=t("drivers.importance.caption"))
    _table(tables.build_importance_table(f, t), t("drivers.importance.table_caption"))


def show_quadrant(s: Session, f: DriverFindings, *, number: str = "7") -> None:
    """Importance against performance of the driver ratings, "fix first" labelled."""
    t = s.t
    display.section(t("drivers.section.quadrant"), number=number)
    display.sentences(text.build_quadrant_sentences(f, t))
    q = f.quadrant
    if q is None:
        return
    summ = q.summary()
    table = summ.assign(
        label=[label(str(d), t) for d in summ["driver"]],
        importance=summ["importance"] / 100.0,
    )
    names = {x: t(f"drivers.quadrant.{text.key(x)}") for x in text.QUADRANTS}
    fig = plots.quadrant_figure(
        table,
        importance_split=q.importance_split / 100.0,
        performance_split=q.performance_split,
        quadrant_names=names,
        title=t("drivers.quadrant.title"),
        xlabel=t("drivers.quadrant.xlabel", low=f.bottom_level, high=f.top_level),
        ylabel=t("drivers.quadrant.ylabel"),
    )
    display.figure(fig, alt=t("drivers.quadrant.alt"), caption=t("drivers.quadrant.caption"))
    _table(tables.build_quadrant_table(f, t), t("drivers.quadrant.table_caption"))


def show_kano(s: Session, f: DriverFindings, *, number: str = "8") -> None:
    """Kano classes of the driver ratings from penalty-reward analysis, each class
    explained in one line."""
    t = s.t
    display.section(t("drivers.section.kano"), number=number)
    if f.kano is None:
        reason = f.kano_error or t("drivers.kano.no_drivers")
        display.sentences([t("drivers.kano.failed", reason=reason)])
        return
    display.sentences([text.build_kano_intro(f, t)])
    display.bullets(text.build_kano_explanations(t))
    _table(tables.build_kano_table(f, t), t("drivers.kano.caption", conf=text.conf_text(f)))


def show_thresholds(s: Session, f: DriverFindings, *, number: str = "9") -> None:
    """Top-box curves over the continuous operational facts and where they start to hurt."""
    t = s.t
    display.section(t("drivers.section.thresholds"), number=number)
    if not f.thresholds and not f.threshold_errors:
        display.sentences([t("drivers.threshold.no_facts")])
        return
    display.sentences([t("drivers.threshold.intro", conf=text.conf_text(f))])
    display.bullets(text.build_threshold_lines(f, t))
    for fact, res in f.thresholds.items():
        name = label(fact, t)
        unit = t("drivers.unit.seconds_axis") if f.kinds[fact] == SECONDS else ""
        fig = plots.threshold_figure(
            res.curve,
            threshold=res.threshold,
            title=t("drivers.threshold.title", fact=name),
            xlabel=f"{name}{unit}",
            ylabel=t("drivers.threshold.ylabel", top=f.top_level),
            band_label=t("drivers.threshold.band", conf=text.conf_text(f)),
            threshold_label=t("drivers.threshold.line"),
            threshold_ci=res.threshold_ci,
            threshold_ci_label=t("drivers.threshold.line_ci", conf=text.conf_text(f)),
        )
        if not math.isfinite(res.threshold):
            caption = t("drivers.threshold.caption_flat")
        elif res.threshold_ci[1] > res.threshold_ci[0]:
            caption = t("drivers.threshold.caption", conf=text.conf_text(f))
        else:
            caption = t("drivers.threshold.caption_point", conf=text.conf_text(f))
        display.figure(fig, alt=t("drivers.threshold.alt", fact=name), caption=caption)
    if f.thresholds:
        _table(tables.build_threshold_table(f, t), t("drivers.threshold.table_caption"))


def show_critical_errors(s: Session, f: DriverFindings, *, number: str = "10") -> None:
    """Which critical errors are proven customer-critical: odds ratios, intervals, verdicts."""
    t = s.t
    display.section(t("drivers.section.critical"), number=number)
    if f.critical is None:
        display.sentences([t("drivers.critical.none")])
        return
    display.sentences([t("drivers.critical.intro", alpha=f"{f.alpha:g}")])
    _table(
        tables.build_critical_table(f, t),
        t("drivers.critical.caption", conf=text.conf_text(f)),
    )
    display.bullets(text.build_critical_lines(f, t))


def show_what_if(s: Session, f: DriverFindings, *, number: str = "11") -> None:
    """Predicted change in top-box and bottom-box shares if a driver improves by one point
    or a critical error is eliminated."""
    t = s.t
    display.section(t("drivers.section.whatif"), number=number)
    if f.whatif is None:
        display.sentences([t("drivers.whatif.none")])
        return
    conf = text.conf_text(f)
    base = float(f.whatif.summary()["top_box_base"].iloc[0])
    display.sentences(
        [
            t("drivers.whatif.intro", top=f.top_level, bottom=f.bottom_level),
            t("drivers.whatif.base", base=share(base), observed=share(f.top_box_share)),
        ]
    )
    spec = tables.build_whatif_table(f, t)
    summ = f.whatif.summary().sort_values("top_box_change", ascending=False, kind="stable")
    fig = plots.whatif_figure(
        list(spec.frame["action"]),
        list(summ["top_box_change"]),
        list(summ["top_box_ci_low"]),
        list(summ["top_box_ci_high"]),
        title=t("drivers.whatif.title", top=f.top_level),
        xlabel=t("drivers.whatif.xlabel", conf=conf),
    )
    display.figure(fig, alt=t("drivers.whatif.alt"), caption=t("drivers.whatif.caption"))
    _table(spec, t("drivers.whatif.caption_table", conf=conf))
    rows = [r for r in summ.itertuples(index=False) if r.top_box_ci_low > 0]
    if rows:
        display.bullets([text.whatif_sentence(r, f, t) for r in rows[:3]])


def show_segments(s: Session, f: DriverFindings, *, number: str = "12") -> None:
    """The same model per program: which programs could be fitted and their odds ratios."""
    t = s.t
    display.section(t("drivers.section.segments"), number=number)
    if f.segments is None:
        state = "one_program" if f.segment_state == "one_program" else "not_fitted"
        display.sentences([t(f"drivers.segments.{state}", reason=f.segment_error)])
        return
    display.sentences([t("drivers.segments.intro", n=f"{f.options.min_segment_responses:,}")])
    _table(tables.build_segment_overview(f, t), t("drivers.segments.overview_caption"))
    if f.segments.results:
        display.bullets(text.build_segment_lines(f, t))
        _table(
            tables.build_segment_table(f, t),
            t("drivers.segments.caption", conf=text.conf_text(f)),
        )
    else:
        display.sentences([t("drivers.segments.none_fitted")])


def show_methods(s: Session, f: DriverFindings, *, number: str = "13") -> None:
    """Methods and definitions an auditor can follow, with the coding of each predictor."""
    t = s.t
    display.section(t("drivers.section.methods"), number=number)
    display.bullets(text.build_methods(f, t))
    _table(tables.build_coding_table(f, t), t("drivers.coding.caption"))

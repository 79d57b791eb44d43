"""The sections of the journey report: each function shows one section from the results
of one step (``copcwb.journey``, ``copcwb.drivers``), numbered by the session in showing
order. A step that could not be done (an ``Unavailable``) is shown with the reason."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from copcwb import display
from copcwb.attempt import available
from copcwb.journey import JourneyMatrix, SurveyedJourneys, checkpoint_of
from copcwb.journey.catalog import SOURCE_KEY
from copcwb.journey.checkpoints import COMPUTED
from copcwb.session import Session
from copcwb.views.business.summary import stake, tables_of
from copcwb.views.drivers import plots as driver_plots
from copcwb.views.drivers import tables as driver_tables
from copcwb.views.drivers import text as driver_text
from copcwb.views.journey import plots, tables, text
from copcwb.views.journey.formats import Context, context, share


def _table(spec, caption: str) -> None:
    display.table(spec.frame, caption=caption, **spec.kwargs())


def _see(s: Session, ref: str) -> None:
    number = s.number_of(ref)
    if number:
        display.sentences([s.t("journey.summary.see", number=number)])


def key_figures(
    *,
    matrix: JourneyMatrix,
    critical=None,
    score=None,
    review=None,
    left: pd.DataFrame | None = None,
    business_case: dict[str, object] | None = None,
    actions: pd.DataFrame | None = None,
) -> dict[str, object]:
    """The headline numbers recorded in results.json.

    checkpoints: [{checkpoint, touchpoint, dimension, n_applicable, n_failed,
    failure_rate, n_open, status}] over all contacts; worst_touchpoint: {touchpoint,
    checkpoint, failure_rate} or None; customer_critical: the checkpoint ids proven to
    lower satisfaction; share_at_risk (0-1) or None; calibration: {hl_chi2, hl_df,
    hl_p_val, brier} or None; review_size: contacts on the review list; human_qa: the
    ids of the checkpoints not judged from data; business_case; actions.
    """
    pooled = matrix.checkpoints
    judged = pooled[(pooled["status"] == COMPUTED) & pooled["failure_rate"].notna()]
    worst = judged.sort_values("failure_rate", ascending=False, kind="stable").head(1)
    columns = ["checkpoint", "touchpoint", "dimension", "n_applicable", "n_failed"]
    columns += ["failure_rate", "n_open", "status"]
    return {
        "checkpoints": pooled[columns],
        "worst_touchpoint": worst[["touchpoint", "checkpoint", "failure_rate"]].iloc[0].to_dict()
        if len(worst)
        else None,
        "customer_critical": [checkpoint_of(f) for f in critical.proven]
        if available(critical)
        else [],
        "share_at_risk": score.share_at_risk if available(score) else None,
        "calibration": {
            "hl_chi2": score.hl_chi2,
            "hl_df": score.hl_df,
            "hl_p_val": score.hl_p_val,
            "brier": score.brier,
        }
        if available(score)
        else None,
        "review_size": len(review.table) if available(review) else 0,
        "human_qa": list(left["checkpoint"]) if left is not None else [],
        "business_case": tables_of(business_case),
        "actions": actions if actions is not None else [],
    }


def executive_summary(
    s: Session,
    *,
    matrix: JourneyMatrix,
    rates: pd.DataFrame,
    catalog: pd.DataFrame,
    critical=None,
    thresholds=None,
    score=None,
    money: list[str] | None = None,
    top_actions: list[str] | None = None,
) -> None:
    """The worst touchpoints, the customer-critical checkpoints, where satisfaction starts
    to fall and the share of contacts at risk, each with a pointer to its section (the
    heading is not numbered: the report shows it first)."""
    t, c = s.t, context(s, catalog)
    display.section(t("journey.section.summary"), level=2)
    stake(s, money or [], top_actions or [])
    n_contacts = len(s.log("journeys"))
    display.sentences([text.summary_intro(rates, matrix.checkpoints, n_contacts, c)])

    display.section(t("journey.summary.touchpoints_title"), level=4)
    lines = text.worst_touchpoints(matrix, c)
    if lines:
        display.bullets(lines)
    else:
        display.sentences([t("journey.rates.none")])
    _see(s, "journey_matrix")

    display.section(t("journey.summary.critical_title"), level=4)
    lines = text.critical_lines(critical, rates, c)
    if lines:
        display.bullets(lines)
    elif available(critical):
        display.sentences([t("journey.summary.no_critical", alpha=f"{c.alpha:g}")])
    else:
        display.sentences([t("journey.effects.unavailable", reason=text.reason(critical))])
    found = []
    if thresholds is not None:
        dc = c.drivers(thresholds.facts)
        found = driver_text.build_threshold_lines(thresholds, dc, found_only=True)
    if found:
        display.bullets(found)
    _see(s, "journey_effects")

    display.section(t("journey.summary.risk_title"), level=4)
    display.sentences([text.risk_sentence(score, c)])
    _see(s, "journey_score")


def matrix(s: Session, grid: JourneyMatrix, catalog: pd.DataFrame) -> None:
    """The touchpoint x dimension grid coloured by the worst failure rate of each cell,
    and the checkpoints of each cell."""
    t, c = s.t, context(s, catalog)
    s.section(t("journey.section.matrix"), ref="journey_matrix")
    display.sentences([t("journey.matrix.intro")])
    rates = grid.grid().to_numpy(dtype=float)
    counts = grid.grid("n_checkpoints").to_numpy()
    human = (counts > 0) & ~np.isfinite(rates)
    mark = t("journey.matrix.mark")
    notes = [
        [
            share(r, 0) if np.isfinite(r) else (mark if h else "")
            for r, h in zip(row, hs, strict=True)
        ]
        for row, hs in zip(rates, human, strict=True)
    ]
    fig = plots.matrix_figure(
        rates,
        notes,
        rows=[c.touchpoint(x) for x in grid.touchpoints],
        columns=[c.dimension(x) for x in grid.dimensions],
        title=t("journey.matrix.title"),
        colour_label=t("journey.matrix.colour"),
        uncoloured=human,
    )
    display.figure(fig, alt=t("journey.matrix.alt"), caption=t("journey.matrix.caption"))
    _table(tables.build_matrix_table(grid, c), t("journey.matrix.table_caption"))


def rates(s: Session, table: pd.DataFrame, grid: JourneyMatrix, catalog: pd.DataFrame) -> None:
    """The failure rate of every checkpoint judged from data, for all contacts and per
    program, with the bot dead ends when both bot checkpoints are judged."""
    t, c = s.t, context(s, catalog)
    s.section(t("journey.section.rates"), ref="journey_rates")
    pooled = grid.checkpoints
    if not (pooled["status"] == COMPUTED).any():
        display.sentences([t("journey.rates.none")])
        return
    display.sentences([t("journey.rates.intro", conf=c.conf)])
    dead_end = text.dead_end_sentence(pooled, c)
    if dead_end:
        display.sentences([dead_end])
    _table(tables.build_pooled_table(pooled, c), t("journey.rates.all_caption", conf=c.conf))
    by = [k for k in table.columns[: list(table.columns).index("checkpoint")]]
    if len(by) == 1:
        spec = tables.build_program_table(table, by[0], c)
        _table(spec, t("journey.rates.program_caption"))


def effects(
    s: Session,
    linked: SurveyedJourneys,
    critical,
    thresholds,
    whatif,
    rates: pd.DataFrame,
    catalog: pd.DataFrame,
) -> None:
    """Which checkpoints are customer-critical (odds ratios of one ordinal model), where
    the journey facts start to hurt, and what ending each checkpoint's failures is worth."""
    t, c = s.t, context(s, catalog)
    s.section(t("journey.section.effects"), ref="journey_effects")
    if linked.reason:
        display.sentences([t("journey.effects.unavailable", reason=linked.reason)])
        return
    display.sentences(
        [t("journey.effects.intro", n_linked=f"{linked.n_linked:,}",
           n_survey=f"{linked.n_survey:,}", alpha=f"{c.alpha:g}")]
    )  # fmt: skip
    if not available(critical):
        key = "journey.effects.no_flags" if not linked.flags else "journey.effects.unavailable"
        display.sentences([t(key, reason=text.reason(critical))])
    else:
        spec = tables.build_effects_table(critical, c)
        _table(spec, t("journey.effects.caption", conf=c.conf))
        lines = text.critical_lines(critical, rates, c)
        no_critical = t("journey.summary.no_critical", alpha=f"{c.alpha:g}")
        if lines:
            display.bullets(lines)
        else:
            display.sentences([no_critical])
    notes = text.left_out_lines(linked, c)
    if notes:
        display.bullets(notes)
    _thresholds(s, thresholds, c)
    _what_if(s, whatif, c)


def _thresholds(s: Session, thresholds, c: Context) -> None:
    t = s.t
    s.section(t("journey.effects.thresholds_title"), level=3, ref="journey_thresholds")
    if thresholds is None or not thresholds.facts:
        display.sentences([t("journey.effects.no_facts")])
        return
    dc = c.drivers(thresholds.facts)
    display.sentences([t("journey.effects.thresholds_intro")])
    display.bullets(driver_text.build_threshold_lines(thresholds, dc))
    for fact, res in thresholds.results.items():
        name = driver_text.label(fact, t)
        fig = driver_plots.threshold_figure(
            res.curve,
            threshold=res.threshold,
            title=t("drivers.threshold.title", fact=name),
            xlabel=name,
            ylabel=t("drivers.threshold.ylabel", top=c.scale[1]),
            band_label=t("drivers.threshold.band", conf=c.conf),
            threshold_label=t("drivers.threshold.line"),
            threshold_ci=res.threshold_ci,
            threshold_ci_label=t("drivers.threshold.line_ci", conf=c.conf),
        )
        found = math.isfinite(res.threshold)
        caption = (
            t("drivers.threshold.caption", conf=c.conf)
            if found
            else t("drivers.threshold.caption_flat")
        )
        display.figure(fig, alt=t("drivers.threshold.alt", fact=name), caption=caption)
    if thresholds.results:
        _table(
            driver_tables.build_threshold_table(thresholds, dc),
            t("drivers.threshold.table_caption"),
        )


def _what_if(s: Session, whatif, c: Context) -> None:
    t = s.t
    s.section(t("journey.effects.whatif_title"), level=3, ref="journey_whatif")
    if not available(whatif):
        display.sentences([t("journey.effects.whatif_unavailable", reason=text.reason(whatif))])
        return
    display.sentences([t("journey.effects.whatif_intro", top=c.scale[1])])
    _table(tables.build_whatif_table(whatif, c), t("journey.effects.whatif_caption", conf=c.conf))


def calibration(s: Session, score, catalog: pd.DataFrame | None = None) -> None:
    """The risk score: its calibration (predicted against observed by group, out of
    sample) and the contacts at risk by program."""
    t, c = s.t, context(s, catalog)
    s.section(t("journey.section.score"), ref="journey_score")
    if not available(score):
        display.sentences([t("journey.calibration.unavailable", reason=text.reason(score))])
        return
    levels = ", ".join(str(x) for x in score.bottom_levels)
    display.sentences([t("journey.calibration.intro", levels=levels, folds=score.folds)])
    cal = score.calibration
    fig = plots.calibration_figure(
        cal["predicted"], cal["observed"], cal["ci_low"], cal["ci_high"],
        title=t("journey.calibration.title"), xlabel=t("journey.calibration.xlabel"),
        ylabel=t("journey.calibration.ylabel"),
    )  # fmt: skip
    display.figure(fig, alt=t("journey.calibration.alt"), caption=t("journey.calibration.caption"))
    display.sentences(text.calibration_sentences(score, c))
    _table(
        tables.build_calibration_table(score, c),
        t("journey.calibration.table_caption", conf=c.conf),
    )
    _table(tables.build_at_risk_table(score, c), t("journey.calibration.at_risk_caption"))


def review(s: Session, result, catalog: pd.DataFrame) -> None:
    """The riskiest contacts without a survey response, by pseudonym, for human QA."""
    t, c = s.t, context(s, catalog)
    s.section(t("journey.section.review"), ref="journey_review")
    if not available(result):
        display.sentences([t("journey.review.unavailable", reason=text.reason(result))])
        return
    if result.table.empty:
        display.sentences([t("journey.review.none")])
        return
    display.sentences([t("journey.review.intro", n=len(result.table))])
    display.note(t(f"journey.review.key_{result.key_source}"))
    _table(tables.build_review_table(result, c), t("journey.review.caption"))


def human_qa(s: Session, left: pd.DataFrame, catalog: pd.DataFrame) -> None:
    """The checkpoints left to evaluators, and those the journeys file lacks columns for."""
    t, c = s.t, context(s, catalog)
    s.section(t("journey.section.human_qa"), ref="journey_human_qa")
    display.sentences([text.human_qa_sentence(left, c)])
    if not left.empty:
        _table(tables.build_human_qa_table(left, c), t("journey.human_qa.caption"))


def business_case(s: Session, values, worth, catalog: pd.DataFrame) -> None:
    """What ending each customer-critical checkpoint's failures is worth: in money where
    the engagement gives a value of satisfaction, else in points."""
    from copcwb.views.business.text import csat_worth_sentence

    t, c = s.t, context(s, catalog)
    s.section(t("business.section"), ref="business_case")
    lines = text.money_lines(values, s.engagement.business.currency, c)
    if not lines:
        display.sentences([t("journey.business.none")])
        return
    display.sentences([t("journey.business.method")])
    display.bullets(lines)
    if values.has_value:
        display.sentences([csat_worth_sentence(worth, s.engagement.business.currency, t)])
    else:
        display.note(t("business.csat.no_value"))


def money_lines(s: Session, values, catalog: pd.DataFrame) -> list[str]:
    """The report's money for its executive summary: the most valuable fix."""
    return text.money_lines(values, s.engagement.business.currency, context(s, catalog))[:1]


def methods(s: Session, catalog: pd.DataFrame, linked: SurveyedJourneys, score=None) -> None:
    """Methods and definitions an auditor can follow, and the checkpoint catalog."""
    t, c = s.t, context(s, catalog)
    s.section(t("journey.section.methods"), ref="journey_methods")
    repeats = "contacts" if s.has("contacts") else "journeys"
    lines = [
        t("journey.methods.rules"),
        t("journey.methods.open"),
        t(f"journey.methods.repeats_{repeats}"),
        t("journey.methods.model", alpha=f"{c.alpha:g}"),
        t("journey.methods.thresholds"),
    ]
    if available(score):
        levels = ", ".join(str(x) for x in score.bottom_levels)
        lines.append(
            t(
                "journey.methods.score",
                levels=levels,
                folds=score.folds,
                ratio=f"{score.at_risk_ratio:g}",
            )
        )
    lines.append(
        t(f"journey.methods.catalog_{catalog.attrs.get(SOURCE_KEY, 'built-in').replace('-', '_')}")
    )
    display.bullets(lines)
    if (catalog["value_source"] == "placeholder").any():
        display.note(t("journey.methods.placeholders"))
    _table(tables.build_catalog_table(catalog, c), t("journey.methods.catalog_caption"))

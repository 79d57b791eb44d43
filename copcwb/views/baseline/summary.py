"""The executive summary of the baseline report (an unnumbered section, shown first).

Up to ``many.LIST_ALL`` programs it gives a sentence per program; with more it stays
the same length whatever their number: counts, the best and worst few, and one heat
map of every program, the detail of each program being in its scorecard."""

from __future__ import annotations

from copcwb import display
from copcwb.baseline import BaselineResult, ExecutiveFacts, MaturityResult, SpendList
from copcwb.quality import AgreementResult, JudgedAccuracy, ProcessOrPeople, ResolutionWindows
from copcwb.session import Session
from copcwb.views.baseline import calibration as calibration_view
from copcwb.views.baseline import maturity_text, overview, plots_many, text
from copcwb.views.baseline import people as people_view
from copcwb.views.baseline.formats import month, share
from copcwb.views.business.summary import stake
from copcwb.views.many import lists_all


def _see(s: Session, key: str, ref: str) -> list[str]:
    """A cross-reference to the section shown under ``ref`` (none if it was not shown)."""
    number = s.number_of(ref)
    return [s.t(key, number=number)] if number else []


def _quality(
    s: Session,
    accuracy: JudgedAccuracy | None,
    resolution: ResolutionWindows | None,
    few: bool,
    markers: dict[str, str] | None = None,
) -> None:
    t = s.t
    display.section(t("baseline.summary.quality_title"), level=4)
    if few:
        lines = text.build_accuracy_lines(accuracy, t, markers)
    else:
        lines = overview.build_accuracy_overview(accuracy, t)
    if lines:
        confidence = share(accuracy.confidence, 0)  # type: ignore[union-attr]
        display.sentences([t("baseline.accuracy.intro", confidence=confidence)])
        display.bullets(lines)
        note = text.build_accuracy_placeholder_note(accuracy, t)
        if note:
            display.note(note)
    else:
        display.sentences([t(f"baseline.qa.{text.qa_missing_key(accuracy)}")])
    build = text.build_resolution_lines if few else overview.build_resolution_overview
    lines = build(resolution, t)
    if lines:
        display.bullets(lines)
    else:
        display.sentences([t("baseline.contacts.no_input")])


def _matrix(s: Session, result: BaselineResult, facts: ExecutiveFacts) -> None:
    """Every program x metric in the latest month, programs best first."""
    t = s.t
    latest = month(result.scorecard["month"].max(), t)
    fig = plots_many.attainment_matrix_figure(
        result.scorecard,
        overview.program_order(facts.readiness),
        title=t("baseline.summary.matrix_title", month=latest),
        xlabel=t("baseline.summary.matrix_xlabel"),
        ylabel=t("baseline.heatmap.ylabel"),
    )
    display.figure(
        fig, alt=t("baseline.summary.matrix_alt"), caption=t("baseline.summary.matrix_caption")
    )


def _readiness(
    s: Session,
    result: BaselineResult,
    facts: ExecutiveFacts,
    few: bool,
    maturity: MaturityResult | None = None,
) -> None:
    t = s.t
    display.section(t("baseline.summary.readiness_title"), level=4)
    if few:
        display.bullets(text.build_readiness_sentences(facts.readiness, t))
    else:
        display.bullets(overview.build_readiness_overview(facts.readiness, t))
        _matrix(s, result, facts)
    see = _see(s, "baseline.summary.see_readiness", "readiness")
    if not few:
        see += _see(s, "baseline.summary.see_programs", "scorecard")
    display.sentences([text.build_threshold_note(result, t)] + see)
    if maturity is not None:
        stands = maturity_text.summary_sentence(maturity, t)
        display.sentences([stands] + _see(s, "maturity.summary.see", "maturity"))


def executive_summary(
    s: Session,
    result: BaselineResult,
    facts: ExecutiveFacts,
    *,
    accuracy: JudgedAccuracy | None = None,
    resolution: ResolutionWindows | None = None,
    spend: SpendList | None = None,
    money: list[str] | None = None,
    top_actions: list[str] | None = None,
    people: ProcessOrPeople | None = None,
    agreement: AgreementResult | None = None,
    maturity: MaturityResult | None = None,
) -> None:
    """The money first (the value of reaching the resolution target, what need not be
    spent, the top actions with their owners: ``money`` and ``top_actions``, lines from
    :mod:`copcwb.views.business.show`), then readiness per program (or, for many
    programs, counts, best and worst and a heat map) and, with ``maturity``, where the
    center stands on the maturity ladder, the biggest gaps, what
    deteriorates, critical-error accuracy against target, the contact-resolution headline
    and where to spend."""
    t = s.t
    few = lists_all(len(result.programs))
    display.section(t("baseline.section.summary"), level=2)
    stake(s, money or [], top_actions or [])
    intro = text.build_intro if few else overview.build_intro_many
    display.sentences(intro(result, t))
    _readiness(s, result, facts, few, maturity)

    gaps = text.build_gap_lines(result, facts, t)
    display.section(t("baseline.summary.gaps_title", n=len(gaps)), level=4)
    if gaps:
        display.bullets(gaps)
    else:
        display.sentences([t("baseline.gap.none")])

    months = result.params["trend_months"]
    display.section(t("baseline.summary.deteriorating_title"), level=4)
    worse = (text.build_deteriorating_lines if few else overview.build_deteriorating_overview)(
        facts, t
    )
    if worse:
        display.sentences([t("baseline.deteriorating.intro", n=months)])
        display.bullets(worse)
    else:
        display.sentences([t("baseline.deteriorating.none", n=months)])

    _quality(s, accuracy, resolution, few, calibration_view.accuracy_markers(agreement, t))
    if accuracy is not None and accuracy.has_process:
        see = _see(s, "baseline.summary.see_people", "people")
        names = calibration_view.evaluator_names(s, agreement)
        calibration = calibration_view.summary_sentence(agreement, names, t)
        display.sentences([people_view.summary_sentence(people, t), calibration] + see)

    if spend is not None:
        display.section(t("baseline.summary.spend_title"), level=4)
        see = _see(s, "baseline.summary.see_spend", "spend")
        display.sentences(text.build_spend_sentence(spend, t) + see)
    note = text.build_placeholder_note(result, t)
    if note:
        display.note(note)

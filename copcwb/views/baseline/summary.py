"""The executive summary of the baseline report (an unnumbered section, shown first)."""

from __future__ import annotations

from copcwb import display
from copcwb.baseline import BaselineResult, ExecutiveFacts, SpendList
from copcwb.quality import JudgedAccuracy, ResolutionWindows
from copcwb.session import Session
from copcwb.views.baseline import text
from copcwb.views.baseline.formats import share


def _see(s: Session, key: str, ref: str) -> list[str]:
    """A cross-reference to the section shown under ``ref`` (none if it was not shown)."""
    number = s.number_of(ref)
    return [s.t(key, number=number)] if number else []


def _quality(s: Session, accuracy: JudgedAccuracy | None, resolution: ResolutionWindows | None):
    t = s.t
    display.section(t("baseline.summary.quality_title"), level=4)
    lines = text.build_accuracy_lines(accuracy, t)
    if lines:
        confidence = share(accuracy.confidence, 0)  # type: ignore[union-attr]
        display.sentences([t("baseline.accuracy.intro", confidence=confidence)])
        display.bullets(lines)
        note = text.build_accuracy_placeholder_note(accuracy, t)
        if note:
            display.note(note)
    else:
        display.sentences([t(f"baseline.qa.{text.qa_missing_key(accuracy)}")])
    lines = text.build_resolution_lines(resolution, t)
    if lines:
        display.bullets(lines)
    else:
        display.sentences([t("baseline.contacts.no_input")])


def executive_summary(
    s: Session,
    result: BaselineResult,
    facts: ExecutiveFacts,
    *,
    accuracy: JudgedAccuracy | None = None,
    resolution: ResolutionWindows | None = None,
    spend: SpendList | None = None,
) -> None:
    """Readiness per program, the biggest gaps, what deteriorates, critical-error
    accuracy against target, the contact-resolution headline and where to spend."""
    t = s.t
    display.section(t("baseline.section.summary"), level=2)
    display.sentences(text.build_intro(result, t))
    display.section(t("baseline.summary.readiness_title"), level=4)
    display.bullets(text.build_readiness_sentences(facts.readiness, t))
    display.sentences(
        [text.build_threshold_note(result, t)]
        + _see(s, "baseline.summary.see_readiness", "readiness")
    )

    gaps = text.build_gap_lines(result, facts, t)
    display.section(t("baseline.summary.gaps_title", n=len(gaps)), level=4)
    if gaps:
        display.bullets(gaps)
    else:
        display.sentences([t("baseline.gap.none")])

    months = result.params["trend_months"]
    display.section(t("baseline.summary.deteriorating_title"), level=4)
    worse = text.build_deteriorating_lines(facts, t)
    if worse:
        display.sentences([t("baseline.deteriorating.intro", n=months)])
        display.bullets(worse)
    else:
        display.sentences([t("baseline.deteriorating.none", n=months)])

    _quality(s, accuracy, resolution)

    if spend is not None:
        display.section(t("baseline.summary.spend_title"), level=4)
        see = _see(s, "baseline.summary.see_spend", "spend")
        display.sentences(text.build_spend_sentence(spend, t) + see)
    note = text.build_placeholder_note(result, t)
    if note:
        display.note(note)

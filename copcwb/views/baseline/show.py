"""The sections of the baseline report: each function shows one section."""

from __future__ import annotations

import pandas as pd

from copcwb import display
from copcwb.baseline import OVERALL
from copcwb.i18n import language_of
from copcwb.i18n.formats import clause_separator, list_separator
from copcwb.results import record
from copcwb.session import Session
from copcwb.views.baseline import plots, tables, text
from copcwb.views.baseline.findings import PLACEHOLDER, Findings
from copcwb.views.baseline.formats import month, share, window_label


def _table(spec: tables.TableSpec, caption: str) -> None:
    display.table(spec.frame, caption=caption, **spec.kwargs())


def _placeholder(f: Findings, s: Session) -> None:
    note = text.build_placeholder_note(f, s.t)
    if note:
        display.note(note)


def _spend(f: Findings) -> pd.DataFrame:
    return f.result.spend(threshold=f.options.spend_gap)


def key_figures(f: Findings) -> dict[str, object]:
    """The headline numbers recorded in results.json.

    readiness: {program: {ready, share_meeting, share_meeting_or_improving,
    n_metrics}} (the overall row under "ALL"); biggest_gaps: the top five records;
    critical_error_accuracy: {program: {type: {accuracy, ci_low, ci_high, n, target,
    status}}} from process monitoring; contact_resolution: {window: overall rate};
    deteriorating: {program: [metric ids]}.
    """
    ready = {
        r.program: {
            "ready": r.verdict == "ready",
            "share_meeting": r.share_meeting,
            "share_meeting_or_improving": r.share_meeting_or_improving,
            "n_metrics": r.n_metrics,
        }
        for r in f.facts.readiness.itertuples(index=False)
    }
    gaps = f.facts.biggest_gaps[
        ["program", "metric", "label", "value", "target", "gap_pct", "trend"]
    ]
    accuracy: dict[str, dict[str, dict]] = {}
    if f.judged is not None:
        for r in f.judged.itertuples(index=False):
            accuracy.setdefault(r.program, {})[r.error_type] = {
                "accuracy": r.accuracy,
                "ci_low": r.ci_low,
                "ci_high": r.ci_high,
                "n": r.n,
                "target": r.target,
                "status": r.status,
            }
    programs = sorted(f.result.scorecard["program"].unique())
    det = f.facts.deteriorating
    deteriorating = {p: list(det.loc[det["program"] == p, "metric"]) for p in programs}
    return {
        "readiness": ready,
        "biggest_gaps": gaps,
        "critical_error_accuracy": accuracy,
        "contact_resolution": {r.window: r.rate for r in f.resolution},
        "deteriorating": deteriorating,
    }


def show_executive_summary(s: Session, f: Findings, *, number: str = "1") -> None:
    """Readiness per program, the five biggest gaps, what deteriorates, critical-error
    accuracy against target and the contact-resolution headline; records the key
    figures."""
    t = s.t
    display.section(t("baseline.section.summary"), number=number)
    display.sentences(text.build_intro(f, t))
    display.section(t("baseline.summary.readiness_title"), level=4)
    display.bullets(text.build_readiness_sentences(f, t))
    display.sentences([text.build_threshold_note(f, t)])

    gaps = text.build_gap_lines(f, t)
    display.section(t("baseline.summary.gaps_title", n=len(gaps)), level=4)
    if gaps:
        display.bullets(gaps)
    else:
        display.sentences([t("baseline.gap.none")])

    display.section(t("baseline.summary.deteriorating_title"), level=4)
    worse = text.build_deteriorating_lines(f, t)
    if worse:
        display.sentences([t("baseline.deteriorating.intro", n=f.options.trend_months)])
        display.bullets(worse)
    else:
        display.sentences([t("baseline.deteriorating.none", n=f.options.trend_months)])

    display.section(t("baseline.summary.quality_title"), level=4)
    accuracy = text.build_accuracy_lines(f, t)
    if accuracy:
        display.sentences(
            [t("baseline.accuracy.intro", confidence=share(f.options.qa_confidence, 0))]
        )
        display.bullets(accuracy)
        note = text.build_accuracy_placeholder_note(f, t)
        if note:
            display.note(note)
    else:
        display.sentences([t(f"baseline.qa.{f.qa_state}")])
    resolution = text.build_resolution_lines(f, t)
    if resolution:
        display.bullets(resolution)
    else:
        display.sentences([t("baseline.contacts.no_input")])

    display.section(t("baseline.summary.spend_title"), level=4)
    display.sentences(text.build_spend_sentence(f, _spend(f), t))
    _placeholder(f, s)
    for name, value in key_figures(f).items():
        record(name, value)


def show_scorecard(s: Session, f: Findings, *, number: str = "2") -> None:
    """One scorecard table per program, coloured by met / not met, with gaps and trend
    arrows, and the metrics that could not be assessed."""
    t = s.t
    display.section(t("baseline.section.scorecard"), number=number)
    card = f.result.scorecard
    display.sentences(
        [
            t("baseline.scorecard.intro", month=month(card["month"].max(), t)),
            t("baseline.scorecard.legend", n=f.options.trend_months),
        ]
    )
    _placeholder(f, s)
    for program in sorted(card["program"].unique()):
        spec = tables.build_scorecard_table(f, program, t)
        _table(spec, t("baseline.scorecard.caption", program=program))
    display.sentences(text.build_missing_sentence(f, t))


def show_heatmap(s: Session, f: Findings, *, number: str = "3") -> None:
    """Metric x month target attainment, one heat map per program."""
    t = s.t
    display.section(t("baseline.section.heatmap"), number=number)
    display.sentences([t("baseline.heatmap.intro")])
    _placeholder(f, s)
    for program in sorted(f.result.scorecard["program"].unique()):
        fig = plots.heatmap_figure(
            f.result,
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


def show_readiness(s: Session, f: Findings, *, number: str = "4") -> None:
    """Readiness per program and overall, and the metrics holding each program back."""
    t = s.t
    display.section(t("baseline.section.readiness"), number=number)
    display.sentences(
        [
            t(
                "baseline.readiness.intro",
                level=share(f.options.level_share, 0),
                trend=share(f.options.level_or_trend_share, 0),
            )
        ]
    )
    display.note(text.build_threshold_note(f, t))
    _placeholder(f, s)
    _table(tables.build_readiness_table(f, t), t("baseline.readiness.caption"))
    if f.result.blockers.empty:
        display.sentences([t("baseline.blockers.none")])
    else:
        display.sentences([t("baseline.blockers.intro")])
        _table(tables.build_blockers_table(f, t), t("baseline.blockers.caption"))
    no_target = f.result.readiness.loc[f.result.readiness["program"] == OVERALL, "n_no_target"]
    if len(no_target) and int(no_target.iloc[0]) > 0:
        display.sentences([t("baseline.readiness.no_target", n=int(no_target.iloc[0]))])


def show_critical_errors(s: Session, f: Findings, *, number: str = "5") -> None:
    """Process critical-error accuracy per type with intervals, and the individual and
    targeted monitoring kept apart."""
    t = s.t
    display.section(t("baseline.section.accuracy"), number=number)
    if f.qa_state != "ok" or f.judged is None:
        display.sentences([t(f"baseline.qa.{f.qa_state}")])
        return
    conf = share(f.options.qa_confidence, 0)
    display.sentences([t("baseline.accuracy.definition", confidence=conf)])
    note = text.build_accuracy_placeholder_note(f, t)
    if note:
        display.note(note)
    j = f.judged
    by_type = j.groupby("error_type")["target"].nunique()
    targets = (
        j.drop_duplicates("error_type").set_index("error_type")["target"].to_dict()
        if (by_type <= 1).all()
        else None
    )
    type_labels = {k: text.error_type_label(k, t) for k in ("customer", "business", "compliance")}
    fig = plots.accuracy_figure(
        j,
        type_labels=type_labels,
        targets=targets,
        confidence=f.options.qa_confidence,
        title=t("baseline.accuracy.title", confidence=conf),
        xlabel=t("baseline.accuracy.xlabel"),
        target_label=t("baseline.accuracy.target_line"),
    )
    display.figure(fig, alt=t("baseline.accuracy.alt"), caption=t("baseline.accuracy.caption"))
    _table(tables.build_accuracy_table(f, t), t("baseline.accuracy.table_caption"))

    display.section(t("baseline.section.other_monitoring"), level=3, number=f"{number}.1")
    other = tables.build_other_monitoring_table(f, t)
    if other.frame.empty:
        display.sentences([t("baseline.other.none")])
    else:
        display.sentences([t("baseline.other.intro")])
        _table(other, t("baseline.other.caption", confidence=conf))


def show_sample_adequacy(s: Session, f: Findings, *, number: str = "5.2") -> None:
    """Process sample taken against the sample needed, over the period and per month."""
    t = s.t
    display.section(t("baseline.section.adequacy"), level=3, number=number)
    if f.adequacy is None:
        display.sentences([t(f"baseline.qa.{f.qa_state}")])
        return
    margin = share(f.options.qa_margin, 0)
    conf = share(f.options.qa_confidence, 0)
    display.sentences([t("baseline.adequacy.intro", margin=margin, confidence=conf)])
    _table(tables.build_adequacy_table(f, t), t("baseline.adequacy.caption"))
    monthly = tables.build_monthly_adequacy_table(f, t)
    _table(monthly, t("baseline.adequacy.monthly_caption"))
    short = monthly.frame[monthly.frame["n_months_adequate"] < monthly.frame["n_months"]]
    if not short.empty:
        display.sentences([t("baseline.adequacy.monthly_short", margin=margin)])


def show_error_pareto(s: Session, f: Findings, *, number: str = "5.3") -> None:
    """Pareto of the error codes found in process monitoring."""
    t = s.t
    display.section(t("baseline.section.pareto"), level=3, number=number)
    if f.pareto is None:
        display.sentences([t(f"baseline.pareto.{f.pareto_state}")])
        return
    vital = f.pareto[f.pareto["vital_few"]]
    display.sentences(
        [
            t(
                "baseline.pareto.intro",
                n_codes=len(f.pareto),
                n_errors=f"{int(f.pareto['count'].sum()):,}",
                n_vital=len(vital),
                share=share(vital["share"].sum(), 0),
            )
        ]
    )
    fig = plots.pareto_figure(
        f.pareto,
        title=t("baseline.pareto.title"),
        xlabel=t("baseline.pareto.xlabel"),
        ylabel=t("baseline.pareto.ylabel"),
        cumulative_label=t("baseline.pareto.cumulative"),
        other_label=t("baseline.pareto.other"),
    )
    display.figure(fig, alt=t("baseline.pareto.alt"), caption=t("baseline.pareto.caption"))
    _table(tables.build_pareto_table(f, t), t("baseline.pareto.table_caption"))


def show_contact_resolution(s: Session, f: Findings, *, number: str = "6") -> None:
    """Contact resolution per program and channel for each window, and by month."""
    t = s.t
    display.section(t("baseline.section.resolution"), number=number)
    if not f.resolution:
        display.sentences([t("baseline.contacts.no_input")])
        return
    windows = [window_label(r.window, t) for r in f.resolution]
    key = "baseline.resolution.intro_reason" if f.same_reason else "baseline.resolution.intro"
    censored = list_separator(language_of(t)).join(
        t(
            "baseline.resolution.censored_item",
            window=w,
            n=f"{int(r.overall['n_censored'].iloc[0]):,}",
        )
        for w, r in zip(windows, f.resolution, strict=True)
    )
    period = f.resolution[0].month["month"]
    display.sentences(
        [
            t(key, start=month(period.min(), t), end=month(period.max(), t)),
            t("baseline.resolution.censored", items=censored),
        ]
    )
    display.bullets(text.build_resolution_lines(f, t))
    _table(tables.build_resolution_table(f, t), t("baseline.resolution.table_caption"))
    for label, res in zip(windows, f.resolution, strict=True):
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
        [r.month for r in f.resolution],
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


def show_spend(s: Session, f: Findings, *, number: str = "7") -> None:
    """Where to spend (far worse than target) and possible over-investment (far better),
    ranked by gap, deteriorating metrics called out."""
    t = s.t
    display.section(t("baseline.section.spend"), number=number)
    spend = _spend(f)
    gap = share(f.options.spend_gap, 0)
    display.sentences([t("baseline.spend.intro", gap=gap)])
    _placeholder(f, s)
    display.sentences(text.build_spend_sentence(f, spend, t))
    parts = (("spend here", "spend"), ("possible over-investment", "over"))
    for i, (action, key) in enumerate(parts, start=1):
        part = spend[spend["action"] == action]
        display.section(t(f"baseline.spend.{key}_title"), level=3, number=f"{number}.{i}")
        if part.empty:
            display.sentences([t(f"baseline.spend.{key}_none", gap=gap)])
            continue
        worse = part[part["deteriorating"]]
        if not worse.empty:
            lang = language_of(t)
            items = clause_separator(lang).join(
                f"{program}: {list_separator(lang).join(g['label'])}"
                for program, g in worse.groupby("program", sort=False)
            )
            display.sentences([t(f"baseline.spend.{key}_deteriorating", n=len(worse), items=items)])
        _table(
            tables.build_spend_table(f, spend, action, t),
            t(f"baseline.spend.{key}_caption", gap=gap),
        )


def show_methods(s: Session, f: Findings, *, number: str = "9") -> None:
    """Methods and definitions an auditor can follow."""
    t = s.t
    display.section(t("baseline.section.methods"), number=number)
    display.bullets(text.build_methods(f, t))
    if (f.result.scorecard["target_source"] == PLACEHOLDER).any():
        display.note(t("placeholder.targets"))

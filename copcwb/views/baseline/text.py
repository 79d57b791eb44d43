"""Sentences of the baseline report, built from the result objects (pure functions)."""

from __future__ import annotations

import math

import pandas as pd

from copcwb.baseline import OVERALL, BaselineResult, ExecutiveFacts, SpendList
from copcwb.catalog import BUILT_IN, PLACEHOLDER_SOURCE
from copcwb.i18n import language_of
from copcwb.i18n.formats import clause_separator, list_separator
from copcwb.quality import ErrorPareto, JudgedAccuracy, ResolutionWindows, SampleAdequacy
from copcwb.views.baseline.formats import (
    Translate,
    join,
    month,
    share,
    value_in_unit,
    window_label,
)


def program_name(program: str, t: Translate) -> str:
    """The program as shown; the overall row reads "All programs"."""
    return t("baseline.all_programs") if program == OVERALL else str(program)


def error_type_label(kind: str, t: Translate) -> str:
    """The label of an error type: customer -> Customer-critical."""
    return t(f"baseline.error_type.{kind}")


def qa_missing_key(result: JudgedAccuracy | SampleAdequacy | None) -> str:
    """Why a QA section has nothing to show: "no_input" (no QA export) or "no_process"
    (no process monitoring)."""
    return "no_input" if result is None else "no_process"


def build_intro(result: BaselineResult, t: Translate) -> list[str]:
    """What was assessed: programs, series, period, level and trend rules."""
    programs = result.programs
    return [
        t(
            "baseline.summary.intro",
            n_programs=len(programs),
            programs=join(programs, t),
            n_series=len(result.scorecard),
            start=month(result.history["month"].min(), t),
            end=month(result.history["month"].max(), t),
            trend_months=result.params["trend_months"],
        )
    ]


def build_readiness_sentences(readiness: pd.DataFrame, t: Translate) -> list[str]:
    """One verdict per program, then the overall verdict, with both shares against
    their thresholds (``readiness``: the table of :func:`copcwb.baseline.readiness`)."""
    lines = []
    for row in readiness.itertuples(index=False):
        if row.n_metrics == 0:
            lines.append(t("baseline.summary.no_metrics", program=program_name(row.program, t)))
            continue
        key = "overall" if row.program == OVERALL else "program"
        verdict = "ready" if row.verdict == "ready" else "not_ready"
        lines.append(
            t(
                f"baseline.summary.{key}_{verdict}",
                program=program_name(row.program, t),
                n=row.n_metrics,
                share=share(row.share_meeting),
                share_or=share(row.share_meeting_or_improving),
                level=share(row.level_share, 0),
                trend=share(row.level_or_trend_share, 0),
                n_blockers=row.n_blockers,
            )
        )
    return lines


def build_gap_lines(result: BaselineResult, facts: ExecutiveFacts, t: Translate) -> list[str]:
    """The biggest shortfalls against target, worst first."""
    card = result.scorecard.set_index(["program", "metric"])
    lines = []
    for row in facts.biggest_gaps.itertuples(index=False):
        unit = card.at[(row.program, row.metric), "unit"]
        key = "baseline.gap.line_worse" if row.trend == "deteriorating" else "baseline.gap.line"
        lines.append(
            t(
                key,
                program=row.program,
                label=row.label,
                value=value_in_unit(row.value, unit, t),
                target=value_in_unit(row.target, unit, t),
                gap=share(abs(row.gap_pct), 0),
                trend=t(f"baseline.trend.{row.trend}"),
            )
        )
    return lines


def build_deteriorating_lines(facts: ExecutiveFacts, t: Translate) -> list[str]:
    """Per program, the metrics with a significant trend for the worse."""
    lines = []
    for program, group in facts.deteriorating.groupby("program", sort=True):
        labels = list(group["label"])
        lines.append(
            t("baseline.deteriorating.line", program=program, n=len(labels), labels=join(labels, t))
        )
    return lines


def _accuracy_item(row, t: Translate, markers: dict[str, str] | None = None) -> str:
    marker = (markers or {}).get(row.error_type, "")
    return (marker and f"{_plain_item(row, t)} {marker}") or _plain_item(row, t)


def _plain_item(row, t: Translate) -> str:
    return t(
        "baseline.accuracy.item",
        type=t(f"baseline.error_type_lower.{row.error_type}"),
        accuracy=share(row.accuracy),
        low=share(row.ci_low),
        high=share(row.ci_high),
        target=share(row.target),
        status=t(f"baseline.status.{row.status.replace(' ', '_')}"),
    )


def build_accuracy_lines(
    accuracy: JudgedAccuracy | None, t: Translate, markers: dict[str, str] | None = None
) -> list[str]:
    """Per program: each critical-error type's process accuracy, interval, target and
    verdict ("within sampling error" when the interval straddles the target); ``markers``
    (error type -> words) follow the figures of the types the evaluators do not agree on."""
    if accuracy is None:
        return []
    lines = []
    for program, group in accuracy.process.groupby("program", sort=True):
        items = [_accuracy_item(r, t, markers) for r in group.itertuples(index=False)]
        lines.append(
            t(
                "baseline.accuracy.line",
                program=program,
                items=clause_separator(language_of(t)).join(items),
            )
        )
    return lines


def build_resolution_lines(resolution: ResolutionWindows | None, t: Translate) -> list[str]:
    """Per window: the overall resolution rate, then each program's."""
    if resolution is None:
        return []
    lines = []
    for res in resolution.windows:
        by_program = list_separator(language_of(t)).join(
            f"{r.program} {share(r.resolution_rate)}" for r in res.program.itertuples(index=False)
        )
        lines.append(
            t(
                "baseline.resolution.line",
                window=window_label(res.window, t),
                rate=share(res.rate),
                n=f"{res.n_contacts:,}",
                by_program=by_program,
            )
        )
    return lines


def build_spend_sentence(spend: SpendList, t: Translate) -> list[str]:
    """How many metrics are far worse / far better than target."""
    return [
        t(
            "baseline.spend.count",
            n_spend=spend.n_spend,
            n_det=spend.n_spend_deteriorating,
            n_over=spend.n_over,
            gap=share(spend.threshold, 0),
        )
    ]


def build_placeholder_note(result: BaselineResult, t: Translate) -> str | None:
    """The placeholder warning for the KPI targets, or None when none is a placeholder."""
    n_placeholder, n_used = result.placeholder_targets
    if n_placeholder == 0:
        return None
    return (
        t("baseline.placeholder.targets", n=n_placeholder, total=n_used)
        + " "
        + t("placeholder.targets")
    )


def build_accuracy_placeholder_note(accuracy: JudgedAccuracy | None, t: Translate) -> str | None:
    """The placeholder warning for the accuracy targets, or None."""
    if accuracy is None:
        return None
    judged = accuracy.process
    placeholders = judged.loc[judged["target_source"] == PLACEHOLDER_SOURCE]
    if placeholders.empty:
        return None
    items = list_separator(language_of(t)).join(
        f"{error_type_label(r.error_type, t)} {share(r.target)}"
        for r in placeholders.drop_duplicates("error_type").itertuples(index=False)
    )
    return t("baseline.placeholder.accuracy", targets=items) + " " + t("placeholder.targets")


def build_threshold_note(result: BaselineResult, t: Translate) -> str:
    """The readiness thresholds are placeholders (conventions from a 2006 deck)."""
    return t(
        "baseline.placeholder.thresholds",
        level=share(result.params["level_share"], 0),
        trend=share(result.params["level_or_trend_share"], 0),
        months=result.params["trend_months"],
    )


def build_missing_sentence(result: BaselineResult, t: Translate) -> list[str]:
    """Counted catalog metrics without data: the same for every program, or per program."""
    missing = result.missing
    if missing.empty:
        return []
    per_program = missing.groupby("program")["label"].apply(tuple)
    if len(per_program) == len(result.programs) and per_program.nunique() == 1:
        return [t("baseline.missing.all", labels=join(list(per_program.iloc[0]), t))]
    return [
        t("baseline.missing.program", program=p, labels=join(list(labels), t))
        for p, labels in per_program.items()
    ]


def build_level_methods(result: BaselineResult, t: Translate) -> list[str]:
    """The methods of the KPI assessment: level, trend test and its n, readiness rule,
    targets."""
    o = result.params
    n = o["trend_months"]
    n_placeholder, n_used = result.placeholder_targets
    categories = join([t(f"baseline.category.{c}") for c in o["categories"]], t)
    own = o.get("catalog_source") != BUILT_IN
    trend = (
        t(
            "baseline.methods.trend",
            n=n,
            alpha=f"{o['alpha']:g}",
            p_min=f"{2 / math.factorial(n):.4f}",
        )
        if n < 10
        else t("baseline.methods.trend_normal", n=n, alpha=f"{o['alpha']:g}")
    )
    return [
        t("baseline.methods.level"),
        trend,
        t(
            "baseline.methods.readiness",
            categories=categories,
            level=share(o["level_share"], 0),
            trend=share(o["level_or_trend_share"], 0),
        ),
        t(
            "baseline.methods.targets",
            catalog=t(f"baseline.methods.catalog_{'own' if own else 'builtin'}"),
            n=n_placeholder,
            total=n_used,
        ),
    ]


def build_quality_methods(
    t: Translate,
    accuracy: JudgedAccuracy | None,
    sample: SampleAdequacy | None,
    pareto: ErrorPareto | None,
    resolution: ResolutionWindows | None,
) -> list[str]:
    """The methods of the QA and contact analyses that were done."""
    lines = []
    if accuracy is not None and accuracy.has_process:
        lines.append(t("baseline.methods.accuracy", confidence=share(accuracy.confidence, 0)))
    if sample is not None and sample.has_process:
        margin, confidence = share(sample.margin, 0), share(sample.confidence, 0)
        lines.append(t("baseline.methods.sampling", margin=margin, confidence=confidence))
    if pareto is not None and not pareto.table.empty:
        lines.append(t("baseline.methods.pareto", share=share(pareto.vital_share, 0)))
    if resolution is not None:
        windows = join([window_label(r.window, t) for r in resolution.windows], t)
        key = "resolution_reason" if resolution.same_reason else "resolution"
        lines.append(t(f"baseline.methods.{key}", windows=windows))
        lines.append(t("baseline.methods.censoring"))
    return lines


def build_methods(
    result: BaselineResult,
    t: Translate,
    *,
    accuracy: JudgedAccuracy | None = None,
    sample: SampleAdequacy | None = None,
    pareto: ErrorPareto | None = None,
    resolution: ResolutionWindows | None = None,
    spend: SpendList | None = None,
) -> list[str]:
    """The methods note: level, trend test and its n, readiness rule, targets, and for
    the analyses done: accuracy interval, sampling, Pareto, resolution windows and
    censoring, spend rule."""
    lines = build_level_methods(result, t)
    lines += build_quality_methods(t, accuracy, sample, pareto, resolution)
    if spend is not None:
        lines.append(t("baseline.methods.spend", gap=share(spend.threshold, 0)))
    return lines

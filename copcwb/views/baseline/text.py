"""Sentences of the baseline report, built from the findings (pure functions)."""

from __future__ import annotations

import math

import pandas as pd

from copcwb.baseline import OVERALL
from copcwb.i18n import language_of
from copcwb.i18n.formats import clause_separator, list_separator
from copcwb.views.baseline.findings import PLACEHOLDER, Findings
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


def build_intro(f: Findings, t: Translate) -> list[str]:
    """What was assessed: programs, series, period, level and trend rules."""
    hist = f.result.history
    card = f.result.scorecard
    programs = sorted(card["program"].unique())
    return [
        t(
            "baseline.summary.intro",
            n_programs=len(programs),
            programs=join(programs, t),
            n_series=len(card),
            start=month(hist["month"].min(), t),
            end=month(hist["month"].max(), t),
            trend_months=f.options.trend_months,
        )
    ]


def build_readiness_sentences(f: Findings, t: Translate) -> list[str]:
    """One verdict per program, then the overall verdict, with both shares against
    their thresholds."""
    lines = []
    level = share(f.options.level_share, 0)
    trend = share(f.options.level_or_trend_share, 0)
    for row in f.facts.readiness.itertuples(index=False):
        overall = row.program == OVERALL
        if row.n_metrics == 0:
            lines.append(t("baseline.summary.no_metrics", program=program_name(row.program, t)))
            continue
        key = "overall" if overall else "program"
        verdict = "ready" if row.verdict == "ready" else "not_ready"
        lines.append(
            t(
                f"baseline.summary.{key}_{verdict}",
                program=program_name(row.program, t),
                n=row.n_metrics,
                share=share(row.share_meeting),
                share_or=share(row.share_meeting_or_improving),
                level=level,
                trend=trend,
                n_blockers=row.n_blockers,
            )
        )
    return lines


def build_gap_lines(f: Findings, t: Translate) -> list[str]:
    """The biggest shortfalls against target, worst first."""
    card = f.result.scorecard.set_index(["program", "metric"])
    lines = []
    for row in f.facts.biggest_gaps.itertuples(index=False):
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


def build_deteriorating_lines(f: Findings, t: Translate) -> list[str]:
    """Per program, the metrics with a significant trend for the worse."""
    det = f.facts.deteriorating
    lines = []
    for program, group in det.groupby("program", sort=True):
        labels = list(group["label"])
        lines.append(
            t("baseline.deteriorating.line", program=program, n=len(labels), labels=join(labels, t))
        )
    return lines


def _accuracy_item(row, t: Translate) -> str:
    return t(
        "baseline.accuracy.item",
        type=t(f"baseline.error_type_lower.{row.error_type}"),
        accuracy=share(row.accuracy),
        low=share(row.ci_low),
        high=share(row.ci_high),
        target=share(row.target),
        status=t(f"baseline.status.{row.status.replace(' ', '_')}"),
    )


def build_accuracy_lines(f: Findings, t: Translate) -> list[str]:
    """Per program: each critical-error type's process accuracy, interval, target and
    verdict ("within sampling error" when the interval straddles the target)."""
    if f.judged is None:
        return []
    lines = []
    for program, group in f.judged.groupby("program", sort=True):
        items = [_accuracy_item(r, t) for r in group.itertuples(index=False)]
        lines.append(
            t(
                "baseline.accuracy.line",
                program=program,
                items=clause_separator(language_of(t)).join(items),
            )
        )
    return lines


def build_resolution_lines(f: Findings, t: Translate) -> list[str]:
    """Per window: the overall resolution rate, then each program's."""
    lines = []
    for res in f.resolution:
        by_program = list_separator(language_of(t)).join(
            f"{r.program} {share(r.resolution_rate)}" for r in res.program.itertuples(index=False)
        )
        n = int(res.overall["n_contacts"].iloc[0])
        lines.append(
            t(
                "baseline.resolution.line",
                window=window_label(res.window, t),
                rate=share(res.rate),
                n=f"{n:,}",
                by_program=by_program,
            )
        )
    return lines


def build_spend_sentence(f: Findings, spend: pd.DataFrame, t: Translate) -> list[str]:
    """How many metrics are far worse / far better than target."""
    worse = spend[spend["action"] == "spend here"]
    better = spend[spend["action"] != "spend here"]
    return [
        t(
            "baseline.spend.count",
            n_spend=len(worse),
            n_det=int(worse["deteriorating"].sum()),
            n_over=len(better),
            gap=share(f.options.spend_gap, 0),
        )
    ]


def placeholder_counts(f: Findings) -> tuple[int, int]:
    """(targets used that are placeholders, targets used) over the scorecard."""
    card = f.result.scorecard
    used = card["target"].notna()
    return int((used & (card["target_source"] == PLACEHOLDER)).sum()), int(used.sum())


def build_placeholder_note(f: Findings, t: Translate) -> str | None:
    """The placeholder warning for the KPI targets, or None when none is a placeholder."""
    n_placeholder, n_used = placeholder_counts(f)
    if n_placeholder == 0:
        return None
    return (
        t("baseline.placeholder.targets", n=n_placeholder, total=n_used)
        + " "
        + t("placeholder.targets")
    )


def build_accuracy_placeholder_note(f: Findings, t: Translate) -> str | None:
    """The placeholder warning for the accuracy targets, or None."""
    if f.judged is None or not (f.judged["target_source"] == PLACEHOLDER).any():
        return None
    targets = f.judged.loc[f.judged["target_source"] == PLACEHOLDER]
    shown = targets.drop_duplicates("error_type")
    items = list_separator(language_of(t)).join(
        f"{error_type_label(r.error_type, t)} {share(r.target)}"
        for r in shown.itertuples(index=False)
    )
    return t("baseline.placeholder.accuracy", targets=items) + " " + t("placeholder.targets")


def build_threshold_note(f: Findings, t: Translate) -> str:
    """The readiness thresholds are placeholders (conventions from a 2006 deck)."""
    return t(
        "baseline.placeholder.thresholds",
        level=share(f.options.level_share, 0),
        trend=share(f.options.level_or_trend_share, 0),
        months=f.options.trend_months,
    )


def build_missing_sentence(f: Findings, t: Translate) -> list[str]:
    """Counted catalog metrics without data: the same for every program, or per program."""
    missing = f.result.missing
    if missing.empty:
        return []
    programs = sorted(f.result.scorecard["program"].unique())
    per_program = missing.groupby("program")["label"].apply(tuple)
    if len(per_program) == len(programs) and per_program.nunique() == 1:
        return [t("baseline.missing.all", labels=join(list(per_program.iloc[0]), t))]
    return [
        t("baseline.missing.program", program=p, labels=join(list(labels), t))
        for p, labels in per_program.items()
    ]


def build_methods(f: Findings, t: Translate) -> list[str]:
    """The methods note: level, trend test and its n, readiness rule, targets,
    accuracy interval, sampling, resolution windows and censoring, spend rule."""
    o = f.options
    n_placeholder, n_used = placeholder_counts(f)
    categories = join([t(f"baseline.category.{c}") for c in o.categories], t)
    lines = [
        t("baseline.methods.level"),
        t(
            "baseline.methods.trend",
            n=o.trend_months,
            alpha=f"{o.alpha:g}",
            p_min=f"{2 / math.factorial(o.trend_months):.4f}",
        )
        if o.trend_months < 10
        else t("baseline.methods.trend_normal", n=o.trend_months, alpha=f"{o.alpha:g}"),
        t(
            "baseline.methods.readiness",
            categories=categories,
            level=share(o.level_share, 0),
            trend=share(o.level_or_trend_share, 0),
        ),
        t(
            "baseline.methods.targets",
            catalog=t(
                "baseline.methods.catalog_own"
                if f.custom_catalog
                else "baseline.methods.catalog_builtin"
            ),
            n=n_placeholder,
            total=n_used,
        ),
    ]
    if f.qa_state == "ok":
        lines.append(t("baseline.methods.accuracy", confidence=share(o.qa_confidence, 0)))
        lines.append(
            t(
                "baseline.methods.sampling",
                margin=share(o.qa_margin, 0),
                confidence=share(o.qa_confidence, 0),
            )
        )
        if f.pareto is not None:
            lines.append(t("baseline.methods.pareto"))
    if f.resolution:
        windows = join([window_label(r.window, t) for r in f.resolution], t)
        key = (
            "baseline.methods.resolution_reason" if f.same_reason else "baseline.methods.resolution"
        )
        lines.append(t(key, windows=windows))
        lines.append(t("baseline.methods.censoring"))
    lines.append(t("baseline.methods.spend", gap=share(o.spend_gap, 0)))
    return lines

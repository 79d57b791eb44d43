"""Sentences of the baseline report for many programs (more than ``many.LIST_ALL``):
counts, and the best and worst few by name, instead of one sentence per program
(pure functions)."""

from __future__ import annotations

import pandas as pd

from copcwb.baseline import OVERALL, BaselineResult, ExecutiveFacts, SpendList
from copcwb.quality import BELOW, MEETS, WITHIN, JudgedAccuracy, ResolutionWindows
from copcwb.terms import ERROR_TYPES
from copcwb.views.baseline.formats import Translate, join, month, share, window_label
from copcwb.views.baseline.text import build_readiness_sentences
from copcwb.views.many import N_NAMED, best_and_worst, ranked, shorten


def named(frame: pd.DataFrame, column: str, t: Translate) -> str:
    """The programs of ``frame`` in words, each with its ``column`` as a share:
    "North (81.2%), South (75.0%) and East (62.5%)"."""
    items = [
        t("baseline.summary.named_share", program=r.program, share=share(getattr(r, column)))
        for r in frame.itertuples(index=False)
    ]
    return join(items, t)


def program_order(readiness: pd.DataFrame) -> list[str]:
    """The programs of a readiness table (``ExecutiveFacts.readiness`` or
    ``BaselineResult.readiness``) best first: by share of counted metrics meeting
    target, then meeting or improving, then name; programs that cannot be judged last."""
    programs = readiness[readiness["program"] != OVERALL]
    order = list(ranked(programs, ["share_meeting", "share_meeting_or_improving"])["program"])
    return order + sorted(set(programs["program"]) - set(order))


def build_intro_many(result: BaselineResult, t: Translate) -> list[str]:
    """What was assessed, without naming every program."""
    return [
        t(
            "baseline.summary.intro_many",
            n_programs=len(result.programs),
            n_series=len(result.scorecard),
            start=month(result.history["month"].min(), t),
            end=month(result.history["month"].max(), t),
            trend_months=result.params["trend_months"],
        )
    ]


def build_readiness_overview(readiness: pd.DataFrame, t: Translate) -> list[str]:
    """How many programs are ready, the best and worst by share of counted metrics
    meeting target (ties by the share meeting or improving), programs that cannot be
    judged, and the overall verdict (``readiness``: ``ExecutiveFacts.readiness``)."""
    programs = readiness[readiness["program"] != OVERALL]
    judged = programs[programs["n_metrics"] > 0]
    first = readiness.iloc[0]
    lines = [
        t(
            "baseline.summary.ready_count",
            n_ready=int((judged["verdict"] == "ready").sum()),
            n=len(programs),
            level=share(first["level_share"], 0),
            trend=share(first["level_or_trend_share"], 0),
        )
    ]
    best, worst = best_and_worst(judged, ["share_meeting", "share_meeting_or_improving"])
    if len(best):
        lines.append(t("baseline.summary.best", items=named(best, "share_meeting", t)))
    if len(worst):
        lines.append(t("baseline.summary.worst", items=named(worst, "share_meeting", t)))
    if len(judged) < len(programs):
        lines.append(t("baseline.summary.n_no_metrics", n=len(programs) - len(judged)))
    overall = readiness[readiness["program"] == OVERALL]
    return lines + build_readiness_sentences(overall, t)


def _most(counts: pd.Series, n: int, t: Translate) -> str:
    """The ``n`` largest counts (ties alphabetically) in words: "A (11), B (9) and C (9)"."""
    frame = counts.rename("n").rename_axis("name").reset_index()
    top = frame.sort_values(["n", "name"], ascending=[False, True]).head(n)
    return join([f"{name} ({k})" for name, k in top.itertuples(index=False)], t)


def build_deteriorating_overview(
    facts: ExecutiveFacts, t: Translate, n: int = N_NAMED
) -> list[str]:
    """How many programs have a metric deteriorating and the ``n`` with the most; the
    ``n`` metrics deteriorating in the most programs (ties alphabetically)."""
    worse = facts.deteriorating
    if worse.empty:
        return []
    by_program = worse.groupby("program").size()
    by_metric = worse.groupby("label")["program"].nunique()
    return [
        t(
            "baseline.deteriorating.count_many",
            n_programs=len(by_program),
            n=len(facts.programs),
            items=_most(by_program, n, t),
        ),
        t("baseline.deteriorating.metrics_many", items=_most(by_metric, n, t)),
    ]


def build_accuracy_overview(accuracy: JudgedAccuracy | None, t: Translate) -> list[str]:
    """Per critical-error type: how many programs are below target, within sampling
    error and meeting it, and the lowest accuracies by name."""
    if accuracy is None:
        return []
    process = accuracy.process
    lines = []
    for kind in [k for k in ERROR_TYPES if k in set(process["error_type"])]:
        rows = process[process["error_type"] == kind]
        status = rows["status"].value_counts()
        lowest = ranked(rows, ["accuracy"], higher_is_better=False).head(N_NAMED)
        lines.append(
            t(
                "baseline.accuracy.count_line",
                type=t(f"baseline.error_type.{kind}"),
                n=rows["program"].nunique(),
                n_below=int(status.get(BELOW, 0)),
                n_within=int(status.get(WITHIN, 0)),
                n_meets=int(status.get(MEETS, 0)),
                items=named(lowest, "accuracy", t),
            )
        )
    return lines


def build_resolution_overview(resolution: ResolutionWindows | None, t: Translate) -> list[str]:
    """Per window: the overall resolution rate and the programs with the highest and
    the lowest."""
    if resolution is None:
        return []
    lines = []
    for res in resolution.windows:
        best, worst = best_and_worst(res.program, ["resolution_rate"])
        lines.append(
            t(
                "baseline.resolution.line_many",
                window=window_label(res.window, t),
                rate=share(res.rate),
                n=f"{res.n_contacts:,}",
                best=named(best, "resolution_rate", t),
                worst=named(worst, "resolution_rate", t),
            )
        )
    return lines


def build_spend_deteriorating_many(spend: SpendList, action: str, key: str, t: Translate) -> str:
    """How many of one action's metrics are deteriorating, in how many programs."""
    part = spend.part(action)
    worse = part[part["deteriorating"]]
    return t(
        f"baseline.spend.{key}_deteriorating_many",
        n=len(worse),
        n_programs=worse["program"].nunique(),
    )


def build_missing_overview(result: BaselineResult, t: Translate) -> list[str]:
    """Counted catalog metrics without data, one sentence per set of missing metrics
    with how many (and which) programs lack it."""
    missing = result.missing
    if missing.empty:
        return []
    per_program = missing.groupby("program")["label"].apply(tuple)
    lines = []
    for labels, programs in per_program.groupby(per_program, sort=False):
        names = list(programs.index)
        lines.append(
            t(
                "baseline.missing.programs",
                n=len(names),
                programs=join(shorten(names, t, limit=3), t),
                labels=join(list(labels), t),
            )
        )
    return lines

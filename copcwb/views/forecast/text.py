"""Sentences of the forecast accuracy report, phrased from the result objects of
:mod:`copcwb.forecast` and :mod:`copcwb.staffing` (pure functions)."""

from __future__ import annotations

import numpy as np

from copcwb.forecast import (
    DataChecks,
    LevelAccuracy,
    NaiveComparison,
    NoiseFloorResult,
    PatternResult,
    QueuePatterns,
)
from copcwb.i18n import language_of
from copcwb.i18n.formats import list_separator
from copcwb.staffing import ShrinkageResult, StaffingImpactResult
from copcwb.views.forecast.formats import (
    Translate,
    count,
    day,
    direction,
    hours,
    join,
    missing,
    points,
    ratio,
    share,
    signed_share,
    sl_target,
    tolerance,
)
from copcwb.views.many import lists_all, shorten


def status(verdict: bool | None, t: Translate) -> str:
    """ "target met", "target missed" or "no target set"."""
    if verdict is None:
        return t("forecast.status.none")
    return t("forecast.status.met" if verdict else "forecast.status.missed")


def build_intro(checks: DataChecks, t: Translate) -> list[str]:
    """What was measured: queues (named when few), intervals, period and time zone."""
    few = lists_all(len(checks.queues))
    return [
        t(
            "forecast.summary.intro" if few else "forecast.summary.intro_many",
            n_queues=len(checks.queues),
            queues=join(checks.queues, t),
            n_rows=count(checks.n_rows),
            minutes=join([str(m) for m in checks.interval_minutes], t),
            start=day(checks.start, t),
            end=day(checks.end, t),
            timezone=checks.timezone,
        )
    ]


def build_level_sentences(acc: LevelAccuracy, t: Translate) -> list[str]:
    """Interval and day hit rates against their targets with WAPE and bias; weeks and
    months in one sentence (all queues pooled, call volume)."""
    tol = tolerance(acc.tolerance)
    rows = acc.levels("volume").set_index("level")
    lines = []
    for level in ("interval", "day"):
        r = rows.loc[level]
        lines.append(
            t(
                "forecast.summary.level_target",
                level=t(f"forecast.level.{level}"),
                hit=share(r["hit_rate"]),
                periods=t(f"forecast.levels.{level}"),
                tol=tol,
                target=share(r["target"], 0),
                status=status(r["meets_target"], t),
                wape=share(r["wape"]),
                bias=signed_share(r["bias"]),
                direction=direction(r["bias"], t),
            )
        )
    lines.append(
        t(
            "forecast.summary.level_long",
            wape_week=share(rows.loc["week", "wape"]),
            wape_month=share(rows.loc["month", "wape"]),
            hit_week=share(rows.loc["week", "hit_rate"]),
            hit_month=share(rows.loc["month", "hit_rate"]),
            tol=tol,
        )
    )
    return lines


def build_noise_sentences(
    acc: LevelAccuracy, floor: NoiseFloorResult, n_queues: int, t: Translate
) -> list[str]:
    """Measured interval hit rate against the Poisson floor and what the gap to target is
    made of; the queue furthest below its floor."""
    tol, target = acc.tolerance, acc.target("interval")
    split = floor.split("interval", tol, target)
    if split is None:
        return []
    hit, flo = floor.hit_rate_at("interval", tol), floor.floor_at("interval", tol)
    lines = [
        t("forecast.summary.noise", floor=share(flo, 0), tol=tolerance(tol), hit=share(hit, 0))
    ]
    values = {"target": share(target, 0), "gap": points(split.gap)}
    if split.case == "split":
        lines.append(
            t(
                "forecast.summary.noise_split",
                noise=points(split.noise),
                fixable=points(split.fixable),
                **values,
            )
        )
    elif split.case in ("reachable", "limit"):
        lines.append(t(f"forecast.summary.noise_{split.case}", **values))
    widest = floor.widest_gap("interval", tol)
    if n_queues > 1 and widest is not None:
        lines.append(
            t(
                "forecast.summary.noise_queue",
                queue=str(widest["queue"]),
                hit=share(widest["hit_rate"], 0),
                tol=tolerance(tol),
                floor=share(widest["floor"], 0),
            )
        )
    return lines


def build_bias_sentence(acc: LevelAccuracy, t: Translate) -> list[str]:
    """The queue with the largest bias of call volume over the period."""
    worst = acc.largest_bias("volume")
    if worst is None:
        return []
    return [
        t(
            "forecast.summary.bias_queue",
            queue=str(worst["queue"]),
            direction=direction(worst["bias"], t),
            bias=share(abs(worst["bias"])),
        )
    ]


def build_worst_day_sentence(patterns: PatternResult, t: Translate) -> list[str]:
    """The queue-day with the largest absolute error of call volume."""
    days = patterns.worst_days
    if days.empty:
        return []
    r = days.iloc[0]
    return [
        t(
            "forecast.summary.worst_day",
            queue=str(r["queue"]),
            weekday=t(f"forecast.weekday.{r['period_start'].weekday()}"),
            date=day(r["period_start"], t),
            actual=count(r["actual"]),
            forecast=count(r["forecast"]),
            pct=signed_share(r["pct_error"]),
        )
    ]


def build_recurring_sentence(patterns: QueuePatterns, t: Translate) -> list[str]:
    """The queue, weekday and part of day with the largest summed error of call volume."""
    table = patterns.recurring
    if table.empty or not np.isfinite(table["bias"].iloc[0]):
        return []
    r = table.iloc[0]
    return [
        t(
            "forecast.summary.recurring",
            queue=str(r["queue"]),
            weekday=t(f"forecast.weekday.{int(r['weekday'])}"),
            daypart=t(f"forecast.daypart.{r['daypart']}"),
            direction=direction(r["bias"], t),
            bias=share(abs(r["bias"])),
            n_weeks=int(r["n_weeks"]),
            error=count(abs(r["error"])),
        )
    ]


def build_naive_sentences(naive: NaiveComparison, t: Translate) -> list[str]:
    """Whether the forecast beats the seasonal naive forecast, pooled and by queue."""
    lag = naive.lag_days
    beats = naive.beats_naive
    if beats is None:
        return [t("forecast.summary.naive_none", lag=lag)]
    key = "forecast.summary.naive_beats" if beats else "forecast.summary.naive_loses"
    lines = [
        t(
            key,
            lag=lag,
            mase=ratio(naive.pooled["mase"]),
            share=share(naive.pooled["share_days_beating_naive"], 0),
        )
    ]
    losing = naive.queues_not_beating
    if losing and beats:
        lines.append(t("forecast.summary.naive_queues", queues=join(shorten(losing, t), t)))
    return lines


def build_staffing_sentences(impact: StaffingImpactResult, t: Translate) -> list[str]:
    """The staffing headline (the costliest short-staffed weekday and part of day), which
    queue it falls on, the service level over the whole block, and the total FTE-hours
    short and surplus."""
    words = sl_target(impact.target_sl, impact.threshold_s)
    block = impact.worst
    lines = []
    if block is None:
        lines.append(t("forecast.summary.staffing_none", **words))
    else:
        daypart = t(f"forecast.daypart.{block.daypart}")
        how = "" if impact.has_schedule else t("forecast.summary.staffing_how_forecast")
        sl = (
            t("forecast.summary.sl_unknown")
            if missing(block.sl_short)
            else share(block.sl_short, 0)
        )
        lines.append(
            t(
                "forecast.summary.staffing_headline",
                weekday=t(f"forecast.weekday.{block.weekday}"),
                daypart=daypart,
                hours=hours(block.under_fte_hours),
                sl=sl,
                how=how,
                **words,
            )
        )
        if block.by_queue:
            queue, queue_hours = next(iter(block.by_queue.items()))
            lines.append(
                t(
                    "forecast.summary.staffing_block",
                    queue=queue,
                    hours=hours(queue_hours),
                    daypart=daypart,
                    sl_all=share(block.sl_all, 0),
                )
            )
    lines.append(
        t(
            "forecast.summary.staffing_totals",
            under=hours(impact.total["under_fte_hours"]),
            over=hours(impact.total["over_fte_hours"]),
        )
    )
    return lines


def build_problem_sentence(checks: DataChecks, t: Translate, *, number: str) -> list[str]:
    """Duplicate and missing intervals found (``number``: the section listing them, ""
    when none does), or that there are none."""
    if checks.problems.empty:
        return [t("forecast.summary.problems_none")]
    values = {"n_dup": count(checks.n_duplicate), "n_missing": count(checks.n_missing)}
    if not number:
        return [t("forecast.summary.problems_unlisted", **values)]
    return [t("forecast.summary.problems", number=number, **values)]


def build_not_available(
    acc: LevelAccuracy, impact: StaffingImpactResult, shrinkage: ShrinkageResult, t: Translate
) -> list[str]:
    """What these data cannot show, and which columns it would take."""
    items = [
        t(
            "forecast.summary.na_measure",
            measure=t(f"forecast.measure.{measure}"),
            columns=join(columns, t),
        )
        for measure, columns in acc.missing_columns.items()
    ]
    if not impact.has_schedule:
        items.append(t("forecast.summary.na_schedule"))
    if not shrinkage.available:
        items.append(t("forecast.summary.na_shrinkage", columns=join(shrinkage.missing_columns, t)))
    if not items:
        return []
    items_text = t("forecast.summary.na_separator").join(items)
    return [t("forecast.summary.not_available", items=items_text)]


def build_targets_note(acc: LevelAccuracy, t: Translate) -> str:
    """That the hit-rate targets are practitioner conventions."""
    return t(
        "forecast.summary.targets_note",
        interval_target=share(acc.target("interval"), 0),
        day_target=share(acc.target("day"), 0),
        tol=tolerance(acc.tolerance),
    )


def build_hourly_sentence(patterns: PatternResult, t: Translate) -> list[str]:
    """The most under- and over-forecast local hours of the day (all queues)."""
    extremes = patterns.hour_extremes()
    if extremes is None:
        return []
    low, high = extremes
    return [
        t(
            "forecast.hourly.sentence",
            under_hour=f"{int(low['hour']):02d}:00",
            under_bias=signed_share(low["bias"]),
            over_hour=f"{int(high['hour']):02d}:00",
            over_bias=signed_share(high["bias"]),
        )
    ]


def build_distribution_sentence(patterns: PatternResult, t: Translate) -> list[str]:
    """Median and 90th percentile of |e| over queue-intervals, and the share under-forecast."""
    spread = patterns.error_spread()
    if spread is None:
        return []
    return [
        t(
            "forecast.distribution.sentence",
            median=share(spread["median_abs_error"]),
            p90=share(spread["p90_abs_error"]),
            under=share(spread["share_under"], 0),
        )
    ]


def build_shrinkage_sentences(shrinkage: ShrinkageResult, t: Translate) -> list[str]:
    """Which queues had more (or less) shrinkage than planned."""
    above, below = shrinkage.queues_above_plan, shrinkage.queues_below_plan
    if not lists_all(len(above) + len(below)):
        n = len(above) + len(below)
        return [t("forecast.shrinkage.counts", n_above=len(above), n_below=len(below), n=n)]
    if above and below:
        return [t("forecast.shrinkage.mixed", above=join(above, t), below=join(below, t))]
    if above or below:
        word = "forecast.shrinkage.above" if above else "forecast.shrinkage.below"
        return [t("forecast.shrinkage.sentence", direction=t(word), queues=join(above or below, t))]
    return []


def build_partial_sentence(checks: DataChecks, t: Translate) -> list[str]:
    """That the first or last week or month is partial, when the data start or end
    inside one (weeks run Monday to Sunday)."""
    weeks, months = checks.partial_weeks, checks.partial_months
    if not (weeks or months):
        return []
    which = "both" if weeks and months else ("weeks" if weeks else "months")
    return [
        t(
            "forecast.methods.partial",
            start=day(checks.start, t),
            start_weekday=t(f"forecast.weekday.{checks.start.weekday()}"),
            end=day(checks.end, t),
            end_weekday=t(f"forecast.weekday.{checks.end.weekday()}"),
            which=t(f"forecast.methods.partial_{which}"),
        )
    ]


def build_exclusions(acc: LevelAccuracy, t: Translate) -> str:
    """Which periods are out of MAPE and hit rate, with their counts (call volume,
    interval level)."""
    den = acc.denominator
    reasons = acc.reasons[acc.reasons["measure"] == "volume"].set_index("reason")["n"]

    def n(reason: str) -> str:
        return count(int(reasons.get(reason, 0)))

    return t(
        "forecast.methods.exclusions",
        zero_forecast=t("forecast.methods.exclusions_zero_forecast") if den == "forecast" else "",
        minimum=t("forecast.methods.exclusions_min", min_actual=f"{acc.min_actual:g}")
        if acc.min_actual > 0
        else t("forecast.methods.exclusions_no_min"),
        n_total=count(int(reasons.sum())),
        n_zero=n("zero_actual"),
        n_zero_forecast=n("zero_forecast"),
        n_min=n("below_min_actual"),
        n_missing=n("missing_value"),
    )


def build_methods(
    acc: LevelAccuracy,
    checks: DataChecks,
    naive: NaiveComparison,
    impact: StaffingImpactResult,
    t: Translate,
) -> list[str]:
    """Definitions, exclusions with their counts, time zone and local periods, the Poisson
    floor, the seasonal naive lag, the Erlang C assumptions and the targets used."""
    den = acc.denominator
    lines = [
        t("forecast.methods.error", den=t(f"forecast.methods.den_{den}")),
        t(
            "forecast.methods.metrics",
            den_symbol="A" if den == "actual" else "F",
            tols=list_separator(language_of(t)).join(tolerance(x) for x in acc.tolerances),
            tol=tolerance(acc.tolerance),
        ),
        t("forecast.methods.measures"),
        build_exclusions(acc, t),
        t(
            "forecast.methods.time",
            timezone=checks.timezone,
            dst=t("forecast.methods.dst", n=checks.n_clock_changes)
            if checks.n_clock_changes
            else t("forecast.methods.dst_none"),
        ),
        *build_partial_sentence(checks, t),
        t("forecast.methods.floor"),
        t("forecast.methods.naive", lag=naive.lag_days),
        t("forecast.methods.erlang", **sl_target(impact.target_sl, impact.threshold_s)),
    ]
    if impact.has_schedule:
        net = t("forecast.staffing.schedule_shrinkage") if impact.net_of_shrinkage else ""
        lines.append(t("forecast.methods.schedule", shrinkage=net))
    if acc.targets:
        lines.append(
            t(
                "forecast.methods.targets",
                interval_target=share(acc.target("interval"), 0),
                day_target=share(acc.target("day"), 0),
                tol=tolerance(acc.tolerance),
            )
        )
    return lines

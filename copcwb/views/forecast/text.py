"""Sentences of the forecast accuracy report, built from the findings (pure functions)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from copcwb.forecast.accuracy import hit_rate_column
from copcwb.i18n import language_of
from copcwb.i18n.formats import list_separator
from copcwb.staffing import DAYPARTS
from copcwb.views.forecast.findings import ALL_QUEUES, Findings, worst_block
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
    tolerance,
)


def level_target(f: Findings, level: str) -> float:
    """The hit-rate target of ``level`` (NaN for weeks and months)."""
    return {"interval": f.options.interval_hit_target, "day": f.options.day_hit_target}.get(
        level, np.nan
    )


def meets(hit: float, target: float) -> bool | None:
    """Whether ``hit`` reaches ``target`` (None without a target or a hit rate)."""
    if missing(target) or missing(hit):
        return None
    return bool(hit >= target - 1e-12)


def status(hit: float, target: float, t: Translate) -> str:
    """ "target met", "target missed" or "no target set"."""
    verdict = meets(hit, target)
    if verdict is None:
        return t("forecast.status.none")
    return t("forecast.status.met" if verdict else "forecast.status.missed")


def build_intro(f: Findings, t: Translate) -> list[str]:
    """What was measured: queues, intervals, period and time zone."""
    return [
        t(
            "forecast.summary.intro",
            n_queues=len(f.queues),
            queues=join(f.queues, t),
            n_rows=count(f.n_rows),
            minutes=join([str(m) for m in f.interval_minutes], t),
            start=day(f.start, t),
            end=day(f.end, t),
            timezone=f.timezone,
        )
    ]


def build_level_sentences(f: Findings, t: Translate) -> list[str]:
    """Interval and day hit rates against their targets with WAPE and bias; weeks and
    months in one sentence (all queues pooled, call volume)."""
    tol = f.options.tolerance
    col = hit_rate_column(tol)
    rows = f.level_accuracy("volume").set_index("level")
    lines = []
    for level in ("interval", "day"):
        r = rows.loc[level]
        target = level_target(f, level)
        lines.append(
            t(
                "forecast.summary.level_target",
                level=t(f"forecast.level.{level}"),
                hit=share(r[col]),
                periods=t(f"forecast.levels.{level}"),
                tol=tolerance(tol),
                target=share(target, 0),
                status=status(r[col], target, t),
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
            hit_week=share(rows.loc["week", col]),
            hit_month=share(rows.loc["month", col]),
            tol=tolerance(tol),
        )
    )
    return lines


def noise_split(hit: float, floor: float, target: float) -> tuple[str, float, float, float]:
    """How much of the gap between the hit rate and the target is noise.

    Returns (case, gap, noise, fixable) in shares: case "met" (hit >= target), "limit"
    (hit >= floor: nothing left to recover), "reachable" (floor >= target: the whole gap is
    forecast error) or "split" (noise = target - floor, fixable = floor - hit).
    """
    if hit >= target:
        return "met", 0.0, 0.0, 0.0
    gap = target - hit
    if hit >= floor:
        return "limit", gap, gap, 0.0
    if floor >= target:
        return "reachable", gap, 0.0, gap
    return "split", gap, target - floor, floor - hit


def build_noise_sentences(f: Findings, t: Translate) -> list[str]:
    """Measured interval hit rate against the Poisson floor and what the gap to target is
    made of; the queue furthest below its floor."""
    tol = f.options.tolerance
    target = f.options.interval_hit_target
    hit = float(f.level_accuracy("volume").set_index("level").loc["interval", hit_rate_column(tol)])
    floor = f.floor_at("interval", tol)
    if missing(hit) or missing(floor):
        return []
    lines = [
        t("forecast.summary.noise", floor=share(floor, 0), tol=tolerance(tol), hit=share(hit, 0))
    ]
    case, gap, noise, fixable = noise_split(hit, floor, target)
    values = {"target": share(target, 0), "gap": points(gap)}
    if case == "split":
        lines.append(
            t(
                "forecast.summary.noise_split",
                noise=points(noise),
                fixable=points(fixable),
                **values,
            )
        )
    elif case == "reachable":
        lines.append(t("forecast.summary.noise_reachable", **values))
    elif case == "limit":
        lines.append(t("forecast.summary.noise_limit", **values))
    per_queue = f.floor[(f.floor["level"] == "interval") & np.isclose(f.floor["tolerance"], tol)]
    per_queue = per_queue.assign(shortfall=per_queue["floor"] - per_queue["hit_rate"])
    per_queue = per_queue[per_queue["shortfall"].notna()]
    if len(f.queues) > 1 and len(per_queue) and per_queue["shortfall"].max() > 0:
        worst = per_queue.loc[per_queue["shortfall"].idxmax()]
        lines.append(
            t(
                "forecast.summary.noise_queue",
                queue=str(worst["queue"]),
                hit=share(worst["hit_rate"], 0),
                tol=tolerance(tol),
                floor=share(worst["floor"], 0),
            )
        )
    return lines


def build_bias_sentence(f: Findings, t: Translate) -> list[str]:
    """The queue with the largest bias of call volume (bias is the same at every level)."""
    acc = f.accuracy
    rows = acc[
        (acc["measure"] == "volume") & (acc["level"] == "month") & (acc["queue"] != ALL_QUEUES)
    ]
    rows = rows[rows["bias"].notna()]
    if len(f.queues) < 2 or rows.empty:
        return []
    worst = rows.loc[rows["bias"].abs().idxmax()]
    return [
        t(
            "forecast.summary.bias_queue",
            queue=str(worst["queue"]),
            direction=direction(worst["bias"], t),
            bias=share(abs(worst["bias"])),
        )
    ]


def build_worst_day_sentence(f: Findings, t: Translate) -> list[str]:
    """The queue-day with the largest absolute error of call volume."""
    days = f.patterns.worst_days
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


def recurring_misses(f: Findings) -> pd.DataFrame:
    """Forecast against actual call volume of each queue, weekday and part of the day
    (night 0-6 h, morning 6-12, afternoon 12-18, evening 18-24), summed over the period,
    largest absolute error first.

    Columns: queue, weekday, daypart, forecast, actual, error (F - A), bias (error / A),
    n_days (weekdays of that kind with data).
    """
    parts = []
    for queue, pattern in f.queue_patterns.items():
        wt = pattern.weekday_time
        hour = wt["time_of_day"].str[:2].astype(int).to_numpy()
        names = np.array([name for name, a, b in DAYPARTS for _ in range(a, b)])
        parts.append(
            pd.DataFrame(
                {
                    "queue": queue,
                    "weekday": wt["weekday"].to_numpy(),
                    "daypart": names[hour],
                    "forecast": wt["forecast"].to_numpy(),
                    "actual": wt["actual"].to_numpy(),
                }
            )
        )
    if not parts:
        return pd.DataFrame(
            columns=["queue", "weekday", "daypart", "forecast", "actual", "error", "bias"]
        )
    cells = pd.concat(parts, ignore_index=True)
    out = cells.groupby(["queue", "weekday", "daypart"], sort=True)[["forecast", "actual"]].sum()
    out = out.reset_index()
    out["error"] = out["forecast"] - out["actual"]
    out["bias"] = np.where(
        out["actual"] > 0, out["error"] / out["actual"].where(out["actual"] > 0), np.nan
    )
    order = out["error"].abs().sort_values(ascending=False, kind="stable").index
    return out.loc[order].reset_index(drop=True)


def build_recurring_sentence(f: Findings, t: Translate) -> list[str]:
    """The queue, weekday and part of day with the largest summed error of call volume."""
    table = recurring_misses(f)
    if table.empty or not np.isfinite(table["bias"].iloc[0]):
        return []
    r = table.iloc[0]
    days = pd.date_range(f.start, f.end, freq="D")
    return [
        t(
            "forecast.summary.recurring",
            queue=str(r["queue"]),
            weekday=t(f"forecast.weekday.{int(r['weekday'])}"),
            daypart=t(f"forecast.daypart.{r['daypart']}"),
            direction=direction(r["bias"], t),
            bias=share(abs(r["bias"])),
            n_weeks=int((days.day_of_week == int(r["weekday"])).sum()),
            error=count(abs(r["error"])),
        )
    ]


def build_naive_sentences(f: Findings, t: Translate) -> list[str]:
    """Whether the forecast beats the seasonal naive forecast, pooled and by queue."""
    lag = f.options.naive_lag_days
    mase = f.naive_pooled["mase"]
    if missing(mase):
        return [t("forecast.summary.naive_none", lag=lag)]
    key = "forecast.summary.naive_beats" if mase < 1 else "forecast.summary.naive_loses"
    lines = [
        t(
            key,
            lag=lag,
            mase=ratio(mase),
            share=share(f.naive_pooled["share_days_beating_naive"], 0),
        )
    ]
    losing = f.naive[f.naive["mase"] >= 1]["queue"].astype(str).tolist()
    if losing and mase < 1:
        lines.append(t("forecast.summary.naive_queues", queues=join(losing, t)))
    return lines


def build_staffing_sentences(f: Findings, t: Translate) -> list[str]:
    """The staffing headline (the costliest short-staffed weekday and part of day, as
    :func:`copcwb.staffing.staffing_impact` states it), which queue it falls on, the
    service level over the whole block, and the total FTE-hours short and surplus."""
    impact = f.staffing
    target = share(f.options.sl_target, 0)
    threshold = f"{f.options.sl_threshold_s:g}"
    block = worst_block(impact, f.calls)
    lines = []
    if block is None:
        lines.append(t("forecast.summary.staffing_none", target=target, threshold=threshold))
    else:
        daypart = t(f"forecast.daypart.{block.daypart}")
        how = "" if impact.has_schedule else t("forecast.summary.staffing_how_forecast")
        lines.append(
            t(
                "forecast.summary.staffing_headline",
                weekday=t(f"forecast.weekday.{block.weekday}"),
                daypart=daypart,
                hours=hours(block.under_fte_hours),
                sl=t("forecast.summary.sl_unknown")
                if missing(block.sl_short)
                else share(block.sl_short, 0),
                how=how,
                target=target,
                threshold=threshold,
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
    by_queue = impact.by_queue
    lines.append(
        t(
            "forecast.summary.staffing_totals",
            under=hours(float(by_queue["under_fte_hours"].sum())),
            over=hours(float(by_queue["over_fte_hours"].sum())),
        )
    )
    return lines


def build_problem_sentence(f: Findings, t: Translate, *, number: str) -> list[str]:
    """Duplicate and missing intervals found (``number``: the section listing them), or
    that there are none."""
    if f.problems.empty:
        return [t("forecast.summary.problems_none")]
    kinds = f.problems["problem"].astype(str)
    return [
        t(
            "forecast.summary.problems",
            n_dup=count((kinds == "duplicate").sum()),
            n_missing=count((kinds == "missing").sum()),
            number=number,
        )
    ]


def build_targets_note(f: Findings, t: Translate) -> str:
    """That the hit-rate targets are practitioner conventions."""
    return t(
        "forecast.summary.targets_note",
        interval_target=share(f.options.interval_hit_target, 0),
        day_target=share(f.options.day_hit_target, 0),
        tol=tolerance(f.options.tolerance),
    )


def build_hourly_sentence(f: Findings, t: Translate) -> list[str]:
    """The most under- and over-forecast local hours of the day (all queues)."""
    table = f.patterns.bias_by_hour.dropna(subset=["bias"])
    if table.empty:
        return []
    low = table.loc[table["bias"].idxmin()]
    high = table.loc[table["bias"].idxmax()]
    return [
        t(
            "forecast.hourly.sentence",
            under_hour=f"{int(low['hour']):02d}:00",
            under_bias=signed_share(low["bias"]),
            over_hour=f"{int(high['hour']):02d}:00",
            over_bias=signed_share(high["bias"]),
        )
    ]


def build_distribution_sentence(f: Findings, t: Translate) -> list[str]:
    """Median and 90th percentile of |e| over queue-intervals, and the share under-forecast."""
    e = f.patterns.interval_pct_errors
    if len(e) == 0:
        return []
    return [
        t(
            "forecast.distribution.sentence",
            median=share(float(np.median(np.abs(e)))),
            p90=share(float(np.quantile(np.abs(e), 0.9))),
            under=share(float((e < 0).mean()), 0),
        )
    ]


def build_shrinkage_sentences(f: Findings, t: Translate) -> list[str]:
    """Which queues had more (or less) shrinkage than planned."""
    table = f.staffing.shrinkage
    if table is None or table.empty:
        return []
    above = table[table["mean_error"] < 0]["queue"].astype(str).tolist()
    below = table[table["mean_error"] > 0]["queue"].astype(str).tolist()
    if above and below:
        return [t("forecast.shrinkage.mixed", above=join(above, t), below=join(below, t))]
    if above or below:
        word = "forecast.shrinkage.above" if above else "forecast.shrinkage.below"
        return [t("forecast.shrinkage.sentence", direction=t(word), queues=join(above or below, t))]
    return []


def build_partial_sentence(f: Findings, t: Translate) -> list[str]:
    """That the first or last week or month is partial, when the data start or end
    inside one (weeks run Monday to Sunday)."""
    weeks = f.start.weekday() != 0 or f.end.weekday() != 6
    months = f.start.day != 1 or not f.end.is_month_end
    if not (weeks or months):
        return []
    which = "both" if weeks and months else ("weeks" if weeks else "months")
    return [
        t(
            "forecast.methods.partial",
            start=day(f.start, t),
            start_weekday=t(f"forecast.weekday.{f.start.weekday()}"),
            end=day(f.end, t),
            end_weekday=t(f"forecast.weekday.{f.end.weekday()}"),
            which=t(f"forecast.methods.partial_{which}"),
        )
    ]


def build_methods(f: Findings, t: Translate) -> list[str]:
    """Definitions, exclusions with their counts, time zone and local periods, the Poisson
    floor, the seasonal naive lag, the Erlang C assumptions and the targets used."""
    o = f.options
    den = o.denominator
    reasons = f.reasons[f.reasons["measure"] == "volume"].set_index("reason")["n"]
    n_total = int(reasons.sum())

    def n(reason: str) -> str:
        return count(int(reasons.get(reason, 0)))

    lines = [
        t("forecast.methods.error", den=t(f"forecast.methods.den_{den}")),
        t(
            "forecast.methods.metrics",
            den_symbol="A" if den == "actual" else "F",
            tols=list_separator(language_of(t)).join(tolerance(x) for x in f.tolerances),
            tol=tolerance(o.tolerance),
        ),
        t("forecast.methods.measures"),
        t(
            "forecast.methods.exclusions",
            zero_forecast=t("forecast.methods.exclusions_zero_forecast")
            if den == "forecast"
            else "",
            minimum=t("forecast.methods.exclusions_min", min_actual=f"{o.min_actual:g}")
            if o.min_actual > 0
            else t("forecast.methods.exclusions_no_min"),
            n_total=count(n_total),
            n_zero=n("zero_actual"),
            n_zero_forecast=n("zero_forecast"),
            n_min=n("below_min_actual"),
            n_missing=n("missing_value"),
        ),
        t(
            "forecast.methods.time",
            timezone=f.timezone,
            dst=t("forecast.methods.dst", n=f.n_clock_changes)
            if f.n_clock_changes
            else t("forecast.methods.dst_none"),
        ),
        *build_partial_sentence(f, t),
        t("forecast.methods.floor"),
        t("forecast.methods.naive", lag=o.naive_lag_days),
        t(
            "forecast.methods.erlang",
            target=share(o.sl_target, 0),
            threshold=f"{o.sl_threshold_s:g}",
        ),
    ]
    if f.staffing.has_schedule:
        net = f.staffing.shrinkage is not None
        lines.append(
            t(
                "forecast.methods.schedule",
                shrinkage=t("forecast.staffing.schedule_shrinkage") if net else "",
            )
        )
    lines.append(
        t(
            "forecast.methods.targets",
            interval_target=share(o.interval_hit_target, 0),
            day_target=share(o.day_hit_target, 0),
            tol=tolerance(o.tolerance),
        )
    )
    return lines

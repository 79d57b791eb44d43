"""The sections of the forecast accuracy report: each function shows one section from the
result objects of :mod:`copcwb.forecast` and :mod:`copcwb.staffing`, numbered by the
session in showing order and phrased in the session's language."""

from __future__ import annotations

import pandas as pd

from copcwb import display
from copcwb.forecast import (
    LEVELS,
    MEASURES,
    DataChecks,
    LevelAccuracy,
    NaiveComparison,
    NoiseFloorResult,
    QueuePatterns,
)
from copcwb.session import Session
from copcwb.staffing import ShrinkageResult, StaffingImpactResult
from copcwb.views.business.summary import stake, tables_of
from copcwb.views.forecast import plots, tables, text
from copcwb.views.forecast.formats import join, share, sl_target, tolerance

#: reference of the data-checks section, for the summary's cross-reference
DATA_CHECKS_REF = "forecast_data_checks"


def _table(spec: tables.TableSpec, caption: str) -> None:
    display.table(spec.frame, caption=caption, **spec.kwargs())


def key_figures(
    s: Session,
    *,
    acc: LevelAccuracy,
    floor: NoiseFloorResult,
    naive: NaiveComparison,
    impact: StaffingImpactResult,
    business_case: dict[str, object] | None = None,
    actions: pd.DataFrame | None = None,
) -> dict[str, object]:
    """The headline numbers recorded in results.json (all queues pooled, call volume).

    wape_by_level / hit_rate_by_level: {level: value} for interval, day, week and month
    (hit rate at the headline tolerance); noise_floor: Poisson floor of the interval hit
    rate; mase: interval MASE against the seasonal naive forecast; staffing:
    under_fte_hours and over_fte_hours (whole period, all queues) and headline (the
    sentence of the report); accuracy: the rows of the accuracy tables (measure, level,
    queue ("ALL" = all queues pooled), n_periods, n_excluded, mape, wape, bias,
    hit_rate_<pct> and floor_<pct> per tolerance); business_case: {name: the table of each
    result given}; actions: the action plan's records.
    """
    levels = acc.levels("volume").set_index("level")
    return {
        "wape_by_level": {lv: levels.loc[lv, "wape"] for lv in LEVELS},
        "hit_rate_by_level": {lv: levels.loc[lv, "hit_rate"] for lv in LEVELS},
        "noise_floor": floor.floor_at("interval", acc.tolerance),
        "mase": naive.pooled["mase"],
        "staffing": {
            "under_fte_hours": impact.total["under_fte_hours"],
            "over_fte_hours": impact.total["over_fte_hours"],
            "headline": text.build_staffing_sentences(impact, s.t)[0],
        },
        "accuracy": acc.with_floor(floor),
        "business_case": tables_of(business_case),
        "actions": actions if actions is not None else [],
    }


def executive_summary(
    s: Session,
    *,
    checks: DataChecks,
    acc: LevelAccuracy,
    floor: NoiseFloorResult,
    patterns: QueuePatterns,
    naive: NaiveComparison,
    impact: StaffingImpactResult,
    shrinkage: ShrinkageResult,
    money: list[str] | None = None,
    top_actions: list[str] | None = None,
) -> None:
    """Accuracy at each level against the targets, how much of the miss is noise, the
    naive benchmark, the staffing cost and the data checks, in plain sentences (an
    unnumbered section, shown first in the reports)."""
    t = s.t
    display.section(t("forecast.section.summary"), level=2)
    stake(s, money or [], top_actions or [])
    display.sentences(text.build_intro(checks, t))

    display.section(t("forecast.summary.h_accuracy"), level=4)
    _table(
        tables.build_level_table(acc, floor, t),
        t("forecast.summary.table_caption", tol=tolerance(acc.tolerance)),
    )
    display.bullets(
        text.build_level_sentences(acc, t)
        + text.build_bias_sentence(acc, t)
        + text.build_recurring_sentence(patterns, t)
        + text.build_worst_day_sentence(patterns.pooled, t)
    )
    if acc.targets:
        display.note(text.build_targets_note(acc, t))

    display.section(t("forecast.summary.h_noise"), level=4)
    display.bullets(text.build_noise_sentences(acc, floor, len(checks.queues), t))

    display.section(t("forecast.summary.h_naive"), level=4)
    display.bullets(text.build_naive_sentences(naive, t))

    display.section(t("forecast.summary.h_staffing"), level=4)
    display.bullets(text.build_staffing_sentences(impact, t))

    display.section(t("forecast.summary.h_data"), level=4)
    display.sentences(
        text.build_problem_sentence(checks, t, number=s.number_of(DATA_CHECKS_REF))
        + text.build_not_available(acc, impact, shrinkage, t)
    )


def accuracy(s: Session, acc: LevelAccuracy, floor: NoiseFloorResult) -> None:
    """Accuracy of volume, AHT and workload by queue and level, hit rates at every
    tolerance with the Poisson floor next to the volume hit rates."""
    t = s.t
    s.section(t("forecast.section.accuracy"), ref="forecast_accuracy")
    display.sentences(
        [
            t(
                "forecast.accuracy.intro",
                tols=", ±".join(tolerance(x) for x in acc.tolerances),
                interval_target=share(acc.target("interval"), 0),
                day_target=share(acc.target("day"), 0),
                tol=tolerance(acc.tolerance),
            )
        ]
    )
    for measure in MEASURES:
        name = t(f"forecast.measure.{measure}")
        if measure in acc.missing_columns:
            columns = join(acc.missing_columns[measure], t)
            display.note(t("forecast.accuracy.not_available", measure=name, columns=columns))
            continue
        _table(
            tables.build_accuracy_table(acc, floor, measure, t),
            t("forecast.accuracy.caption", measure=name),
        )
    display.sentences([t("forecast.accuracy.no_floor")])


def patterns(
    s: Session, patterns: QueuePatterns, acc: LevelAccuracy, floor: NoiseFloorResult
) -> None:
    """Heat map of bias by weekday x time of day, bias by hour, accuracy day by day (against
    the interval target of ``acc`` and the floor), the error distribution, and the worst
    intervals and days."""
    t = s.t
    pooled = patterns.pooled
    s.section(t("forecast.section.patterns"), ref="forecast_patterns")
    display.sentences([t("forecast.patterns.intro")])

    s.section(t("forecast.section.heatmap"), level=3)
    fig, cap = plots.heatmap_figure(patterns, t)
    display.figure(
        fig, alt=t("forecast.heatmap.alt"), caption=t("forecast.heatmap.caption", cap=share(cap, 0))
    )

    s.section(t("forecast.section.hourly"), level=3)
    display.sentences(text.build_hourly_sentence(pooled, t))
    display.figure(
        plots.hourly_figure(pooled, t),
        alt=t("forecast.hourly.alt"),
        caption=t("forecast.hourly.caption"),
    )

    s.section(t("forecast.section.daily"), level=3)
    display.figure(
        plots.daily_figure(
            pooled, acc.target("interval"), floor.floor_at("interval", pooled.tolerance), t
        ),
        alt=t("forecast.daily.alt"),
        caption=t("forecast.daily.caption"),
    )

    s.section(t("forecast.section.distribution"), level=3)
    display.sentences(text.build_distribution_sentence(pooled, t))
    display.figure(
        plots.distribution_figure(pooled, t),
        alt=t("forecast.distribution.alt"),
        caption=t("forecast.distribution.caption", tol=tolerance(pooled.tolerance)),
    )

    s.section(t("forecast.section.worst"), level=3)
    worst = tables.build_worst_table(pooled, "intervals", t)
    _table(worst, t("forecast.worst.intervals_caption", n=len(worst.frame)))
    days = tables.build_worst_table(pooled, "days", t)
    _table(days, t("forecast.worst.days_caption", n=len(days.frame)))


def naive(s: Session, naive: NaiveComparison) -> None:
    """MASE and share of days beating the seasonal naive forecast, by queue."""
    t = s.t
    s.section(t("forecast.section.naive"), ref="forecast_naive")
    display.sentences([t("forecast.naive.intro", lag=naive.lag_days)])
    _table(tables.build_naive_table(naive, t), t("forecast.naive.caption"))
    display.bullets(text.build_naive_sentences(naive, t))


def staffing(s: Session, impact: StaffingImpactResult) -> None:
    """Short- and over-staffed intervals and FTE-hours by queue, weekday and hour, with
    the service level achieved where scheduled agents are known (else why not)."""
    t = s.t
    words = sl_target(impact.target_sl, impact.threshold_s)
    s.section(t("forecast.section.staffing"), ref="forecast_staffing")
    display.sentences([t("forecast.staffing.intro", **words)])
    display.bullets(text.build_staffing_sentences(impact, t))
    if impact.has_schedule:
        net = t("forecast.staffing.schedule_shrinkage") if impact.net_of_shrinkage else ""
        display.sentences([t("forecast.staffing.schedule_note", shrinkage=net)])
    else:
        display.note(t("forecast.staffing.no_schedule"))

    s.section(t("forecast.section.staffing_queue"), level=3)
    _table(
        tables.build_staffing_queue_table(impact, t), t("forecast.staffing.queue_caption", **words)
    )

    s.section(t("forecast.section.staffing_weekday"), level=3)
    _table(tables.build_staffing_weekday_table(impact, t), t("forecast.staffing.weekday_caption"))

    s.section(t("forecast.section.staffing_hour"), level=3)
    display.figure(
        plots.staffing_hour_figure(impact, t),
        alt=t("forecast.staffing.hour_alt"),
        caption=t("forecast.staffing.hour_caption", **words),
    )
    _table(tables.build_staffing_hour_table(impact, t), t("forecast.staffing.hour_caption_table"))


def shrinkage(s: Session, shrinkage: ShrinkageResult) -> None:
    """Planned against actual shrinkage by queue, or which columns it would take."""
    t = s.t
    s.section(t("forecast.section.shrinkage"), ref="forecast_shrinkage")
    spec = tables.build_shrinkage_table(shrinkage, t)
    if spec is None:
        columns = join(shrinkage.missing_columns, t)
        display.note(t("forecast.shrinkage.none", columns=columns))
        return
    display.sentences([t("forecast.shrinkage.intro")])
    _table(spec, t("forecast.shrinkage.caption"))
    display.sentences(text.build_shrinkage_sentences(shrinkage, t))


def data_checks(s: Session, checks: DataChecks) -> None:
    """Duplicate and missing intervals per queue, or that none were found."""
    t = s.t
    s.section(t("forecast.section.data_checks"), ref=DATA_CHECKS_REF)
    specs = tables.build_problem_tables(checks, t)
    if specs is None:
        display.sentences([t("forecast.checks.none")])
        return
    summary, listing = specs
    display.sentences([t("forecast.checks.intro")])
    _table(summary, t("forecast.checks.summary_caption"))
    _table(listing, t("forecast.checks.list_caption", n=len(listing.frame)))


def methods(
    s: Session,
    *,
    acc: LevelAccuracy,
    checks: DataChecks,
    naive: NaiveComparison,
    impact: StaffingImpactResult,
) -> None:
    """Definitions, exclusions, local time, noise floor, naive benchmark, Erlang C, all
    as the steps were run."""
    s.section(s.t("forecast.section.methods"), ref="forecast_methods")
    display.bullets(text.build_methods(acc, checks, naive, impact, s.t))

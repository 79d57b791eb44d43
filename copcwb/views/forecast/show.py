"""The sections of the forecast accuracy report: each function shows one section."""

from __future__ import annotations

import pandas as pd

from copcwb import display
from copcwb.forecast.accuracy import hit_rate_column
from copcwb.results import record
from copcwb.session import Session
from copcwb.views.forecast import plots, tables, text
from copcwb.views.forecast.findings import LEVELS, MEASURES, Findings
from copcwb.views.forecast.formats import Translate, share, tolerance


def _table(spec: tables.TableSpec, caption: str) -> None:
    display.table(spec.frame, caption=caption, **spec.kwargs())


def _target_words(f: Findings) -> dict[str, str]:
    return {"target": share(f.options.sl_target, 0), "threshold": f"{f.options.sl_threshold_s:g}"}


def key_figures(f: Findings, t: Translate) -> dict[str, object]:
    """The headline numbers recorded in results.json (all queues pooled, call volume).

    wape_by_level / hit_rate_by_level: {level: value} for interval, day, week and month
    (hit rate at the headline tolerance); noise_floor: Poisson floor of the interval hit
    rate; mase: interval MASE against the seasonal naive forecast; staffing:
    under_fte_hours and over_fte_hours (whole period, all queues) and headline (the
    sentence of the report); accuracy: the rows of the accuracy tables (measure, level,
    queue ("ALL" = all queues pooled), n_periods, n_excluded, mape, wape, bias,
    hit_rate_<pct> and floor_<pct> per tolerance).
    """
    col = hit_rate_column(f.options.tolerance)
    levels = f.level_accuracy("volume").set_index("level")
    rows = pd.concat([tables.accuracy_rows(f, m) for m in MEASURES], ignore_index=True)
    return {
        "wape_by_level": {lv: levels.loc[lv, "wape"] for lv in LEVELS},
        "hit_rate_by_level": {lv: levels.loc[lv, col] for lv in LEVELS},
        "noise_floor": f.floor_at("interval", f.options.tolerance),
        "mase": f.naive_pooled["mase"],
        "staffing": {
            "under_fte_hours": float(f.staffing.by_queue["under_fte_hours"].sum()),
            "over_fte_hours": float(f.staffing.by_queue["over_fte_hours"].sum()),
            "headline": text.build_staffing_sentences(f, t)[0],
        },
        "accuracy": rows,
    }


def record_key_figures(s: Session, f: Findings) -> None:
    """Record the key figures of :func:`key_figures` for results.json (nothing shown)."""
    for name, value in key_figures(f, s.t).items():
        record(name, value)


def show_executive_summary(
    s: Session, f: Findings, *, number: str = "1", checks_number: str = "8"
) -> None:
    """Accuracy at each level against the targets, how much of the miss is noise, the
    naive benchmark, the staffing cost and the data checks, in plain sentences."""
    t = s.t
    display.section(t("forecast.section.summary"), number=number)
    display.sentences(text.build_intro(f, t))

    display.section(t("forecast.summary.h_accuracy"), level=4)
    _table(
        tables.build_level_table(f, t),
        t("forecast.summary.table_caption", tol=tolerance(f.options.tolerance)),
    )
    display.bullets(
        text.build_level_sentences(f, t)
        + text.build_bias_sentence(f, t)
        + text.build_recurring_sentence(f, t)
        + text.build_worst_day_sentence(f, t)
    )
    display.note(text.build_targets_note(f, t))

    display.section(t("forecast.summary.h_noise"), level=4)
    display.bullets(text.build_noise_sentences(f, t))

    display.section(t("forecast.summary.h_naive"), level=4)
    display.bullets(text.build_naive_sentences(f, t))

    display.section(t("forecast.summary.h_staffing"), level=4)
    display.bullets(text.build_staffing_sentences(f, t))

    display.section(t("forecast.summary.h_data"), level=4)
    display.sentences(text.build_problem_sentence(f, t, number=checks_number))


def show_accuracy(s: Session, f: Findings, *, number: str = "3") -> None:
    """Accuracy of volume, AHT and workload by queue and level, hit rates at every
    tolerance with the Poisson floor next to the volume hit rates."""
    t = s.t
    o = f.options
    display.section(t("forecast.section.accuracy"), number=number)
    display.sentences(
        [
            t(
                "forecast.accuracy.intro",
                tols=", ±".join(tolerance(x) for x in f.tolerances),
                interval_target=share(o.interval_hit_target, 0),
                day_target=share(o.day_hit_target, 0),
                tol=tolerance(o.tolerance),
            )
        ]
    )
    for measure in MEASURES:
        _table(
            tables.build_accuracy_table(f, measure, t),
            t("forecast.accuracy.caption", measure=t(f"forecast.measure.{measure}")),
        )
    display.sentences([t("forecast.accuracy.no_floor")])


def show_patterns(s: Session, f: Findings, *, number: str = "4") -> None:
    """Heat map of bias by weekday x time of day, bias by hour, accuracy day by day, the
    error distribution, and the worst intervals and days."""
    t = s.t
    tol = tolerance(f.options.tolerance)
    display.section(t("forecast.section.patterns"), number=number)
    display.sentences([t("forecast.patterns.intro")])

    display.section(t("forecast.section.heatmap"), level=3, number=f"{number}.1")
    fig, cap = plots.heatmap_figure(f, t)
    display.figure(
        fig, alt=t("forecast.heatmap.alt"), caption=t("forecast.heatmap.caption", cap=share(cap, 0))
    )

    display.section(t("forecast.section.hourly"), level=3, number=f"{number}.2")
    display.sentences(text.build_hourly_sentence(f, t))
    display.figure(
        plots.hourly_figure(f, t),
        alt=t("forecast.hourly.alt"),
        caption=t("forecast.hourly.caption"),
    )

    display.section(t("forecast.section.daily"), level=3, number=f"{number}.3")
    display.figure(
        plots.daily_figure(f, t), alt=t("forecast.daily.alt"), caption=t("forecast.daily.caption")
    )

    display.section(t("forecast.section.distribution"), level=3, number=f"{number}.4")
    display.sentences(text.build_distribution_sentence(f, t))
    display.figure(
        plots.distribution_figure(f, t),
        alt=t("forecast.distribution.alt"),
        caption=t("forecast.distribution.caption", tol=tol),
    )

    display.section(t("forecast.section.worst"), level=3, number=f"{number}.5")
    worst = tables.build_worst_table(f, "intervals", t)
    _table(worst, t("forecast.worst.intervals_caption", n=len(worst.frame)))
    days = tables.build_worst_table(f, "days", t)
    _table(days, t("forecast.worst.days_caption", n=len(days.frame)))


def show_naive(s: Session, f: Findings, *, number: str = "5") -> None:
    """MASE and share of days beating the seasonal naive forecast, by queue."""
    t = s.t
    display.section(t("forecast.section.naive"), number=number)
    display.sentences([t("forecast.naive.intro", lag=f.options.naive_lag_days)])
    _table(tables.build_naive_table(f, t), t("forecast.naive.caption"))
    display.bullets(text.build_naive_sentences(f, t))


def show_staffing(s: Session, f: Findings, *, number: str = "6") -> None:
    """Short- and over-staffed intervals and FTE-hours by queue, weekday and hour, with
    the service level achieved where scheduled agents are known."""
    t = s.t
    words = _target_words(f)
    display.section(t("forecast.section.staffing"), number=number)
    display.sentences([t("forecast.staffing.intro", **words)])
    display.bullets(text.build_staffing_sentences(f, t))
    if f.staffing.has_schedule:
        net = t("forecast.staffing.schedule_shrinkage") if f.staffing.shrinkage is not None else ""
        display.sentences([t("forecast.staffing.schedule_note", shrinkage=net)])
    else:
        display.sentences([t("forecast.staffing.no_schedule")])

    display.section(t("forecast.section.staffing_queue"), level=3, number=f"{number}.1")
    _table(tables.build_staffing_queue_table(f, t), t("forecast.staffing.queue_caption", **words))

    display.section(t("forecast.section.staffing_weekday"), level=3, number=f"{number}.2")
    _table(tables.build_staffing_weekday_table(f, t), t("forecast.staffing.weekday_caption"))

    display.section(t("forecast.section.staffing_hour"), level=3, number=f"{number}.3")
    display.figure(
        plots.staffing_hour_figure(f, t),
        alt=t("forecast.staffing.hour_alt"),
        caption=t("forecast.staffing.hour_caption", **words),
    )
    _table(tables.build_staffing_hour_table(f, t), t("forecast.staffing.hour_caption_table"))


def show_shrinkage(s: Session, f: Findings, *, number: str = "7") -> None:
    """Planned against actual shrinkage by queue, when the data have both."""
    t = s.t
    display.section(t("forecast.section.shrinkage"), number=number)
    spec = tables.build_shrinkage_table(f, t)
    if spec is None:
        display.sentences([t("forecast.shrinkage.none")])
        return
    display.sentences([t("forecast.shrinkage.intro")])
    _table(spec, t("forecast.shrinkage.caption"))
    display.sentences(text.build_shrinkage_sentences(f, t))


def show_data_checks(s: Session, f: Findings, *, number: str = "8") -> None:
    """Duplicate and missing intervals per queue, or that none were found."""
    t = s.t
    display.section(t("forecast.section.data_checks"), number=number)
    specs = tables.build_problem_tables(f, t)
    if specs is None:
        display.sentences([t("forecast.checks.none")])
        return
    summary, listing = specs
    display.sentences([t("forecast.checks.intro")])
    _table(summary, t("forecast.checks.summary_caption"))
    _table(listing, t("forecast.checks.list_caption", n=len(listing.frame)))


def show_methods(s: Session, f: Findings, *, number: str = "9") -> None:
    """Definitions, exclusions, local time, noise floor, naive benchmark, Erlang C."""
    display.section(s.t("forecast.section.methods"), number=number)
    display.bullets(text.build_methods(f, s.t))

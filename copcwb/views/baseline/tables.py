"""Tables of the baseline report, built from the result objects (pure functions).

Each ``build_*`` returns a :class:`TableSpec`: the frame to show (values already
phrased where the unit varies by row), its headers, number formats and row
classes ("met" / "missed" colour the first cell).
"""

from __future__ import annotations

import pandas as pd

from copcwb.baseline import OVERALL, SPEND, BaselineResult, Readiness, SpendList
from copcwb.catalog import OVERRIDE_SOURCE, PLACEHOLDER_SOURCE
from copcwb.quality import (
    BELOW,
    MEETS,
    ErrorPareto,
    JudgedAccuracy,
    ResolutionWindows,
    SampleAdequacy,
)
from copcwb.terms import ERROR_TYPES
from copcwb.views._shared import TableSpec
from copcwb.views.baseline.formats import (
    Translate,
    gap_in_unit,
    gap_share,
    month,
    share,
    trend_text,
    value_in_unit,
    window_label,
)
from copcwb.views.baseline.text import error_type_label, program_name

#: the class of a total row, which stays last when the table is sorted
PINNED = "copcwb-pinned"


def _headers(columns: list[str], t: Translate) -> dict[str, str]:
    return {c: t(f"baseline.col.{c}") for c in columns}


def _yes_no(flag: object, t: Translate) -> str:
    return t("baseline.yes") if bool(flag) else t("baseline.no")


def _met_class(meets: object) -> str:
    if meets is pd.NA or meets is None:
        return ""
    return "met" if bool(meets) else "missed"


def build_scorecard_table(result: BaselineResult, program: str, t: Translate) -> TableSpec:
    """The scorecard of one program: metric, category, latest value, target, gap in
    units and in percent, trend arrow. Rows coloured met / missed."""
    card = result.scorecard
    card = card[card["program"] == program]
    rows = []
    for r in card.itertuples(index=False):
        value = value_in_unit(r.value, r.unit, t)
        if bool(r.stale):
            value = t("baseline.scorecard.stale_value", value=value, month=month(r.month, t))
        rows.append(
            {
                "metric": r.label,
                "category": t(f"baseline.category.{r.category}"),
                "value": value,
                "target": value_in_unit(r.target, r.unit, t),
                "gap": gap_in_unit(r.gap, r.unit, t),
                "gap_pct": gap_share(r.gap_pct),
                "trend": trend_text(r.trend, t),
            }
        )
    columns = ["metric", "category", "value", "target", "gap", "gap_pct", "trend"]
    sources = card.loc[card["target"].notna(), "target_source"].unique()
    frame = pd.DataFrame(rows, columns=columns)
    if len(sources) > 1:
        frame["target_source"] = [
            t(f"baseline.source.{s}") if s in (PLACEHOLDER_SOURCE, OVERRIDE_SOURCE) else s
            for s in card["target_source"]
        ]
        columns.append("target_source")
    classes = [_met_class(m) for m in card["meets_target"]]
    keys = {"value": list(card["value"]), "target": list(card["target"])}
    keys |= {"gap": list(card["gap"]), "gap_pct": list(card["gap_pct"])}
    return TableSpec(frame, _headers(columns, t), {}, classes, keys)


def build_readiness_table(ready: Readiness, t: Translate) -> TableSpec:
    """Readiness per program and overall: counted metrics, both shares, verdict and
    how many metrics hold the program back."""
    r = ready.table
    frame = pd.DataFrame(
        {
            "program": [program_name(p, t) for p in r["program"]],
            "n_metrics": r["n_metrics"].astype("int64"),
            "share_meeting": r["share_meeting"],
            "share_meeting_or_improving": r["share_meeting_or_improving"],
            "ready": [_yes_no(x, t) for x in r["verdict"] == "ready"],
            "n_blockers": r["n_blockers"].astype("int64"),
        }
    )
    headers = _headers(list(frame.columns), t)
    headers["share_meeting"] = t("baseline.col.share_meeting_vs", level=share(ready.level_share, 0))
    headers["share_meeting_or_improving"] = t(
        "baseline.col.share_meeting_or_improving_vs",
        trend=share(ready.level_or_trend_share, 0),
    )
    formats = {"share_meeting": ".1%", "share_meeting_or_improving": ".1%"}
    classes = [
        ("met" if v == "ready" else "missed") + (f" {PINNED}" if p == OVERALL else "")
        for v, p in zip(r["verdict"], r["program"], strict=True)
    ]
    return TableSpec(frame, headers, formats, classes)


def build_blockers_table(result: BaselineResult, t: Translate) -> TableSpec:
    """The counted metrics that miss target, per program, most serious first, with why
    each holds the program back."""
    b = result.blockers
    units = result.scorecard.set_index(["program", "metric"])["unit"]
    rows, keys = [], {"gap_pct": list(b["gap_pct"])}
    for r in b.itertuples(index=False):
        unit = units.get((r.program, r.metric))
        rows.append(
            {
                "program": r.program,
                "metric": r.label,
                "value": value_in_unit(r.value, unit, t),
                "target": value_in_unit(r.target, unit, t),
                "gap_pct": gap_share(r.gap_pct),
                "why": t(f"baseline.blocker.{r.trend}"),
            }
        )
    columns = ["program", "metric", "value", "target", "gap_pct", "why"]
    frame = pd.DataFrame(rows, columns=columns)
    classes = ["missed"] * len(frame)
    return TableSpec(frame, _headers(columns, t), {}, classes, keys)


def build_accuracy_table(
    accuracy: JudgedAccuracy, t: Translate, markers: dict[str, str] | None = None
) -> TableSpec:
    """Process critical-error accuracy per program and type with its interval, target
    and verdict; the verdict of a type in ``markers`` (error type -> words: the evaluators
    do not agree on it) carries those words."""
    j = accuracy.process
    markers = markers or {}
    frame = pd.DataFrame(
        {
            "program": j["program"],
            "error_type": [error_type_label(k, t) for k in j["error_type"]],
            "n": j["n"],
            "n_with_error": j["n_with_error"],
            "accuracy": j["accuracy"],
            "interval": [
                t("baseline.interval", low=share(lo), high=share(hi))
                for lo, hi in zip(j["ci_low"], j["ci_high"], strict=True)
            ],
            "target": j["target"],
            "status": [
                " ".join(
                    filter(None, [t(f"baseline.status.{s.replace(' ', '_')}"), markers.get(k)])
                )
                for s, k in zip(j["status"], j["error_type"], strict=True)
            ],
        }
    )
    headers = _headers(list(frame.columns), t)
    headers["interval"] = t("baseline.col.interval_at", confidence=share(accuracy.confidence, 0))
    formats = {"accuracy": ".1%", "target": ".1%", "n": ",", "n_with_error": ","}
    classes = ["met" if s == MEETS else "missed" if s == BELOW else "" for s in j["status"]]
    return TableSpec(frame, headers, formats, classes)


def build_other_monitoring_table(accuracy: JudgedAccuracy, t: Translate) -> TableSpec:
    """Individual and targeted monitoring, per program: accuracy of each type with its
    interval, one row per program and monitoring type (never pooled with process)."""
    other = accuracy.other
    rows = []
    for (program, mtype), group in other.groupby(["program", "monitoring_type"], sort=False):
        row = {
            "program": program,
            "monitoring": t(f"baseline.monitoring.{mtype}"),
            "n": int(group["n"].max()),
        }
        for g in group.itertuples(index=False):
            row[g.error_type] = t(
                "baseline.accuracy_with_interval",
                accuracy=share(g.accuracy),
                low=share(g.ci_low),
                high=share(g.ci_high),
            )
        rows.append(row)
    kinds = [k for k in ERROR_TYPES if k in set(other["error_type"])]
    columns = ["program", "monitoring", "n", *kinds]
    frame = pd.DataFrame(rows, columns=columns)
    headers = _headers(["program", "monitoring", "n"], t)
    headers |= {k: error_type_label(k, t) for k in kinds}
    return TableSpec(frame, headers, {"n": ","}, [])


def build_adequacy_table(sample: SampleAdequacy, t: Translate) -> TableSpec:
    """Process sample over the whole period per program: taken, needed, how many more,
    the margin of error reached."""
    a = sample.overall
    frame = pd.DataFrame(
        {
            "program": a["program"],
            "n_sampled": a["n_sampled"],
            "n_needed": a["n_needed"],
            "n_short": a["n_short"],
            "achieved_margin": [
                t("baseline.margin", value=f"{100 * m:.1f}") for m in a["achieved_margin"]
            ],
            "adequate": [_yes_no(x, t) for x in a["adequate"]],
        }
    )
    classes = ["met" if x else "missed" for x in a["adequate"]]
    formats = {"n_sampled": ",", "n_needed": ",", "n_short": ","}
    return TableSpec(frame, _headers(list(frame.columns), t), formats, classes)


def build_monthly_adequacy_table(sample: SampleAdequacy, t: Translate) -> TableSpec:
    """The monthly process sample per program: months, months with enough, the median
    month's sample, what a month needs, how many more a median month needs, and the
    median margin of error reached in a month."""
    m = sample.months
    frame = m.assign(
        median_margin=[t("baseline.margin", value=f"{100 * v:.1f}") for v in m["median_margin"]]
    )
    every = m["n_months_adequate"] == m["n_months"]
    classes = ["met" if x else "missed" for x in every]
    formats = {"median_sampled": ",.0f", "median_short": ",.0f", "n_needed_month": ","}
    return TableSpec(frame, _headers(list(frame.columns), t), formats, classes)


def build_pareto_table(pareto: ErrorPareto, t: Translate, *, max_rows: int = 12) -> TableSpec:
    """The most frequent error codes of process monitoring with share, cumulative
    share and whether the code is one of the vital few."""
    shown = pareto.table.head(max_rows)
    frame = pd.DataFrame(
        {
            "rank": shown["rank"],
            "error_code": shown["error_code"],
            "count": shown["count"],
            "share": shown["share"],
            "cumulative_share": shown["cumulative_share"],
            "vital_few": [t("baseline.yes") if v else "" for v in shown["vital_few"]],
        }
    )
    formats = {"share": ".1%", "cumulative_share": ".1%", "count": ","}
    return TableSpec(frame, _headers(list(frame.columns), t), formats, [])


def build_resolution_table(resolution: ResolutionWindows, t: Translate) -> TableSpec:
    """Resolution rate per program and channel for every window, with the contacts
    handled, then the overall row."""
    if not resolution.windows:
        return TableSpec(pd.DataFrame())
    first = resolution.windows[0]
    base = first.channel[["program", "channel", "n_total"]].rename(
        columns={"n_total": "n_contacts"}
    )
    frame = base.copy()
    overall = {
        "program": t("baseline.all_programs"),
        "channel": t("baseline.all_channels"),
        "n_contacts": int(first.overall["n_total"].iloc[0]),
    }
    headers = _headers(["program", "channel", "n_contacts"], t)
    formats = {"n_contacts": ","}
    for i, res in enumerate(resolution.windows):
        col = f"rate_{i}"
        rates = res.channel.set_index(["program", "channel"])["resolution_rate"]
        keys = pd.MultiIndex.from_frame(base[["program", "channel"]])
        frame[col] = rates.reindex(keys).to_numpy(dtype=float)
        overall[col] = res.rate
        headers[col] = t("baseline.col.resolved_within", window=window_label(res.window, t))
        formats[col] = ".1%"
    frame = pd.concat([frame, pd.DataFrame([overall])], ignore_index=True)
    classes = [""] * (len(frame) - 1) + [PINNED]
    return TableSpec(frame.reset_index(drop=True), headers, formats, classes)


def build_spend_table(spend: SpendList, action: str, t: Translate) -> TableSpec:
    """The rows of one action of :func:`copcwb.baseline.spend_list`, ranked by gap,
    with deteriorating metrics called out."""
    part = spend.part(action)
    note_key = "spend" if action == SPEND else "over"
    rows = []
    for r in part.itertuples(index=False):
        unit = r.unit
        rows.append(
            {
                "rank": int(r.rank),
                "program": r.program,
                "metric": r.label,
                "value": value_in_unit(r.value, unit, t),
                "target": value_in_unit(r.target, unit, t),
                "gap_pct": gap_share(r.gap_pct),
                "trend": trend_text(r.trend, t),
                "note": t(f"baseline.spend.note_{note_key}") if r.deteriorating else "",
            }
        )
    columns = ["rank", "program", "metric", "value", "target", "gap_pct", "trend", "note"]
    frame = pd.DataFrame(rows, columns=columns)
    if not part["deteriorating"].any():
        frame = frame.drop(columns="note")
        columns.remove("note")
    css = "missed" if action == SPEND else "met"
    keys = {"gap_pct": list(part["gap_pct"])}
    return TableSpec(frame, _headers(columns, t), {}, [css] * len(frame), keys)

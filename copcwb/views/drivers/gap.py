"""The service-quality gap section of the driver report: perception against expectation
per dimension, overall and per program, and how the gaps relate to overall satisfaction
(results of :func:`copcwb.drivers.expectation_gap` and :func:`copcwb.drivers.gap_model`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from copcwb import display
from copcwb.attempt import Unavailable, available
from copcwb.drivers import OrdinalLogitResult
from copcwb.drivers.expectation import MET, MISSED, OVER_SERVED, VERDICTS
from copcwb.i18n import language_of
from copcwb.i18n.formats import clause_separator
from copcwb.session import Session
from copcwb.views._shared import TableSpec
from copcwb.views.drivers import plots
from copcwb.views.drivers.formats import (
    Context,
    context,
    interval,
    join,
    label,
    missing,
    number,
    p_value,
    ratio,
    signed,
)
from copcwb.views.drivers.text import key, p_phrase

REF = "expectations"
#: the programs the per-program table shows (the most missed first); all are in results.json
PROGRAMS_SHOWN = 20
#: the columns of the gap tables recorded in results.json
RECORDED = ["dimension", "n", "perception", "expectation", "gap", "ci_low", "ci_high", "p_val"]


def verdict_name(verdict: str, t) -> str:
    return t(f"expectation.verdict.{key(verdict)}")


def _table(spec: TableSpec, caption: str) -> None:
    display.table(spec.frame, caption=caption, **spec.kwargs())


def build_gap_table(gaps: pd.DataFrame, c: Context) -> TableSpec:
    """dimension, n, perception, expectation, gap, interval, p, verdict of each dimension;
    missed rows marked "missed", met rows "met"."""
    t = c.t
    frame = pd.DataFrame(
        {
            "dimension": [label(d, t) for d in gaps["dimension"]],
            "n": gaps["n"].astype("int64"),
            "perception": gaps["perception"].astype(float),
            "expectation": gaps["expectation"].astype(float),
            "gap": [signed(g) for g in gaps["gap"]],
            "ci": [
                interval(lo, hi, signed, t) if not missing(lo) else "–"
                for lo, hi in zip(gaps["ci_low"], gaps["ci_high"], strict=True)
            ],
            "p_val": [p_value(p) for p in gaps["p_val"]],
            "verdict": [verdict_name(v, t) for v in gaps["verdict"]],
        }
    )
    headers = {col: t(f"expectation.col.{col}", conf=c.conf) for col in frame.columns}
    classes = [{MISSED: "missed", MET: "met"}.get(v, "") for v in gaps["verdict"]]
    keys = {"gap": list(gaps["gap"]), "p_val": list(gaps["p_val"])}
    formats = {"n": ",", "perception": ".2f", "expectation": ".2f"}
    return TableSpec(frame, headers, formats, classes, keys)


def gap_lines(gaps: pd.DataFrame, verdict: str, c: Context) -> list[str]:
    """One line per dimension with ``verdict``: its means, gap, interval and p."""
    return [
        c.t(
            "expectation.line",
            dimension=label(r.dimension, c.t),
            perception=number(r.perception),
            expectation=number(r.expectation),
            gap=signed(r.gap),
            conf=c.conf,
            low=signed(r.ci_low),
            high=signed(r.ci_high),
            p=p_phrase(r.p_val, c.t),
        )
        for r in gaps[gaps["verdict"] == verdict].itertuples(index=False)
    ]


def _ordered_programs(program_gaps: pd.DataFrame) -> list[object]:
    """Programs with the largest missed gap first, then by their lowest gap."""
    g = program_gaps.assign(missed=program_gaps["gap"].where(program_gaps["verdict"] == MISSED))
    worst = g.groupby("program", sort=True).agg(missed=("missed", "min"), low=("gap", "min"))
    return list(worst.sort_values(["missed", "low"], na_position="last", kind="stable").index)


def build_program_table(
    program_gaps: pd.DataFrame, c: Context, limit: int = PROGRAMS_SHOWN
) -> TableSpec:
    """program, then one column per dimension: its gap, marked when missed or over-served;
    the ``limit`` programs with the largest missed gaps first."""
    t = c.t
    programs = _ordered_programs(program_gaps)[:limit]
    dimensions = list(dict.fromkeys(program_gaps["dimension"]))
    cells = program_gaps.set_index(["program", "dimension"])
    frame = pd.DataFrame({"program": [str(p) for p in programs]})
    keys = {}
    for d in dimensions:
        rows = cells.xs(d, level="dimension").reindex(programs)
        frame[d] = [
            t(f"expectation.cell.{key(v)}", gap=signed(g))
            for g, v in zip(rows["gap"], rows["verdict"], strict=True)
        ]
        keys[d] = list(rows["gap"])
    headers = {"program": t("expectation.col.program")} | {d: label(d, t) for d in dimensions}
    return TableSpec(frame, headers, sort_keys=keys)


def program_count_lines(program_gaps: pd.DataFrame, c: Context) -> list[str]:
    """Per dimension: in how many programs expectations are missed and over-served."""
    n = program_gaps["program"].nunique()
    lines = []
    for d, rows in program_gaps.groupby("dimension", sort=False):
        counts = rows["verdict"].value_counts()
        lines.append(
            c.t(
                "expectation.programs.count",
                dimension=label(d, c.t),
                missed=int(counts.get(MISSED, 0)),
                over=int(counts.get(OVER_SERVED, 0)),
                n=n,
            )
        )
    return lines


def build_gap_model_table(model: OrdinalLogitResult, c: Context) -> TableSpec:
    """dimension, coefficient, odds ratio per point of gap, its interval, p-value."""
    t = c.t
    summ = model.summary(c.confidence).loc[list(model.terms)]
    frame = pd.DataFrame(
        {
            "dimension": [label(d, t) for d in summ.index],
            "coef": [number(b, 3) for b in summ["coef"]],
            "odds_ratio": [ratio(o) for o in summ["odds_ratio"]],
            "ci": [
                interval(lo, hi, ratio, t)
                for lo, hi in zip(np.exp(summ["ci_low"]), np.exp(summ["ci_high"]), strict=True)
            ],
            "p_val": [p_value(p) for p in summ["p_val"]],
        }
    )
    headers = {col: t(f"expectation.model.col.{col}", conf=c.conf) for col in frame.columns}
    keys = {"coef": list(summ["coef"]), "odds_ratio": list(summ["odds_ratio"])}
    return TableSpec(frame, headers, sort_keys=keys | {"p_val": list(summ["p_val"])})


def model_sentences(model: OrdinalLogitResult | Unavailable, c: Context) -> list[str]:
    """What the model of overall satisfaction on the gaps is, and which gaps matter."""
    t = c.t
    if not available(model):
        return [t("expectation.model.failed", reason=model.reason)]
    intro = t("expectation.model.intro", n=f"{model.n_rows:,}")
    summ = model.summary(c.confidence).loc[list(model.terms)]
    related = [label(d, t) for d, p in summ["p_val"].items() if p < c.alpha]
    if not related:
        return [intro, t("expectation.model.none_related", alpha=c.alpha_text)]
    return [intro, t("expectation.model.related", dimensions=join(related, t), alpha=c.alpha_text)]


def summary_sentence(gaps: pd.DataFrame, c: Context) -> str:
    """One sentence for the executive summary: the dimensions missed, over-served, met."""
    t = c.t
    parts = []
    for verdict in (MISSED, OVER_SERVED, MET):
        names = [label(d, t) for d in gaps.loc[gaps["verdict"] == verdict, "dimension"]]
        if names:
            parts.append(t(f"expectation.summary.{key(verdict)}", dimensions=join(names, t)))
    return t("expectation.summary.line", parts=clause_separator(language_of(t)).join(parts))


def gap_figures(
    gaps: pd.DataFrame | None,
    program_gaps: pd.DataFrame | None,
    model: OrdinalLogitResult | Unavailable | None,
    confidence: float = 0.95,
) -> dict[str, object]:
    """What results.json records of the gap: overall (a row per dimension: RECORDED and
    verdict), by_program (the same with program, for every program) and model (a row per
    dimension: dimension, coef, se, p_val, odds_ratio, ci_low, ci_high of the coefficient)."""
    coefficients: list | pd.DataFrame = []
    if available(model):
        summ = model.summary(confidence).loc[list(model.terms)]
        columns = ["coef", "se", "p_val", "odds_ratio", "ci_low", "ci_high"]
        coefficients = summ[columns].rename_axis("dimension").reset_index()
    empty: list = []
    return {
        "overall": gaps if gaps is not None else empty,
        "by_program": program_gaps if program_gaps is not None else empty,
        "model": coefficients,
    }


def _figure(gaps: pd.DataFrame, c: Context) -> None:
    t = c.t
    fig = plots.gap_figure(
        [label(d, t) for d in gaps["dimension"]],
        list(gaps["gap"]),
        list(gaps["ci_low"]),
        list(gaps["ci_high"]),
        list(gaps["verdict"]),
        title=t("expectation.chart.title"),
        xlabel=t("expectation.chart.xlabel", conf=c.conf),
        legend={v: verdict_name(v, t) for v in VERDICTS},
    )
    display.figure(fig, alt=t("expectation.chart.alt"), caption=t("expectation.chart.caption"))


def _verdict_lists(gaps: pd.DataFrame, c: Context) -> None:
    t = c.t
    for verdict, name in ((MISSED, "missed"), (OVER_SERVED, "over")):
        lines = gap_lines(gaps, verdict, c)
        if lines:
            display.sentences([t(f"expectation.{name}.intro")])
            display.bullets(lines)
        else:
            display.sentences([t(f"expectation.{name}.none")])


def _by_program(s: Session, program_gaps: pd.DataFrame | None, c: Context) -> None:
    t = c.t
    s.section(t("expectation.programs.title"), level=3, ref="expectations_programs")
    if program_gaps is None or program_gaps["program"].nunique() < 2:
        display.sentences([t("expectation.programs.one")])
        return
    display.sentences([t("expectation.programs.intro", conf=c.conf)])
    display.bullets(program_count_lines(program_gaps, c))
    spec = build_program_table(program_gaps, c)
    _table(spec, t("expectation.programs.caption"))
    n = program_gaps["program"].nunique()
    if n > len(spec.frame):
        display.note(t("expectation.programs.more", shown=len(spec.frame), n=n))


def expectations(
    s: Session,
    gaps: pd.DataFrame,
    program_gaps: pd.DataFrame | None = None,
    model: OrdinalLogitResult | Unavailable | None = None,
) -> None:
    """Perception against expectation per service-quality dimension: the gaps with their
    intervals (table and chart), the dimensions missed and over-served, the gaps per
    program, and the ordinal model of overall satisfaction on the gaps. Without
    expectation pairs: what data would make it possible."""
    t, c = s.t, context(s)
    s.section(t("expectation.section"), ref=REF)
    if gaps.empty:
        display.sentences([t("expectation.none")])
        return
    display.sentences([t("expectation.intro", conf=c.conf)])
    _table(build_gap_table(gaps, c), t("expectation.table_caption", conf=c.conf))
    _figure(gaps, c)
    _verdict_lists(gaps, c)
    _by_program(s, program_gaps, c)
    if model is None:
        return
    s.section(t("expectation.model.title"), level=3, ref="expectations_model")
    display.sentences(model_sentences(model, c))
    if available(model):
        _table(build_gap_model_table(model, c), t("expectation.model.caption", conf=c.conf))


def summary(s: Session, gaps: pd.DataFrame | None) -> None:
    """The executive summary's lines on the gap (nothing without expectation pairs)."""
    if gaps is None or gaps.empty:
        return
    c = context(s)
    display.section(s.t("expectation.summary.title"), level=4)
    display.sentences([summary_sentence(gaps, c)])
    number = s.number_of(REF)
    if number:
        display.sentences([s.t("drivers.summary.see", number=number)])

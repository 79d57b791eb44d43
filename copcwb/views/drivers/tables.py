"""Tables of the driver report, built from the results (pure functions).

Each ``build_*`` returns a :class:`TableSpec`: the frame to show (numbers already
phrased where a cell holds an estimate with its interval), its headers, number formats
and row classes ("met" / "missed" colour the first cell).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from copcwb import drivers
from copcwb.drivers import (
    CriticalErrorResult,
    ImportanceResult,
    KanoResult,
    OperationalThresholds,
    OrdinalLogitResult,
    QuadrantResult,
    RatingDistribution,
    SegmentResult,
    SurveyColumns,
    WhatIfResult,
)
from copcwb.i18n import language_of
from copcwb.i18n.formats import clause_separator
from copcwb.views._shared import TableSpec
from copcwb.views.drivers.formats import (
    Context,
    Translate,
    change_text,
    display_step,
    fact_value,
    interval,
    label,
    missing,
    number,
    p_value,
    points,
    ratio,
    share,
)
from copcwb.views.drivers.text import (
    coding_text,
    hinge_rate_text,
    key,
    whatif_action,
    whatif_effect,
)


def _headers(columns: list[str], t: Translate, **values: object) -> dict[str, str]:
    return {c: t(f"drivers.col.{c}", **values) for c in columns}


def build_distribution_table(dist: RatingDistribution, c: Context) -> TableSpec:
    """Responses and share per level of overall satisfaction, top and bottom box marked."""
    t = c.t
    d = dist.summary()
    box = [
        t("drivers.box.top")
        if lv == dist.top_level
        else t("drivers.box.bottom")
        if lv == dist.bottom_level
        else ""
        for lv in d["level"]
    ]
    frame = pd.DataFrame(
        {
            "level": [str(x) for x in d["level"]],
            "box": box,
            "n": d["n"].astype("int64"),
            "share": d["share"].astype(float),
        }
    )
    cols = list(frame.columns)
    return TableSpec(frame, _headers(cols, t), {"n": ",", "share": ".1%"})


def forest_frame(model: OrdinalLogitResult, c: Context) -> pd.DataFrame:
    """Odds ratios of the model's predictors for the change shown (a rating point, an
    error, a minute, one unit), with their intervals.

    Columns: column, label, change, step, odds_ratio, ci_low, ci_high, p_val, coef, se,
    significant (p < alpha).
    """
    summ = model.summary(c.confidence).loc[list(model.terms)]
    none = set(drivers.effect_directions(model, c.alpha)["none"])
    rows = []
    for column, r in summ.iterrows():
        kind = c.kind(str(column))
        step = display_step(kind)
        rows.append(
            {
                "column": str(column),
                "label": label(str(column), c.t),
                "change": change_text(kind, c.t),
                "step": step,
                "odds_ratio": float(np.exp(step * r["coef"])),
                "ci_low": float(np.exp(step * r["ci_low"])),
                "ci_high": float(np.exp(step * r["ci_high"])),
                "p_val": float(r["p_val"]),
                "coef": float(r["coef"]),
                "se": float(r["se"]),
                "significant": str(column) not in none,
            }
        )
    return pd.DataFrame(rows)


def build_model_table(model: OrdinalLogitResult, c: Context) -> TableSpec:
    """Odds ratio, interval and p-value of each predictor, and the coefficient per unit."""
    t = c.t
    forest = forest_frame(model, c)
    frame = pd.DataFrame(
        {
            "predictor": forest["label"],
            "change": forest["change"],
            "odds_ratio": [ratio(x) for x in forest["odds_ratio"]],
            "ci": [
                interval(lo, hi, ratio, t)
                for lo, hi in zip(forest["ci_low"], forest["ci_high"], strict=True)
            ],
            "p_val": [p_value(p) for p in forest["p_val"]],
            "coef": forest["coef"],
            "se": forest["se"],
        }
    )
    return TableSpec(
        frame,
        _headers(list(frame.columns), t, conf=c.conf),
        {"coef": "#.4g", "se": "#.3g"},
    )


def build_cutpoint_table(model: OrdinalLogitResult, c: Context) -> TableSpec:
    """The K - 1 cut-points theta_k with standard errors."""
    summ = model.summary(c.confidence)
    cuts = summ.loc[list(model.thresholds.index)]
    frame = pd.DataFrame(
        {
            "cutpoint": [str(c) for c in cuts.index],
            "estimate": cuts["coef"].astype(float),
            "se": cuts["se"].astype(float),
        }
    )
    return TableSpec(frame, _headers(list(frame.columns), c.t), {"estimate": ".4f", "se": ".4f"})


def build_fit_table(model: OrdinalLogitResult, c: Context) -> TableSpec:
    """Fit statistics: responses used and left out, log-likelihoods, pseudo-R2, AIC, BIC and
    the likelihood-ratio test against the cut-points-only model."""
    t, m = c.t, model
    rows = [
        ("n_used", f"{m.n_rows:,}"),
        ("n_dropped", f"{m.n_dropped:,}"),
        ("loglik", number(m.loglik, 2)),
        ("loglik_null", number(m.loglik_null, 2)),
        ("pseudo_r2", number(m.pseudo_r2, 3)),
        ("aic", number(m.aic, 1)),
        ("bic", number(m.bic, 1)),
        ("lr_test", t("drivers.fit.lr_value", chi2=number(m.lr_stat, 1), df=m.lr_df)),
        ("lr_p_val", p_value(m.lr_p_val)),
    ]
    frame = pd.DataFrame(
        {"statistic": [t(f"drivers.fit.{k}") for k, _ in rows], "value": [v for _, v in rows]}
    )
    return TableSpec(frame, _headers(list(frame.columns), t))


def build_vif_table(model: OrdinalLogitResult, c: Context) -> TableSpec:
    """Variance inflation factor of each predictor and its reading."""
    t = c.t
    vif = model.vif["vif"]
    readings = [drivers.vif_reading(float(v)) for v in vif]
    frame = pd.DataFrame(
        {
            "predictor": [label(str(x), t) for x in vif.index],
            "vif": vif.to_numpy(dtype=float),
            "reading": [t(f"drivers.vif.reading_{r}") for r in readings],
        }
    )
    classes = ["missed" if r == "high" else "" for r in readings]
    return TableSpec(frame, _headers(list(frame.columns), t), {"vif": ".2f"}, classes)


def build_brant_table(b: pd.DataFrame, c: Context) -> TableSpec:
    """Brant test, omnibus then per predictor: chi-square, df, p-value and verdict."""
    t = c.t
    names = [t("drivers.brant.omnibus") if i == "omnibus" else label(str(i), t) for i in b.index]
    ok = drivers.parallel_lines_verdicts(b, c.alpha)
    frame = pd.DataFrame(
        {
            "test": names,
            "chi2": b["chi2"].to_numpy(dtype=float),
            "df": b["df"].to_numpy(dtype="int64"),
            "p_val": [p_value(p) for p in b["p_val"]],
            "verdict": [t("drivers.brant.ok") if x else t("drivers.brant.not_ok") for x in ok],
        }
    )
    classes = ["met" if x else "missed" for x in ok]
    return TableSpec(frame, _headers(list(frame.columns), t), {"chi2": ".2f", "df": "d"}, classes)


def build_importance_table(imp: ImportanceResult, c: Context) -> TableSpec:
    """Rank, share of explained satisfaction (and its bootstrap interval) per predictor."""
    t = c.t
    s = imp.summary()
    frame = pd.DataFrame(
        {
            "rank": s["rank"].astype("int64"),
            "predictor": [label(str(d), t) for d in s["driver"]],
            "importance": s["importance_pct"].to_numpy(dtype=float) / 100.0,
            "r2_contribution": s["r2_contribution"].to_numpy(dtype=float),
        }
    )
    if imp.n_boot:
        frame.insert(
            3,
            "importance_ci",
            [
                interval(lo / 100.0, hi / 100.0, share, t)
                for lo, hi in zip(s["ci_low"], s["ci_high"], strict=True)
            ],
        )
    return TableSpec(
        frame,
        _headers(list(frame.columns), t, conf=c.conf),
        {"rank": "d", "importance": ".1%", "r2_contribution": ".4f"},
    )


def build_quadrant_table(q: QuadrantResult, c: Context) -> TableSpec:
    """Importance, mean rating and quadrant of each driver, "fix first" first."""
    t = c.t
    s = q.summary()
    frame = pd.DataFrame(
        {
            "driver": [label(str(d), t) for d in s["driver"]],
            "importance": s["importance"].to_numpy(dtype=float) / 100.0,
            "performance": s["performance"].to_numpy(dtype=float),
            "quadrant": [t(f"drivers.quadrant.{key(x)}") for x in s["quadrant"]],
        }
    )
    classes = ["missed" if x == "fix first" else "" for x in s["quadrant"]]
    return TableSpec(
        frame,
        _headers(list(frame.columns), t, high=c.top_level),
        {"importance": ".1%", "performance": ".2f"},
        classes,
    )


def _log_odds(value: float, low: float, high: float, t: Translate) -> str:
    if missing(value):
        return "–"
    fmt = lambda x: f"{float(x):+.2f}"  # noqa: E731
    return t("drivers.estimate_ci", value=fmt(value), ci=interval(low, high, fmt, t))


def build_kano_table(k: KanoResult, c: Context) -> TableSpec:
    """Respondents in the low / middle / top groups, penalty and reward with intervals,
    class and notes of each driver."""
    t = c.t
    s = k.summary()
    notes = []
    for r in s.itertuples(index=False):
        parts = []
        if r.n_low == 0:
            parts.append(t("drivers.kano.no_low"))
        if r.n_top == 0:
            parts.append(t("drivers.kano.no_top"))
        for name in ("penalty", "reward"):
            if getattr(r, f"{name}_unexpected"):
                parts.append(t(f"drivers.kano.unexpected_{name}"))
        notes.append(clause_separator(language_of(t)).join(parts))
    frame = pd.DataFrame(
        {
            "driver": [label(str(d), t) for d in s["driver"]],
            "groups": [
                t("drivers.kano.groups", low=f"{a:,.0f}", middle=f"{b:,.0f}", top=f"{c:,.0f}")
                for a, b, c in zip(s["n_low"], s["n_middle"], s["n_top"], strict=True)
            ],
            "penalty": [
                _log_odds(r.penalty, r.penalty_ci_low, r.penalty_ci_high, t)
                for r in s.itertuples(index=False)
            ],
            "reward": [
                _log_odds(r.reward, r.reward_ci_low, r.reward_ci_high, t)
                for r in s.itertuples(index=False)
            ],
            "kano_class": [t(f"drivers.kano.{key(c)}") for c in s["kano_class"]],
            "note": notes,
        }
    )
    if not any(notes):
        frame = frame.drop(columns="note")
    return TableSpec(frame, _headers(list(frame.columns), t, conf=c.conf))


def build_threshold_table(thresholds: OperationalThresholds, c: Context) -> TableSpec:
    """Per continuous operational fact: the breakpoint beyond which the top-box chance starts
    to fall, with its interval, the chance there, the average fall beyond it, the drop from
    it to the 90th percentile with its interval, and the likelihood-ratio p of the hinge
    against a straight line in the fact. Results of the spline or bins methods show
    where the chance falls fastest and the fall over the next step instead."""
    t = c.t
    if not all(r.method == "hinge" for r in thresholds.results.values()):
        return _fastest_fall_table(thresholds, c)
    rows = []
    for fact, res in thresholds.results.items():
        kind = c.kind(fact)
        s = res.summary().iloc[0]
        found = not missing(res.threshold)
        end = res.threshold + res.step if found else float("nan")
        rows.append(
            {
                "fact": label(fact, t),
                "breakpoint": (
                    t(
                        "drivers.estimate_ci",
                        value=fact_value(res.threshold, kind, t),
                        ci=interval(
                            fact_value(res.threshold_ci[0], kind, t),
                            fact_value(res.threshold_ci[1], kind, t),
                            str,
                            t,
                        ),
                    )
                    if found
                    else "–"
                ),
                "top_box_at": share(s["top_box_at_threshold"]) if found else "–",
                "rate": hinge_rate_text(res, kind, t) if found else "–",
                "drop_to_p90": (
                    t(
                        "drivers.estimate_ci",
                        value=points(res.drop, sign=False),
                        ci=interval(res.drop_ci[0], res.drop_ci[1], _unsigned_points, t),
                    )
                    if found
                    else t("drivers.threshold.no_fall")
                ),
                "span": (
                    t(
                        "drivers.threshold.span",
                        start=fact_value(res.threshold, kind, t),
                        end=fact_value(end, kind, t),
                    )
                    if found
                    else "–"
                ),
                "vs_linear": p_value(res.lr_vs_linear[1]) if found else "–",
            }
        )
    columns = ["fact", "breakpoint", "top_box_at", "rate", "drop_to_p90", "span", "vs_linear"]
    frame = pd.DataFrame(rows, columns=columns)
    return TableSpec(frame, _headers(columns, t, conf=c.conf))


def _fastest_fall_table(thresholds: OperationalThresholds, c: Context) -> TableSpec:
    t = c.t
    rows = []
    for fact, res in thresholds.results.items():
        kind = c.kind(fact)
        s = res.summary().iloc[0]
        found = not missing(res.threshold)
        rows.append(
            {
                "fact": label(fact, t),
                "threshold": fact_value(res.threshold, kind, t) if found else "–",
                "top_box_at": share(s["top_box_at_threshold"]) if found else "–",
                "drop": (
                    t(
                        "drivers.estimate_ci",
                        value=points(res.drop, sign=False),
                        ci=interval(res.drop_ci[0], res.drop_ci[1], _unsigned_points, t),
                    )
                    if found
                    else t("drivers.threshold.no_fall")
                ),
                "step": fact_value(res.step, kind, t) if found else "–",
            }
        )
    frame = pd.DataFrame(rows, columns=["fact", "threshold", "top_box_at", "drop", "step"])
    return TableSpec(frame, _headers(list(frame.columns), t, conf=c.conf))


def _unsigned_points(value: object) -> str:
    return points(value, sign=False)


def _signed_points(value: object) -> str:
    return points(value)


def build_critical_table(critical: CriticalErrorResult, c: Context) -> TableSpec:
    """Per critical-error flag: respondents with the error, odds ratio with interval,
    p-value and verdict; proven customer-critical rows marked."""
    t = c.t
    s = critical.summary()
    shown = {"proven": "proven", "not_assessed": "not_assessed"}
    verdict = [t(f"drivers.critical.verdict_{shown.get(v, 'not_proven')}") for v in s["verdict"]]
    frame = pd.DataFrame(
        {
            "error": [label(str(x), t) for x in s["flag"]],
            "n_with_error": s["n_with_error"].to_numpy(dtype=float),
            "error_share": s["error_share"].to_numpy(dtype=float),
            "odds_ratio": [ratio(x) for x in s["odds_ratio"]],
            "ci": [
                interval(lo, hi, ratio, t) if not missing(lo) else "–"
                for lo, hi in zip(s["ci_low"], s["ci_high"], strict=True)
            ],
            "p_val": [p_value(p) for p in s["p_val"]],
            "verdict": verdict,
        }
    )
    classes = ["missed" if p else "" for p in s["proven_customer_critical"]]
    return TableSpec(
        frame,
        _headers(list(frame.columns), t, conf=c.conf),
        {"n_with_error": ",.0f", "error_share": ".1%"},
        classes,
    )


def build_whatif_table(w: WhatIfResult, c: Context) -> TableSpec:
    """Per scenario, largest top-box gain first: who it affects, the top-box share now and
    after, the change in top-box and bottom-box share with intervals (points), and the
    change per 1,000 responses."""
    t = c.t
    s = w.summary().sort_values("top_box_change", ascending=False, kind="stable")
    rows = list(s.itertuples(index=False))
    gains = set(w.gains()["scenario"])
    frame = pd.DataFrame(
        {
            "action": [whatif_action(r, c) for r in rows],
            "share_affected": [float(r.share_affected) for r in rows],
            "top_box": [
                t("drivers.whatif.from_to", base=share(r.top_box_base), new=share(r.top_box_new))
                for r in rows
            ],
            "top_box_change": [
                t(
                    "drivers.estimate_ci",
                    value=points(r.top_box_change),
                    ci=interval(r.top_box_ci_low, r.top_box_ci_high, _signed_points, t),
                )
                for r in rows
            ],
            "bottom_box_change": [
                t(
                    "drivers.estimate_ci",
                    value=points(r.bottom_box_change),
                    ci=interval(r.bottom_box_ci_low, r.bottom_box_ci_high, _signed_points, t),
                )
                for r in rows
            ],
            "per_1000": [whatif_effect(r, t) for r in rows],
        }
    )
    classes = ["met" if r.scenario in gains else "" for r in rows]
    return TableSpec(
        frame,
        _headers(list(frame.columns), t, conf=c.conf),
        {"share_affected": ".0%"},
        classes,
    )


def build_segment_overview(seg: SegmentResult, c: Context) -> TableSpec:
    """Per program: complete responses, whether the model was fitted (or why not), and
    its pseudo-R2."""
    t = c.t
    o = seg.overview
    status = []
    for r in o.itertuples(index=False):
        if r.status == "fitted":
            status.append(t("drivers.segments.fitted"))
        elif r.status == "too few responses":
            status.append(t("drivers.segments.too_few", n=f"{seg.min_responses:,}"))
        else:
            status.append(t("drivers.segments.failed", reason=str(r.note)))
    frame = pd.DataFrame(
        {
            "program": [str(p) for p in o[seg.by]],
            "n_responses": o["n_responses"].to_numpy(dtype=float),
            "status": status,
            "pseudo_r2": o["pseudo_r2"].to_numpy(dtype=float),
        }
    )
    classes = ["" if r == "fitted" else "missed" for r in o["status"]]
    return TableSpec(
        frame,
        _headers(list(frame.columns), t),
        {"n_responses": ",.0f", "pseudo_r2": ".3f"},
        classes,
    )


def build_segment_table(seg: SegmentResult, cols: SurveyColumns, c: Context) -> TableSpec:
    """Odds ratio (interval) of each predictor in each fitted program, for the change
    shown in the model table; "–" where a predictor could not be estimated."""
    t = c.t
    predictors = cols.predictors
    frame = pd.DataFrame({"predictor": [label(p, t) for p in predictors]})
    frame["change"] = [change_text(c.kind(p), t) for p in predictors]
    for segment, res in seg.results.items():
        summ = res.summary(seg.confidence)
        cells = []
        for p in predictors:
            if p not in summ.index:
                cells.append("–")
                continue
            step = display_step(c.kind(p))
            r = summ.loc[p]
            cells.append(
                t(
                    "drivers.estimate_ci",
                    value=ratio(np.exp(step * r["coef"])),
                    ci=interval(np.exp(step * r["ci_low"]), np.exp(step * r["ci_high"]), ratio, t),
                )
            )
        frame[str(segment)] = cells
    headers = {"predictor": t("drivers.col.predictor"), "change": t("drivers.col.change")}
    return TableSpec(frame, headers)


def build_segment_rows(seg: SegmentResult, cols: SurveyColumns, c: Context) -> TableSpec:
    """:func:`build_segment_table` turned for many programs: one row per fitted
    program, one column per predictor, each cell the odds ratio (interval) for the
    change shown in the model table; the cells sort by the odds ratio."""
    t = c.t
    predictors = cols.predictors
    rows, keys = [], {p: [] for p in predictors}
    for segment, res in seg.results.items():
        summ = res.summary(seg.confidence)
        row = {"program": str(segment)}
        for p in predictors:
            if p not in summ.index:
                row[p] = "–"
                keys[p].append(None)
                continue
            step, r = display_step(c.kind(p)), summ.loc[p]
            ci = interval(np.exp(step * r["ci_low"]), np.exp(step * r["ci_high"]), ratio, t)
            row[p] = t("drivers.estimate_ci", value=ratio(np.exp(step * r["coef"])), ci=ci)
            keys[p].append(float(np.exp(step * r["coef"])))
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["program", *predictors])
    headers = {"program": t("drivers.col.program")}
    headers |= {p: f"{label(p, t)} ({change_text(c.kind(p), t)})" for p in predictors}
    return TableSpec(frame, headers, sort_keys=keys)


def build_coding_table(cols: SurveyColumns, c: Context) -> TableSpec:
    """For the auditor: each predictor's (and control's) input column, role and coding."""
    t = c.t
    shown = [*cols.predictors, *cols.controls]
    frame = pd.DataFrame(
        {
            "predictor": [label(x, t) for x in shown],
            "column": shown,
            "role": [t(f"drivers.role.{cols.roles[x]}") for x in shown],
            "coding": [coding_text(x, c) for x in cols.predictors]
            + [t("drivers.coding.control") for _ in cols.controls],
        }
    )
    return TableSpec(frame, _headers(list(frame.columns), t))

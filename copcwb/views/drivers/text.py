"""Sentences of the driver report, built from the findings (pure functions)."""

from __future__ import annotations

import math

import numpy as np

from copcwb.drivers import ThresholdResult
from copcwb.i18n import language_of
from copcwb.i18n.formats import list_separator
from copcwb.views.drivers.findings import DriverFindings, kano_cuts
from copcwb.views.drivers.formats import (
    COUNT,
    FLAG,
    RATING,
    SECONDS,
    Translate,
    display_step,
    fact_value,
    join,
    label,
    missing,
    nice,
    noun,
    number,
    p_value,
    points,
    ratio,
    share,
)

KANO_CLASSES = ("one-dimensional", "must-be", "attractive", "indifferent")
QUADRANTS = ("fix first", "keep up", "possible overkill", "low priority")


def key(name: str) -> str:
    """A class or quadrant name as a catalog key part: "fix first" -> "fix_first"."""
    return name.replace("-", "_").replace(" ", "_")


def p_phrase(value: object, t: Translate) -> str:
    """The p-value as a phrase: "p < 0.001" or "p = 0.123"."""
    p = p_value(value)
    return t("drivers.p_less") if p.startswith("<") else t("drivers.p_equal", p=p)


def conf_text(f: DriverFindings) -> str:
    """The confidence level as shown: "95%"."""
    return share(f.confidence, 0)


# -- executive summary --------------------------------------------------------------------


def build_summary_intro(f: DriverFindings, t: Translate) -> str:
    """How many responses, what share gave the top and the bottom rating, and what kinds
    of predictor the model holds."""
    cols = f.columns
    groups = [
        t(f"drivers.summary.group_{name}")
        for name, present in (
            ("drivers", cols.drivers),
            ("operational", cols.operational),
            ("flags", cols.flags),
        )
        if present
    ]
    return t(
        "drivers.summary.intro",
        n=f"{int(f.dist['n'].sum()):,}",
        top=share(f.top_box_share),
        top_level=f.top_level,
        bottom=share(f.bottom_box_share),
        bottom_level=f.bottom_level,
        n_predictors=len(cols.predictors),
        groups=join(groups, t),
    )


def build_top_driver_lines(f: DriverFindings, t: Translate, n: int = 3) -> list[str]:
    """The ``n`` most important predictors with their share of explained satisfaction."""
    if f.importance is None:
        return []
    rows = f.importance.summary().head(n)
    return [
        t(
            "drivers.summary.driver_line",
            driver=label(r.driver, t),
            share=share(r.importance_pct / 100.0),
        )
        for r in rows.itertuples(index=False)
    ]


def build_fix_first_sentence(f: DriverFindings, t: Translate) -> str:
    """The drivers in the "fix first" quadrant (high importance, low rating)."""
    if f.quadrant is None:
        return ""
    names = [label(d, t) for d in f.quadrant.fix_first]
    if not names:
        return t("drivers.summary.fix_first_none")
    return t("drivers.summary.fix_first", drivers=join(names, t), n=len(names))


def critical_line(row, f: DriverFindings, t: Translate) -> str:
    """One critical-error flag: proven customer-critical or not, with its odds ratio."""
    name = label(row.flag, t)
    conf = conf_text(f)
    if missing(row.odds_ratio):
        return t("drivers.critical.not_assessed", error=name, share=share(row.error_share))
    values = {
        "error": name,
        "odds_ratio": ratio(row.odds_ratio),
        "low": ratio(row.ci_low),
        "high": ratio(row.ci_high),
        "conf": conf,
        "p": p_phrase(row.p_val, t),
        "lower": share(1.0 - row.odds_ratio, 0),
    }
    if row.proven_customer_critical:
        return t("drivers.critical.proven", **values)
    if row.p_val < f.alpha:
        return t("drivers.critical.higher", **values)
    return t("drivers.critical.not_proven", **values)


def build_critical_lines(f: DriverFindings, t: Translate) -> list[str]:
    """Proven customer-critical errors first, then the ones not proven."""
    if f.critical is None:
        return []
    table = f.critical.summary()
    table = table.assign(_order=~table["proven_customer_critical"]).sort_values(
        "_order", kind="stable"
    )
    return [critical_line(r, f, t) for r in table.itertuples(index=False)]


def whatif_action(row, f: DriverFindings, t: Translate) -> str:
    """The scenario as an action: "Reliability +1 point" / "Eliminate customer-critical
    errors"."""
    if row.kind == "driver":
        return t("drivers.whatif.action_driver", driver=label(row.variable, t))
    return t("drivers.whatif.action_flag", error=noun(row.variable, t))


def per_thousand(change: float) -> int:
    """A change in a share as responses per 1,000 (0.1362 -> 136)."""
    return int(round(1000.0 * change))


def whatif_sentence(row, f: DriverFindings, t: Translate) -> str:
    """The scenario in plain words, with the top-box change and its interval."""
    values = {
        "affected": share(row.share_affected, 0),
        "top": f.top_level,
        "base": share(row.top_box_base),
        "new": share(row.top_box_new),
        "change": points(row.top_box_change),
        "low": points(row.top_box_ci_low),
        "high": points(row.top_box_ci_high),
        "conf": conf_text(f),
        "bottom_change": points(row.bottom_box_change),
        "per_1000": f"{per_thousand(row.top_box_change):+,}",
    }
    if row.kind == "driver":
        return t("drivers.whatif.sentence_driver", driver=label(row.variable, t), **values)
    return t("drivers.whatif.sentence_flag", error=noun(row.variable, t), **values)


def whatif_effect(row, t: Translate) -> str:
    """The change per 1,000 responses: "136 more top ratings, 27 fewer bottom ratings";
    "no significant change" when the top-box interval includes zero."""
    if row.top_box_ci_low <= 0 <= row.top_box_ci_high:
        return t("drivers.whatif.no_change")
    top = per_thousand(row.top_box_change)
    bottom = per_thousand(row.bottom_box_change)
    one = {True: "_one", False: ""}
    top_key = "more_top" if top >= 0 else "fewer_top"
    bottom_key = "fewer_bottom" if bottom <= 0 else "more_bottom"
    top_text = t(f"drivers.whatif.{top_key}{one[abs(top) == 1]}", n=f"{abs(top):,}")
    bottom_text = t(f"drivers.whatif.{bottom_key}{one[abs(bottom) == 1]}", n=f"{abs(bottom):,}")
    return t("drivers.whatif.effect", top=top_text, bottom=bottom_text)


def best_fix(f: DriverFindings):
    """The what-if row (a named tuple) with the largest top-box gain whose interval lies
    above zero; None when no scenario raises the top-box share significantly."""
    if f.whatif is None:
        return None
    table = f.whatif.summary()
    table = table[(table["top_box_change"] > 0) & (table["top_box_ci_low"] > 0)]
    if table.empty:
        return None
    ranked = table.sort_values("top_box_change", ascending=False, kind="stable")
    return next(ranked.itertuples(index=False))


def build_best_fix_sentence(f: DriverFindings, t: Translate) -> str:
    """The single most valuable fix: the largest significant gain in top-box share."""
    row = best_fix(f)
    if row is None:
        return t("drivers.summary.best_fix_none")
    return t(
        "drivers.summary.best_fix",
        sentence=whatif_sentence(row, f, t),
    )


def threshold_line(fact: str, f: DriverFindings, t: Translate) -> str:
    """Where the chance of a top rating starts to fall along one operational fact (hinge
    results), or where it falls fastest (spline or bins results)."""
    name = label(fact, t)
    if fact in f.threshold_errors:
        return t("drivers.threshold.failed", fact=name, reason=f.threshold_errors[fact])
    result = f.thresholds[fact]
    kind = f.kinds[fact]
    curve = result.curve["value"]
    if not math.isfinite(result.threshold):
        return t(
            "drivers.threshold.flat",
            fact=name,
            start=fact_value(float(curve.min()), kind, t),
            end=fact_value(float(curve.max()), kind, t),
        )
    if getattr(result, "method", "spline") == "hinge":  # else: where it falls fastest
        return _hinge_line(name, result, kind, f, t)
    end = min(result.threshold + result.step, float(curve.max()))
    return t(
        "drivers.threshold.found",
        fact=name,
        value=fact_value(nice(result.threshold), kind, t),
        start=fact_value(result.threshold, kind, t),
        end=fact_value(end, kind, t),
        drop=points(result.drop, sign=False),
        low=points(result.drop_ci[0], sign=False),
        high=points(result.drop_ci[1], sign=False),
        conf=conf_text(f),
    )


def breakpoint_text(result: ThresholdResult, kind: str, t: Translate) -> str:
    """The breakpoint of a hinge result as spoken ("about 120 s"; counts exactly: "1")."""
    c = result.threshold
    if kind == COUNT:
        return fact_value(c, kind, t)
    return t("drivers.threshold.about", value=fact_value(nice(c), kind, t))


def breakpoint_ci_text(result: ThresholdResult, kind: str, f: DriverFindings, t: Translate) -> str:
    """The breakpoint's likelihood-ratio interval: "95% interval 108 s to 142 s"."""
    low, high = result.threshold_ci
    if low == high:
        return t("drivers.threshold.ci_single", conf=conf_text(f), value=fact_value(low, kind, t))
    return t(
        "drivers.threshold.ci",
        conf=conf_text(f),
        low=fact_value(low, kind, t),
        high=fact_value(high, kind, t),
    )


def hinge_rate_text(result: ThresholdResult, kind: str, t: Translate) -> str:
    """The average fall beyond the breakpoint: "11.7 points per additional minute" (seconds)
    or "6.3 points per additional unit"."""
    rate = result.drop / result.step
    if kind == SECONDS:
        return t("drivers.threshold.rate_minute", value=points(60.0 * rate, sign=False))
    return t("drivers.threshold.rate_unit", value=points(rate, sign=False))


def _hinge_line(
    name: str, result: ThresholdResult, kind: str, f: DriverFindings, t: Translate
) -> str:
    start = result.threshold
    return t(
        "drivers.threshold.found_hinge",
        fact=name,
        value=breakpoint_text(result, kind, t),
        ci=breakpoint_ci_text(result, kind, f, t),
        rate=hinge_rate_text(result, kind, t),
        start=fact_value(start, kind, t),
        end=fact_value(start + result.step, kind, t),
        drop=points(result.drop, sign=False),
        low=points(result.drop_ci[0], sign=False),
        high=points(result.drop_ci[1], sign=False),
        conf=conf_text(f),
    )


def build_threshold_lines(
    f: DriverFindings, t: Translate, *, found_only: bool = False
) -> list[str]:
    """One sentence per continuous operational fact (only those with a threshold when
    ``found_only``)."""
    facts = [*f.thresholds, *f.threshold_errors]
    if found_only:
        facts = [x for x in f.thresholds if math.isfinite(f.thresholds[x].threshold)]
    return [threshold_line(x, f, t) for x in facts]


def build_brant_sentence(f: DriverFindings, t: Translate) -> str:
    """Whether the parallel-lines assumption holds, naming the predictors where it fails."""
    if f.brant is None:
        return t("drivers.brant.failed", reason=f.brant_error)
    omni = f.brant.loc["omnibus"]
    values = {
        "chi2": number(omni["chi2"], 1),
        "df": int(omni["df"]),
        "p": p_phrase(omni["p_val"], t),
        "alpha": f"{f.alpha:g}",
    }
    bad = f.brant_violations
    if bad:
        names = [
            t(
                "drivers.brant.violation",
                driver=label(b, t),
                p=p_phrase(f.brant.loc[b, "p_val"], t),
            )
            for b in bad
        ]
        key_ = "drivers.brant.fails" if omni["p_val"] < f.alpha else "drivers.brant.fails_some"
        return t(key_, drivers=join(names, t), n=len(bad), **values)
    if omni["p_val"] < f.alpha:
        return t("drivers.brant.fails_omnibus", **values)
    return t("drivers.brant.holds", **values)


# -- detail sections --------------------------------------------------------------------


def build_distribution_sentences(f: DriverFindings, t: Translate) -> list[str]:
    """The shares at the top and bottom of the scale, the mean, and missing ratings."""
    d = f.dist
    total = int(d["n"].sum())
    mean = float((d["level"] * d["n"]).sum() / total) if total else float("nan")
    lines = [
        t(
            "drivers.distribution.intro",
            n=f"{total:,}",
            low=f.bottom_level,
            high=f.top_level,
            top=share(f.top_box_share),
            bottom=share(f.bottom_box_share),
            mean=number(mean, 2),
        )
    ]
    n_missing = f.n_responses - total
    if n_missing:
        lines.append(t("drivers.distribution.missing", n=f"{n_missing:,}"))
    return lines


def build_model_sentences(f: DriverFindings, t: Translate) -> list[str]:
    """How to read the odds ratios, and which predictors are significant."""
    summ = f.model.summary(f.confidence).loc[list(f.model.terms)]
    up = [label(p, t) for p in summ.index[(summ["p_val"] < f.alpha) & (summ["coef"] > 0)]]
    down = [label(p, t) for p in summ.index[(summ["p_val"] < f.alpha) & (summ["coef"] < 0)]]
    none = [label(p, t) for p in summ.index[summ["p_val"] >= f.alpha]]
    lines = [t("drivers.model.intro", conf=conf_text(f))]
    if up:
        lines.append(t("drivers.model.raise", drivers=join(up, t)))
    if down:
        lines.append(t("drivers.model.lower", drivers=join(down, t)))
    if none:
        lines.append(t("drivers.model.none", drivers=join(none, t), alpha=f"{f.alpha:g}"))
    return lines


def build_dropped_sentence(f: DriverFindings, t: Translate) -> str:
    """Responses left out of the model and why (listwise deletion)."""
    n = int(f.model.n_dropped)
    if n == 0:
        return t("drivers.fit.dropped_none")
    columns = join([f"{label(c, t)} ({int(k):,})" for c, k in f.missing.to_numpy()], t)
    return t("drivers.fit.dropped", n=f"{n:,}", columns=columns)


def build_vif_sentence(f: DriverFindings, t: Translate) -> str:
    """Whether collinearity blurs the separate effects (VIF above 5 or 10)."""
    vif = f.model.vif["vif"]
    high = [label(c, t) for c in vif.index[vif > 10]]
    moderate = [label(c, t) for c in vif.index[(vif > 5) & (vif <= 10)]]
    if high:
        return t("drivers.vif.high", drivers=join(high, t))
    if moderate:
        return t("drivers.vif.moderate", drivers=join(moderate, t))
    return t("drivers.vif.fine", max=number(float(vif.max()), 1))


def shared_only(f: DriverFindings, min_share: float = 0.02) -> list[str]:
    """Predictors with at least ``min_share`` of the explained satisfaction but no
    significant effect of their own in the model: their share is what they have in
    common with correlated predictors."""
    if f.importance is None:
        return []
    p_val = f.model.summary(f.confidence)["p_val"]
    s = f.importance.summary()
    return [
        str(d)
        for d, pct in zip(s["driver"], s["importance_pct"], strict=True)
        if pct / 100.0 >= min_share and d in p_val.index and p_val[d] >= f.alpha
    ]


def build_importance_sentences(f: DriverFindings, t: Translate) -> list[str]:
    """What the shares mean, which predictors the decomposition covers, and which carry a
    share without an effect of their own."""
    if f.importance is None:
        note = f.importance_note or "none"
        return [t(f"drivers.importance.{note}", reason=f.importance_error)]
    lines = [
        t(
            "drivers.importance.intro",
            r2=number(f.importance.r2_full, 3),
            n=len(f.importance_predictors),
        )
    ]
    if f.importance_note == "ratings_only":
        lines.append(t("drivers.importance.ratings_only"))
    shared = shared_only(f)
    if shared:
        lines.append(
            t(
                "drivers.importance.shared" + ("_one" if len(shared) == 1 else ""),
                drivers=join([label(d, t) for d in shared], t),
            )
        )
    if f.importance.n_boot:
        lines.append(
            t(
                "drivers.importance.bootstrap",
                n=f"{f.importance.n_boot:,}",
                conf=conf_text(f),
            )
        )
    return lines


def build_quadrant_sentences(f: DriverFindings, t: Translate) -> list[str]:
    """The split rule and the drivers of each quadrant."""
    q = f.quadrant
    if q is None:
        return [t("drivers.quadrant.none")]
    table = q.summary()
    lines = [
        t(
            "drivers.quadrant.intro",
            importance=number(q.importance_split, 1),
            performance=number(q.performance_split, 2),
        )
    ]
    for name in QUADRANTS:
        members = [label(d, t) for d in table.loc[table["quadrant"] == name, "driver"]]
        if members:
            lines.append(
                t(
                    "drivers.quadrant.members",
                    quadrant=t(f"drivers.quadrant.{key(name)}"),
                    drivers=join(members, t),
                )
            )
    return lines


def build_kano_explanations(t: Translate) -> list[str]:
    """One line per Kano class: what it means for the client."""
    return [
        t(
            "drivers.kano.explain",
            name=t(f"drivers.kano.{key(k)}"),
            text=t(f"drivers.kano.{key(k)}_means"),
        )
        for k in KANO_CLASSES
    ]


def build_kano_intro(f: DriverFindings, t: Translate) -> str:
    """The low, middle and top groups of the penalty-reward analysis."""
    low_max, top_min = kano_cuts(f.scale)

    def span(a: float, b: float) -> str:
        return f"{a:g}–{b:g}" if b > a else f"{a:g}"

    return t(
        "drivers.kano.intro",
        low=span(f.bottom_level, low_max),
        middle=span(low_max + 1, top_min - 1),
        top=f"{top_min:g}",
        alpha=f"{f.alpha:g}",
    )


def build_segment_lines(f: DriverFindings, t: Translate) -> list[str]:
    """The strongest driver rating in each fitted program."""
    if f.segments is None:
        return []
    lines = []
    ratings = set(f.columns.drivers)
    for segment, res in f.segments.results.items():
        coef = res.coef[[c for c in res.coef.index if c in ratings]]
        if coef.empty:
            continue
        best = str(coef.idxmax())
        lines.append(
            t(
                "drivers.segments.strongest",
                program=str(segment),
                driver=label(best, t),
                odds_ratio=ratio(float(np.exp(coef[best]))),
            )
        )
    return lines


# -- methods ------------------------------------------------------------------------------


def coding_text(column: str, f: DriverFindings, t: Translate) -> str:
    """How one predictor enters the model, in words."""
    kind = f.kinds[column]
    if kind == RATING:
        return t("drivers.coding.rating", low=f.bottom_level, high=f.top_level)
    if kind == FLAG:
        return t("drivers.coding.flag")
    if kind == SECONDS:
        return t("drivers.coding.seconds", step=f"{display_step(kind):g}")
    return t(f"drivers.coding.{kind}")


def build_methods(f: DriverFindings, t: Translate) -> list[str]:
    """Methods and definitions an auditor can follow, one bullet each."""
    conf = conf_text(f)
    low_max, top_min = kano_cuts(f.scale)
    fit = f.model
    lines = [
        t(
            "drivers.methods.outcome",
            low=f.bottom_level,
            high=f.top_level,
            levels=list_separator(language_of(t)).join(str(x) for x in fit.levels),
        ),
        t("drivers.methods.model", conf=conf),
        t("drivers.methods.coding"),
        t(
            "drivers.methods.missing",
            n_used=f"{fit.n_rows:,}",
            n_total=f"{f.n_responses:,}",
            n_dropped=f"{fit.n_dropped:,}",
        ),
        t("drivers.methods.weights"),
        t(
            "drivers.methods.tests",
            lr=number(fit.lr_stat, 1),
            df=fit.lr_df,
            alpha=f"{f.alpha:g}",
        ),
        t("drivers.methods.fit"),
    ]
    if f.importance is not None:
        boot = (
            t("drivers.methods.bootstrap", n=f"{f.importance.n_boot:,}", seed=f.options.seed)
            if f.importance.n_boot
            else t("drivers.methods.no_bootstrap")
        )
        lines.append(
            t(
                "drivers.methods.importance",
                p=len(f.importance_predictors),
                fits=f"{2 ** len(f.importance_predictors):,}",
                bootstrap=boot,
            )
        )
    lines += [
        t("drivers.methods.quadrant"),
        t(
            "drivers.methods.kano",
            low_max=f"{low_max:g}",
            top_min=f"{top_min:g}",
            alpha=f"{f.alpha:g}",
        ),
        t("drivers.methods.threshold", conf=conf),
        t("drivers.methods.critical", alpha=f"{f.alpha:g}"),
        t("drivers.methods.whatif", top=f.top_level, bottom=f.bottom_level, conf=conf),
        t("drivers.methods.segments", n=f"{f.options.min_segment_responses:,}"),
    ]
    if f.columns.absent:
        lines.append(t("drivers.methods.absent", columns=join(list(f.columns.absent), t)))
    if f.columns.constant:
        lines.append(t("drivers.methods.constant", columns=join(list(f.columns.constant), t)))
    return lines

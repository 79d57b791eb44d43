"""Sentences of the driver report, phrased from the results (pure functions).

Each function takes the result objects it phrases and a :class:`Context`; a step that
could not be done arrives as an ``Unavailable`` and is phrased with its reason.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from copcwb import drivers
from copcwb.attempt import Unavailable, available
from copcwb.drivers import (
    ImportanceResult,
    OperationalThresholds,
    OrdinalLogitResult,
    RatingDistribution,
    SurveyColumns,
    ThresholdResult,
)
from copcwb.i18n import language_of
from copcwb.i18n.formats import list_separator
from copcwb.views.drivers.formats import (
    COUNT,
    FLAG,
    RATING,
    SECONDS,
    Context,
    Translate,
    display_step,
    fact_value,
    join,
    label,
    nice,
    noun,
    number,
    p_value,
    points,
    ratio,
    share,
)

KANO_CLASSES = drivers.kano.KANO_CLASSES
QUADRANTS = drivers.quadrant.QUADRANTS


def key(name: str) -> str:
    """A class or quadrant name as a catalog key part: "fix first" -> "fix_first"."""
    return name.replace("-", "_").replace(" ", "_")


def p_phrase(value: object, t: Translate) -> str:
    """The p-value as a phrase: "p < 0.001" or "p = 0.123"."""
    p = p_value(value)
    return t("drivers.p_less") if p.startswith("<") else t("drivers.p_equal", p=p)


# -- executive summary --------------------------------------------------------------------


def build_summary_intro(dist: RatingDistribution, cols: SurveyColumns, c: Context) -> str:
    """How many responses, what share gave the top and the bottom rating, and what kinds
    of predictor the model holds."""
    t = c.t
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
        n=f"{dist.n_rated:,}",
        top=share(dist.top_box_share),
        top_level=dist.top_level,
        bottom=share(dist.bottom_box_share),
        bottom_level=dist.bottom_level,
        n_predictors=len(cols.predictors),
        groups=join(groups, t),
    )


def build_top_driver_lines(importance: object, c: Context, n: int = 3) -> list[str]:
    """The ``n`` most important predictors with their share of explained satisfaction."""
    if not available(importance):
        return []
    rows = importance.summary().head(n)
    return [
        c.t(
            "drivers.summary.driver_line",
            driver=label(r.driver, c.t),
            share=share(r.importance_pct / 100.0),
        )
        for r in rows.itertuples(index=False)
    ]


def build_fix_first_sentence(quadrant: object, c: Context) -> str:
    """The drivers in the "fix first" quadrant (high importance, low rating)."""
    if not available(quadrant):
        return ""
    names = [label(d, c.t) for d in quadrant.fix_first]
    if not names:
        return c.t("drivers.summary.fix_first_none")
    return c.t("drivers.summary.fix_first", drivers=join(names, c.t), n=len(names))


def critical_line(row, c: Context) -> str:
    """One critical-error flag: proven customer-critical or not, with its odds ratio."""
    t = c.t
    name = label(row.flag, t)
    if row.verdict == "not_assessed":
        return t("drivers.critical.not_assessed", error=name, share=share(row.error_share))
    values = {
        "error": name,
        "odds_ratio": ratio(row.odds_ratio),
        "low": ratio(row.ci_low),
        "high": ratio(row.ci_high),
        "conf": c.conf,
        "p": p_phrase(row.p_val, t),
        "lower": share(1.0 - row.odds_ratio, 0),
    }
    return t(f"drivers.critical.{row.verdict}", **values)


def build_critical_lines(critical: object, c: Context) -> list[str]:
    """Proven customer-critical errors first, then the ones not proven."""
    if not available(critical):
        return []
    table = critical.summary()
    table = table.assign(_order=~table["proven_customer_critical"]).sort_values(
        "_order", kind="stable"
    )
    return [critical_line(r, c) for r in table.itertuples(index=False)]


def whatif_action(row, c: Context) -> str:
    """The scenario as an action: "Reliability +1 point" / "Eliminate customer-critical
    errors"."""
    if row.kind == "driver":
        return c.t("drivers.whatif.action_driver", driver=label(row.variable, c.t))
    return c.t("drivers.whatif.action_flag", error=noun(row.variable, c.t))


def per_thousand(change: float) -> int:
    """A change in a share as responses per 1,000 (0.1362 -> 136)."""
    return int(round(1000.0 * change))


def whatif_sentence(row, c: Context) -> str:
    """The scenario in plain words, with the top-box change and its interval."""
    values = {
        "affected": share(row.share_affected, 0),
        "top": c.top_level,
        "base": share(row.top_box_base),
        "new": share(row.top_box_new),
        "change": points(row.top_box_change),
        "low": points(row.top_box_ci_low),
        "high": points(row.top_box_ci_high),
        "conf": c.conf,
        "bottom_change": points(row.bottom_box_change),
        "per_1000": f"{per_thousand(row.top_box_change):+,}",
    }
    if row.kind == "driver":
        return c.t("drivers.whatif.sentence_driver", driver=label(row.variable, c.t), **values)
    return c.t("drivers.whatif.sentence_flag", error=noun(row.variable, c.t), **values)


def whatif_effect(row, t: Translate) -> str:
    """The change per 1,000 responses: "136 more top ratings, 27 fewer bottom ratings";
    "no significant change" when the top-box change is not significant."""
    if not row.top_box_significant:
        return t("drivers.whatif.no_change")
    top = per_thousand(row.top_box_change)
    bottom = per_thousand(row.bottom_box_change)
    one = {True: "_one", False: ""}
    top_key = "more_top" if top >= 0 else "fewer_top"
    bottom_key = "fewer_bottom" if bottom <= 0 else "more_bottom"
    top_text = t(f"drivers.whatif.{top_key}{one[abs(top) == 1]}", n=f"{abs(top):,}")
    bottom_text = t(f"drivers.whatif.{bottom_key}{one[abs(bottom) == 1]}", n=f"{abs(bottom):,}")
    return t("drivers.whatif.effect", top=top_text, bottom=bottom_text)


def build_best_fix_sentence(whatif: object, c: Context) -> str:
    """The single most valuable fix: the largest significant gain in top-box share."""
    gains = whatif.gains() if available(whatif) else None
    if gains is None or gains.empty:
        return c.t("drivers.summary.best_fix_none")
    row = next(gains.itertuples(index=False))
    return c.t("drivers.summary.best_fix", sentence=whatif_sentence(row, c))


def threshold_line(fact: str, thresholds: OperationalThresholds, c: Context) -> str:
    """Where the chance of a top rating starts to fall along one operational fact (hinge
    results), or where it falls fastest (spline or bins results)."""
    t = c.t
    name = label(fact, t)
    if fact in thresholds.reasons:
        return t("drivers.threshold.failed", fact=name, reason=thresholds.reasons[fact])
    result = thresholds.results[fact]
    kind = c.kind(fact)
    curve = result.curve["value"]
    if not math.isfinite(result.threshold):
        return t(
            "drivers.threshold.flat",
            fact=name,
            start=fact_value(float(curve.min()), kind, t),
            end=fact_value(float(curve.max()), kind, t),
        )
    if result.method == "hinge":  # else: where it falls fastest
        return _hinge_line(name, result, kind, c)
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
        conf=c.conf,
    )


def breakpoint_text(result: ThresholdResult, kind: str, t: Translate) -> str:
    """The breakpoint of a hinge result as spoken ("about 120 s"; counts exactly: "1")."""
    if kind == COUNT:
        return fact_value(result.threshold, kind, t)
    spoken = nice(result.threshold, within=tuple(result.threshold_ci))
    return t("drivers.threshold.about", value=fact_value(spoken, kind, t))


def breakpoint_ci_text(result: ThresholdResult, kind: str, c: Context) -> str:
    """The breakpoint's likelihood-ratio interval: "95% interval 108 s to 142 s"."""
    low, high = result.threshold_ci
    if low == high:
        return c.t("drivers.threshold.ci_single", conf=c.conf, value=fact_value(low, kind, c.t))
    return c.t(
        "drivers.threshold.ci",
        conf=c.conf,
        low=fact_value(low, kind, c.t),
        high=fact_value(high, kind, c.t),
    )


def hinge_rate_text(result: ThresholdResult, kind: str, t: Translate) -> str:
    """The average fall beyond the breakpoint: "11.7 points per additional minute" (seconds)
    or "6.3 points per additional unit"."""
    rate = result.drop / result.step
    if kind == SECONDS:
        return t("drivers.threshold.rate_minute", value=points(60.0 * rate, sign=False))
    return t("drivers.threshold.rate_unit", value=points(rate, sign=False))


def _hinge_line(name: str, result: ThresholdResult, kind: str, c: Context) -> str:
    start = result.threshold
    return c.t(
        "drivers.threshold.found_hinge",
        fact=name,
        value=breakpoint_text(result, kind, c.t),
        ci=breakpoint_ci_text(result, kind, c),
        rate=hinge_rate_text(result, kind, c.t),
        start=fact_value(start, kind, c.t),
        end=fact_value(start + result.step, kind, c.t),
        drop=points(result.drop, sign=False),
        low=points(result.drop_ci[0], sign=False),
        high=points(result.drop_ci[1], sign=False),
        conf=c.conf,
    )


def build_threshold_lines(
    thresholds: OperationalThresholds, c: Context, *, found_only: bool = False
) -> list[str]:
    """One sentence per continuous operational fact (only those with a threshold when
    ``found_only``)."""
    facts = thresholds.found if found_only else list(thresholds.facts)
    return [threshold_line(x, thresholds, c) for x in facts]


def build_brant_sentence(brant: object, c: Context) -> str:
    """Whether the parallel-lines assumption holds, naming the predictors where it fails."""
    t = c.t
    if not available(brant):
        return t("drivers.brant.failed", reason=_reason(brant))
    omni = brant.loc["omnibus"]
    values = {
        "chi2": number(omni["chi2"], 1),
        "df": int(omni["df"]),
        "p": p_phrase(omni["p_val"], t),
        "alpha": c.alpha_text,
    }
    verdicts = drivers.parallel_lines_verdicts(brant, c.alpha)
    bad = drivers.parallel_lines_violations(brant, c.alpha)
    if bad:
        names = [
            t("drivers.brant.violation", driver=label(b, t), p=p_phrase(brant.loc[b, "p_val"], t))
            for b in bad
        ]
        key_ = "drivers.brant.fails_some" if verdicts["omnibus"] else "drivers.brant.fails"
        return t(key_, drivers=join(names, t), n=len(bad), **values)
    if not verdicts["omnibus"]:
        return t("drivers.brant.fails_omnibus", **values)
    return t("drivers.brant.holds", **values)


def _reason(result: object) -> str:
    return result.reason if isinstance(result, Unavailable) else ""


# -- detail sections --------------------------------------------------------------------


def build_distribution_sentences(dist: RatingDistribution, c: Context) -> list[str]:
    """The shares at the top and bottom of the scale, the mean, and missing ratings."""
    lines = [
        c.t(
            "drivers.distribution.intro",
            n=f"{dist.n_rated:,}",
            low=dist.bottom_level,
            high=dist.top_level,
            top=share(dist.top_box_share),
            bottom=share(dist.bottom_box_share),
            mean=number(dist.mean, 2),
        )
    ]
    if dist.n_missing:
        lines.append(c.t("drivers.distribution.missing", n=f"{dist.n_missing:,}"))
    return lines


def build_model_sentences(model: OrdinalLogitResult, c: Context) -> list[str]:
    """How to read the odds ratios, and which predictors are significant."""
    t = c.t
    found = drivers.effect_directions(model, c.alpha)
    lines = [t("drivers.model.intro", conf=c.conf)]
    if found["raise"]:
        lines.append(t("drivers.model.raise", drivers=join(_labels(found["raise"], t), t)))
    if found["lower"]:
        lines.append(t("drivers.model.lower", drivers=join(_labels(found["lower"], t), t)))
    if found["none"]:
        names = join(_labels(found["none"], t), t)
        lines.append(t("drivers.model.none", drivers=names, alpha=c.alpha_text))
    return lines


def _labels(columns, t: Translate) -> list[str]:
    return [label(str(x), t) for x in columns]


def build_dropped_sentence(model: OrdinalLogitResult, cols: SurveyColumns, c: Context) -> str:
    """Responses left out of the model and why (listwise deletion)."""
    n = int(model.n_dropped)
    if n == 0:
        return c.t("drivers.fit.dropped_none")
    columns = join([f"{label(col, c.t)} ({k:,})" for col, k in cols.missing.items()], c.t)
    return c.t("drivers.fit.dropped", n=f"{n:,}", columns=columns)


def build_vif_sentence(model: OrdinalLogitResult, c: Context) -> str:
    """Whether collinearity blurs the separate effects (VIF above 5 or 10)."""
    found = drivers.collinearity(model)
    if found["high"]:
        return c.t("drivers.vif.high", drivers=join(_labels(found["high"], c.t), c.t))
    if found["moderate"]:
        return c.t("drivers.vif.moderate", drivers=join(_labels(found["moderate"], c.t), c.t))
    return c.t("drivers.vif.fine", max=number(float(model.vif["vif"].max()), 1))


def build_importance_sentences(
    importance: object, model: OrdinalLogitResult, cols: SurveyColumns, c: Context
) -> list[str]:
    """What the shares mean, which predictors the decomposition covers and what it
    controls for, and which predictors carry a share without an effect of their own."""
    t = c.t
    if not available(importance):
        return [t("drivers.importance.failed", reason=_reason(importance))]
    covered = tuple(importance.drivers)
    lines = [t("drivers.importance.intro", r2=number(importance.r2_full, 3), n=len(covered))]
    if set(covered) != set(cols.predictors):
        if covered == cols.drivers and cols.importance_drivers == cols.drivers:
            lines.append(t("drivers.importance.ratings_only"))
        else:
            lines.append(t("drivers.importance.covers", drivers=join(_labels(covered, t), t)))
    if importance.controls:
        lines.append(
            t(
                "drivers.importance.controls",
                controls=join(_labels(importance.controls, t), t),
                r2=number(importance.r2_controls, 3),
                added=number(importance.r2_full - importance.r2_controls, 3),
            )
        )
    shared = drivers.shared_without_effect(importance, model, alpha=c.alpha)
    if shared:
        key_ = "drivers.importance.shared" + ("_one" if len(shared) == 1 else "")
        lines.append(t(key_, drivers=join(_labels(shared, t), t)))
    if importance.n_boot:
        n = f"{importance.n_boot:,}"
        lines.append(t("drivers.importance.bootstrap", n=n, conf=c.conf))
    return lines


def build_quadrant_sentences(quadrant: object, cols: SurveyColumns, c: Context) -> list[str]:
    """The split rule and the drivers of each quadrant."""
    t = c.t
    if not cols.drivers:
        return [t("drivers.quadrant.none")]
    if not available(quadrant):
        return [t("drivers.quadrant.failed", reason=_reason(quadrant))]
    table = quadrant.summary()
    lines = [
        t(
            "drivers.quadrant.intro",
            importance=number(quadrant.importance_split, 1),
            performance=number(quadrant.performance_split, 2),
        )
    ]
    for name in QUADRANTS:
        members = _labels(table.loc[table["quadrant"] == name, "driver"], t)
        if members:
            quadrant_name = t(f"drivers.quadrant.{key(name)}")
            lines.append(
                t("drivers.quadrant.members", quadrant=quadrant_name, drivers=join(members, t))
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


def kano_cut_points(kano: object, c: Context) -> tuple[float, float]:
    """The low and top ratings of the penalty-reward analysis: the result's, else the
    cuts of the scale."""
    if available(kano) and kano.cut_points:
        return next(iter(kano.cut_points.values()))
    return drivers.kano_cuts(c.scale)


def build_kano_intro(kano: object, c: Context) -> str:
    """The low, middle and top groups of the penalty-reward analysis."""
    low_max, top_min = kano_cut_points(kano, c)

    def span(a: float, b: float) -> str:
        return f"{a:g}–{b:g}" if b > a else f"{a:g}"

    return c.t(
        "drivers.kano.intro",
        low=span(c.bottom_level, low_max),
        middle=span(low_max + 1, top_min - 1),
        top=f"{top_min:g}",
        alpha=c.alpha_text,
    )


def build_segment_lines(segments: object, cols: SurveyColumns, c: Context) -> list[str]:
    """The strongest driver rating in each fitted program."""
    if not available(segments):
        return []
    return [
        c.t(
            "drivers.segments.strongest",
            program=str(segment),
            driver=label(best, c.t),
            odds_ratio=ratio(float(np.exp(segments.results[segment].coef[best]))),
        )
        for segment, best in segments.strongest(cols.drivers).items()
    ]


def build_segment_counts(segments: object, cols: SurveyColumns, c: Context) -> list[str]:
    """For many programs: each driver rating that is the strongest in some fitted
    program, with in how many, most often first (ties alphabetically by label)."""
    if not available(segments):
        return []
    strongest = segments.strongest(cols.drivers)
    counts = Counter(strongest.values())
    order = sorted(counts, key=lambda d: (-counts[d], label(d, c.t)))
    return [
        c.t(
            "drivers.segments.strongest_count",
            driver=label(d, c.t),
            n=counts[d],
            total=len(strongest),
        )
        for d in order
    ]


# -- methods ------------------------------------------------------------------------------


def coding_text(column: str, c: Context) -> str:
    """How one predictor enters the model, in words."""
    kind = c.kind(column)
    if kind == RATING:
        return c.t("drivers.coding.rating", low=c.bottom_level, high=c.top_level)
    if kind == FLAG:
        return c.t("drivers.coding.flag")
    if kind == SECONDS:
        return c.t("drivers.coding.seconds", step=f"{display_step(kind):g}")
    return c.t(f"drivers.coding.{kind}")


def build_methods(
    model: OrdinalLogitResult,
    cols: SurveyColumns,
    c: Context,
    *,
    importance: object,
    kano: object,
    min_segment_responses: int,
) -> list[str]:
    """Methods and definitions an auditor can follow, one bullet each."""
    t = c.t
    low_max, top_min = kano_cut_points(kano, c)
    levels = list_separator(language_of(t)).join(str(x) for x in model.levels)
    n_total = model.n_rows + model.n_dropped
    lines = [
        t("drivers.methods.outcome", low=c.bottom_level, high=c.top_level, levels=levels),
        t("drivers.methods.model", conf=c.conf),
        t("drivers.methods.coding"),
        t(
            "drivers.methods.missing",
            n_used=f"{model.n_rows:,}",
            n_total=f"{n_total:,}",
            n_dropped=f"{model.n_dropped:,}",
        ),
        t("drivers.methods.weights"),
        t("drivers.methods.tests", lr=number(model.lr_stat, 1), df=model.lr_df, alpha=c.alpha_text),
        t("drivers.methods.fit"),
    ]
    if available(importance):
        lines.append(_importance_method(importance, t))
        if importance.controls:
            controls = join(list(importance.controls), t)
            lines.append(t("drivers.methods.controls", controls=controls))
    lines += [
        t("drivers.methods.quadrant"),
        t(
            "drivers.methods.kano",
            low_max=f"{low_max:g}",
            top_min=f"{top_min:g}",
            alpha=c.alpha_text,
        ),
        t("drivers.methods.threshold", conf=c.conf),
        t("drivers.methods.critical", alpha=c.alpha_text),
        t("drivers.methods.whatif", top=c.top_level, bottom=c.bottom_level, conf=c.conf),
        t("drivers.methods.segments", n=f"{min_segment_responses:,}"),
    ]
    if cols.absent:
        lines.append(t("drivers.methods.absent", columns=join(list(cols.absent), t)))
    if cols.constant:
        lines.append(t("drivers.methods.constant", columns=join(list(cols.constant), t)))
    return lines


def _importance_method(importance: ImportanceResult, t: Translate) -> str:
    p = len(importance.drivers)
    boot = (
        t("drivers.methods.bootstrap", n=f"{importance.n_boot:,}", seed=importance.seed)
        if importance.n_boot
        else t("drivers.methods.no_bootstrap")
    )
    return t("drivers.methods.importance", p=p, fits=f"{2**p:,}", bootstrap=boot)

"""Sentences of the journey report, phrased from the results (pure functions)."""

from __future__ import annotations

import pandas as pd

from copcwb.attempt import available
from copcwb.journey import SurveyedJourneys, checkpoint_of
from copcwb.journey.checkpoints import COMPUTED, NEEDS_DATA, pooled_rate, standout
from copcwb.journey.matrix import JourneyMatrix
from copcwb.views.journey.formats import Context, interval, missing, ratio, share


def reason(result: object) -> str:
    """Why a step could not be done."""
    return str(getattr(result, "reason", ""))


def worst_touchpoints(grid: JourneyMatrix, c: Context, n: int = 3) -> list[str]:
    """The ``n`` touchpoints whose worst checkpoint fails most often, one line each."""
    rates = grid.checkpoints
    judged = rates[(rates["status"] == COMPUTED) & rates["failure_rate"].notna()]
    worst = judged.sort_values("failure_rate", ascending=False, kind="stable")
    worst = worst.drop_duplicates("touchpoint").head(n)
    return [
        c.t(
            "journey.summary.touchpoint_line",
            touchpoint=c.touchpoint(r.touchpoint),
            checkpoint=c.checkpoint(r.checkpoint),
            rate=share(r.failure_rate),
        )
        for r in worst.itertuples(index=False)
    ]


def critical_lines(critical, rates: pd.DataFrame, c: Context) -> list[str]:
    """One line per checkpoint proven customer-critical: its odds ratio and interval, its
    failure rate, and the program where it fails most when one stands out."""
    if not available(critical):
        return []
    table = critical.summary().set_index("flag")
    lines = []
    for flag in critical.proven:
        r, checkpoint = table.loc[flag], checkpoint_of(flag)
        values = {
            "checkpoint": c.checkpoint(checkpoint),
            "ratio": ratio(r["odds_ratio"]),
            "conf": c.conf,
            "ci": interval(r["ci_low"], r["ci_high"], ratio, c.t),
            "rate": share(pooled_rate(rates, checkpoint)),
        }
        where = standout(rates, checkpoint)
        if where is None:
            lines.append(c.t("journey.summary.critical_line", **values))
        else:
            program, rate = where
            lines.append(
                c.t("journey.summary.critical_line_program", **values, program=program,
                    program_rate=share(rate))
            )  # fmt: skip
    return lines


def risk_sentence(score, c: Context) -> str:
    """The share of contacts at risk of a bottom-box rating, and where most are."""
    if not available(score):
        return c.t("journey.summary.risk_unavailable", reason=reason(score))
    table = score.at_risk
    everyone = table[table["program"] == ""].iloc[0]
    programs = table[table["program"] != ""].sort_values("share_at_risk", ascending=False)
    values = {
        "share": share(everyone["share_at_risk"]),
        "n": f"{int(everyone['n_scored']):,}",
        "n_at_risk": f"{int(everyone['n_at_risk']):,}",
        "threshold": share(score.threshold),
        "ratio": f"{score.at_risk_ratio:g}",
        "base": share(score.base_rate),
    }
    if len(programs) < 2:
        return c.t("journey.summary.risk", **values)
    top = programs.iloc[0]
    return c.t(
        "journey.summary.risk_program", **values, program=top["program"],
        program_share=share(top["share_at_risk"]),
    )  # fmt: skip


def summary_intro(rates: pd.DataFrame, pooled: pd.DataFrame, n_contacts: int, c: Context) -> str:
    """How many contacts and programs were checked against how many checkpoints."""
    n_programs = rates["program"].nunique() if "program" in rates else 1
    judged = int((pooled["status"] == COMPUTED).sum())
    return c.t(
        "journey.summary.intro",
        n=f"{n_contacts:,}",
        programs=n_programs,
        n_computed=judged,
        n_left=len(pooled) - judged,
    )


def dead_end_sentence(pooled: pd.DataFrame, c: Context) -> str | None:
    """The share of unresolved bot sessions that were dead ends (a repeat followed), when
    both bot checkpoints are judged."""
    rows = pooled.set_index("checkpoint")
    if not {"bot_resolved", "bot_no_dead_end"} <= set(rows.index):
        return None
    unresolved = rows.loc["bot_resolved", "n_failed"]
    dead = rows.loc["bot_no_dead_end", "n_failed"]
    if rows.loc["bot_no_dead_end", "status"] != COMPUTED or not unresolved:
        return None
    return c.t("journey.rates.dead_end", share=share(dead / unresolved), n=f"{int(unresolved):,}")


def left_out_lines(linked: SurveyedJourneys, c: Context) -> list[str]:
    """Why a checkpoint is not in the model."""
    lines = []
    for flag, why in linked.left_out.items():
        kind, _, other = why.partition(":")
        text = c.t(f"journey.effects.left_out.{kind}", checkpoint=c.checkpoint(other))
        lines.append(
            c.t("journey.effects.left_out_line", checkpoint=c.checkpoint(checkpoint_of(flag)),
                reason=text)
        )  # fmt: skip
    return lines


def calibration_sentences(score, c: Context) -> list[str]:
    """The fit of the calibration, in words, and the contacts at risk."""
    verdict = "good" if score.hl_p_val >= c.alpha else "poor"
    everyone = score.at_risk[score.at_risk["program"] == ""].iloc[0]
    lines = [
        c.t(
            "journey.calibration.fit",
            chi2=f"{score.hl_chi2:.1f}",
            df=score.hl_df,
            p=f"{score.hl_p_val:.3f}",
            brier=f"{score.brier:.3f}",
            verdict=c.t(f"journey.calibration.{verdict}"),
        ),
        c.t(
            "journey.calibration.at_risk",
            threshold=share(score.threshold),
            ratio=f"{score.at_risk_ratio:g}",
            base=share(score.base_rate),
            n_at_risk=f"{int(everyone['n_at_risk']):,}",
            n=f"{int(everyone['n_scored']):,}",
            share=share(everyone["share_at_risk"]),
        ),
    ]
    unscored = int(everyone["n_contacts"] - everyone["n_scored"])
    if unscored:
        lines.append(c.t("journey.calibration.unscored", n=f"{unscored:,}"))
    return lines


def human_qa_sentence(left: pd.DataFrame, c: Context) -> str:
    if left.empty:
        return c.t("journey.human_qa.all")
    n_data = int((left["status"] == NEEDS_DATA).sum())
    return c.t("journey.human_qa.intro", n_human=len(left) - n_data, n_data=n_data)


def money_lines(values, currency: str, c: Context) -> list[str]:
    """Each checkpoint whose failures, ended, would raise the top box significantly: its
    points, and its money when the engagement gives a value of satisfaction."""
    from copcwb.views.business.formats import money

    if values is None or values.table.empty:
        return []
    lines = []
    for r in values.table.itertuples(index=False):
        what = c.checkpoint(checkpoint_of(r.variable))
        points = f"{r.points:+.1f}"
        if missing(r.value):
            lines.append(c.t("business.csat.line_points", what=what, points=points))
        else:
            worth = money(r.value, currency, c.t)
            lines.append(c.t("business.csat.line", what=what, points=points, value=worth))
    return lines

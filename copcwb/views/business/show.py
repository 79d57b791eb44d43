"""The business-case and action-plan sections, shared by the reports."""

from __future__ import annotations

import pandas as pd

from copcwb import display
from copcwb.i18n import language_of
from copcwb.i18n.formats import is_missing, list_separator
from copcwb.session import Session
from copcwb.views.business import tables, text
from copcwb.views.business.formats import money
from copcwb.views.business.summary import stake, tables_of  # noqa: F401 (the reports' API)


def _table(spec, caption: str) -> None:
    display.table(spec.frame, caption=caption, **spec.kwargs())


def assumptions(s: Session, economics, programs: list[str] | None = None) -> None:
    """Every figure the money rests on, its value and where it came from."""
    t = s.t
    s.section(t("business.assumptions.title"), level=3, ref="business_assumptions")
    sl, threshold = economics.target_sl, economics.threshold_s
    display.sentences([t("business.assumptions.intro", sl=f"{sl:.0%}", threshold=f"{threshold:g}")])
    spec = tables.build_assumptions_table(economics, t, programs)
    _table(spec, t("business.assumptions.caption"))
    if (economics.table["source"] == "placeholder").any():
        display.note(t("business.assumptions.placeholder_note"))


def business_case(s: Session, economics, *, case=None, release=None) -> None:
    """The baseline's business case: the value of reaching the resolution target, what
    need not be spent, and every assumption, with the arithmetic written out."""
    t = s.t
    s.section(t("business.section"), ref="business_case")
    display.sentences([t("business.intro")])
    s.section(t("business.case.title"), level=3, ref="business_resolution")
    if case is None or (case.table.empty and case.skipped.empty):
        display.sentences([t("business.case.none")])
    else:
        display.sentences([t("business.case.method")])
        display.bullets(text.case_lines(case, t))
        for r in case.skipped.itertuples(index=False):
            display.note(
                t(f"business.case.skipped.{r.reason.replace(' ', '_')}", program=r.program)
            )
    s.section(t("business.release.title"), level=3, ref="business_release")
    if release is None or release.table.empty:
        display.sentences([t("business.release.none")])
    else:
        display.sentences([t("business.release.method")])
        display.bullets(text.release_lines(release, t))
    assumptions(s, economics)


#: the actions the report lists; every action is in actions.xlsx and results.json
PLAN_ROWS_SHOWN = 100


def action_plan(s: Session, plan) -> pd.DataFrame:
    """The action plan: every finding as one action with its class, owner, value and due
    date. Returns the plan's records (see :func:`action_records`)."""
    t = s.t
    s.section(t("action.section"), ref="action_plan")
    records = action_records(s, plan)
    if records.empty:
        display.sentences([t("action.none")])
        return records
    by_class = plan.by_class()
    separator = list_separator(language_of(t))
    counts = separator.join(
        f"{t(f'action_class.{r.action_class}')} {r.n_actions}" for r in by_class.itertuples()
    )
    display.sentences([t("action.intro", n=len(records), counts=counts)])
    if not plan.has_rasic:
        display.note(t("action.no_rasic"))
    elif plan.unowned:
        names = separator.join(t(f"action_class.{c}") for c in plan.unowned)
        display.note(t("action.unowned", classes=names))
    shown = records.head(PLAN_ROWS_SHOWN)
    spec = tables.build_plan_table(shown, s.engagement.business.currency, t)
    _table(spec, t("action.caption"))
    if len(records) > len(shown):
        display.note(t("action.more", shown=len(shown), n=len(records)))
    return records


def action_records(s: Session, plan) -> pd.DataFrame:
    """The plan's records as results.json and actions.xlsx hold them (see
    :func:`copcwb.views.business.tables.records_from`)."""
    return tables.records_from(plan, s.where, s.t)


def top_action_lines(s: Session, plan, n: int = 3) -> list[str]:
    """The ``n`` most urgent actions with their owners, one line each."""
    t = s.t
    records = action_records(s, plan).head(n)
    if records.empty:
        return []
    currency = s.engagement.business.currency
    return [
        t(
            "action.top_line_unpriced" if is_missing(r.value) else "action.top_line",
            id=r.id,
            finding=r.finding,
            action_class=t(f"action_class.{r.action_class}"),
            owner=r.owner or t("action.no_owner"),
            value=money(r.value, currency, t, placeholder=bool(r.placeholders)),
        )
        for r in records.itertuples(index=False)
    ]


def forecast_money_lines(s: Session, cost) -> list[str]:
    """The forecast report's money for its executive summary."""
    if cost is None or cost.table.empty:
        return []
    return text.forecast_cost_lines(cost, s.t)


def csat_money_lines(s: Session, values) -> list[str]:
    """The CSAT report's money for its executive summary: the most valuable fix."""
    if values is None or values.table.empty:
        return []
    return text.csat_value_lines(values, s.engagement.business.currency, s.t)[:1]


def money_lines(s: Session, case=None, release=None) -> list[str]:
    """The money of the executive summary: the value of reaching the resolution target
    and what need not be spent, each a year."""
    t = s.t
    currency = s.engagement.business.currency
    lines = []
    if case is not None and not case.table.empty:
        marked = case.table["placeholders"].astype(bool).any()
        lines.append(
            t(
                "business.summary.resolution",
                contacts=text.count(case.total_avoidable, t),
                value=money(case.total_value, currency, t, placeholder=bool(marked)),
            )
        )
    if release is not None and not release.table.empty:
        known = release.table.dropna(subset=["value_money"])
        programs = list_separator(language_of(t)).join(known["program"])
        if known.empty:
            lines.append(t("business.summary.release_unpriced", n=len(release.table)))
        elif round(float(known["fte"].sum()), 1) == 0:
            lines.append(t("business.summary.release_none", programs=programs))
        else:
            lines.append(
                t(
                    "business.summary.release",
                    fte=text.count(known["fte"].sum(), t, 1),
                    value=money(
                        release.total_value,
                        currency,
                        t,
                        placeholder=bool(known["placeholders"].astype(bool).any()),
                    ),
                    programs=programs,
                )
            )
    return lines


def forecast_cost(s: Session, cost, economics) -> None:
    """The forecast report's business case: the money of the FTE-hours the forecast put
    in the wrong place, by queue, and the assumptions."""
    t = s.t
    s.section(t("business.section"), ref="business_case")
    display.sentences([t("business.intro"), t("business.forecast.method")])
    if cost is None or cost.table.empty:
        display.sentences([t("business.forecast.none")])
        return
    display.bullets(text.forecast_cost_lines(cost, t))
    spec = tables.build_forecast_cost_table(cost, t)
    _table(spec, t("business.forecast.caption"))
    assumptions(s, economics)


def csat_value(s: Session, values, worth) -> None:
    """The CSAT report's business case: what each significant fix is worth, in money
    where the engagement gives a value of satisfaction, else in points."""
    t = s.t
    s.section(t("business.section"), ref="business_case")
    if values is None or values.table.empty:
        display.sentences([t("business.csat.none")])
        return
    display.sentences([t("business.csat.method")])
    display.bullets(text.csat_value_lines(values, s.engagement.business.currency, t))
    if values.has_value:
        display.sentences([text.csat_worth_sentence(worth, s.engagement.business.currency, t)])
    else:
        display.note(t("business.csat.no_value"))

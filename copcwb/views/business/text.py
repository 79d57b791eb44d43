"""The sentences of the business case and of the action plan."""

from __future__ import annotations

from copcwb.i18n.formats import is_missing
from copcwb.views.baseline.formats import Translate, value_in_unit
from copcwb.views.business.formats import count, money
from copcwb.views.drivers.formats import label as predictor_label
from copcwb.views.drivers.formats import signed


def _subject(row, t: Translate) -> str:
    """What a finding is about, in words."""
    if row.kind in ("critical_error", "agent_outliers") and row.program:
        return t(f"baseline.error_type.{row.subject}")
    if row.kind in ("fix_first_driver", "threshold", "expectation_missed", "over_served") or (
        row.kind == "critical_error"
    ):
        return predictor_label(row.subject, t)
    return row.label or str(row.subject)


def finding_text(row, t: Translate) -> str:
    """One sentence naming what was found (a row of a plan or of findings)."""
    kind = row.kind
    values = {
        "program": row.program,
        "subject": _subject(row, t),
        "observed": value_in_unit(row.observed, row.unit or "", t),
        "target": value_in_unit(row.target, row.unit or "", t),
        "gap": "–" if is_missing(row.gap_pct) else f"{abs(float(row.gap_pct)):.0%}",
    }
    if kind == "gap" and row.trend == "deteriorating":
        kind = "gap_deteriorating"
    if kind == "critical_error" and not row.program:
        kind = "critical_flag"
    elif kind == "critical_error" and row.trend == "within sampling error":
        kind = "critical_unsure"
    if kind == "forecast_bias":
        values["observed"] = f"{float(row.observed):+.1%}"
        kind = "forecast_over" if float(row.observed) > 0 else "forecast_under"
    if kind == "fix_first_driver" and not is_missing(row.observed):
        kind = "fix_first_points"
        values["points"] = f"{float(row.observed):+.1f}"
    if kind == "calibration":
        values["subject"] = t(f"baseline.error_type.{row.subject}")
        values["observed"], values["target"] = f"{row.observed:.2f}", f"{row.target:.2f}"
    if kind in ("expectation_missed", "over_served"):
        values["observed"] = signed(row.observed)
    if kind == "checkpoint" and not row.program:
        kind = "checkpoint_all"
    if kind == "agent_outliers":
        values["observed"], values["target"] = int(row.observed), int(row.target)
    if kind == "threshold":
        digits = 0 if abs(float(row.observed)) >= 10 else 1
        value = count(row.observed, t, digits)
        seconds = row.unit in ("s", "seconds")
        values["observed"] = t("baseline.unit.seconds", value=value) if seconds else value
    return t(f"action.finding.{kind}", **values)


def _volume_basis(r, t: Translate) -> str:
    """How a case's annual volume was found, in words."""
    if r.volume_source == "engagement":
        return t("business.volume.engagement")
    return t(
        f"business.volume.{r.volume_source}",
        n=count(r.volume_observed, t),
        days=count(r.volume_days, t),
    )


def case_lines(case, t: Translate) -> list[str]:
    """The arithmetic of the resolution case, one line per program, so that it can be
    redone from the report."""
    currency = case.economics.currency
    lines = []
    for r in case.table.itertuples(index=False):
        values = {
            "program": r.program,
            "volume": count(r.annual_volume, t),
            "now": f"{r.rate_now:.1%}",
            "target": f"{r.rate_target:.1%}",
            "share": f"{r.share_removed:.1%}",
            "avoidable": count(r.avoidable_contacts, t),
        }
        if not r.share_removed > 0:
            lines.append(t("business.case.line_met", **values))
            continue
        line = t("business.case.line", **values) + " " + _volume_basis(r, t)
        if not is_missing(r.value_contacts):
            cost = case.economics.value(r.program, "cost_per_contact")
            line += " " + t(
                "business.case.line_money",
                cost=f"{cost:,.2f}",
                value=money(r.value_contacts, currency, t),
            )
        if not is_missing(r.fte):
            line += " " + t(
                "business.case.line_fte",
                method=t(f"business.method.{r.staffing_method}"),
                agents=count(r.agents, t, 1),
                fte=count(r.fte, t, 1) + ("*" if r.fte_placeholders else ""),
                value=money(r.value_fte, currency, t, placeholder=bool(r.fte_placeholders)),
            )
        lines.append(line)
    return lines


def release_lines(release, t: Translate) -> list[str]:
    """What need not be spent, one line per program."""
    currency = release.economics.currency
    lines = []
    for r in release.table.itertuples(index=False):
        values = {
            "program": r.program,
            "metric": r.label,
            "value": value_in_unit(r.value, r.unit, t),
            "target": value_in_unit(r.target, r.unit, t),
        }
        if r.basis != "intervals":
            lines.append(t(f"business.release.{r.basis}", **values))
            continue
        if not r.fte > 0:
            surplus, short = count(r.surplus_hours, t), count(r.short_hours, t)
            lines.append(t("business.release.none_free", **values, surplus=surplus, short=short))
            continue
        lines.append(
            t(
                "business.release.line",
                **values,
                agents=count(r.agents, t, 1),
                fte=count(r.fte, t, 1),
                money=money(r.value_money, currency, t, placeholder=bool(r.placeholders)),
                n=count(r.n_intervals, t),
                days=count(r.days, t),
            )
        )
    return lines


def forecast_cost_lines(cost, t: Translate) -> list[str]:
    """The total cost of forecast error a year, over- and under-staffed."""
    currency = cost.economics.currency
    marked = bool(cost.table["placeholders"].astype(bool).any())
    return [
        t(
            "business.forecast.total",
            days=count(cost.days, t),
            over_hours=count(cost.table["over_fte_hours"].sum(), t),
            under_hours=count(cost.table["under_fte_hours"].sum(), t),
            over=money(cost.over_cost_per_year, currency, t, placeholder=marked),
            under=money(cost.under_cost_per_year, currency, t, placeholder=marked),
        )
    ]


def csat_value_lines(values, currency: str, t: Translate) -> list[str]:
    """Each significant fix: its top-box points, and its money when there is a value."""
    lines = []
    for r in values.table.itertuples(index=False):
        what = predictor_label(r.variable, t)
        points = f"{r.points:+.1f}"
        if is_missing(r.value):
            lines.append(t("business.csat.line_points", what=what, points=points))
        else:
            worth = money(r.value, currency, t)
            lines.append(t("business.csat.line", what=what, points=points, value=worth))
    return lines


def csat_worth_sentence(worth, currency: str, t: Translate) -> str:
    """The engagement's value of satisfaction the money rests on."""
    if worth.per_point is not None:
        return t("business.csat.worth_point", value=money(worth.per_point, currency, t))
    if worth.per_promoter is not None:
        return t(
            "business.csat.worth_promoter",
            value=money(worth.per_promoter, currency, t),
            n=count(worth.promoters_per_point, t, 1),
        )
    return t(
        "business.csat.worth_customer",
        value=money(worth.per_retained_customer, currency, t),
        n=count(worth.customers_per_point, t, 1),
    )

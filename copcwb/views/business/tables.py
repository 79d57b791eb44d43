"""The tables of the business case and of the action plan."""

from __future__ import annotations

import pandas as pd

from copcwb.i18n import language_of
from copcwb.i18n.formats import date_label, is_missing
from copcwb.views._shared import TableSpec
from copcwb.views.baseline.formats import Translate, value_in_unit
from copcwb.views.business.formats import PLACEHOLDER_MARK, money
from copcwb.views.business.text import finding_text

_UNITS = {"hours": "count", "currency": "currency"}


def _shared(table: pd.DataFrame, everyone: str) -> pd.DataFrame:
    """One row for an assumption whose value and source are the same for every program
    (program = ``everyone``), the programs' own rows for the others; assumption order."""
    parts = []
    for _, rows in table.groupby("assumption", sort=False):
        same = rows[["value", "source"]].astype(str).drop_duplicates()
        if len(rows) > 1 and len(same) == 1:
            rows = rows.head(1).assign(program=everyone)
        parts.append(rows)
    return pd.concat(parts, ignore_index=True) if parts else table


def build_assumptions_table(
    economics, t: Translate, programs: list[str] | None = None
) -> TableSpec:
    """program, assumption, value (in its unit, placeholders marked), source; an
    assumption the same for every program in one row ("All programs")."""
    table = economics.table
    if programs is not None:
        table = table[table["program"].isin(programs)]
    rows = []
    for r in _shared(table, t("business.all_programs")).itertuples(index=False):
        value = (
            "–" if is_missing(r.value) else value_in_unit(r.value, _UNITS.get(r.unit, r.unit), t)
        )
        if r.unit == "currency" and economics.currency and not is_missing(r.value):
            value = f"{economics.currency} {value}"
        mark = PLACEHOLDER_MARK if r.source == "placeholder" else ""
        rows.append(
            {
                "program": r.program,
                "assumption": t(f"business.assumption.{r.assumption}"),
                "value": value + mark,
                "source": t(f"business.source.{r.source}"),
            }
        )
    frame = pd.DataFrame(rows, columns=["program", "assumption", "value", "source"])
    headers = {c: t(f"business.col.{c}") for c in frame.columns}
    return TableSpec(frame=frame, headers=headers)


def _amounts(values, placeholders, currency: str, t: Translate) -> list[str]:
    """Each amount as money, marked where its row rests on a placeholder."""
    return [
        money(v, currency, t, placeholder=bool(p))
        for v, p in zip(values, placeholders, strict=True)
    ]


def build_plan_table(records: pd.DataFrame, currency: str, t: Translate) -> TableSpec:
    """id, priority, finding, action class, owner, value, due, evidence of every action."""
    lang = language_of(t)
    frame = pd.DataFrame(
        {
            "id": records["id"],
            "priority": [t(f"action.priority.{p}") for p in records["priority"]],
            "finding": records["finding"],
            "action_class": [t(f"action_class.{c}") for c in records["action_class"]],
            "owner": [o or t("action.no_owner") for o in records["owner"]],
            "value": _amounts(records["value"], records["placeholders"], currency, t),
            "due": [date_label(d, lang) for d in records["due"]],
            "evidence": records["evidence"],
        }
    )
    headers = {c: t(f"action.col.{c}") for c in frame.columns}
    return TableSpec(frame=frame, headers=headers, sort_keys={"value": list(records["value"])})


def records_from(plan, where, t: Translate) -> pd.DataFrame:
    """The plan as written to results.json and actions.xlsx: the contract's columns (id,
    finding, action_class, evidence, value, priority, owner, status, due), then program,
    kind, value_basis, placeholders, accountable, supportive, consulted, informed, raised,
    done_on, comment. ``where(section)`` gives a section's place in the report."""
    p = plan.table
    out = pd.DataFrame(
        {
            "id": p["id"],
            "finding": [finding_text(r, t) for r in p.itertuples(index=False)],
            "action_class": p["action_class"],
            "evidence": [where(section) for section in p["section"]],
            "value": p["value"],
            "priority": p["priority"],
            "owner": p["owner"],
            "status": p["status"],
            "due": p["due"],
        }
    )
    for column in ("program", "kind", "value_basis", "placeholders", "accountable"):
        out[column] = p[column]
    for column in ("supportive", "consulted", "informed", "raised"):
        out[column] = p[column]
    out["done_on"] = None
    out["comment"] = ""
    return out


def build_forecast_cost_table(cost, t: Translate) -> TableSpec:
    """queue, program, FTE-hours under and over, hourly cost, cost a year of each."""
    currency = cost.economics.currency
    c = cost.table
    frame = pd.DataFrame(
        {
            "queue": c["queue"],
            "program": c["program"],
            "under_fte_hours": c["under_fte_hours"],
            "over_fte_hours": c["over_fte_hours"],
            "hourly_cost": _amounts(c["hourly_cost"], c["placeholders"], currency, t),
            "under_cost_per_year": _amounts(
                c["under_cost_per_year"], c["placeholders"], currency, t
            ),
            "over_cost_per_year": _amounts(c["over_cost_per_year"], c["placeholders"], currency, t),
        }
    )
    headers = {col: t(f"business.col.{col}") for col in frame.columns}
    keys = {
        col: list(c[col]) for col in ("hourly_cost", "under_cost_per_year", "over_cost_per_year")
    }
    formats = {"under_fte_hours": ",.0f", "over_fte_hours": ",.0f"}
    return TableSpec(frame=frame, headers=headers, formats=formats, sort_keys=keys)

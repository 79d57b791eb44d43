"""The findings of the baseline assessment: gaps, deteriorating trends, critical errors,
the resolution gap and possible over-investment."""

from __future__ import annotations

import numpy as np
import pandas as pd

from copcwb.business.findings import finding, frame

_CE_METRIC = "{}_ce_accuracy"


def _money(table: pd.DataFrame | None, program: str, column: str = "value") -> dict:
    """value, value_basis and placeholders of ``program``'s row of a money table."""
    if table is None or table.empty or program not in set(table["program"]):
        return {}
    row = table[table["program"] == program].iloc[0]
    value = float(row[column])
    basis = str(row.get("value_basis", row.get("basis", "")))
    return {"value": value, "value_basis": basis, "placeholders": str(row["placeholders"])}


def _missed(meets) -> bool:
    """Whether a scorecard's meets_target says missed (None/NA: no target, not missed)."""
    return meets is not None and not pd.isna(meets) and not bool(meets)


def _scorecard_findings(card: pd.DataFrame, judged: set, case, threshold: float) -> list[dict]:
    resolution = None if case is None else case.table
    rows = []
    for r in card.itertuples(index=False):
        common = {"program": r.program, "subject": r.metric, "label": r.label, "unit": r.unit}
        common |= {"observed": r.value, "target": r.target, "gap_pct": r.gap_pct, "trend": r.trend}
        if (r.program, r.metric) in judged:
            continue  # the QA export's accuracy is the finding
        if _missed(r.meets_target):
            worse = r.trend == "deteriorating" or abs(r.gap_pct) >= threshold - 1e-12
            money = _money(resolution, r.program) if r.metric == "fcr_7d" else {}
            rows.append(finding("gap", "scorecard", 1 if worse else 2, **common, **money))
        elif r.trend == "deteriorating":
            rows.append(finding("deteriorating", "scorecard", 3, **common))
    return rows


def _critical_findings(process: pd.DataFrame) -> list[dict]:
    rows = []
    for r in process.itertuples(index=False):
        below = r.status == "below target"
        unsure = r.status == "within sampling error" and r.accuracy < r.target
        if not (below or unsure):
            continue
        severe = r.error_type in ("customer", "compliance")
        severity = (1 if severe else 2) if below else 3
        rows.append(
            finding(
                "critical_error",
                "accuracy",
                severity,
                program=r.program,
                subject=r.error_type,
                observed=r.accuracy,
                target=r.target,
                gap_pct=(r.accuracy - r.target) / r.target if r.target else np.nan,
                unit="share",
                trend="below target" if below else "within sampling error",
                proposed_class="loss_control" if severe else "process_change",
            )
        )
    return rows


def _resolution_findings(case, card: pd.DataFrame) -> list[dict]:
    """A resolution gap the scorecard does not show (no KPI of it): from the contact log."""
    if case is None:
        return []
    shown = set(card.loc[card["metric"] == "fcr_7d", "program"])
    rows = []
    for r in case.table.itertuples(index=False):
        if r.program in shown or not r.share_removed > 0:
            continue
        rows.append(
            finding(
                "resolution",
                "resolution",
                1,
                program=r.program,
                subject="fcr_7d",
                observed=r.rate_now,
                target=r.rate_target,
                gap_pct=(r.rate_now - r.rate_target) / r.rate_target,
                unit="share",
                **_money(case.table, r.program),
            )
        )
    return rows


def _over_findings(spend, release) -> list[dict]:
    from copcwb.baseline.spend import OVER_INVEST
    from copcwb.business.release import STAFFING_METRICS

    table = None if release is None else release.table
    counted = set() if table is None else set(zip(table["program"], table["metric"], strict=True))
    programs = {p for p, _ in counted}
    rows = []
    for r in spend.part(OVER_INVEST).itertuples(index=False):
        extra = r.metric in STAFFING_METRICS and (r.program, r.metric) not in counted
        if extra and r.program in programs:
            continue  # the program's staffing is counted once, under its first metric
        money = {}
        if table is not None:
            hit = table[(table["program"] == r.program) & (table["metric"] == r.metric)]
            if len(hit) and np.isfinite(hit["value_money"].iloc[0]):
                h = hit.iloc[0]
                money = {"value": h["value_money"], "value_basis": "loaded_cost_per_fte"}
                money["placeholders"] = h["placeholders"]
        common = {"program": r.program, "subject": r.metric, "label": r.label, "unit": r.unit}
        common |= {"observed": r.value, "target": r.target, "gap_pct": r.gap_pct, "trend": r.trend}
        severity = 2 if money.get("value", 0) > 0 else 3
        rows.append(finding("over_investment", "spend", severity, **common, **money))
    return rows


def _people_findings(people) -> list[dict]:
    """One coaching action per program and error type with agents above the 99.8% limit."""
    if people is None:
        return []
    table = people.summary()
    rows = []
    for r in table[table["n_above"] > 0].itertuples(index=False):
        rows.append(
            finding(
                "agent_outliers",
                "people_coaching",
                2,
                program=r.program,
                subject=r.error_type,
                observed=float(r.n_above),
                target=float(r.n_agents),
                proposed_class="coaching",
            )
        )
    return rows


def _by_people(rows: list[dict], people) -> list[dict]:
    """Critical-error findings whose errors a few agents make are coaching, not process."""
    if people is None:
        return rows
    table = people.summary()
    few = set(
        zip(
            table.loc[table["verdict"] == "people", "program"],
            table.loc[table["verdict"] == "people", "error_type"],
            strict=True,
        )
    )
    for row in rows:
        if row["kind"] == "critical_error" and (row["program"], row["subject"]) in few:
            row["proposed_class"] = "coaching"
    return rows


def baseline_findings(
    result,
    *,
    accuracy=None,
    spend=None,
    case=None,
    release=None,
    people=None,
    threshold: float = 0.10,
) -> pd.DataFrame:
    """The findings of a baseline assessment: every metric below target ("gap"; severity 1
    when deteriorating or at least ``threshold`` worse than target, else 2, the resolution
    metric carrying the value of reaching its target from ``case``), every metric meeting
    target but deteriorating (3), every process-monitoring critical-error accuracy below
    target (customer and compliance 1, business 2; within sampling error but below: 3), a
    resolution gap seen only in the contact log (1), every possible over-investment of
    ``spend`` (2 with its money from ``release``, else 3), and with ``people`` (a
    :class:`copcwb.quality.ProcessOrPeople`) a coaching finding (2) per program and error
    type with agents above the limit, critical errors that a few agents make classed as
    coaching. Columns: FINDING_COLUMNS."""
    process = getattr(accuracy, "process", None)
    process = process if process is not None else pd.DataFrame(columns=["program", "error_type"])
    judged = {
        (p, _CE_METRIC.format(t))
        for p, t in zip(process["program"], process["error_type"], strict=True)
    }
    card = result.scorecard
    rows = _scorecard_findings(card, judged, case, threshold)
    rows += _by_people(_critical_findings(process), people)
    rows += _people_findings(people)
    rows += _resolution_findings(case, card)
    rows += _over_findings(spend, release) if spend is not None else []
    return frame(rows)

"""Every analysis the baseline report shows, run once per session.

``analyse(session)`` runs the baseline assessment and, when the engagement has
them, the quality analyses of the QA records and the contact log. The view
functions only phrase and draw what it returns.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from copcwb import quality
from copcwb.baseline import BaselineResult, ExecutiveFacts, assess
from copcwb.options import BaselineOptions
from copcwb.session import Session

ERROR_TYPES = ("customer", "business", "compliance")
PLACEHOLDER = "placeholder"

MEETS = "meets target"
BELOW = "below target"
WITHIN = "within sampling error"
NO_TARGET = "no target"


@dataclass(frozen=True, eq=False)
class Resolution:
    """Contact resolution for one repeat window.

    overall, program, channel (program x channel), month (program x month): tables
    of :func:`copcwb.quality.contact_resolution`.
    """

    window: str
    overall: pd.DataFrame
    program: pd.DataFrame
    channel: pd.DataFrame
    month: pd.DataFrame

    @property
    def rate(self) -> float:
        """The overall resolution rate (NaN when no contact could be judged)."""
        return float(self.overall["resolution_rate"].iloc[0])


@dataclass(frozen=True, eq=False)
class Findings:
    """What the baseline report shows.

    result, facts: the baseline assessment and its executive facts.
    accuracy: critical-error accuracy of every monitoring type (None without QA).
    judged: process accuracy per program and type with target, target_source and
        status ("meets target", "below target", "within sampling error", "no target").
    adequacy: process sample over the whole period per program; adequacy_monthly:
        the same per month. pareto: error codes of process monitoring.
    resolution: one :class:`Resolution` per window of the options.
    qa_state / pareto_state / contacts_state: "ok" or why the part is missing
        ("no_input", "no_process", "no_codes").
    same_reason: whether repeats were matched on the contact reason too.
    """

    result: BaselineResult
    facts: ExecutiveFacts
    options: BaselineOptions
    accuracy: pd.DataFrame | None = None
    judged: pd.DataFrame | None = None
    adequacy: pd.DataFrame | None = None
    adequacy_monthly: pd.DataFrame | None = None
    pareto: pd.DataFrame | None = None
    resolution: list[Resolution] = field(default_factory=list)
    qa_state: str = "no_input"
    pareto_state: str = "no_input"
    contacts_state: str = "no_input"
    same_reason: bool = False
    custom_catalog: bool = False


def accuracy_targets(
    result: BaselineResult,
    programs: list[str],
    option_targets: dict[str, float],
    default_targets: dict[str, float] | None = None,
) -> pd.DataFrame:
    """The critical-error accuracy target of each program x error type, and its source.

    In order of precedence: a per-program override of ``<type>_ce_accuracy`` in the
    engagement's ``targets:`` (source "engagement"); an ``accuracy_targets`` option
    changed from its default (source "engagement"); a target of the engagement's own
    catalog that is not a placeholder (its source, e.g. "client"); else the option's
    default (source "placeholder").

    Columns: program, error_type, target, target_source.
    """
    if default_targets is None:
        default_targets = BaselineOptions().accuracy_targets
    table = result.targets.set_index(["program", "metric"])
    rows = []
    for program in programs:
        for kind in ERROR_TYPES:
            option = float(option_targets.get(kind, math.nan))
            explicit = not math.isclose(option, default_targets.get(kind, math.nan))
            key = (program, f"{kind}_ce_accuracy")
            source, target = PLACEHOLDER, math.nan
            if key in table.index:
                source = str(table.at[key, "target_source"])
                target = float(table.at[key, "target"])
            if source == "engagement" and math.isfinite(target):
                chosen = (target, "engagement")
            elif explicit and math.isfinite(option):
                chosen = (option, "engagement")
            elif source != PLACEHOLDER and math.isfinite(target):
                chosen = (target, source)
            else:
                chosen = (option, PLACEHOLDER)
            rows.append((program, kind, *chosen))
    out = pd.DataFrame(rows, columns=["program", "error_type", "target", "target_source"])
    return out.astype({"program": "str", "error_type": "str", "target": "float64"})


def judge_accuracy(process: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Process accuracy against target, allowing for sampling error.

    status: "meets target" when ci_low >= target, "below target" when ci_high <
    target, "within sampling error" when the interval straddles the target, "no
    target" without one (the rule of :func:`copcwb.baseline.executive_facts`).

    Columns: the columns of ``process`` plus target, target_source, status.
    """
    out = process.merge(targets, on=["program", "error_type"], how="left")
    target = out["target"].to_numpy(dtype=float)
    low = out["ci_low"].to_numpy(dtype=float)
    high = out["ci_high"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        status = np.where(
            np.isnan(target),
            NO_TARGET,
            np.where(low >= target, MEETS, np.where(high < target, BELOW, WITHIN)),
        )
    out["status"] = status
    out["target_source"] = out["target_source"].fillna(PLACEHOLDER)
    return out.astype({"status": "str", "target_source": "str"})


_WINDOW = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$")
_UNITS = {
    "d": "days",
    "day": "days",
    "days": "days",
    "h": "hours",
    "hr": "hours",
    "hour": "hours",
    "hours": "hours",
    "min": "minutes",
    "m": "minutes",
    "t": "minutes",
    "minute": "minutes",
    "minutes": "minutes",
}


def window_parts(window: str) -> tuple[float, str]:
    """A repeat window as (amount, unit) in the unit it was written in:
    "48h" -> (48, "hours"), "7D" -> (7, "days"); other spellings are read by pandas."""
    match = _WINDOW.match(str(window))
    if match and match.group(2).lower() in _UNITS:
        return float(match.group(1)), _UNITS[match.group(2).lower()]
    delta = pd.Timedelta(window)
    hours = delta / pd.Timedelta(hours=1)
    if hours >= 24 and hours % 24 == 0:
        return hours / 24, "days"
    if hours == int(hours):
        return hours, "hours"
    return delta / pd.Timedelta(minutes=1), "minutes"


def _qa_findings(session: Session, result: BaselineResult) -> dict:
    opts = session.options
    if not session.has("qa"):
        return {}
    qa = session.read("qa")
    found: dict = {"qa_state": "ok", "pareto_state": "ok"}
    if not qa["monitoring_type"].eq("process").any():
        found["qa_state"] = "no_process"
        found["pareto_state"] = "no_process"
        return found
    accuracy = quality.critical_error_accuracy(
        qa, by=("program",), confidence=opts.qa_confidence, monitoring_types="all"
    )
    process = accuracy[accuracy["monitoring_type"] == "process"].drop(columns="monitoring_type")
    programs = sorted(process["program"].unique())
    targets = accuracy_targets(result, programs, dict(opts.accuracy_targets))
    found["accuracy"] = accuracy
    found["judged"] = judge_accuracy(process.reset_index(drop=True), targets)
    found["adequacy"] = quality.sample_adequacy(
        qa, margin=opts.qa_margin, confidence=opts.qa_confidence, by_month=False
    )
    found["adequacy_monthly"] = quality.sample_adequacy(
        qa, margin=opts.qa_margin, confidence=opts.qa_confidence, by_month=True
    )
    has_codes = "error_code" in qa.columns and (
        qa.loc[qa["monitoring_type"] == "process", "error_code"].notna().any()
    )
    if has_codes:
        found["pareto"] = quality.error_pareto(qa)
    else:
        found["pareto_state"] = "no_codes"
    return found


def _contact_findings(session: Session) -> dict:
    opts = session.options
    if not session.has("contacts"):
        return {}
    contacts = session.read("contacts")
    same_reason = bool(opts.resolution_same_reason) and "reason" in contacts.columns
    windows = []
    for window in opts.resolution_windows:
        kw = {"window": window, "same_reason": same_reason}
        windows.append(
            Resolution(
                window=window,
                overall=quality.contact_resolution(contacts, by=(), **kw),
                program=quality.contact_resolution(contacts, by=("program",), **kw),
                channel=quality.contact_resolution(contacts, by=("program", "channel"), **kw),
                month=quality.contact_resolution(contacts, by=("program",), by_month=True, **kw),
            )
        )
    return {"resolution": windows, "contacts_state": "ok", "same_reason": same_reason}


def _builtin_catalog(session: Session) -> pd.DataFrame:
    """The built-in catalog with its metric labels in the report's language."""
    from copcwb.catalog import load_default_catalog

    catalog = load_default_catalog()
    catalog["label"] = [session.t(f"metric.{metric}") for metric in catalog["metric"]]
    return catalog


def analyse(session: Session) -> Findings:
    """Run every analysis of the baseline report with the session's options."""
    opts = session.options
    custom = session.has("metric_catalog")
    catalog = session.read("metric_catalog") if custom else _builtin_catalog(session)
    result = assess(
        session.read("kpis"),
        catalog,
        trend_months=opts.trend_months,
        alpha=opts.alpha,
        level_share=opts.level_share,
        level_or_trend_share=opts.level_or_trend_share,
        targets=session.engagement.targets,
        categories=opts.categories,
    )
    facts = result.facts(n_gaps=5)
    return Findings(
        result=result,
        facts=facts,
        options=opts,
        custom_catalog=custom,
        **_qa_findings(session, result),
        **_contact_findings(session),
    )

"""Findings become actions: one action each, with a class, a priority, an owner from the
engagement's RASIC matrix, a due date and a status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.business.findings import FINDING_COLUMNS
from copcwb.business.rasic import ROLE_COLUMNS, roles_for, unowned_classes
from copcwb.business_options import ACTION_CLASSES, BusinessSettings

#: the default class of each finding kind (the engagement may override any)
DEFAULT_CLASSES = {
    "gap": "process_change",
    "deteriorating": "process_change",
    "critical_error": "loss_control",
    "fix_first_driver": "process_change",
    "threshold": "process_change",
    "forecast_bias": "process_change",
    "over_investment": "loss_control",
    "resolution": "process_change",
    "agent_outliers": "coaching",
    "calibration": "training",
    "checkpoint": "process_change",
    "expectation_missed": "process_change",
    "over_served": "process_change",
}
PLAN_COLUMNS = [
    "id",
    *FINDING_COLUMNS,
    "action_class",
    "priority",
    *ROLE_COLUMNS.values(),
    "status",
    "raised",
    "due",
]


@dataclass(frozen=True, eq=False)
class ActionPlan:
    """Result of :func:`action_plan`.

    table: PLAN_COLUMNS, one row per action, most urgent first: id (prefix-01, ...), the
        finding's columns (see :data:`copcwb.business.findings.FINDING_COLUMNS`),
        action_class, priority (1 high, 2 medium, 3 low), owner (the Responsible roles),
        accountable, supportive, informed, consulted, status ("open"), raised and due
        (dates).
    unowned: the action classes of the plan no role of the RASIC matrix is Responsible for.
    has_rasic: whether the engagement gives a RASIC matrix.
    """

    table: pd.DataFrame
    unowned: tuple[str, ...]
    has_rasic: bool

    def top(self, n: int = 3) -> pd.DataFrame:
        return self.table.head(n).reset_index(drop=True)

    def by_class(self) -> pd.DataFrame:
        """action_class, n_actions, value (sum, NaN when none is known), in class order."""
        t = self.table
        out = t.groupby("action_class", sort=False).agg(
            n_actions=("id", "size"), value=("value", lambda v: v.sum(min_count=1))
        )
        order = [c for c in ACTION_CLASSES if c in out.index]
        return out.loc[order].reset_index()

    def summary(self) -> pd.DataFrame:
        return self.table.copy()


def _classes(findings: pd.DataFrame, settings: BusinessSettings) -> pd.Series:
    """The proposed class of each finding, unless the engagement overrides its kind."""
    proposed = findings["proposed_class"].where(
        findings["proposed_class"].astype(bool), findings["kind"].map(DEFAULT_CLASSES)
    )
    override = findings["kind"].map(settings.action_classes)
    return override.where(override.notna(), proposed)


def action_plan(
    findings: pd.DataFrame,
    settings: BusinessSettings,
    *,
    prefix: str,
    raised: dt.date | None = None,
) -> ActionPlan:
    """One action per finding (``findings``: :func:`copcwb.business.baseline_findings` and
    the like). Priority is the finding's severity; within a priority the larger money
    value comes first. The owner and the other roles come from the
    engagement's RASIC matrix for the action's class; the due date is ``raised`` plus the
    engagement's days for the priority. Within a priority: money first (largest first),
    then by class in ACTION_CLASSES order (loss control first), then the larger gap."""
    raised = raised or dt.date.today()
    t = findings.reset_index(drop=True).copy()
    t["action_class"] = _classes(t, settings)
    t["priority"] = t["severity"].astype(int)
    t["_value"] = -t["value"].fillna(-np.inf)
    t["_class"] = t["action_class"].map(ACTION_CLASSES.index)
    t["_gap"] = -t["gap_pct"].abs().fillna(0.0)
    order = ["priority", "_value", "_class", "_gap"]
    t = t.sort_values(order, kind="stable").reset_index(drop=True)
    width = max(2, len(str(len(t))))
    t.insert(0, "id", [f"{prefix}-{i:0{width}d}" for i in range(1, len(t) + 1)])
    roles = pd.DataFrame([roles_for(c, settings.rasic) for c in t["action_class"]], index=t.index)
    t = pd.concat([t, roles.reindex(columns=list(ROLE_COLUMNS.values()))], axis=1)
    t["status"] = "open"
    t["raised"] = raised
    t["due"] = [raised + dt.timedelta(days=settings.due_days[p]) for p in t["priority"]]
    classes = list(dict.fromkeys(t["action_class"]))
    unowned = tuple(unowned_classes(settings.rasic, classes)) if settings.rasic else ()
    return ActionPlan(t[PLAN_COLUMNS], unowned=unowned, has_rasic=bool(settings.rasic))

"""The facts of the executive summary, as data (the report layer phrases them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from copcwb.baseline.assess import BaselineResult

ERROR_TYPES = ("customer", "business", "compliance")


@dataclass(frozen=True, eq=False)
class ExecutiveFacts:
    """Facts for the executive summary.

    readiness: program, verdict ("ready" / "not ready"), share_meeting,
        share_meeting_or_improving, level_share, level_or_trend_share, n_metrics,
        n_blockers (one row per program, then the overall "ALL" row).
    biggest_gaps: the largest shortfalls against target (most negative gap_pct):
        program, metric, label, category, value, target, gap_pct, trend.
    deteriorating: program, metric, label, category, value, target, meets_target,
        trend_p_val, trend_slope.
    critical_errors: by..., error_type, n, accuracy, ci_low, ci_high, target, status
        ("meets target" when ci_low >= target, "below target" when ci_high < target,
        otherwise "within sampling error"); empty when no accuracy table is given.
    """

    readiness: pd.DataFrame
    biggest_gaps: pd.DataFrame
    deteriorating: pd.DataFrame
    critical_errors: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        """All facts in one long table: kind, program, subject, label, value, target,
        ci_low, ci_high, status."""
        parts = []
        r = self.readiness
        parts.append(
            pd.DataFrame(
                {
                    "kind": "readiness",
                    "program": r["program"],
                    "subject": "share_meeting",
                    "label": "share of metrics meeting target",
                    "value": r["share_meeting"],
                    "target": r["level_share"],
                    "status": r["verdict"],
                }
            )
        )
        parts.append(
            pd.DataFrame(
                {
                    "kind": "readiness",
                    "program": r["program"],
                    "subject": "share_meeting_or_improving",
                    "label": "share of metrics meeting target or improving",
                    "value": r["share_meeting_or_improving"],
                    "target": r["level_or_trend_share"],
                    "status": r["verdict"],
                }
            )
        )
        g = self.biggest_gaps
        parts.append(
            pd.DataFrame(
                {
                    "kind": "gap",
                    "program": g["program"],
                    "subject": g["metric"],
                    "label": g["label"],
                    "value": g["value"],
                    "target": g["target"],
                    "status": "misses target",
                }
            )
        )
        d = self.deteriorating
        parts.append(
            pd.DataFrame(
                {
                    "kind": "deteriorating",
                    "program": d["program"],
                    "subject": d["metric"],
                    "label": d["label"],
                    "value": d["value"],
                    "target": d["target"],
                    "status": "deteriorating",
                }
            )
        )
        c = self.critical_errors
        if len(c):
            parts.append(
                pd.DataFrame(
                    {
                        "kind": "critical_error_accuracy",
                        "program": c["program"] if "program" in c.columns else "ALL",
                        "subject": c["error_type"],
                        "label": c["error_type"] + "-critical accuracy",
                        "value": c["accuracy"],
                        "target": c["target"],
                        "ci_low": c["ci_low"],
                        "ci_high": c["ci_high"],
                        "status": c["status"],
                    }
                )
            )
        parts = [p for p in parts if len(p)]
        columns = [
            "kind",
            "program",
            "subject",
            "label",
            "value",
            "target",
            "ci_low",
            "ci_high",
            "status",
        ]
        if not parts:
            return pd.DataFrame(columns=columns)
        return pd.concat(parts, ignore_index=True).reindex(columns=columns)


def _accuracy_targets(
    result: BaselineResult, accuracy: pd.DataFrame, explicit: Mapping[str, float] | None
) -> np.ndarray:
    if explicit is not None:
        unknown = sorted(set(explicit) - set(ERROR_TYPES))
        if unknown:
            raise ValueError(f"accuracy_targets keys must be among {ERROR_TYPES}, got {unknown}")
        return accuracy["error_type"].map(dict(explicit)).to_numpy(dtype=float)
    table = result.targets
    metric = accuracy["error_type"] + "_ce_accuracy"
    if "program" in accuracy.columns:
        lookup = table.set_index(["program", "metric"])["target"]
        keys = pd.MultiIndex.from_arrays([accuracy["program"], metric])
        found = lookup.reindex(keys).to_numpy(dtype=float)
    else:
        found = np.full(len(accuracy), np.nan)
    fallback = table.drop_duplicates("metric").set_index("metric")["target"]
    return np.where(np.isnan(found), metric.map(fallback).to_numpy(dtype=float), found)


def executive_facts(
    result: BaselineResult,
    *,
    accuracy: pd.DataFrame | None = None,
    accuracy_targets: Mapping[str, float] | None = None,
    n_gaps: int = 5,
) -> ExecutiveFacts:
    """Collect the executive-summary facts of a baseline assessment.

    accuracy: a table from :func:`copcwb.quality.critical_error_accuracy`; only its
    ``process`` rows are used (individual and targeted monitoring do not describe the
    process). accuracy_targets: ``{error_type: target}``; default the targets of the
    metrics customer_ce_accuracy, business_ce_accuracy, compliance_ce_accuracy for
    the program (catalog plus overrides). n_gaps: how many biggest gaps to list.
    """
    if n_gaps < 0:
        raise ValueError(f"n_gaps must be zero or more, got {n_gaps!r}")
    card = result.scorecard
    ready = result.readiness.copy()
    blockers = result.blockers
    n_blockers = blockers.groupby("program").size()
    ready["n_blockers"] = ready["program"].map(n_blockers).fillna(0).astype("int64")
    ready.loc[ready["scope"] == "overall", "n_blockers"] = len(blockers)
    ready["verdict"] = np.where(ready["ready"], "ready", "not ready")
    ready["level_share"] = result.params.get("level_share", np.nan)
    ready["level_or_trend_share"] = result.params.get("level_or_trend_share", np.nan)
    readiness = ready[
        [
            "program",
            "verdict",
            "share_meeting",
            "share_meeting_or_improving",
            "level_share",
            "level_or_trend_share",
            "n_metrics",
            "n_blockers",
        ]
    ]

    short = card[
        card["meets_target"].eq(False).fillna(False).astype(bool) & card["gap_pct"].notna()
    ]
    gaps = short.sort_values("gap_pct", kind="stable").head(n_gaps)
    biggest_gaps = gaps[
        ["program", "metric", "label", "category", "value", "target", "gap_pct", "trend"]
    ].reset_index(drop=True)
    worse = card[card["trend"] == "deteriorating"].sort_values(["program", "trend_p_val"])
    deteriorating = worse[
        [
            "program",
            "metric",
            "label",
            "category",
            "value",
            "target",
            "meets_target",
            "trend_p_val",
            "trend_slope",
        ]
    ].reset_index(drop=True)

    if accuracy is None or accuracy.empty:
        critical = pd.DataFrame(
            columns=["error_type", "n", "accuracy", "ci_low", "ci_high", "target", "status"]
        )
    else:
        acc = accuracy
        if "monitoring_type" in acc.columns:
            acc = acc[acc["monitoring_type"] == "process"].drop(columns="monitoring_type")
        acc = acc.reset_index(drop=True)
        target = _accuracy_targets(result, acc, accuracy_targets)
        status = np.where(
            np.isnan(target),
            "no target",
            np.where(
                acc["ci_low"].to_numpy() >= target,
                "meets target",
                np.where(
                    acc["ci_high"].to_numpy() < target, "below target", "within sampling error"
                ),
            ),
        )
        keep = [c for c in acc.columns if c not in ("n_with_error",)]
        critical = acc[keep].assign(target=target, status=status)
    return ExecutiveFacts(
        readiness=readiness.reset_index(drop=True),
        biggest_gaps=biggest_gaps,
        deteriorating=deteriorating,
        critical_errors=critical,
    )

"""The facts of the executive summary, as data (the report layer phrases them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from copcwb.baseline.readiness_rules import readiness

if TYPE_CHECKING:
    from copcwb.baseline.assess import BaselineResult
    from copcwb.quality import JudgedAccuracy

FACT_COLUMNS = ["kind", "program", "subject", "label", "value", "target", "ci_low", "ci_high"]
FACT_COLUMNS += ["status"]
GAP_COLUMNS = ["program", "metric", "label", "category", "value", "target", "gap_pct", "trend"]
DETERIORATING_COLUMNS = ["program", "metric", "label", "category", "value", "target"]
DETERIORATING_COLUMNS += ["meets_target", "trend_p_val", "trend_slope"]
CRITICAL_COLUMNS = ["program", "error_type", "n", "n_with_error", "accuracy", "ci_low", "ci_high"]
CRITICAL_COLUMNS += ["target", "status"]


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
    critical_errors: program, error_type, n, n_with_error, accuracy, ci_low, ci_high, target,
        status
        of process monitoring (see :func:`copcwb.quality.judge_accuracy`); empty
        without QA.
    """

    readiness: pd.DataFrame
    biggest_gaps: pd.DataFrame
    deteriorating: pd.DataFrame
    critical_errors: pd.DataFrame

    @property
    def programs(self) -> list[str]:
        """The programs assessed (without the overall row)."""
        return [p for p in self.readiness["program"] if p != "ALL"]

    def summary(self) -> pd.DataFrame:
        """All facts in one long table: kind, program, subject, label, value, target,
        ci_low, ci_high, status."""
        r, g, d, c = self.readiness, self.biggest_gaps, self.deteriorating, self.critical_errors
        parts = [
            _facts(
                "readiness",
                r,
                "share_meeting",
                "share of metrics meeting target",
                r["share_meeting"],
                r["level_share"],
                r["verdict"],
            ),
            _facts(
                "readiness",
                r,
                "share_meeting_or_improving",
                "share of metrics meeting target or improving",
                r["share_meeting_or_improving"],
                r["level_or_trend_share"],
                r["verdict"],
            ),
            _facts("gap", g, g["metric"], g["label"], g["value"], g["target"], "misses target"),
            _facts(
                "deteriorating",
                d,
                d["metric"],
                d["label"],
                d["value"],
                d["target"],
                "deteriorating",
            ),
            _facts(
                "critical_error_accuracy",
                c,
                c["error_type"],
                c["error_type"] + "-critical accuracy",
                c["accuracy"],
                c["target"],
                c["status"],
                ci_low=c["ci_low"],
                ci_high=c["ci_high"],
            ),
        ]
        parts = [p for p in parts if len(p)]
        if not parts:
            return pd.DataFrame(columns=FACT_COLUMNS)
        return pd.concat(parts, ignore_index=True).reindex(columns=FACT_COLUMNS)


def _facts(kind: str, frame: pd.DataFrame, subject, label, value, target, status, **more):
    """Rows of one kind of fact for :meth:`ExecutiveFacts.summary`."""
    columns = {"subject": subject, "label": label, "value": value, "target": target}
    columns |= {"status": status, **more}
    out = pd.DataFrame({"kind": kind, "program": frame["program"], **columns})
    return out if len(frame) else pd.DataFrame(columns=FACT_COLUMNS)


def biggest_gaps(scorecard: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` metrics furthest below target (most negative gap_pct), worst first.

    Columns: program, metric, label, category, value, target, gap_pct, trend.
    """
    if n < 0:
        raise ValueError(f"n_gaps must be zero or more, got {n!r}")
    misses = scorecard["meets_target"].eq(False).fillna(False).astype(bool)
    short = scorecard[misses & scorecard["gap_pct"].notna()]
    gaps = short.sort_values("gap_pct", kind="stable").head(n)
    return gaps[GAP_COLUMNS].reset_index(drop=True)


def deteriorating(scorecard: pd.DataFrame) -> pd.DataFrame:
    """The metrics with a significant trend for the worse, per program, most
    significant first. Columns: program, metric, label, category, value, target,
    meets_target, trend_p_val, trend_slope."""
    worse = scorecard[scorecard["trend"] == "deteriorating"]
    worse = worse.sort_values(["program", "trend_p_val"])
    return worse[DETERIORATING_COLUMNS].reset_index(drop=True)


def executive_facts(
    result: BaselineResult,
    *,
    accuracy: JudgedAccuracy | pd.DataFrame | None = None,
    n_gaps: int = 5,
) -> ExecutiveFacts:
    """Collect the executive-summary facts of a baseline assessment.

    accuracy: the process accuracy judged against target, a
    :class:`copcwb.quality.JudgedAccuracy` or its ``process`` table (None without QA;
    only process monitoring describes the process). n_gaps: how many biggest gaps to
    list.
    """
    gaps = biggest_gaps(result.scorecard, n_gaps)
    judged = getattr(accuracy, "process", accuracy)
    if judged is None or judged.empty:
        critical = pd.DataFrame(columns=CRITICAL_COLUMNS)
    else:
        critical = judged[CRITICAL_COLUMNS].reset_index(drop=True)
    table = readiness(result).table
    columns = ["program", "verdict", "share_meeting", "share_meeting_or_improving"]
    columns += ["level_share", "level_or_trend_share", "n_metrics", "n_blockers"]
    return ExecutiveFacts(
        readiness=table[columns],
        biggest_gaps=gaps,
        deteriorating=deteriorating(result.scorecard),
        critical_errors=critical,
    )

"""Where the centre stands on the maturity ladder, with the evidence: :func:`maturity`.

The four stages (operational, refined, strategic, visionary) and the metrics that
evidence each come from a 2005 Taiwanese contact-centre blueprint; the catalog's
``stage`` column says which stage each metric evidences. The counting and the rule
of the stage reached are in :mod:`copcwb.baseline.stages`.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from copcwb.baseline.readiness_rules import OVERALL
from copcwb.baseline.stages import (
    MANAGED,
    STATUSES,
    metric_status,
    next_stage,
    reached_stage,
    scorecard_programs,
    stage_table,
)
from copcwb.catalog import load_default_catalog, normalize_catalog
from copcwb.terms import MATURITY_THRESHOLD, STAGES

if TYPE_CHECKING:
    from matplotlib.axes import Axes

EVIDENCE_COLUMNS = ["program", "stage", "metric", "label", "status", "value", "target"]
COUNTS = ("n_expected", "n_measured", "n_managed")


@dataclass(frozen=True, eq=False)
class MaturityResult:
    """Result of :func:`maturity`.

    table: the summary (see :meth:`summary`).
    stages: one row per program (then the pooled overall row, program ``"ALL"``) and
        stage in ladder order: program, stage, n_expected, n_measured, n_managed,
        share_managed (NaN for a stage without catalog metrics), met (share_managed >=
        threshold).
    evidence: per program, the metrics of its next stage that are not managed, then
        those of every stage below its stage reached that is under the threshold (a
        rung below not yet managed). Columns: program, stage, metric, label, status
        ("not measured", "no target", "below target"), value (latest month), target
        (NaN when not measured).
    metrics: every program x staged catalog metric: program, metric, label, unit,
        stage, value, target, meets_target, trend, status ("managed" or one of the
        above).
    unstaged: metric, label of the catalog metrics without a stage (left out).
    threshold: the share of a stage's metrics that must be managed (placeholder 0.5).
    """

    table: pd.DataFrame
    stages: pd.DataFrame
    evidence: pd.DataFrame
    metrics: pd.DataFrame
    unstaged: pd.DataFrame
    threshold: float

    def summary(self) -> pd.DataFrame:
        """One row per program, then the overall row (program ``"ALL"``: every program x
        metric pair pooled). Columns: program, stage (reached: operational, refined,
        strategic, visionary, or None), next_stage (None after visionary),
        share_managed_<stage> for each stage, then n_expected_<stage>,
        n_measured_<stage>, n_managed_<stage> for each stage, in ladder order."""
        return self.table.copy()

    @property
    def programs(self) -> list[str]:
        """The programs placed on the ladder, sorted (without the overall row)."""
        return [p for p in self.table["program"] if p != OVERALL]

    def below(self, program: str) -> list[str]:
        """The stages below ``program``'s stage reached that are under the threshold
        (a rung below not yet managed)."""
        return rungs_below(self.table.set_index("program").loc[program], self.threshold)

    def plot(self, ax: Axes | None = None, *, program: str = OVERALL) -> Axes:
        """The ladder of one program (default: all programs pooled); see
        :func:`copcwb.baseline.plots.plot_ladder`."""
        from copcwb.baseline.plots import plot_ladder

        return plot_ladder(self, ax=ax, program=program)


def _check_threshold(threshold: object) -> float:
    ok = isinstance(threshold, numbers.Real) and not isinstance(threshold, bool)
    if not ok or not 0 < float(threshold) <= 1:  # type: ignore[arg-type]
        raise ValueError(f"threshold must be a share above 0 and at most 1, got {threshold!r}")
    return float(threshold)  # type: ignore[arg-type]


def _wide(stages: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """The summary table from the long stage table."""
    rows = []
    for program, group in stages.groupby("program", sort=False):
        by_stage = group.set_index("stage")
        reached = reached_stage(by_stage["share_managed"].to_dict(), threshold)
        row = {"program": program, "stage": reached, "next_stage": next_stage(reached)}
        row |= {f"share_managed_{s}": by_stage.at[s, "share_managed"] for s in STAGES}
        for s in STAGES:
            row |= {f"{c}_{s}": int(by_stage.at[s, c]) for c in COUNTS}
        rows.append(row)
    table = pd.DataFrame(rows)
    for column in ("stage", "next_stage"):  # None (not NaN) where there is no stage
        table[column] = pd.Series([r[column] for r in rows], dtype="object")
    return table


def rungs_below(row: pd.Series, threshold: float) -> list[str]:
    """The stages below the stage reached of a summary ``row`` that are under
    ``threshold`` (none when no stage is reached)."""
    if not isinstance(row["stage"], str):
        return []
    lower = STAGES[: STAGES.index(row["stage"])]
    return [s for s in lower if not row[f"share_managed_{s}"] >= threshold]


def _evidence(table: pd.DataFrame, metrics: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """The evidence rows of every program (see :class:`MaturityResult`): its next stage,
    then its rungs below; within a stage, not measured, no target, below target, each in
    catalog order."""
    open_rows = metrics[metrics["status"] != MANAGED]
    order = {s: i for i, s in enumerate(STATUSES)}
    parts = []
    for _, row in table[table["program"] != OVERALL].iterrows():
        own = open_rows[open_rows["program"] == row["program"]]
        wanted = [row["next_stage"]] if isinstance(row["next_stage"], str) else []
        for stage in wanted + rungs_below(row, threshold):
            part = own[own["stage"] == stage]
            parts.append(part.sort_values("status", key=lambda c: c.map(order), kind="stable"))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in EVIDENCE_COLUMNS})
    return pd.concat(parts, ignore_index=True)[EVIDENCE_COLUMNS]


def maturity(
    scorecard: pd.DataFrame,
    catalog: pd.DataFrame | None = None,
    *,
    threshold: float = MATURITY_THRESHOLD,
) -> MaturityResult:
    """Place each program, and all programs pooled, on the maturity ladder.

    scorecard: ``copcwb.baseline.assess(...).scorecard`` (program, metric, value,
    target, meets_target, trend are used). catalog: the metric catalog
    (``copcwb.io.read_metric_catalog`` or ``copcwb.baseline.engagement_catalog``; None:
    the built-in one); its ``stage`` column says which stage each metric evidences (a
    blank stage: the built-in stage of a built-in metric, else the metric is unstaged).
    threshold: the share of a stage's metrics that must be managed (placeholder 0.5).

    A metric is managed when measured, with a target, and meeting it or improving;
    the stage reached is the highest whose share managed is at least ``threshold``
    (see :mod:`copcwb.baseline.stages`). Returns a :class:`MaturityResult`. Raises
    ValueError for a bad threshold, a scorecard without its columns or a catalog
    with a stage outside operational, refined, strategic, visionary.
    """
    threshold = _check_threshold(threshold)
    catalog = normalize_catalog(load_default_catalog() if catalog is None else catalog)
    staged = catalog[catalog["stage"].notna()]
    unstaged = catalog.loc[catalog["stage"].isna(), ["metric", "label"]].reset_index(drop=True)
    programs = scorecard_programs(scorecard)
    status = metric_status(scorecard, staged, programs)
    sizes = staged["stage"].value_counts().to_dict()
    stages = stage_table(status, programs, sizes, threshold)
    table = _wide(stages, threshold)
    return MaturityResult(
        table=table,
        stages=stages,
        evidence=_evidence(table, status, threshold),
        metrics=status,
        unstaged=unstaged,
        threshold=threshold,
    )

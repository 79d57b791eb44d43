"""The rules of the maturity ladder (``copcwb.terms.STAGES``, lowest first).

For a program, a metric of a stage is *measured* when the scorecard has a value for it,
and *managed* when it is measured, has a target and meets it or is improving. Per
program and stage: n_expected = the catalog's metrics of that stage, n_measured and
n_managed those of them measured and managed, share_managed = n_managed / n_expected
(NaN for a stage without catalog metrics, which no one reaches).

The stage reached is the highest stage whose share_managed >= the threshold: the
literal reading, so a rung below under the threshold does not stop a higher one (the
report says so). None when no stage reaches it. The next stage is the one after the
reached one (None after the last; the first when none is reached).

The overall row (program ``OVERALL``) pools every program x metric pair: n_expected =
programs x the stage's metrics, n_measured and n_managed summed over the programs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from copcwb.baseline.readiness_rules import OVERALL
from copcwb.terms import STAGES

#: the status of a program's metric of a stage: managed, or why it is not
MANAGED = "managed"
NOT_MEASURED = "not measured"
NO_TARGET = "no target"
BELOW_TARGET = "below target"
STATUSES: tuple[str, ...] = (NOT_MEASURED, NO_TARGET, BELOW_TARGET, MANAGED)
STAGE_COLUMNS = ["program", "stage", "n_expected", "n_measured", "n_managed", "share_managed"]
STAGE_COLUMNS += ["met"]
_CARD = ["program", "metric", "value", "target", "meets_target", "trend"]


def next_stage(stage: str | None) -> str | None:
    """The stage after ``stage``: the first stage when ``stage`` is None, None after
    the last."""
    if stage is None:
        return STAGES[0]
    position = STAGES.index(stage) + 1
    return STAGES[position] if position < len(STAGES) else None


def reached_stage(shares: Mapping[str, float], threshold: float) -> str | None:
    """The highest stage whose share managed is at least ``threshold`` (a missing or
    NaN share never is); None when no stage is."""
    met = [s for s in STAGES if s in shares and not np.isnan(shares[s]) and shares[s] >= threshold]
    return met[-1] if met else None


def scorecard_programs(scorecard: pd.DataFrame) -> list[str]:
    """The programs of ``scorecard``, sorted; ValueError when it lacks a column the
    ladder uses (program, metric, value, target, meets_target, trend)."""
    missing = [c for c in _CARD if c not in scorecard.columns]
    if missing:
        raise ValueError(
            f"the scorecard lacks column(s) {missing}; pass copcwb.baseline.assess(...).scorecard"
        )
    return sorted(scorecard["program"].astype("str").unique())


def metric_status(
    scorecard: pd.DataFrame, staged: pd.DataFrame, programs: Sequence[str]
) -> pd.DataFrame:
    """One row per program x staged catalog metric, in catalog order: program, metric,
    label, unit, stage, value, target (NaN when not measured), meets_target, trend,
    status (one of STATUSES). ``staged``: catalog rows (metric, label, unit, stage)
    with a stage (checked scorecard: see :func:`scorecard_programs`)."""
    frame = pd.DataFrame({"program": pd.Series(list(programs), dtype="str")})
    frame = frame.merge(staged[["metric", "label", "unit", "stage"]], how="cross")
    card = scorecard.loc[scorecard["value"].notna(), _CARD].astype({"program": "str"})
    frame = frame.merge(card, on=["program", "metric"], how="left")
    measured = frame["value"].notna()
    has_target = measured & frame["target"].notna()
    meets = frame["meets_target"].astype("boolean").fillna(False).astype(bool)
    managed = has_target & (meets | (frame["trend"] == "improving"))
    status = np.select(
        [~measured, ~has_target, ~managed], [NOT_MEASURED, NO_TARGET, BELOW_TARGET], MANAGED
    )
    return frame.assign(status=status).reset_index(drop=True)


def _counts(status: pd.DataFrame) -> pd.DataFrame:
    grouped = status.groupby(["program", "stage"], sort=False)["status"]
    counts = grouped.agg(
        n_expected="size",
        n_measured=lambda s: int((s != NOT_MEASURED).sum()),
        n_managed=lambda s: int((s == MANAGED).sum()),
    )
    return counts.reset_index()


def stage_table(
    status: pd.DataFrame, programs: Sequence[str], stage_sizes: Mapping[str, int], threshold: float
) -> pd.DataFrame:
    """Per program (then the pooled ``OVERALL`` row) and stage, in ladder order: the
    STAGE_COLUMNS (``met``: share_managed >= threshold). ``status``: the rows of
    :func:`metric_status`; ``stage_sizes``: catalog metrics per stage."""
    keys = pd.MultiIndex.from_product([list(programs), list(STAGES)], names=["program", "stage"])
    counts = _counts(status).set_index(["program", "stage"])
    table = counts.reindex(keys).reset_index()
    table["n_expected"] = table["stage"].map(lambda s: int(stage_sizes.get(s, 0)))
    table = table.fillna({"n_measured": 0, "n_managed": 0})
    pooled = table.groupby("stage", sort=False)[["n_expected", "n_measured", "n_managed"]].sum()
    pooled = pooled.reindex(list(STAGES)).reset_index().assign(program=OVERALL)
    table = pd.concat([table, pooled], ignore_index=True)
    table = table.astype({c: "int64" for c in ("n_expected", "n_measured", "n_managed")})
    expected = table["n_expected"].where(table["n_expected"] > 0)
    table["share_managed"] = (table["n_managed"] / expected).astype("float64")
    table["met"] = (table["share_managed"] >= threshold).fillna(False).astype(bool)
    return table[STAGE_COLUMNS]

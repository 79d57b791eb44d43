"""Checkpoint failure rates: :func:`checkpoints`, and the checkpoints no data can judge."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from copcwb.journey.catalog import HUMAN_QA, checkpoint_catalog
from copcwb.journey.rules import FAILED, OPEN, PASSED, q
from copcwb.journey.states import Source, columns_of, contact_states, state_column
from copcwb.quality.intervals import wilson_arrays

COMPUTED, NEEDS_DATA = "computed", "needs_data"
RESULT_COLUMNS = (
    "checkpoint",
    "touchpoint",
    "dimension",
    "n_applicable",
    "n_failed",
    "failure_rate",
    "ci_low",
    "ci_high",
    "n_open",
    "status",
    "missing",
)


def _as_keys(by: Iterable[str] | str) -> list[str]:
    return [by] if isinstance(by, str) else list(by)


def _counts_sql(keys: list[str], names: list[str]) -> str:
    parts = []
    for name in names:
        state = q(state_column(name))
        parts += [
            f"count_if({state} IN ({PASSED}, {FAILED}))::BIGINT AS {q('a_' + name)}",
            f"count_if({state} = {FAILED})::BIGINT AS {q('f_' + name)}",
            f"count_if({state} = {OPEN})::BIGINT AS {q('o_' + name)}",
        ]
    listed = ", ".join(q(k) for k in keys)
    select = (listed + ", ") if keys else ""
    group = f" GROUP BY {listed} ORDER BY {listed}" if keys else ""
    return (
        f"SELECT {select}count(*)::BIGINT AS n_contacts, {', '.join(parts)} FROM {{states}}{group}"
    )


def absent_columns(checkpoint, columns: set[str], sla_hours: Mapping | None = None) -> list[str]:
    """The columns a checkpoint needs that a journeys table with ``columns`` lacks."""
    have = set(columns) | ({"sla_hours"} if sla_hours and "case_priority" in columns else set())
    return [c for c in checkpoint.needs if c not in have]


def _long(counts: pd.DataFrame, keys: list[str], judged: pd.DataFrame, conf: float):
    frames = []
    for r in judged.itertuples(index=False):
        n = counts[f"a_{r.checkpoint}"].to_numpy(dtype="int64")
        failed = counts[f"f_{r.checkpoint}"].to_numpy(dtype="int64")
        low, high = wilson_arrays(failed, n, conf)
        with np.errstate(invalid="ignore", divide="ignore"):
            rate = np.where(n > 0, failed / np.maximum(n, 1), np.nan)
        part = counts[keys].copy() if keys else pd.DataFrame(index=counts.index)
        frames.append(
            part.assign(
                checkpoint=r.checkpoint,
                touchpoint=r.touchpoint,
                dimension=r.dimension,
                n_applicable=n,
                n_failed=failed,
                failure_rate=rate,
                ci_low=low,
                ci_high=high,
                n_open=counts[f"o_{r.checkpoint}"].to_numpy(dtype="int64"),
                status=COMPUTED,
                missing="",
            )
        )
    return frames


def checkpoints(
    journeys: Source,
    catalog: pd.DataFrame | None = None,
    *,
    by: Iterable[str] | str = ("program",),
    contacts: Source | None = None,
    sla_hours: Mapping[str, float] | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Failure rate of every checkpoint of ``catalog`` (default: the built-in one) per
    group of ``by`` (() for one overall row per checkpoint).

    Columns: by..., checkpoint, touchpoint, dimension, n_applicable (contacts judged),
    n_failed, failure_rate (n_failed / n_applicable, NaN when none), ci_low, ci_high
    (Wilson interval at ``confidence``), n_open (contacts not judged yet: a case still
    open, a callback not yet due, a repeat window past the end of the data), status
    ("computed"; "needs_data": a column it needs is absent, named in ``missing``;
    "human_qa": judged by an evaluator), missing. Every checkpoint of the catalog has its
    rows: none is dropped because the data cannot judge it (its counts are then 0).

    ``contacts`` (the contact log) adds its contacts to the repeats; ``sla_hours`` maps a
    case priority to its SLA hours for journeys with case_priority instead of sla_hours.
    """
    catalog = checkpoint_catalog() if catalog is None else catalog
    keys = _as_keys(by)
    with contact_states(
        journeys, catalog, contacts=contacts, sla_hours=sla_hours, keep=keys
    ) as states:
        judged = states.checkpoints
        counts = states.query(
            _counts_sql(keys, list(judged["checkpoint"])), "counting checkpoint failures"
        )
    frames = _long(counts, keys, judged, confidence)
    groups = counts[keys] if keys else pd.DataFrame(index=[0])
    have = set(columns_of(journeys))
    for r in catalog[~catalog["checkpoint"].isin(judged["checkpoint"])].itertuples(index=False):
        missing = [] if r.rule == HUMAN_QA else absent_columns(r, have, sla_hours)
        frames.append(
            groups.assign(
                checkpoint=r.checkpoint,
                touchpoint=r.touchpoint,
                dimension=r.dimension,
                n_applicable=0,
                n_failed=0,
                failure_rate=np.nan,
                ci_low=np.nan,
                ci_high=np.nan,
                n_open=0,
                status=HUMAN_QA if r.rule == HUMAN_QA else NEEDS_DATA,
                missing=" ".join(missing),
            )
        )
    out = pd.concat(frames, ignore_index=True)
    order = {c: i for i, c in enumerate(catalog["checkpoint"])}
    out = out.sort_values(
        [*keys, "checkpoint"],
        key=lambda s: s.map(order) if s.name == "checkpoint" else s,
        kind="stable",
    )
    return out.loc[:, [*keys, *RESULT_COLUMNS]].reset_index(drop=True)


def left_to_human_qa(table: pd.DataFrame, catalog: pd.DataFrame) -> pd.DataFrame:
    """The checkpoints of a :func:`checkpoints` table the data do not judge, once each.

    Columns: checkpoint, label, touchpoint, dimension, status ("human_qa" or
    "needs_data"), missing (the absent columns, for "needs_data")."""
    left = table[table["status"] != COMPUTED].drop_duplicates("checkpoint")
    labels = catalog.set_index("checkpoint")["label"]
    out = left[["checkpoint", "touchpoint", "dimension", "status", "missing"]].copy()
    out.insert(1, "label", out["checkpoint"].map(labels))
    return out.reset_index(drop=True)


def standout(table: pd.DataFrame, checkpoint: str, by: str = "program") -> tuple[str, float] | None:
    """The group of a :func:`checkpoints` table (by ``by``) whose failure rate of
    ``checkpoint`` is significantly above that of all contacts (the lower end of its
    interval above the pooled rate), the highest such, with its rate; None when no group
    stands out or the table has no ``by`` column."""
    if by not in table:
        return None
    rows = table[table["checkpoint"] == checkpoint]
    overall = pooled_rate(table, checkpoint)
    if overall != overall:
        return None
    above = rows[rows["ci_low"] > overall].sort_values("failure_rate", ascending=False)
    if above.empty:
        return None
    return str(above[by].iloc[0]), float(above["failure_rate"].iloc[0])


def pooled_rate(table: pd.DataFrame, checkpoint: str) -> float:
    """The failure rate of ``checkpoint`` over every group of a :func:`checkpoints` table
    (NaN when no contact was judged)."""
    rows = table[table["checkpoint"] == checkpoint]
    n = rows["n_applicable"].sum()
    return float(rows["n_failed"].sum() / n) if n else float("nan")

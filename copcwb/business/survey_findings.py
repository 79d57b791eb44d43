"""The findings of the CSAT driver analysis: drivers to fix first, operational
thresholds, critical errors proven to hurt satisfaction, service-quality dimensions whose
expectations are missed or over-served."""

from __future__ import annotations

import numpy as np
import pandas as pd

from copcwb.attempt import available
from copcwb.business.findings import finding, frame


def worth(values, variable: str) -> dict:
    """The money of the what-if scenario of ``variable`` (a CsatFixValue), when known."""
    if not available(values):
        return {}
    hit = values.table[values.table["variable"] == variable]
    if not len(hit):
        return {}
    row = hit.iloc[0]
    if not np.isfinite(row["value"]):
        return {"observed": row["points"], "value_basis": "points"}
    return {"observed": row["points"], "value": row["value"], "value_basis": row["basis"]}


def gap_findings(gaps: pd.DataFrame | None) -> list[dict]:
    """A finding per dimension of ``gaps`` (:func:`copcwb.drivers.expectation_gap` over
    every response) whose expectations are missed (severity 2) or over-served (3);
    observed = the gap perception - expectation."""
    if gaps is None or gaps.empty:
        return []
    kinds = {"missed": ("expectation_missed", 2), "over-served": ("over_served", 3)}
    rows = []
    for r in gaps.itertuples(index=False):
        if r.verdict in kinds:
            kind, severity = kinds[r.verdict]
            gap = {"subject": r.dimension, "observed": r.gap}
            rows.append(finding(kind, "expectations", severity, **gap))
    return rows


def driver_findings(
    *, quadrant=None, thresholds=None, critical=None, values=None, gaps=None
) -> pd.DataFrame:
    """Every "fix first" driver of ``quadrant`` (severity 2; its what-if points and money
    from ``values``, a :class:`copcwb.business.CsatFixValue`), every operational fact with
    a threshold (2; observed = the threshold), every critical-error flag proven
    customer-critical (1, loss control), every dimension of ``gaps`` missed or over-served
    (:func:`gap_findings`). Steps that are not available add nothing.
    Columns: FINDING_COLUMNS."""
    rows = []
    if available(quadrant):
        for driver in quadrant.fix_first:
            rows.append(
                finding("fix_first_driver", "quadrant", 2, subject=driver, **worth(values, driver))
            )
    if available(thresholds):
        for fact in thresholds.found:
            r = thresholds.results[fact]
            rows.append(
                finding(
                    "threshold", "thresholds", 2, subject=fact, observed=r.threshold, unit=r.unit
                )
            )
    if available(critical):
        for flag in critical.proven:
            rows.append(
                finding(
                    "critical_error",
                    "critical",
                    1,
                    subject=flag,
                    proposed_class="loss_control",
                    **worth(values, flag),
                )
            )
    return frame(rows + gap_findings(gaps))

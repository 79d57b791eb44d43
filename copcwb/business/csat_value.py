"""The value of a CSAT fix: the what-if's top-box change in money, where the engagement
says what a point, a promoter or a retained customer is worth; otherwise in points only."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.business_options import CsatValue

CSAT_VALUE_COLUMNS = ["scenario", "variable", "kind", "points", "value", "basis"]


@dataclass(frozen=True, eq=False)
class CsatFixValue:
    """Result of :func:`csat_fix_value`.

    table: scenario, variable, kind, points (top-box change in percentage points), value
        (money a year, NaN without an engagement value), basis ("per_point",
        "per_promoter", "per_retained_customer" or "" when there is no value).
    has_value: whether the engagement gives a value.
    """

    table: pd.DataFrame
    has_value: bool

    def summary(self) -> pd.DataFrame:
        return self.table.copy()


def _money(points: float, worth: CsatValue) -> tuple[float, str]:
    if worth.per_point is not None:
        return points * worth.per_point, "per_point"
    if worth.per_promoter is not None:
        return points * worth.promoters_per_point * worth.per_promoter, "per_promoter"
    if worth.per_retained_customer is not None:
        customers = points * worth.customers_per_point
        return customers * worth.per_retained_customer, "per_retained_customer"
    return np.nan, ""


def csat_fix_value(whatif, worth: CsatValue) -> CsatFixValue | None:
    """Money of each scenario of ``whatif`` (a :class:`copcwb.drivers.WhatIfResult`) that
    raises the top-box share significantly. Never invents a value: without one in the
    engagement the table keeps the points and leaves value empty. None when the what-if
    is not available."""
    from copcwb.attempt import available

    if not available(whatif):
        return None
    gains = whatif.gains()
    rows = []
    for g in gains.itertuples(index=False):
        points = float(g.top_box_change) * 100.0
        value, basis = _money(points, worth)
        rows.append((g.scenario, g.variable, g.kind, points, value, basis))
    table = pd.DataFrame(rows, columns=CSAT_VALUE_COLUMNS)
    has_value = any(
        v is not None for v in (worth.per_point, worth.per_promoter, worth.per_retained_customer)
    )
    return CsatFixValue(table, has_value)

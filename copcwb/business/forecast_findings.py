"""The findings of the forecast accuracy analysis: queues whose forecast is biased."""

from __future__ import annotations

import numpy as np
import pandas as pd

from copcwb.business.findings import finding, frame


def bias_findings(acc, cost=None, *, threshold: float = 0.03) -> pd.DataFrame:
    """Every queue whose daily volume forecast is biased by at least ``threshold`` (sum (F -
    A) / sum A of the days; severity 2), with the money of its misplaced staffing from
    ``cost`` (a :class:`copcwb.business.ForecastCost`): over-staffing for an
    over-forecast, the cost of the missing cover for an under-forecast. Columns:
    FINDING_COLUMNS (subject = queue, program = the queue's program)."""
    from copcwb.forecast import ALL_QUEUES

    t = acc.table
    days = t[(t["measure"] == "volume") & (t["level"] == "day") & (t["queue"] != ALL_QUEUES)]
    by_queue = None if cost is None else cost.table.set_index("queue")
    rows = []
    for r in days.itertuples(index=False):
        if not (np.isfinite(r.bias) and abs(r.bias) >= threshold - 1e-12):
            continue
        money, program = {}, str(r.queue)
        if by_queue is not None and r.queue in by_queue.index:
            c = by_queue.loc[r.queue]
            program = str(c["program"])
            column = "over_cost_per_year" if r.bias > 0 else "under_cost_per_year"
            money = {"value": c[column], "placeholders": c["placeholders"]}
            money["value_basis"] = "over_staffing" if r.bias > 0 else "missing_cover"
        rows.append(
            finding(
                "forecast_bias",
                "forecast_accuracy",
                2,
                program=program,
                subject=str(r.queue),
                observed=r.bias,
                unit="share",
                **money,
            )
        )
    return frame(rows)

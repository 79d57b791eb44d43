"""The findings of the journey quality analysis: checkpoints proven customer-critical,
and the journey facts beyond whose threshold satisfaction falls."""

from __future__ import annotations

import pandas as pd

from copcwb.attempt import available
from copcwb.business.findings import finding, frame
from copcwb.business.survey_findings import worth

#: touchpoints whose checkpoints are fixed in a system (the bot, the IVR), not a process
SYSTEM_TOUCHPOINTS = ("self_service", "ivr")


def journey_findings(
    rates: pd.DataFrame,
    catalog: pd.DataFrame,
    *,
    critical=None,
    thresholds=None,
    values=None,
) -> pd.DataFrame:
    """Every checkpoint ``critical`` (a :class:`copcwb.drivers.CriticalErrorResult` of the
    checkpoint failure flags) proves customer-critical (severity 1; program = the one whose
    failure rate stands out above all contacts', else ""; observed = that failure rate;
    the what-if money of ending its failures from ``values``, a
    :class:`copcwb.business.CsatFixValue`; proposed class system change for the bot and
    IVR touchpoints), and every journey fact with a threshold in ``thresholds``
    (severity 2). ``rates``: the :func:`copcwb.journey.checkpoints` table by program;
    ``catalog``: its checkpoint catalog (labels, touchpoints). Columns: FINDING_COLUMNS."""
    from copcwb.journey.checkpoints import pooled_rate, standout
    from copcwb.journey.surveyed import checkpoint_of

    rows = []
    info = catalog.set_index("checkpoint")
    if available(critical):
        for flag in critical.proven:
            checkpoint = checkpoint_of(flag)
            found = standout(rates, checkpoint)
            program, rate = found if found is not None else ("", pooled_rate(rates, checkpoint))
            touchpoint = info.loc[checkpoint, "touchpoint"]
            system = touchpoint in SYSTEM_TOUCHPOINTS
            money = worth(values, flag)
            money["observed"] = rate
            rows.append(
                finding(
                    "checkpoint",
                    "journey_effects",
                    1,
                    program=program,
                    subject=checkpoint,
                    label=str(info.loc[checkpoint, "label"]),
                    unit="share",
                    proposed_class="system_change" if system else "",
                    **money,
                )
            )
    if available(thresholds):
        for fact in thresholds.found:
            r = thresholds.results[fact]
            rows.append(
                finding(
                    "threshold",
                    "journey_effects",
                    2,
                    subject=fact,
                    observed=r.threshold,
                    unit=r.unit,
                )
            )
    return frame(rows)

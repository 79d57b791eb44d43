"""The findings of each report, one row each, ready to become actions.

A finding names what was found (kind, program, subject), where the report shows it
(section), the numbers behind it, the money when it is known, and how urgent it is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FINDING_COLUMNS = [
    "kind",
    "program",
    "subject",
    "label",
    "section",
    "observed",
    "target",
    "gap_pct",
    "trend",
    "unit",
    "value",
    "value_basis",
    "placeholders",
    "severity",
    "proposed_class",
]


def finding(kind: str, section: str, severity: int, **values) -> dict:
    """One finding row: the FINDING_COLUMNS, blanks where ``values`` says nothing."""
    row = dict.fromkeys(FINDING_COLUMNS, np.nan)
    row |= {"label": "", "trend": "", "unit": "", "value_basis": "", "placeholders": ""}
    row |= {"proposed_class": "", "program": "", "subject": ""}
    row |= {"kind": kind, "section": section, "severity": int(severity), **values}
    return row


def frame(rows: list[dict]) -> pd.DataFrame:
    """The findings as a frame with FINDING_COLUMNS (empty when there are none)."""
    out = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    return out.astype({"value": float, "gap_pct": float, "observed": float, "target": float})

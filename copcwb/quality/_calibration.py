"""The calibration sample as the agreement analyses read it: the ratings each evaluator
gave, error codes as categories, and only the transactions more than one evaluator scored.
"""

from __future__ import annotations

import pandas as pd

from copcwb.quality._common import require_columns
from copcwb.terms import ERROR_FLAG_COLUMNS

#: the 0/1 critical-error flags of a calibration sample, in reporting order
FLAG_RATINGS: tuple[str, ...] = tuple(ERROR_FLAG_COLUMNS.values())
#: every rating whose agreement is measured: the three flags, then the error code
RATINGS: tuple[str, ...] = (*FLAG_RATINGS, "error_code")
#: flag column -> error type (customer_ce -> customer)
ERROR_TYPE_OF: dict[str, str] = {flag: kind for kind, flag in ERROR_FLAG_COLUMNS.items()}
#: the category of an evaluator who wrote no error code
NO_ERROR = "no error"
KEY = ["transaction_id", "evaluator_id"]


def code_categories(codes: pd.Series) -> pd.Series:
    """Each error code as one category: the codes of a row (joined by ";") trimmed, sorted
    and joined again, so that "B; A" and "A;B" are the same finding; blank is NO_ERROR."""
    text = codes.astype("string").fillna("")

    def normal(value: str) -> str:
        parts = sorted({p.strip() for p in value.split(";") if p.strip()})
        return ";".join(parts) if parts else NO_ERROR

    return text.map(normal).astype(object)


def has_codes(calibration: pd.DataFrame) -> bool:
    """Whether any evaluator of the sample wrote an error code."""
    if "error_code" not in calibration:
        return False
    return bool((code_categories(calibration["error_code"]) != NO_ERROR).any())


def scored_twice(calibration: pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The rows of the transactions at least two evaluators scored (ids as text, error codes
    as categories), and the ids of the transactions scored once (left out), sorted.

    Raises ValueError when a column is missing or a transaction and evaluator pair repeats
    (``copcwb.io.read_calibration`` refuses both)."""
    require_columns(calibration, [*KEY, *FLAG_RATINGS], "calibration", "read_calibration")
    data = calibration.assign(
        transaction_id=calibration["transaction_id"].astype(str),
        evaluator_id=calibration["evaluator_id"].astype(str),
        error_code=code_categories(
            calibration["error_code"]
            if "error_code" in calibration
            else pd.Series(None, index=calibration.index, dtype=object)
        ),
    )
    repeated = data.duplicated(KEY, keep=False)
    if repeated.any():
        pairs = data.loc[repeated, KEY].drop_duplicates().head(3)
        shown = ", ".join(f"{t}/{e}" for t, e in pairs.itertuples(index=False))
        raise ValueError(
            f"the calibration sample scores a transaction twice by one evaluator ({shown}); "
            "read it with copcwb.io.read_calibration, which names the rows"
        )
    counts = data.groupby("transaction_id")["evaluator_id"].transform("size")
    once = tuple(sorted(data.loc[counts == 1, "transaction_id"]))
    kept = data[counts >= 2].sort_values(KEY, kind="stable").reset_index(drop=True)
    return kept, once


def wide(data: pd.DataFrame, rating: str) -> pd.DataFrame:
    """Transactions x evaluators: the value of ``rating`` each evaluator gave each
    transaction (missing where the evaluator did not score it)."""
    return data.pivot(index="transaction_id", columns="evaluator_id", values=rating)

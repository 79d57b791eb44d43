"""The calibration sample: process transactions of the QA file scored again by several
evaluators, one of whom is lenient (see the CALIBRATION_* design in ``_spec``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from copcwb.synth._spec import (
    CALIBRATION_CODE_SLIP,
    CALIBRATION_DETECT,
    CALIBRATION_EVALUATORS,
    CALIBRATION_FALSE_FLAG,
    CALIBRATION_LENIENT,
    CALIBRATION_LENIENT_DETECT,
    CALIBRATION_MONTHS,
    CALIBRATION_SAMPLE,
    CRITICAL_ERRORS,
    ERROR_CODES,
)

COLUMNS = ["transaction_id", "evaluator_id", *CRITICAL_ERRORS, "error_code"]
#: error code -> the flag it belongs to
_TYPE_OF_CODE = {code: ce for ce, codes in ERROR_CODES.items() for code, _, _ in codes}


def sample(rng: np.random.Generator, qa: pd.DataFrame) -> pd.DataFrame:
    """The QA records scored again: process monitoring of the last CALIBRATION_MONTHS
    months, CALIBRATION_SAMPLE of them (transactions with each flag in turn, then without
    any; fewer when the QA file has fewer), in transaction order."""
    months = pd.PeriodIndex(qa["date"].str[:7], freq="M")
    recent = months > months.max() - CALIBRATION_MONTHS
    pool = qa[(qa["monitoring_type"] == "process") & recent]
    chosen: list[int] = []
    for flag, n in CALIBRATION_SAMPLE:
        has = pool[list(CRITICAL_ERRORS)].sum(axis=1) == 0 if flag == "clean" else pool[flag] == 1
        candidates = pool.index[has & ~pool.index.isin(chosen)]
        take = min(n, len(candidates))
        chosen += list(rng.choice(candidates.to_numpy(), size=take, replace=False))
    return qa.loc[sorted(chosen)].reset_index(drop=True)


def _codes_by_type(code: object) -> dict[str, str]:
    """The codes of a QA record by flag ("CE-A;BE-B" -> {customer_ce: CE-A, ...})."""
    out: dict[str, list[str]] = {}
    for part in str(code).split(";") if isinstance(code, str) else []:
        part = part.strip()
        if part in _TYPE_OF_CODE:
            out.setdefault(_TYPE_OF_CODE[part], []).append(part)
    return {ce: ";".join(codes) for ce, codes in out.items()}


def _code(rng: np.random.Generator, ce: str, truth: str | None) -> str:
    """The code an evaluator writes for a flag of type ``ce``: the record's code, or (on a
    slip, or an error the record does not have) another code of the type by its weight."""
    if truth is not None and rng.random() >= CALIBRATION_CODE_SLIP:
        return truth
    names = [c for c, _, _ in ERROR_CODES[ce] if c != truth]
    weights = np.array([w for c, _, w in ERROR_CODES[ce] if c != truth])
    return str(rng.choice(names, p=weights / weights.sum()))


def _detect(ce: str, evaluator: str) -> float:
    return (
        CALIBRATION_LENIENT_DETECT if evaluator == CALIBRATION_LENIENT else CALIBRATION_DETECT[ce]
    )


def generate(rng: np.random.Generator, qa: pd.DataFrame) -> pd.DataFrame:
    """The calibration sample of ``qa`` (the QA table as ``copcwb.synth.qa`` writes it):
    columns transaction_id, evaluator_id, customer_ce, business_ce, compliance_ce (0/1),
    error_code (codes of the flags set, joined by ";" in flag order; missing when none),
    one row per transaction and evaluator."""
    records = sample(rng, qa)
    rows = []
    for record in records.itertuples(index=False):
        truth = _codes_by_type(record.error_code)
        for evaluator in CALIBRATION_EVALUATORS:
            row: dict[str, object] = {
                "transaction_id": record.transaction_id,
                "evaluator_id": evaluator,
            }
            codes = []
            for ce in CRITICAL_ERRORS:
                present = getattr(record, ce) == 1
                p = _detect(ce, evaluator) if present else CALIBRATION_FALSE_FLAG
                row[ce] = int(rng.random() < p)
                if row[ce]:
                    codes.append(_code(rng, ce, truth.get(ce)))
            row["error_code"] = ";".join(codes) if codes else None
            rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)

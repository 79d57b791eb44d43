"""Evaluator agreement: do the QA evaluators score the same transactions alike?

A calibration sample holds transactions that several evaluators scored independently.
For each critical-error flag and for the error code (one category per set of codes,
"no error" when none was written) the agreement beyond chance is a kappa
(:mod:`copcwb.quality.kappa`, by statsmodels):

- Cohen's kappa when the same two evaluators scored every transaction used;
- Fleiss' kappa otherwise, for any number of evaluators per transaction.

Fleiss' kappa needs the same number of evaluators on every transaction. The transactions
scored by the most common number of evaluators (on a tie, the larger number) are used;
the others, and the transactions scored once (which cannot show agreement), are left out
and counted in ``n_left_out``.

Each kappa gets a band of Landis & Koch (1977) and a verdict against the kappa required
before QA results are trusted (placeholders, see ``copcwb.terms``): "trusted" at or
above it, "not_trusted" below, "not_judged" when kappa is undefined (every evaluator
gave the same rating to every transaction, so the sample cannot tell; reason
"no_variation", or "no_codes" when no evaluator wrote an error code) or there are fewer
than two transactions to compare (reason "too_few").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.quality import kappa as kappas
from copcwb.quality._calibration import (
    ERROR_TYPE_OF,
    FLAG_RATINGS,
    RATINGS,
    has_codes,
    scored_twice,
)
from copcwb.quality.deviation import evaluator_deviation
from copcwb.terms import AGREEMENT_BANDS, KAPPA_REQUIRED, POOR_AGREEMENT, checked_bands

AGREEMENT_COLUMNS = ["rating", "n_transactions", "n_evaluators", "observed_agreement"]
AGREEMENT_COLUMNS += ["kappa", "ci_low", "ci_high", "verdict", "band", "required_kappa"]
AGREEMENT_COLUMNS += ["method", "ci_method", "evaluators_per_transaction", "n_left_out", "reason"]
VERDICTS = ("trusted", "not_trusted", "not_judged")


def band_of(kappa: float, bands: Mapping[str, float] = AGREEMENT_BANDS) -> str | None:
    """The band of ``kappa`` (rounded to two decimals, as Landis & Koch print the bands):
    the last band whose lowest kappa it reaches, "poor" below every band, None when kappa
    is undefined."""
    if not np.isfinite(kappa):
        return None
    value = round(float(kappa), 2)
    reached = [band for band, low in checked_bands(bands).items() if value >= low]
    return reached[-1] if reached else POOR_AGREEMENT


def _panel(data: pd.DataFrame) -> tuple[pd.DataFrame, int, bool]:
    """The rows of the transactions scored by the most common number of evaluators (on a
    tie the larger), that number, and whether the same two evaluators scored each."""
    counts = data.groupby("transaction_id").size()
    frequency = counts.value_counts()
    m = int(max(frequency.index[frequency == frequency.max()]))
    rows = data[data["transaction_id"].isin(counts.index[counts == m])]
    return rows, m, m == 2 and rows["evaluator_id"].nunique() == 2


def _categories(values: pd.Series, rating: str) -> tuple[np.ndarray, int]:
    """The values of ``rating`` as category codes 0..k-1, and k (2 for a flag)."""
    if rating in FLAG_RATINGS:
        return values.to_numpy(dtype=int), 2
    codes, uniques = pd.factorize(values, sort=True)
    return codes, max(len(uniques), 1)


def _rating_row(
    rows: pd.DataFrame, rating: str, m: int, cohen: bool, confidence: float, n_boot: int, seed: int
) -> dict:
    codes, k = _categories(rows[rating], rating)
    ratings = codes.reshape(-1, m)  # rows are sorted by transaction, then evaluator
    if cohen:
        fit = kappas.cohen(ratings, k, confidence=confidence)
    else:
        fit = kappas.fleiss(ratings, k, confidence=confidence, n_boot=n_boot, seed=seed)
    return {
        "observed_agreement": fit.observed_agreement,
        "kappa": fit.kappa,
        "ci_low": fit.ci_low,
        "ci_high": fit.ci_high,
        "method": fit.method,
        "ci_method": fit.ci_method,
    }


def _verdict(row: dict, required: float, bands: Mapping[str, float], *, no_codes: bool) -> dict:
    """``row`` with its band, verdict and reason (``no_codes``: the rating is the error
    code and no evaluator wrote one)."""
    kappa = row.get("kappa", np.nan)
    band = band_of(kappa, bands)
    if band is None:
        reason = row.get("reason") or ("no_codes" if no_codes else "no_variation")
        return row | {"band": None, "verdict": "not_judged", "reason": reason}
    verdict = "trusted" if kappa >= required else "not_trusted"
    return row | {"band": band, "verdict": verdict, "reason": ""}


def evaluator_agreement(
    calibration: pd.DataFrame,
    *,
    confidence: float = 0.95,
    bands: Mapping[str, float] = AGREEMENT_BANDS,
    required_kappa: float = KAPPA_REQUIRED,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Agreement of the evaluators of ``calibration`` (as ``copcwb.io.read_calibration``
    returns it) on each rating: customer_ce, business_ce, compliance_ce and error_code.

    Columns: rating, n_transactions (used), n_evaluators (distinct evaluators of those
    transactions), observed_agreement, kappa, ci_low, ci_high (``confidence`` interval:
    bootstrap of ``n_boot`` resamples from ``seed`` for Fleiss, asymptotic for Cohen),
    verdict (VERDICTS), band (Landis & Koch, the lowest kappa of each band in ``bands``;
    missing when not judged), required_kappa, method ("fleiss" or "cohen"), ci_method,
    evaluators_per_transaction, n_left_out (transactions scored once or by another
    number of evaluators), reason (why not judged). See the module's docstring.
    """
    bands = checked_bands(bands)
    data, once = scored_twice(calibration)
    codes = has_codes(calibration)
    base = {"required_kappa": float(required_kappa)}
    if data["transaction_id"].nunique() < 2:
        empty = {"n_transactions": data["transaction_id"].nunique(), "n_evaluators": 0}
        empty |= {"evaluators_per_transaction": 0, "n_left_out": len(once), "reason": "too_few"}
        rows = [
            _verdict(base | empty | {"rating": r}, required_kappa, bands, no_codes=False)
            for r in RATINGS
        ]
        return pd.DataFrame(rows).reindex(columns=AGREEMENT_COLUMNS)
    panel, m, cohen = _panel(data)
    n_used = panel["transaction_id"].nunique()
    left_out = len(once) + data["transaction_id"].nunique() - n_used
    shared = base | {"n_transactions": n_used, "n_evaluators": panel["evaluator_id"].nunique()}
    shared |= {"evaluators_per_transaction": m, "n_left_out": left_out}
    rows = []
    for rating in RATINGS:
        row = shared | {"rating": rating}
        row |= _rating_row(panel, rating, m, cohen, confidence, n_boot, seed)
        no_codes = rating == "error_code" and not codes
        rows.append(_verdict(row, required_kappa, bands, no_codes=no_codes))
    return pd.DataFrame(rows).reindex(columns=AGREEMENT_COLUMNS)


def untrusted_types(agreement: pd.DataFrame) -> list[str]:
    """The critical-error types (customer, business, compliance) whose kappa in
    ``agreement`` (as :func:`evaluator_agreement` returns it) is below the required level:
    the types whose accuracy figures the report must flag."""
    low = agreement[
        (agreement["verdict"] == "not_trusted") & agreement["rating"].isin(FLAG_RATINGS)
    ]
    return [ERROR_TYPE_OF[r] for r in FLAG_RATINGS if r in set(low["rating"])]


def unjudged_types(agreement: pd.DataFrame) -> list[str]:
    """The critical-error types whose agreement the sample cannot show (verdict
    "not_judged": no evaluator, or every evaluator, flagged that error on every
    transaction)."""
    none = agreement[
        (agreement["verdict"] == "not_judged") & agreement["rating"].isin(FLAG_RATINGS)
    ]
    return [ERROR_TYPE_OF[r] for r in FLAG_RATINGS if r in set(none["rating"])]


@dataclass(frozen=True, eq=False)
class AgreementResult:
    """Result of :func:`calibration_check`.

    table: the frame of :func:`evaluator_agreement` (``.summary()``).
    deviation: the frame of :func:`copcwb.quality.deviation.evaluator_deviation`.
    scored_once: ids of the transactions one evaluator scored (left out).
    confidence, required_kappa, bands (band -> lowest kappa), alpha (of the deviation
    tests), n_boot and seed (of the bootstrap intervals).
    """

    table: pd.DataFrame
    deviation: pd.DataFrame
    scored_once: tuple[str, ...]
    confidence: float
    required_kappa: float
    bands: dict[str, float]
    alpha: float
    n_boot: int
    seed: int

    def summary(self) -> pd.DataFrame:
        return self.table.copy()

    @property
    def untrusted_types(self) -> list[str]:
        """The error types whose kappa is below the required level (see
        :func:`untrusted_types`)."""
        return untrusted_types(self.table)

    @property
    def unjudged_types(self) -> list[str]:
        """The error types whose agreement the sample cannot show."""
        return unjudged_types(self.table)

    def deviating(self) -> pd.DataFrame:
        """The evaluators scoring a flag stricter or more leniently than the others (the
        rows of ``deviation`` not "in_line"), most significant first."""
        off = self.deviation[self.deviation["label"] != "in_line"]
        return off.sort_values(["p_adj", "evaluator"], kind="stable").reset_index(drop=True)


def calibration_check(
    calibration: pd.DataFrame | None,
    *,
    confidence: float = 0.95,
    bands: Mapping[str, float] = AGREEMENT_BANDS,
    required_kappa: float = KAPPA_REQUIRED,
    alpha: float = 0.05,
    n_boot: int = 1000,
    seed: int = 0,
) -> AgreementResult | None:
    """Agreement of the evaluators and each evaluator's deviation from the others' consensus
    (None when the engagement has no calibration sample)."""
    if calibration is None:
        return None
    table = evaluator_agreement(
        calibration,
        confidence=confidence,
        bands=bands,
        required_kappa=required_kappa,
        n_boot=n_boot,
        seed=seed,
    )
    return AgreementResult(
        table=table,
        deviation=evaluator_deviation(calibration, alpha=alpha),
        scored_once=scored_twice(calibration)[1],
        confidence=confidence,
        required_kappa=float(required_kappa),
        bands=checked_bands(bands),
        alpha=alpha,
        n_boot=n_boot,
        seed=seed,
    )

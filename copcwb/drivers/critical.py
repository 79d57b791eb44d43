"""Proof that a critical error is customer-critical: its effect on satisfaction.

The QA flags of the surveyed contacts (customer_ce, business_ce, compliance_ce: 1 = the error
occurred) enter one ordinal model of overall satisfaction together (plus optional controls).
An error type is *proven customer-critical* only when its effect is significant (p < alpha)
in the harmful direction (odds ratio of a higher rating below 1).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from copcwb.drivers._design import as_names
from copcwb.drivers.ordinal import OrdinalLogitResult, ordinal_logit
from copcwb.errors import AnalysisError

DEFAULT_FLAGS = ("customer_ce", "business_ce", "compliance_ce")


@dataclass(frozen=True, eq=False)
class CriticalErrorResult:
    """Effects of critical-error flags on an ordinal satisfaction outcome.

    Attributes: ``outcome``, ``flags``, ``alpha``, ``confidence``, ``table`` (see
    :meth:`summary`), ``model`` (the fitted :class:`OrdinalLogitResult`, or None when no flag
    varies), ``n_dropped`` (rows left out for a missing outcome, flag, control or weight).
    """

    outcome: str
    flags: tuple[str, ...]
    alpha: float
    confidence: float
    table: pd.DataFrame
    model: OrdinalLogitResult | None
    n_dropped: int = 0

    def summary(self) -> pd.DataFrame:
        """One row per flag. Columns: ``flag``, ``n`` (respondents in the model),
        ``n_with_error``, ``error_share``, ``coef`` (log odds ratio of a higher rating when
        the error occurred), ``se``, ``odds_ratio``, ``ci_low``, ``ci_high`` (interval of the
        odds ratio), ``p_val``, ``harmful`` (odds ratio < 1), ``proven_customer_critical``
        (p_val < alpha and harmful), ``verdict`` ("proven"; "higher": significant but the
        respondents with the error rated higher; "not_proven"; "not_assessed": the flag does
        not vary), ``note``."""
        return self.table.copy()

    @property
    def proven(self) -> list[str]:
        """Flags proven customer-critical."""
        return list(self.table.loc[self.table["proven_customer_critical"], "flag"])

    def plot(self, ax=None):
        """Odds ratios of each flag with intervals (log scale); returns the Axes."""
        import matplotlib.pyplot as plt

        t = self.table.dropna(subset=["odds_ratio"]).iloc[::-1]
        if ax is None:
            _, ax = plt.subplots(figsize=(6, 0.5 * max(len(t), 1) + 1))
        y = np.arange(len(t))
        colors = ["#C44E52" if p else "#4C72B0" for p in t["proven_customer_critical"]]
        ax.errorbar(
            t["odds_ratio"],
            y,
            xerr=[t["odds_ratio"] - t["ci_low"], t["ci_high"] - t["odds_ratio"]],
            fmt="none",
            ecolor="grey",
            capsize=3,
        )
        ax.scatter(t["odds_ratio"], y, c=colors, zorder=3)
        ax.axvline(1.0, color="grey", ls="--", lw=1)
        ax.set_xscale("log")
        ax.set_yticks(y)
        ax.set_yticklabels(t["flag"])
        ax.set_xlabel(f"odds ratio of a higher '{self.outcome}' when the error occurred")
        return ax


def critical_error_effects(
    data: pd.DataFrame,
    flags: str | Iterable[str] = DEFAULT_FLAGS,
    *,
    outcome: str = "overall",
    controls: str | Iterable[str] = (),
    alpha: float = 0.05,
    confidence: float = 0.95,
    weights: str | None = None,
) -> CriticalErrorResult:
    """Odds ratio, interval and p-value of each critical-error flag on satisfaction.

    All flags that vary among the usable rows enter one :func:`ordinal_logit` model with the
    ``controls``; a flag that never (or always) occurs gets a row with a note and is not
    proven. ``proven_customer_critical`` is True only when p < ``alpha`` and the odds ratio is
    below 1. Returns a :class:`CriticalErrorResult` (columns listed in its ``summary()``).

    Raises AnalysisError when there is no flag (the survey has none joined), ValueError
    when a flag is not in the data or not 0/1.
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha}")
    flags, controls = as_names(flags), as_names(controls)
    if not flags:
        raise AnalysisError(
            "the survey has no critical-error flags, so no error can be proven "
            "customer-critical. Fix: join the QA results (customer_ce, business_ce, "
            "compliance_ce) to the survey by contact"
        )
    _check_flags(data, flags)
    cols = list(dict.fromkeys([outcome, *flags, *controls] + ([weights] if weights else [])))
    absent = [c for c in cols if c not in data.columns]
    if absent:
        raise ValueError(f"columns {absent} are not in the data")
    complete = data[cols].dropna()
    w = complete[weights].to_numpy(float) if weights else np.ones(len(complete))
    varying, notes = [], {}
    for f in flags:
        share = float(w @ complete[f].to_numpy(float)) / max(float(w.sum()), 1e-300)
        if share in (0.0, 1.0):
            notes[f] = (
                "no respondent in the model had this error"
                if share == 0.0
                else "every respondent in the model had this error"
            ) + "; its effect cannot be assessed"
        else:
            varying.append(f)
    model = (
        ordinal_logit(complete, outcome, varying + controls, weights=weights) if varying else None
    )
    summ = model.summary(confidence) if model is not None else None
    rows = [
        _flag_row(f, complete[f].to_numpy(float), w, summ, notes.get(f, ""), alpha) for f in flags
    ]
    return CriticalErrorResult(
        outcome=outcome,
        flags=tuple(flags),
        alpha=alpha,
        confidence=confidence,
        table=pd.DataFrame(rows),
        model=model,
        n_dropped=len(data) - len(complete),
    )


def _check_flags(data: pd.DataFrame, flags: list[str]) -> None:
    """ValueError unless every flag is a 0/1 column of ``data``."""
    missing = [f for f in flags if f not in data.columns]
    if missing:
        raise ValueError(
            f"critical-error flags {missing} are not in the survey data; join them from the QA "
            "file by contact id first"
        )
    for f in flags:
        s = data[f]
        if not (is_numeric_dtype(s.dtype) or is_bool_dtype(s.dtype)):
            raise ValueError(f"flag '{f}' must be 0/1 (got dtype {s.dtype})")
        vals = set(pd.unique(s.dropna().astype(float)))
        if not vals <= {0.0, 1.0}:
            raise ValueError(f"flag '{f}' must hold only 0 and 1 (found {sorted(vals)[:5]})")


def _flag_row(
    f: str, fw: np.ndarray, w: np.ndarray, summ: pd.DataFrame | None, note: str, alpha: float
) -> dict:
    """The row of one flag: its counts, and its effect when it is in the model."""
    n_err = float(w @ fw)
    row = {
        "flag": f,
        "n": float(w.sum()),
        "n_with_error": n_err,
        "error_share": n_err / float(w.sum()) if len(w) else np.nan,
        "coef": np.nan,
        "se": np.nan,
        "odds_ratio": np.nan,
        "ci_low": np.nan,
        "ci_high": np.nan,
        "p_val": np.nan,
        "harmful": False,
        "proven_customer_critical": False,
        "verdict": "not_assessed",
        "note": note,
    }
    if summ is None or f not in summ.index:
        return row
    r = summ.loc[f]
    harmful = bool(r["coef"] < 0)
    proven = bool(harmful and r["p_val"] < alpha)
    row |= {
        "coef": r["coef"],
        "se": r["se"],
        "odds_ratio": r["odds_ratio"],
        "ci_low": float(np.exp(r["ci_low"])),
        "ci_high": float(np.exp(r["ci_high"])),
        "p_val": r["p_val"],
        "harmful": harmful,
        "proven_customer_critical": proven,
    }
    if proven:
        row["verdict"] = "proven"
        row["note"] = f"lowers satisfaction significantly (p < {alpha:g})"
    elif r["p_val"] < alpha:
        row["verdict"] = "higher"
        row["note"] = "significant, but respondents with the error rated higher"
    else:
        row["verdict"] = "not_proven"
        row["note"] = f"no significant effect at alpha = {alpha:g}"
    return row

"""Which evaluator scores stricter or more leniently than the others?

For each critical-error flag, and for the three flags pooled (POOLED: a calibration sample
of 40 to 60 transactions holds few errors of each type, so a lenient evaluator shows most
clearly over all of them), and each evaluator, on the calibration transactions the
evaluator scored with at least one other evaluator:

- the consensus of a transaction is the majority of the *other* evaluators' flags (1 when
  more than half of them flagged the error, 0 when fewer than half did); a tie among
  them gives no consensus and the transaction is not counted for that evaluator;
- the evaluator's rate (share flagged) is compared with the consensus rate on the same
  transactions; the discordant transactions are the errors the evaluator missed
  (consensus 1, evaluator 0) and the extra errors it flagged (consensus 0, evaluator 1);
- an exact McNemar test: under no deviation the discordant transactions split evenly,
  so n_extra ~ Binomial(n_missed + n_extra, 1/2) (two-sided, scipy ``binomtest``);
  the p-values of the evaluators of one rating are adjusted for multiplicity by Holm's
  method (statsmodels ``multipletests``);
- the label: "more_lenient" when the adjusted p-value is below ``alpha`` and the
  evaluator missed more than it added, "stricter" when it added more than it missed,
  "in_line" otherwise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from copcwb.quality._calibration import FLAG_RATINGS, scored_twice, wide

DEVIATION_COLUMNS = ["evaluator", "rating", "n", "n_flagged", "rate", "consensus_rate"]
DEVIATION_COLUMNS += ["difference", "n_consensus_errors", "n_missed", "n_extra", "missed_share"]
DEVIATION_COLUMNS += ["p_val", "p_adj", "label"]
LABELS = ("stricter", "more_lenient", "in_line")
#: the rating of the three flags pooled: each transaction's flags are three judgements
POOLED = "all_ce"


def _consensus(flags: pd.DataFrame, evaluator: str) -> tuple[np.ndarray, np.ndarray]:
    """The evaluator's flags and the other evaluators' majority on the transactions it
    scored with a consensus (a tie among the others has none)."""
    own = flags[evaluator]
    others = flags.drop(columns=evaluator)
    n_others = others.notna().sum(axis=1).to_numpy()
    flagged = others.sum(axis=1).to_numpy()
    consensus = np.where(2 * flagged > n_others, 1.0, np.where(2 * flagged < n_others, 0.0, np.nan))
    use = own.notna().to_numpy() & (n_others > 0) & np.isfinite(consensus)
    return own.to_numpy(dtype=float)[use], consensus[use]


def _row(evaluator: str, rating: str, own: np.ndarray, consensus: np.ndarray) -> dict:
    n = len(own)
    missed = int(((consensus == 1) & (own == 0)).sum())
    extra = int(((consensus == 0) & (own == 1)).sum())
    errors = int((consensus == 1).sum())
    rate = own.mean() if n else np.nan
    consensus_rate = consensus.mean() if n else np.nan
    p_val = stats.binomtest(extra, missed + extra, 0.5).pvalue if missed + extra else 1.0
    return {
        "evaluator": evaluator,
        "rating": rating,
        "n": n,
        "n_flagged": int(own.sum()),
        "rate": rate,
        "consensus_rate": consensus_rate,
        "difference": rate - consensus_rate,
        "n_consensus_errors": errors,
        "n_missed": missed,
        "n_extra": extra,
        "missed_share": missed / errors if errors else np.nan,
        "p_val": float(p_val),
    }


def _label(row: pd.Series, alpha: float) -> str:
    if not row["p_adj"] < alpha or row["n_missed"] == row["n_extra"]:
        return "in_line"
    return "more_lenient" if row["n_missed"] > row["n_extra"] else "stricter"


def evaluator_deviation(calibration: pd.DataFrame, *, alpha: float = 0.05) -> pd.DataFrame:
    """Each evaluator's deviation from the consensus of the others, per critical-error flag
    and over the three flags pooled (see the module's docstring). Transactions scored once
    are left out.

    Columns: evaluator, rating (customer_ce, business_ce, compliance_ce, or POOLED: every
    transaction's three flags counted as three judgements), n (judgements with a
    consensus), n_flagged, rate, consensus_rate, difference (rate - consensus_rate),
    n_consensus_errors, n_missed, n_extra, missed_share (n_missed / n_consensus_errors),
    p_val (exact McNemar), p_adj (Holm, within the rating), label (LABELS).
    """
    from statsmodels.stats.multitest import multipletests

    data, _ = scored_twice(calibration)
    pairs: dict[str, dict[str, tuple[np.ndarray, np.ndarray]]] = {}
    for rating in FLAG_RATINGS:
        flags = wide(data, rating).astype(float)
        pairs[rating] = {e: _consensus(flags, e) for e in flags.columns}
    evaluators = list(pairs[FLAG_RATINGS[0]])
    pairs[POOLED] = {
        e: tuple(np.concatenate([pairs[r][e][i] for r in FLAG_RATINGS]) for i in (0, 1))
        for e in evaluators
    }
    parts = []
    for rating, by_evaluator in pairs.items():
        rows = [_row(e, rating, own, consensus) for e, (own, consensus) in by_evaluator.items()]
        part = pd.DataFrame(rows, columns=DEVIATION_COLUMNS[:-2])
        part["p_adj"] = multipletests(part["p_val"], method="holm")[1] if len(part) else []
        part["label"] = [_label(r, alpha) for _, r in part.iterrows()]
        parts.append(part)
    return pd.concat(parts, ignore_index=True).reindex(columns=DEVIATION_COLUMNS)

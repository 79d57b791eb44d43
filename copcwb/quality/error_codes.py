"""Error codes by signature: spread across many agents (the process's) or concentrated in
a few (individual).

Each code of an error type is counted per agent on the monitored transactions (a record
may carry several codes joined by ";"). A code is "concentrated" when the agents differ
in how often they make it more than chance allows (Pearson's chi-square of the agent x
(code, no code) table, p < alpha), "spread" when they do not, and "too_few" with fewer
than ``min_count`` occurrences.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from copcwb.terms import ERROR_FLAG_COLUMNS

CODE_COLUMNS = ["error_code", "n_occurrences", "n_agents_with_code", "n_agents"]
CODE_COLUMNS += ["top3_share", "chi2", "p_val", "signature"]
SIGNATURES = ("spread", "concentrated", "too_few")


def _codes_of(data: pd.DataFrame, error_type: str) -> pd.DataFrame:
    """agent_id and one error_code per row, for the codes of ``error_type``.

    A record may carry several codes of several types; each code is taken to be of the
    type whose flag is set most often on the records carrying it (ties in ERROR_TYPES
    order)."""
    flags = list(ERROR_FLAG_COLUMNS.values())
    if "error_code" not in data.columns:
        return pd.DataFrame(columns=["agent_id", "error_code"])
    rows = data[["agent_id", "error_code", *flags]].dropna(subset=["error_code"])
    codes = rows.assign(error_code=rows["error_code"].astype(str).str.split(";")).explode(
        "error_code"
    )
    codes["error_code"] = codes["error_code"].str.strip()
    codes = codes[codes["error_code"] != ""]
    typed = codes.groupby("error_code")[flags].mean().idxmax(axis=1)
    mine = typed.index[typed == ERROR_FLAG_COLUMNS[error_type]]
    return codes.loc[codes["error_code"].isin(mine), ["agent_id", "error_code"]]


def _signature(counts: np.ndarray, n: np.ndarray, alpha: float, min_count: int) -> dict:
    total = counts.sum()
    top3 = np.sort(counts)[::-1][:3].sum() / total if total else np.nan
    row = {"n_occurrences": int(total), "n_agents_with_code": int((counts > 0).sum())}
    row |= {"n_agents": len(n), "top3_share": top3}
    if total < min_count or len(n) < 2:
        return row | {"chi2": np.nan, "p_val": np.nan, "signature": "too_few"}
    table = np.column_stack([counts, n - np.minimum(counts, n)])
    chi2, p_val, _, _ = stats.chi2_contingency(table, correction=False)
    signature = "concentrated" if p_val < alpha else "spread"
    return row | {"chi2": float(chi2), "p_val": float(p_val), "signature": signature}


def code_signatures(
    data: pd.DataFrame,
    error_type: str,
    keys: list[str],
    *,
    alpha: float = 0.05,
    min_count: int = 5,
) -> pd.DataFrame:
    """by..., error_code, n_occurrences, n_agents_with_code, n_agents (agents monitored),
    top3_share (share of the occurrences made by the three agents with most), chi2, p_val,
    signature (SIGNATURES), for every code of ``error_type`` in ``data`` (the monitored
    transactions, one monitoring selection). Empty without an error_code column."""
    rows = []
    groups = data.groupby(keys, sort=True, observed=True) if keys else [((), data)]
    for key, part in groups:
        key = key if isinstance(key, tuple) else (key,)
        n = part.groupby("agent_id", sort=True, observed=True).size()
        codes = _codes_of(part, error_type)
        for code, hits in codes.groupby("error_code", sort=True):
            counts = hits.groupby("agent_id", observed=True).size().reindex(n.index, fill_value=0)
            sig = _signature(counts.to_numpy(float), n.to_numpy(float), alpha, min_count)
            rows.append(dict(zip(keys, key, strict=True)) | {"error_code": code} | sig)
    return pd.DataFrame(rows, columns=[*keys, *CODE_COLUMNS])

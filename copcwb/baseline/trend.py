"""Trend of a monthly series: the Mann-Kendall test on the latest run of consecutive months.

Test used (``method="auto"``, the default):

* S = sum over i < j of sign(x_j - x_i) (time order i < j); S > 0 means rising.
* n < 10: the **exact** permutation null distribution of S (all n! orderings of the
  observed values equally likely), so small runs are not judged by a normal
  approximation. Without ties this is the Mahonian (inversion-count) distribution;
  with ties it is enumerated over permutations and depends only on the tie pattern.
  Two-sided p = P(|S| >= |S_obs|). For a strictly monotone run of 6 months
  p = 2/720 = 0.0028.
* n >= 10: the normal approximation with tie-corrected variance
  var(S) = [n(n-1)(2n+5) - sum_t t(t-1)(2t+5)] / 18 and continuity correction
  z = (S - sign(S)) / sqrt(var(S)), p = 2 (1 - Phi(|z|)).
  (For a strictly monotone run of 6 this would give z = 14/sqrt(28.33) = 2.63, p = 0.0085.)

``method="exact"`` / ``"normal"`` force one or the other. The Theil-Sen slope (median
of pairwise slopes, units per month) is reported as the size of the trend.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

TREND_LABELS = ("improving", "stable", "deteriorating", "insufficient")
EXACT_BELOW = 10
_MAX_EXACT_TIES_N = 9


@dataclass(frozen=True)
class MannKendall:
    """Result of the Mann-Kendall test: S, its null variance, z (NaN for exact), p, n."""

    s: int
    var_s: float
    z: float
    p_val: float
    n: int
    method: str
    slope: float


def _s_statistic(x: np.ndarray) -> int:
    diff = np.sign(x[None, :] - x[:, None])
    return int(np.triu(diff, k=1).sum())


def _tie_sizes(x: np.ndarray) -> tuple[int, ...]:
    _, counts = np.unique(x, return_counts=True)
    return tuple(sorted(int(c) for c in counts if c > 1))


def _var_s(n: int, ties: tuple[int, ...]) -> float:
    total = n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5) for t in ties)
    return total / 18.0


@lru_cache(maxsize=64)
def _exact_distribution(n: int, ties: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Null distribution of S: (support values, probabilities)."""
    if not ties:
        # Mahonian numbers: counts of permutations of n by number of inversions k;
        # S = C(n, 2) - 2k.
        counts = np.array([1], dtype=float)
        for m in range(2, n + 1):
            new = np.zeros(len(counts) + m - 1)
            for shift in range(m):
                new[shift : shift + len(counts)] += counts
            counts = new
        k = np.arange(len(counts))
        s_values = n * (n - 1) // 2 - 2 * k
        return s_values, counts / counts.sum()
    if n > _MAX_EXACT_TIES_N:
        raise ValueError(
            f"the exact Mann-Kendall test with tied values needs n <= {_MAX_EXACT_TIES_N} "
            f"(got n = {n}); use method='normal'"
        )
    # A representative series with the same tie pattern: group g of size t gets value g.
    sizes = list(ties) + [1] * (n - sum(ties))
    values = np.repeat(np.arange(len(sizes)), sizes)
    perms = np.array(list(itertools.permutations(range(n))), dtype=np.int16)
    arranged = values[perms]
    i, j = np.triu_indices(n, k=1)
    s_all = np.sign(arranged[:, j] - arranged[:, i]).sum(axis=1)
    s_values, counts = np.unique(s_all, return_counts=True)
    return s_values, counts / counts.sum()


def _theil_sen(x: np.ndarray) -> float:
    n = len(x)
    if n < 2:
        return math.nan
    i, j = np.triu_indices(n, k=1)
    return float(np.median((x[j] - x[i]) / (j - i)))


def mann_kendall(values: np.ndarray | list[float], *, method: str = "auto") -> MannKendall:
    """Two-sided Mann-Kendall test of a monotonic trend in ``values`` (in time order).

    ``method``: ``"auto"`` (exact for n < 10, normal approximation otherwise),
    ``"exact"`` or ``"normal"``. Needs at least 3 finite values (ValueError otherwise).
    """
    if method not in ("auto", "exact", "normal"):
        raise ValueError(f"method must be 'auto', 'exact' or 'normal', got {method!r}")
    x = np.asarray(values, dtype=float)
    if x.ndim != 1 or len(x) < 3 or not np.all(np.isfinite(x)):
        raise ValueError("the Mann-Kendall test needs at least 3 finite values in time order")
    n = len(x)
    s = _s_statistic(x)
    ties = _tie_sizes(x)
    var_s = _var_s(n, ties)
    slope = _theil_sen(x)
    use_exact = method == "exact" or (method == "auto" and n < EXACT_BELOW)
    if use_exact:
        support, prob = _exact_distribution(n, ties)
        p_val = float(prob[np.abs(support) >= abs(s) - 1e-9].sum())
        return MannKendall(s, var_s, math.nan, min(p_val, 1.0), n, "exact", slope)
    from scipy.stats import norm

    z = 0.0 if var_s <= 0 or s == 0 else (s - math.copysign(1, s)) / math.sqrt(var_s)
    p_val = float(2 * norm.sf(abs(z)))
    return MannKendall(s, var_s, z, min(p_val, 1.0), n, "normal", slope)


def month_number(month: pd.Series) -> pd.Series:
    """Months as consecutive integers (year * 12 + month) from a Period[M] series."""
    return month.dt.year * 12 + month.dt.month


def latest_run(months: np.ndarray) -> int:
    """Length of the run of consecutive months ending at the last one (``months`` sorted)."""
    if len(months) == 0:
        return 0
    breaks = np.flatnonzero(np.diff(months) != 1)
    return len(months) if len(breaks) == 0 else len(months) - 1 - int(breaks[-1])


def classify(direction: str, test: MannKendall | None, alpha: float) -> str:
    """Trend label from the test: improving / deteriorating when p < alpha, else stable."""
    if test is None:
        return "insufficient"
    if test.p_val >= alpha or test.s == 0:
        return "stable"
    better_up = direction == "higher"
    return "improving" if (test.s > 0) == better_up else "deteriorating"


def trend_table(
    history: pd.DataFrame, *, trend_months: int, alpha: float, method: str = "auto"
) -> pd.DataFrame:
    """Trend of each program x metric series of ``history``.

    ``history`` holds program, metric, month (Period[M]), value, direction. Uses the
    last ``trend_months`` months of the run of consecutive months that ends at the
    series' latest month; fewer months -> ``"insufficient"``.

    Columns: program, metric, trend, trend_p_val (NaN when insufficient), trend_s,
    trend_n (months used, or months available when insufficient), trend_start (first
    month used), trend_slope (Theil-Sen, units per month), trend_method.
    """
    rows = []
    ordered = history.assign(_m=month_number(history["month"])).sort_values(
        ["program", "metric", "_m"]
    )
    for (program, metric), group in ordered.groupby(["program", "metric"], sort=True):
        months = group["_m"].to_numpy()
        run = latest_run(months)
        direction = str(group["direction"].iloc[0])
        if run < trend_months:
            rows.append(
                (program, metric, "insufficient", math.nan, math.nan, run, pd.NaT, math.nan, None)
            )
            continue
        used = group.iloc[-trend_months:]
        test = mann_kendall(used["value"].to_numpy(), method=method)
        rows.append(
            (
                program,
                metric,
                classify(direction, test, alpha),
                test.p_val,
                test.s,
                test.n,
                used["month"].iloc[0],
                test.slope,
                test.method,
            )
        )
    columns = [
        "program",
        "metric",
        "trend",
        "trend_p_val",
        "trend_s",
        "trend_n",
        "trend_start",
        "trend_slope",
        "trend_method",
    ]
    out = pd.DataFrame(rows, columns=columns)
    out["trend_start"] = pd.PeriodIndex(out["trend_start"], freq="M")
    return out.astype(
        {
            "trend_p_val": "float64",
            "trend_s": "Int64",
            "trend_n": "int64",
            "trend_slope": "float64",
            "trend_method": "str",
        }
    )

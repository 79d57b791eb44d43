"""Process or people: do a program's critical errors come from one process rate that every
agent shares, or from a few agents?

For each program and error type, on the monitored transactions of each agent:

- the process rate p = errors / transactions of the program;
- each agent's rate against funnel limits around p (:mod:`copcwb.quality.funnel`);
- Pearson's chi-square test of homogeneity of the agent x (error, no error) table (df =
  agents - 1);
- the share of the variation between agents: the method-of-moments (DerSimonian-Laird)
  estimate of the variance of the agents' true rates, tau2 = max(0, (Q - (k - 1)) /
  (S1 - S2 / S1)) with weights w_i = n_i / (p (1 - p)), S1 = sum w_i, S2 = sum w_i^2 and Q
  = sum w_i (r_i - p)^2 (the chi-square statistic), as a share of the variance of one
  transaction's outcome: tau2 / (tau2 + p (1 - p)), an intra-class correlation on the
  probability scale.

Process monitoring describes the process; individual monitoring (a random sample per
agent) may be added and the result says which was used; targeted monitoring never is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from copcwb.quality import funnel
from copcwb.quality._common import as_keys, monitoring_selection, require_columns
from copcwb.quality.error_codes import code_signatures
from copcwb.terms import ERROR_FLAG_COLUMNS

AGENT_COLUMNS = ["agent", "n", "n_with_error", "rate", "lower_95", "upper_95"]
AGENT_COLUMNS += ["lower_998", "upper_998", "flag"]
SUMMARY_COLUMNS = ["error_type", "n_agents", "n_transactions", "rate", "chi2", "df", "p_val"]
SUMMARY_COLUMNS += ["between_agent_share", "n_above", "n_below", "above_error_share"]
SUMMARY_COLUMNS += ["verdict", "reason"]
#: the verdicts: one process rate; the process, with a few agents above it; a few agents;
#: agents that differ without any beyond the limits; not judged
VERDICTS = ("process", "process_with_outliers", "people", "varied", "not_judged")


@dataclass(frozen=True, eq=False)
class AgentVariationResult:
    """Result of :func:`agent_variation`.

    table: by..., error_type, n_agents, n_transactions, rate (the process rate), chi2, df,
        p_val, between_agent_share, n_above, n_below, above_error_share (share of the
        errors made by the agents above the limit), verdict (VERDICTS: "process" when the
        agents do not differ more than chance allows; "process_with_outliers" when they do
        and the agents above the limit make less than half the errors; "people" when those
        agents make half or more; "varied" when they differ but none is beyond the limits
        (a cause shared by a group: tenure, shift, team); "not_judged" with a reason:
        "one_agent" or "no_errors"), reason.
    agents: by..., agent, n, n_with_error, rate, lower_95, upper_95, lower_998, upper_998,
        flag ("above", "below" or None at 99.8%).
    codes: see :func:`copcwb.quality.error_codes.code_signatures`.
    error_type, monitoring (the monitoring types used), alpha.
    """

    table: pd.DataFrame
    agents: pd.DataFrame
    codes: pd.DataFrame
    error_type: str
    monitoring: tuple[str, ...]
    alpha: float
    keys: tuple[str, ...]

    def summary(self) -> pd.DataFrame:
        return self.table.copy()

    def coaching(self) -> pd.DataFrame:
        """The agents above the 99.8% limit, highest rate first: candidates for coaching."""
        above = self.agents[self.agents["flag"] == "above"]
        return above.sort_values("rate", ascending=False, kind="stable").reset_index(drop=True)

    def plot(self, ax=None, **where):
        """The funnel plot of one group (``program="..."``; the first when not given)."""
        from copcwb.quality.plots import plot_funnel

        return plot_funnel(self, ax=ax, **where)


def _homogeneity(errors: np.ndarray, n: np.ndarray) -> tuple[float, int, float]:
    """Pearson chi-square of the agent x (error, no error) table: (chi2, df, p)."""
    table = np.column_stack([errors, n - errors])
    chi2, p_val, df, _ = stats.chi2_contingency(table, correction=False)
    return float(chi2), int(df), float(p_val)


def between_share(errors: np.ndarray, n: np.ndarray) -> float:
    """tau2 / (tau2 + p (1 - p)) by the method of moments (see the module's docstring)."""
    p = errors.sum() / n.sum()
    if not 0 < p < 1:
        return np.nan
    w = n / (p * (1 - p))
    q = float(np.sum(w * (errors / n - p) ** 2))
    s1, s2 = w.sum(), np.sum(w**2)
    tau2 = max(0.0, (q - (len(n) - 1)) / (s1 - s2 / s1))
    return tau2 / (tau2 + p * (1 - p))


def _agent_rows(part: pd.DataFrame, flag: str) -> pd.DataFrame:
    """One row per agent: n, n_with_error, rate and the funnel limits and flag."""
    g = part.groupby("agent_id", sort=True, observed=True)[flag].agg(["size", "sum"])
    n, errors = g["size"].to_numpy(float), g["sum"].to_numpy(float)
    p = errors.sum() / n.sum()
    out = pd.DataFrame({"agent": g.index.astype(str), "n": n.astype(int)})
    out["n_with_error"] = errors.astype(int)
    out["rate"] = errors / n
    for level, name in zip(funnel.LEVELS, ("95", "998"), strict=True):
        out[f"lower_{name}"], out[f"upper_{name}"] = funnel.limits(n, p, level)
    out["flag"] = funnel.flags(errors, n, p)
    return out


def _verdict(agents: pd.DataFrame, p_val: float, alpha: float) -> tuple[str, float]:
    errors = agents["n_with_error"].sum()
    above = agents.loc[agents["flag"] == "above", "n_with_error"].sum()
    share = above / errors if errors else np.nan
    if not p_val < alpha:
        return "process", share
    if not above:
        return "varied", share
    return ("people" if share >= 0.5 else "process_with_outliers"), share


def _group_row(agents: pd.DataFrame, error_type: str, alpha: float) -> dict:
    n, errors = agents["n"].to_numpy(float), agents["n_with_error"].to_numpy(float)
    row = {"error_type": error_type, "n_agents": len(agents), "n_transactions": int(n.sum())}
    row |= {"rate": errors.sum() / n.sum() if n.sum() else np.nan}
    row |= {"n_above": int((agents["flag"] == "above").sum())}
    row |= {"n_below": int((agents["flag"] == "below").sum())}
    blank = {"chi2": np.nan, "df": 0, "p_val": np.nan, "between_agent_share": np.nan}
    if len(agents) < 2:
        return (
            row
            | blank
            | {"above_error_share": np.nan, "verdict": "not_judged", "reason": "one_agent"}
        )
    if errors.sum() == 0:
        return (
            row
            | blank
            | {"above_error_share": np.nan, "verdict": "not_judged", "reason": "no_errors"}
        )
    chi2, df, p_val = _homogeneity(errors, n)
    verdict, share = _verdict(agents, p_val, alpha)
    row |= {"chi2": chi2, "df": df, "p_val": p_val, "between_agent_share": between_share(errors, n)}
    return row | {"above_error_share": share, "verdict": verdict, "reason": ""}


def agent_variation(
    qa: pd.DataFrame,
    *,
    error_type: str = "customer",
    by: Iterable[str] | str = ("program",),
    monitoring: Iterable[str] | str = ("process",),
    alpha: float = 0.05,
) -> AgentVariationResult:
    """Whether ``error_type`` critical errors come from the process or from a few agents,
    per group of ``by`` (see :class:`AgentVariationResult` and the module's docstring).

    ``monitoring``: the monitoring types counted, "process" by default; "individual" may
    be added where each agent's individual sample is random; "targeted" is refused (it
    picks transactions by risk, so its rates say nothing about the process).
    """
    keys = as_keys(by)
    chosen = monitoring_selection(monitoring)
    if "targeted" in chosen:
        raise ValueError(
            "targeted monitoring picks risky transactions: it cannot separate "
            "process from people; use process (and individual) monitoring"
        )
    flag = ERROR_FLAG_COLUMNS[error_type]
    require_columns(qa, [*keys, "agent_id", "monitoring_type", flag], "qa", "read_qa")
    data = qa[qa["monitoring_type"].isin(chosen) & qa["agent_id"].notna()]
    rows, agent_parts = [], []
    for key, part in data.groupby(keys, sort=True, observed=True) if keys else [((), data)]:
        key = key if isinstance(key, tuple) else (key,)
        agents = _agent_rows(part, flag)
        rows.append(dict(zip(keys, key, strict=True)) | _group_row(agents, error_type, alpha))
        agent_parts.append(agents.assign(**dict(zip(keys, key, strict=True))))
    table = pd.DataFrame(rows, columns=[*keys, *SUMMARY_COLUMNS])
    agents = (
        pd.concat(agent_parts, ignore_index=True)[[*keys, *AGENT_COLUMNS]]
        if agent_parts
        else pd.DataFrame(columns=[*keys, *AGENT_COLUMNS])
    )
    codes = code_signatures(data, error_type, keys, alpha=alpha)
    return AgentVariationResult(table, agents, codes, error_type, tuple(chosen), alpha, tuple(keys))

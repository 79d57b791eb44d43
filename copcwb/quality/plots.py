"""Pictures of the quality analyses (matplotlib is imported only when drawing)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes

_VALUE_COLUMNS = {
    "error_type",
    "n",
    "n_with_error",
    "accuracy",
    "ci_low",
    "ci_high",
    "n_contacts",
    "n_resolved",
    "resolution_rate",
    "n_censored",
    "n_total",
}


def _group_labels(table: pd.DataFrame, skip: set[str]) -> list[str]:
    keys = [c for c in table.columns if c not in _VALUE_COLUMNS and c not in skip]
    if not keys:
        return ["all"] * len(table)
    return [" / ".join(str(v) for v in row) for row in table[keys].itertuples(index=False)]


def plot_accuracy(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    targets: Mapping[str, float] | None = None,
    confidence: float = 0.95,
) -> Axes:
    """Critical-error accuracy per type with Wilson interval bars.

    ``table``: the output of :func:`critical_error_accuracy`. One marker per group
    and error type, with its interval as a horizontal bar; ``targets``
    (``{error_type: target}``) draws each type's target as a dashed line;
    ``confidence`` is the level the table was computed at (for the title).
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(7, 1.2 + 0.35 * len(table)))
    types = list(dict.fromkeys(table["error_type"]))
    one_type = "monitoring_type" in table and table["monitoring_type"].nunique() <= 1
    skip = {"monitoring_type"} if one_type else set()
    groups = _group_labels(table, skip)
    labels = [f"{g}: {t}" for g, t in zip(groups, table["error_type"], strict=True)]
    y = np.arange(len(table))[::-1]
    colours = {t: f"C{i}" for i, t in enumerate(types)}
    acc = table["accuracy"].to_numpy(dtype=float)
    low = acc - table["ci_low"].to_numpy(dtype=float)
    high = table["ci_high"].to_numpy(dtype=float) - acc
    for t in types:
        sel = (table["error_type"] == t).to_numpy()
        ax.errorbar(
            acc[sel],
            y[sel],
            xerr=[low[sel], high[sel]],
            fmt="o",
            capsize=3,
            color=colours[t],
            label=f"{t}-critical",
        )
        if targets and t in targets:
            ax.axvline(targets[t], color=colours[t], linestyle="--", linewidth=1)
    ax.set_yticks(y, labels)
    ax.set_xlabel("Accuracy (share of monitored transactions without the error)")
    ax.set_title(f"Critical-error accuracy with {confidence:.0%} Wilson intervals")
    ax.legend(loc="lower left", fontsize=8)
    return ax


def plot_resolution(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Bars of the contact resolution rate per group (the output of
    :func:`contact_resolution`), each labelled with resolved / judged contacts."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(7, 1.2 + 0.35 * len(table)))
    labels = _group_labels(table, set())
    y = np.arange(len(table))[::-1]
    rate = table["resolution_rate"].to_numpy(dtype=float)
    ax.barh(y, np.nan_to_num(rate), color="C0")
    for yi, r, k, n in zip(y, rate, table["n_resolved"], table["n_contacts"], strict=True):
        text = f"{r:.0%} ({k}/{n})" if np.isfinite(r) else "no contact judged"
        ax.text(min(np.nan_to_num(r), 1.0) + 0.01, yi, text, va="center", fontsize=8)
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 1.15)
    ax.set_xlabel("Share of contacts resolved (no repeat contact within the window)")
    ax.set_title("Contact resolution")
    return ax


def plot_funnel(
    result, *, ax: Axes | None = None, labels: Mapping[str, str] | None = None, **where
):
    """Funnel plot of one group of an :class:`copcwb.quality.AgentVariationResult`: each
    agent's error rate against its transactions, the process rate, and the 95% and 99.8%
    limits; agents above the 99.8% limit in red. ``where``: the group's keys (the first
    group when none are given); ``labels``: title, xlabel, ylabel, the legend entries
    rate, limit_95, limit_998 (English by default)."""
    import matplotlib.pyplot as plt

    from copcwb.quality import funnel

    words = {
        "title": "Agents' error rates against the process rate",
        "xlabel": "Monitored transactions",
        "ylabel": "Error rate",
        "rate": "Process rate",
        "limit_95": "95% limits",
        "limit_998": "99.8% limits",
    } | dict(labels or {})
    table, agents = result.table, result.agents
    keys = list(result.keys)
    row = (
        table.iloc[0]
        if not where
        else table.loc[(table[list(where)] == pd.Series(where)).all(axis=1)].iloc[0]
    )
    mask = np.ones(len(agents), dtype=bool)
    for k in keys:
        mask &= (agents[k] == row[k]).to_numpy()
    part = agents[mask]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4.5))
    p = float(row["rate"])
    n_max = int(part["n"].max()) if len(part) else 2
    for level, style, key in ((0.95, "--", "limit_95"), (0.998, ":", "limit_998")):
        n, low, high = funnel.curve(n_max, p, level)
        ax.plot(n, high, style, color="#555555", linewidth=1, label=words[key])
        ax.plot(n, low, style, color="#555555", linewidth=1)
    ax.axhline(p, color="#1f4e79", linewidth=1.2, label=words["rate"])
    above = (part["flag"] == "above").to_numpy()
    ax.scatter(part["n"][~above], part["rate"][~above], s=18, color="#4c72b0", alpha=0.8)
    ax.scatter(part["n"][above], part["rate"][above], s=28, color="#c44e52")
    ax.set_title(words["title"])
    ax.set_xlabel(words["xlabel"])
    ax.set_ylabel(words["ylabel"])
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)
    return ax

"""Kano-style classes of drivers by penalty-reward analysis.

Each driver rating is split into three groups: low (rating <= ``low_max``), top (rating >=
``top_min``) and the middle in between (the reference). One ordinal model of the overall
rating holds a low dummy and a top dummy for every driver. The *penalty* of a driver is the
drop in the log odds of a higher overall rating when the driver is rated low instead of
middle (minus the low dummy's coefficient); the *reward* is the gain when it is rated top
instead of middle (the top dummy's coefficient).

Classification rule (a significant effect means p < alpha in the expected direction:
penalty > 0, reward > 0):

* **one-dimensional**: significant penalty and significant reward (hurts when bad, delights
  when good);
* **must-be**: significant penalty, no significant reward (expected; only noticed when bad);
* **attractive**: significant reward, no significant penalty (delights; not missed when bad);
* **indifferent**: neither.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from copcwb.drivers._design import as_names
from copcwb.drivers.ordinal import OrdinalLogitResult, ordinal_logit
from copcwb.errors import AnalysisError

KANO_CLASSES = ("one-dimensional", "must-be", "attractive", "indifferent")


def kano_class(penalty_significant: bool, reward_significant: bool) -> str:
    """The class of a driver from whether its penalty and reward are significant."""
    if penalty_significant and reward_significant:
        return "one-dimensional"
    if penalty_significant:
        return "must-be"
    if reward_significant:
        return "attractive"
    return "indifferent"


@dataclass(frozen=True, eq=False)
class KanoResult:
    """Penalty-reward analysis of drivers.

    Attributes: ``outcome``, ``alpha``, ``confidence``, ``table`` (see :meth:`summary`),
    ``model`` (the fitted :class:`OrdinalLogitResult` with the dummies ``<driver>__low`` and
    ``<driver>__top``), ``cut_points`` (driver -> (low_max, top_min)).
    """

    outcome: str
    alpha: float
    confidence: float
    table: pd.DataFrame
    model: OrdinalLogitResult
    cut_points: dict[str, tuple[float, float]]

    def summary(self) -> pd.DataFrame:
        """One row per driver. Columns: ``driver``, ``n_low``, ``n_middle``, ``n_top``,
        ``penalty``, ``penalty_ci_low``, ``penalty_ci_high``, ``penalty_p_val``, ``reward``,
        ``reward_ci_low``, ``reward_ci_high``, ``reward_p_val`` (log odds ratios of a higher
        overall rating), ``kano_class``, ``penalty_unexpected``,
        ``reward_unexpected`` (significant in the unexpected direction: p < alpha and
        negative), ``note``."""
        return self.table.copy()

    def plot(self, ax=None):
        """Penalty against reward, one labelled point per driver; returns the Axes."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6, 5))
        t = self.table
        ax.scatter(t["penalty"], t["reward"], color="#4C72B0")
        for r in t.itertuples():
            if np.isfinite(r.penalty) and np.isfinite(r.reward):
                ax.annotate(
                    f"{r.driver}\n({r.kano_class})",
                    (r.penalty, r.reward),
                    fontsize=7,
                    xytext=(3, 3),
                    textcoords="offset points",
                )
        lim = np.nanmax(np.abs(t[["penalty", "reward"]].to_numpy()), initial=1.0) * 1.1
        ax.plot([0, lim], [0, lim], color="grey", lw=1, ls=":")
        ax.axhline(0, color="grey", lw=1)
        ax.axvline(0, color="grey", lw=1)
        ax.set_xlabel("penalty of a low rating (log odds)")
        ax.set_ylabel("reward of a top rating (log odds)")
        return ax


def kano_cuts(scale: tuple[int, int]) -> tuple[float, float]:
    """Low and top ratings of the penalty-reward analysis on a rating scale (low, high):
    low = at most the bottom quarter of the scale (1-2 on 1..5, 0-2 on 0..10, 1-3 on
    1..10), top = the top of the scale."""
    low, high = scale
    return float(low + math.floor((high - low) / 4)), float(high)


def kano_classes(
    data: pd.DataFrame,
    drivers: str | Iterable[str],
    *,
    outcome: str = "overall",
    scale: tuple[int, int] | None = None,
    low_max: float | Mapping[str, float] | None = None,
    top_min: float | Mapping[str, float] | None = None,
    controls: str | Iterable[str] = (),
    alpha: float = 0.05,
    confidence: float = 0.95,
    weights: str | None = None,
) -> KanoResult:
    """Penalty-reward analysis and Kano-style class of each driver.

    ``low_max``: ratings at or below it are "low"; ``top_min``: ratings at or above it are
    "top". Both may be a mapping driver -> value. Without them, a rating ``scale`` gives
    the cuts of :func:`kano_cuts`; with neither, low is a rating of at most 2 and top the
    highest observed rating of each driver. The rule is in the module docstring. A driver
    without low (or top) respondents gets no penalty (reward) and a note. Rows with a
    missing value in any driver are dropped first. Returns a :class:`KanoResult`.

    Raises AnalysisError when there is no driver, or a driver has no middle rating.
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha}")
    drivers, controls = as_names(drivers), as_names(controls)
    if not drivers:
        raise AnalysisError("there are no driver ratings to classify")
    if scale is not None:
        cuts_of_scale = kano_cuts(scale)
        low_max = cuts_of_scale[0] if low_max is None else low_max
        top_min = cuts_of_scale[1] if top_min is None else top_min
    cols = list(dict.fromkeys([outcome, *drivers, *controls] + ([weights] if weights else [])))
    absent = [c for c in cols if c not in data.columns]
    if absent:
        raise ValueError(f"columns {absent} are not in the data")
    df = data[cols].dropna()
    w = df[weights].to_numpy(float) if weights else np.ones(len(df))
    work = df.copy()
    dummies: list[str] = []
    info: dict[str, dict] = {}
    for d in drivers:
        lo_cut = low_max.get(d, 2) if isinstance(low_max, Mapping) else low_max
        top_cut = top_min.get(d) if isinstance(top_min, Mapping) else top_min
        groups, info[d] = _groups(df[d], d, w, 2 if lo_cut is None else lo_cut, top_cut)
        for kind, mask in groups.items():
            work[f"{d}__{kind}"] = mask.astype(float)
            dummies.append(f"{d}__{kind}")
    model = ordinal_logit(work, outcome, dummies + controls, weights=weights)
    summ = model.summary(confidence)
    rows = [_driver_row(d, info[d], summ, alpha) for d in drivers]
    return KanoResult(
        outcome=outcome,
        alpha=alpha,
        confidence=confidence,
        table=pd.DataFrame(rows),
        model=model,
        cut_points={d: info[d]["cuts"] for d in drivers},
    )


def _groups(
    s: pd.Series, d: str, w: np.ndarray, lo_cut: float, top_cut: float | None
) -> tuple[dict[str, np.ndarray], dict]:
    """The low and top masks of a driver (only groups with respondents) and its facts:
    n_low, n_middle, n_top, note, cuts."""
    if not is_numeric_dtype(s.dtype) or is_bool_dtype(s.dtype):
        raise ValueError(f"driver '{d}' must be a numeric rating")
    x = s.to_numpy(float)
    top_cut = float(x.max()) if top_cut is None else float(top_cut)
    if top_cut <= lo_cut:
        raise ValueError(f"for '{d}', top_min ({top_cut:g}) must exceed low_max ({lo_cut:g})")
    low, top = x <= lo_cut, x >= top_cut
    mid = ~(low | top)
    counts = {
        "n_low": float(w[low].sum()),
        "n_middle": float(w[mid].sum()),
        "n_top": float(w[top].sum()),
    }
    if counts["n_middle"] == 0:
        raise AnalysisError(
            f"no respondent rated '{d}' in the middle ({lo_cut:g} < rating < {top_cut:g}), "
            "the reference group of the penalty-reward analysis. Fix: widen the middle "
            "(lower low_max or raise top_min)"
        )
    groups, notes = {}, []
    for kind, mask in (("low", low), ("top", top)):
        if counts[f"n_{kind}"] > 0:
            groups[kind] = mask
        else:
            notes.append(f"no {kind} ratings, so no {'penalty' if kind == 'low' else 'reward'}")
    return groups, counts | {"note": "; ".join(notes), "cuts": (float(lo_cut), top_cut)}


def _driver_row(d: str, info: dict, summ: pd.DataFrame, alpha: float) -> dict:
    """The penalty, reward, class and notes of one driver from the model's summary."""
    row = {"driver": d, **{k: info[k] for k in ("n_low", "n_middle", "n_top")}}
    sig = {}
    for kind, sign, label in (("low", -1.0, "penalty"), ("top", 1.0, "reward")):
        name = f"{d}__{kind}"
        est = lo_ci = hi_ci = p_val = np.nan
        if name in summ.index:
            r = summ.loc[name]
            est = sign * r["coef"]
            lo_ci, hi_ci = sorted((sign * r["ci_low"], sign * r["ci_high"]))
            p_val = r["p_val"]
        row |= {
            label: est,
            f"{label}_ci_low": lo_ci,
            f"{label}_ci_high": hi_ci,
            f"{label}_p_val": p_val,
        }
        sig[label] = bool(est > 0 and p_val < alpha)
    row["kano_class"] = kano_class(sig["penalty"], sig["reward"])
    notes = [info["note"]] if info["note"] else []
    for label in ("penalty", "reward"):
        row[f"{label}_unexpected"] = bool(row[f"{label}_p_val"] < alpha and row[label] < 0)
        if row[f"{label}_unexpected"]:
            notes.append(f"{label} significant in the unexpected direction")
    row["note"] = "; ".join(notes)
    return row

"""Sample adequacy: were enough transactions monitored for the margin of error wanted?"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.quality._common import as_keys, require_columns, with_month
from copcwb.quality.critical_errors import select_monitoring
from copcwb.quality.intervals import achieved_margin, sample_size, z_value

ADEQUACY_COLUMNS = [
    "n_sampled",
    "volume",
    "n_needed",
    "n_short",
    "adequate",
    "achieved_margin",
]


def _needed(volume: np.ndarray, margin: float, confidence: float, p: float) -> np.ndarray:
    z = z_value(confidence)
    n0 = z * z * p * (1 - p) / (margin * margin)
    with np.errstate(divide="ignore", invalid="ignore"):
        n = np.where(np.isfinite(volume) & (volume > 0), n0 / (1 + (n0 - 1) / volume), n0)
    needed = np.ceil(np.round(n, 9))
    return np.where(np.isfinite(volume) & (volume > 0), np.minimum(needed, volume), needed)


def sample_adequacy(
    qa: pd.DataFrame,
    *,
    margin: float = 0.05,
    confidence: float = 0.95,
    p: float = 0.5,
    volumes: pd.DataFrame | None = None,
    by: Iterable[str] | str = ("program",),
    by_month: bool = True,
    monitoring_types: Iterable[str] | str = ("process",),
) -> pd.DataFrame:
    """Monitored sample per group against the sample needed for ``margin`` at ``confidence``.

    n_needed = sample_size(margin, confidence, p, population=volume): finite-population
    corrected when the group's transaction ``volume`` is known, else the
    infinite-population n0 = z^2 p(1-p)/margin^2. p = 0.5 is the conservative planning
    value. ``volumes``: optional table with the ``by`` columns (plus ``month`` as
    YYYY-MM or Period[M] when by_month) and ``volume`` (transactions handled); groups
    listed there but never sampled appear with n_sampled 0.

    Columns: by..., [month], monitoring_type, n_sampled (transactions monitored),
    volume (NaN when not given), n_needed, n_short (= max(0, n_needed - n_sampled):
    how many more to monitor), adequate (n_sampled >= n_needed), achieved_margin
    (margin of error reached with the sample taken, at p and with the same
    finite-population correction).
    """
    sample_size(margin, confidence, p)  # checks margin, confidence and p
    keys = as_keys(by)
    data, keys, chosen = select_monitoring(qa, monitoring_types, keys)
    keys = with_month(data, keys, "date", by_month)
    out = data.groupby(keys, sort=True, dropna=False).size().rename("n_sampled").reset_index()
    if volumes is not None:
        vol_keys = [k for k in keys if k != "monitoring_type"]
        require_columns(volumes, [*vol_keys, "volume"], "volumes", "read_kpis")
        vol = volumes[[*vol_keys, "volume"]].copy()
        if "month" in vol_keys and not isinstance(vol["month"].dtype, pd.PeriodDtype):
            vol["month"] = pd.PeriodIndex(vol["month"].astype("str"), freq="M")
        if vol.duplicated(vol_keys).any():
            raise ValueError(f"volumes repeat a {vol_keys} combination; give one volume each")
        vol = vol.merge(pd.DataFrame({"monitoring_type": chosen}), how="cross")
        out = out.merge(vol, on=keys, how="outer")
        out["n_sampled"] = out["n_sampled"].fillna(0)
    else:
        out["volume"] = np.nan
    out = out.astype({"n_sampled": "int64", "volume": "float64"})
    volume = out["volume"].to_numpy()
    out["n_needed"] = _needed(volume, margin, confidence, p).astype("int64")
    out["n_short"] = np.maximum(out["n_needed"] - out["n_sampled"], 0).astype("int64")
    out["adequate"] = (out["n_sampled"] >= out["n_needed"]).astype(bool)
    out["achieved_margin"] = achieved_margin(out["n_sampled"].to_numpy(), confidence, p, volume)
    out = out.sort_values(keys, kind="stable").reset_index(drop=True)
    return out[[*keys, *ADEQUACY_COLUMNS]]


MONTHS_COLUMNS = [
    "program",
    "n_months",
    "n_months_adequate",
    "median_sampled",
    "n_needed_month",
    "median_short",
    "median_margin",
]


def months_adequate(monthly: pd.DataFrame) -> pd.DataFrame:
    """The monthly samples of each program in one row: months, months with enough,
    the median month's sample, what a month needs, how many more a median month needs
    and the median margin reached in a month.

    monthly: a per-month table of :func:`sample_adequacy`. Columns: program, n_months,
    n_months_adequate, median_sampled, n_needed_month (the largest month's need),
    median_short, median_margin.
    """
    grouped = monthly.groupby("program", sort=True)
    out = grouped.agg(
        n_months=("n_sampled", "size"),
        n_months_adequate=("adequate", "sum"),
        median_sampled=("n_sampled", "median"),
        n_needed_month=("n_needed", "max"),
        median_short=("n_short", "median"),
        median_margin=("achieved_margin", "median"),
    ).reset_index()
    types = {"n_months": "int64", "n_months_adequate": "int64", "n_needed_month": "int64"}
    types |= {"median_sampled": "float64", "median_short": "float64"}
    return out.astype(types | {"median_margin": "float64"})[MONTHS_COLUMNS]


@dataclass(frozen=True, eq=False)
class SampleAdequacy:
    """Result of :func:`qa_sample_adequacy`: the process sample of each program.

    overall: over the whole period (columns of :func:`sample_adequacy` without month).
    monthly: per month (the same with month). months: one row per program from
    :func:`months_adequate`. All three are empty when the QA export holds no process
    monitoring. margin, confidence: the margin of error wanted and its confidence.
    """

    overall: pd.DataFrame
    monthly: pd.DataFrame
    months: pd.DataFrame
    margin: float
    confidence: float

    @property
    def has_process(self) -> bool:
        """Whether the QA export holds process monitoring."""
        return not self.overall.empty

    @property
    def every_month_adequate(self) -> bool:
        """Whether every program had enough process monitoring in every month."""
        return bool((self.months["n_months_adequate"] == self.months["n_months"]).all())

    def summary(self) -> pd.DataFrame:
        """The sample over the whole period (a copy)."""
        return self.overall.copy()


def qa_sample_adequacy(
    qa: pd.DataFrame | None, *, margin: float = 0.05, confidence: float = 0.95
) -> SampleAdequacy | None:
    """Process sample per program against the sample needed for ``margin`` at
    ``confidence``, over the whole period and per month (p = 0.5, no transaction
    volumes: see :func:`sample_adequacy`). None when there is no QA export."""
    if qa is None:
        return None
    sample_size(margin, confidence)  # checks margin and confidence
    require_columns(qa, ["program", "monitoring_type", "date"], "qa", "read_qa")
    if not qa["monitoring_type"].eq("process").any():
        empty = pd.DataFrame(columns=["program", "monitoring_type", *ADEQUACY_COLUMNS])
        months = pd.DataFrame(columns=MONTHS_COLUMNS)
        return SampleAdequacy(empty, empty.assign(month=[]), months, margin, confidence)
    kw = {"margin": margin, "confidence": confidence}
    monthly = sample_adequacy(qa, by_month=True, **kw)
    return SampleAdequacy(
        overall=sample_adequacy(qa, by_month=False, **kw),
        monthly=monthly,
        months=months_adequate(monthly),
        margin=margin,
        confidence=confidence,
    )

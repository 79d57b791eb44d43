"""Sample adequacy: were enough transactions monitored for the margin of error wanted?"""

from __future__ import annotations

from collections.abc import Iterable

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

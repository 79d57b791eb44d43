"""The same driver model per segment (program), where a segment has enough responses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.drivers._design import as_names
from copcwb.drivers.ordinal import OrdinalLogitResult, ordinal_logit
from copcwb.errors import AnalysisError


@dataclass(frozen=True, eq=False)
class SegmentResult:
    """Per-segment ordinal models.

    Attributes: ``by`` (the segment column), ``outcome``, ``drivers``, ``min_responses``,
    ``confidence``, ``overview`` (one row per segment: the column named ``by``,
    ``n_responses``, ``status`` in {"fitted", "too few responses", "failed"}, ``note``,
    ``pseudo_r2``, ``lr_p_val``, ``aic``), ``results`` (segment -> OrdinalLogitResult, fitted
    segments only).
    """

    by: str
    outcome: str
    drivers: tuple[str, ...]
    min_responses: int
    confidence: float
    overview: pd.DataFrame
    results: dict[object, OrdinalLogitResult]

    def summary(self) -> pd.DataFrame:
        """Long table: one row per fitted segment and term (predictors only), plus one row per
        segment not fitted (term NaN, ``note`` says why). Columns: the column named ``by``,
        ``n_responses``, ``status``, ``note``, ``term``, ``coef``, ``se``, ``p_val``,
        ``odds_ratio``, ``ci_low``, ``ci_high`` (interval of the coefficient), ``pseudo_r2``."""
        frames = []
        for r in self.overview.to_dict("records"):
            seg = r[self.by]
            base = {
                self.by: seg,
                "n_responses": r["n_responses"],
                "status": r["status"],
                "note": r["note"],
            }
            if r["status"] != "fitted":
                frames.append(pd.DataFrame([base | {"term": np.nan}]))
                continue
            res = self.results[seg]
            s = res.summary(self.confidence).loc[list(res.terms)]
            t = s[["coef", "se", "p_val", "odds_ratio", "ci_low", "ci_high"]].reset_index()
            for k, v in base.items():
                t[k] = v
            t["pseudo_r2"] = res.pseudo_r2
            frames.append(t)
        cols = [
            self.by,
            "n_responses",
            "status",
            "note",
            "term",
            "coef",
            "se",
            "p_val",
            "odds_ratio",
            "ci_low",
            "ci_high",
            "pseudo_r2",
        ]
        out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
        return out.reindex(columns=cols)

    def strongest(self, among: Iterable[str]) -> dict[object, str]:
        """Per fitted segment, the term of ``among`` (e.g. the driver ratings) with the
        largest coefficient; segments where none of them was estimated are left out."""
        wanted = set(among)
        found = {}
        for segment, res in self.results.items():
            coef = res.coef[[c for c in res.coef.index if c in wanted]]
            if not coef.empty:
                found[segment] = str(coef.idxmax())
        return found

    def plot(self, ax=None):
        """Odds ratio of each term by segment (log scale); returns the Axes."""
        import matplotlib.pyplot as plt

        t = self.summary().dropna(subset=["odds_ratio"])
        terms = list(dict.fromkeys(t["term"]))
        segs = list(dict.fromkeys(t[self.by]))
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 0.5 * max(len(terms), 1) + 1.5))
        for k, seg in enumerate(segs):
            sub = t[t[self.by] == seg].set_index("term").reindex(terms)
            y = np.arange(len(terms))[::-1] + (k - (len(segs) - 1) / 2) * 0.8 / max(len(segs), 1)
            ax.scatter(sub["odds_ratio"], y, label=str(seg), s=18)
        ax.axvline(1.0, color="grey", ls="--", lw=1)
        ax.set_xscale("log")
        ax.set_yticks(np.arange(len(terms))[::-1])
        ax.set_yticklabels(terms)
        ax.set_xlabel(f"odds ratio of a higher '{self.outcome}'")
        ax.legend(title=self.by, fontsize=7)
        return ax


def segment_models(
    data: pd.DataFrame,
    drivers: str | Iterable[str],
    *,
    outcome: str = "overall",
    by: str = "program",
    min_responses: int = 200,
    weights: str | None = None,
    confidence: float = 0.95,
) -> SegmentResult:
    """Fit :func:`ordinal_logit` of ``outcome`` on ``drivers`` separately in each segment.

    A segment is fitted only when it has at least ``min_responses`` complete responses (no
    missing outcome, driver or weight; weighted count when ``weights`` is given); otherwise its
    row says so. A segment whose model cannot be estimated gets status "failed" and the reason
    in ``note``. Returns a :class:`SegmentResult`.

    Raises AnalysisError when ``by`` has fewer than two values: there is nothing to compare.
    """
    drivers = as_names(drivers)
    if min_responses < 1:
        raise ValueError(f"min_responses must be at least 1, got {min_responses}")
    cols = list(dict.fromkeys([by, outcome, *drivers] + ([weights] if weights else [])))
    absent = [c for c in cols if c not in data.columns]
    if absent:
        raise ValueError(f"columns {absent} are not in the data")
    need = [c for c in cols if c != by]
    values = data[by].dropna().unique()
    if len(values) < 2:
        only = f"a single value ({values[0]!r})" if len(values) else "no value"
        raise AnalysisError(f"'{by}' has {only} in the survey, so there is no {by} to compare with")
    rows, results = [], {}
    for seg, part in data.groupby(by, sort=True, observed=True):
        complete = part[need].notna().all(axis=1)
        n = float(part.loc[complete, weights].sum()) if weights else float(complete.sum())
        row = {
            "segment": seg,
            "n_responses": n,
            "status": "fitted",
            "note": "",
            "pseudo_r2": np.nan,
            "lr_p_val": np.nan,
            "aic": np.nan,
        }
        if n < min_responses:
            row |= {
                "status": "too few responses",
                "note": f"{n:g} complete responses; at least {min_responses} needed",
            }
        else:
            try:
                res = ordinal_logit(part, outcome, drivers, weights=weights)
            except AnalysisError as exc:
                row |= {"status": "failed", "note": str(exc)}
            else:
                results[seg] = res
                row |= {"pseudo_r2": res.pseudo_r2, "lr_p_val": res.lr_p_val, "aic": res.aic}
        rows.append(row)
    overview = pd.DataFrame(rows).rename(columns={"segment": by})
    return SegmentResult(
        by=by,
        outcome=outcome,
        drivers=tuple(drivers),
        min_responses=min_responses,
        confidence=confidence,
        overview=overview,
        results=results,
    )

"""The fast subset fits of driver importance: merged covariate patterns, the walk over the
subsets and its threads, checked against plain per-subset fits.

The reference for every number is :func:`copcwb.drivers.ordinal_logit` (itself checked against
R ``MASS::polr`` and ``ordinal::clm`` in test_drivers_ordinal.py), fitted on each subset of
drivers separately on the full rows, with the Shapley weights of general dominance written
out; or arithmetic written out here (the cumulative logit log-likelihood, row by row).
"""

from __future__ import annotations

from itertools import combinations
from math import factorial

import numpy as np
import pandas as pd
import pytest
from scipy import special

from copcwb.drivers import _patterns, _pool, _subsets, driver_importance, ordinal_logit
from copcwb.drivers._design import build_design
from copcwb.drivers._newton import evaluate, level_bounds
from copcwb.drivers.importance import _term_columns

RATINGS = ["reliability", "empathy", "tangibles", "assurance", "speed"]


def survey(n: int = 4000, seed: int = 11) -> pd.DataFrame:
    """A survey with many repeated covariate patterns: five correlated 1-5 ratings, a
    three-level channel, a program, frequency weights 1-3 and an overall rating 1-5."""
    rng = np.random.default_rng(seed)
    mood = rng.normal(size=n)
    df = pd.DataFrame(
        {
            name: np.clip(np.round(3.5 + 0.8 * mood + rng.normal(size=n)), 1, 5).astype(int)
            for name in RATINGS
        }
    )
    df["channel"] = rng.choice(["voice", "chat", "email"], size=n, p=[0.6, 0.3, 0.1])
    df["program"] = rng.choice(["billing", "support"], size=n)
    eta = (
        0.8 * df["reliability"]
        + 0.5 * df["empathy"]
        + 0.2 * df["tangibles"]
        + 0.3 * df["speed"]
        - 0.4 * (df["channel"] == "email")
        + 0.3 * (df["program"] == "billing")
    )
    df["overall"] = 1 + np.searchsorted([4.5, 5.8, 7.0, 8.3], eta + rng.logistic(size=n))
    df["n"] = rng.integers(1, 4, size=n)
    return df


def shapley(r2_of, names: list[str]) -> dict[str, float]:
    """General dominance of each driver written out: sum over subsets S of the others of
    |S|! (p - |S| - 1)! / p! * (R2(S + j) - R2(S))."""
    p = len(names)
    out = {}
    for j in names:
        others = [d for d in names if d != j]
        value = 0.0
        for k in range(p):
            for subset in combinations(others, k):
                weight = factorial(k) * factorial(p - k - 1) / factorial(p)
                value += weight * (r2_of([*subset, j]) - r2_of(list(subset)))
        out[j] = value
    return out


def reference_r2(df, names, controls, weights):
    """R2 of each subset of ``names`` (controls always in) from a plain ordinal_logit fit."""
    cache: dict[frozenset, float] = {}

    def r2_of(subset: list[str]) -> float:
        key = frozenset(subset)
        if key not in cache:
            predictors = [d for d in names if d in key] + controls
            cache[key] = (
                ordinal_logit(df, "overall", predictors, weights=weights).pseudo_r2
                if predictors
                else 0.0
            )
        return cache[key]

    return r2_of


@pytest.mark.parametrize(
    ("names", "controls", "weights"),
    [
        (RATINGS, [], None),
        (RATINGS[:4] + ["channel"], ["program"], "n"),  # a categorical driver, a control
        (RATINGS[:3], ["program", "channel"], "n"),
    ],
)
def test_fast_path_equals_independent_fits(names, controls, weights):
    df = survey()
    res = driver_importance(df, "overall", names, controls=controls or None, weights=weights)
    r2_of = reference_r2(df, names, controls, weights)
    expected = shapley(r2_of, names)
    r2_full, r2_controls = r2_of(names), r2_of([])
    t = res.summary().set_index("driver")
    assert res.r2_full == pytest.approx(r2_full, abs=1e-8)
    assert res.r2_controls == pytest.approx(r2_controls, abs=1e-8)
    for d in names:
        assert t.loc[d, "r2_contribution"] == pytest.approx(expected[d], abs=1e-8)
        share = 100 * expected[d] / (r2_full - r2_controls)
        assert t.loc[d, "importance_pct"] == pytest.approx(share, abs=1e-8)
    # conditional dominance, column 0: the driver alone (with the controls)
    for d in names:
        assert res.conditional.loc[d, 0] == pytest.approx(r2_of([d]) - r2_controls, abs=1e-8)


def test_bootstrap_replicate_equals_independent_fits_on_the_resample():
    """With one replicate the percentile interval is that replicate's share. The resample is
    drawn as driver_importance draws it: multinomial counts over the rows of the design."""
    df = survey(1500)
    names, controls, seed = RATINGS[:3], ["program"], 5
    res = driver_importance(df, "overall", names, controls=controls, n_boot=1, seed=seed)
    design = build_design(df, "overall", [*names, *controls])
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(int(round(design.w.sum())), design.w / design.w.sum())
    resample = pd.DataFrame(design.X, columns=list(design.spec.columns))
    resample["overall"] = np.asarray(design.levels)[design.y]
    resample["count"] = counts.astype(float)
    dummies = [c for c in design.spec.columns if c.startswith("program")]  # the control
    r2_of = reference_r2(resample, names, dummies, "count")
    expected = shapley(r2_of, names)
    total = r2_of(names) - r2_of([])
    t = res.summary().set_index("driver")
    assert res.n_boot == 1
    for d in names:
        assert t.loc[d, "ci_low"] == pytest.approx(100 * expected[d] / total, abs=1e-8)
        assert t.loc[d, "ci_high"] == pytest.approx(100 * expected[d] / total, abs=1e-8)


# ------------------------------------------------------------------------- pattern merging


def loglik_by_hand(X, y, w, beta, theta) -> float:
    """sum_i w_i log(F(theta_y - x'beta) - F(theta_{y-1} - x'beta)), F logistic,
    theta_{-1} = -inf and theta_{K-1} = +inf, row by row."""
    ext = np.concatenate([[-np.inf], theta, [np.inf]])
    eta = X @ beta
    p = special.expit(ext[y + 1] - eta) - special.expit(ext[y] - eta)
    return float(np.sum(w * np.log(p)))


def test_merged_patterns_keep_the_loglik():
    df = survey(3000)
    names = ["reliability", "empathy", "channel"]
    design = build_design(df, "overall", names, collapse=False)
    term_cols, base_cols = _term_columns(design.spec, len(names))
    keys, radix = _patterns.pattern_keys(design.X, design.y, 5, term_cols, base_cols)
    full = _patterns.full_patterns(design.X, design.y, design.w, keys)
    # 5 x 5 ratings x 3 channels x 5 levels at most, against 3000 rows
    assert len(full) <= 375 and full.w.sum() == 3000
    beta = np.array([0.7, 0.4, -0.2, 0.3])  # reliability, empathy, channel dummies
    theta = np.array([3.0, 4.2, 5.5, 6.9])
    rows_ll = loglik_by_hand(design.X, design.y, design.w, beta, theta)
    assert loglik_by_hand(full.X, full.y, full.w, beta, theta) == pytest.approx(rows_ll, rel=1e-12)
    ll, _, _ = evaluate(full.X, level_bounds(full.y, 5), full.w, beta, theta)
    assert ll == pytest.approx(rows_ll, rel=1e-12)
    # without empathy: the patterns are the distinct (level, reliability, channel) rows
    below = _patterns.drop_drivers(full, radix, [1], term_cols[1])
    groups = df.groupby(["overall", "reliability", "channel"]).size()
    assert len(below) == len(groups)
    assert sorted(below.w) == sorted(groups.to_numpy().astype(float))
    kept = [0, 2, 3]
    assert below.cols == tuple(kept)
    rows_ll = loglik_by_hand(design.X[:, kept], design.y, design.w, beta[kept], theta)
    assert loglik_by_hand(below.X, below.y, below.w, beta[kept], theta) == pytest.approx(
        rows_ll, rel=1e-12
    )
    assert np.all(np.diff(below.y) >= 0)  # still sorted by outcome level


def test_unnumbered_design_gives_the_same_r2(monkeypatch):
    df = survey(2000)
    design = build_design(df, "overall", RATINGS[:4], weights="n")
    models = _subsets.subset_models(design, *_term_columns(design.spec, 4))
    merged = _subsets.subset_r2(models, design.w)
    monkeypatch.setattr(_patterns, "_MAX_KEY", 10)  # too little room: rows left unmerged
    plain = _subsets.subset_models(design, *_term_columns(design.spec, 4))
    assert plain.keys is None
    np.testing.assert_allclose(_subsets.subset_r2(plain, design.w), merged, rtol=0, atol=1e-12)


# ------------------------------------------------------------------------- worker processes


def test_worker_processes_give_the_same_numbers():
    df = survey(3000)
    names = RATINGS
    design = build_design(df, "overall", [*names, "program"], weights="n")
    models = _subsets.subset_models(design, *_term_columns(design.spec, len(names)))
    here = _subsets.subset_r2(models, design.w)
    resamples = [
        np.random.default_rng(s).multinomial(8000, design.w / design.w.sum()) for s in (1, 2)
    ]
    with _pool.SubsetPool(models, workers=2) as pool:
        there = pool.estimate_r2()
        replicates = list(pool.replicates(r.astype(float) for r in resamples))
    np.testing.assert_array_equal(here, there)
    for r, rb in zip(resamples, replicates, strict=True):
        np.testing.assert_array_equal(_subsets.subset_r2(models, r.astype(float)), rb)


def test_pools_start_only_for_large_walks_on_idle_cores(monkeypatch):
    small = build_design(survey(2000), "overall", RATINGS)
    models = _subsets.subset_models(small, *_term_columns(small.spec, len(RATINGS)))
    monkeypatch.setattr(_pool, "available_cores", lambda: 8)
    monkeypatch.setattr(_pool.os, "getloadavg", lambda: (1.0, 1.0, 1.0))  # this process only
    # 2,000 rows x 32 subsets: far below a second of work, never worth starting processes
    assert _pool.pool_workers(models, walks=1) == 0
    assert _pool.start_pool(models, walks=1) is None
    # 2,000 x 32 x 2,000 walks = 128 million row-subsets: worth it, on at most MAX_WORKERS
    assert _pool.pool_workers(models, walks=2000) == _pool.MAX_WORKERS
    # 8 cores, a load of 6.6 beyond this process: 1.4 idle, rounded to 1, too few to share
    monkeypatch.setattr(_pool.os, "getloadavg", lambda: (7.6, 7.0, 7.0))
    assert _pool.pool_workers(models, walks=2000) == 0
    monkeypatch.setattr(_pool.os, "getloadavg", lambda: (5.0, 7.0, 7.0))  # 4 idle
    assert _pool.pool_workers(models, walks=2000) == 4

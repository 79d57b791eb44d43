"""McFadden R2 of the ordinal model on every subset of the driver terms.

The 2^p subsets are visited down a binomial tree from the full model: the tree parent of a
subset S is S plus the lowest driver missing from S, so the children of T are T without one
of its drivers below the lowest driver missing from T, and every subset is visited once.
Walking down the tree keeps two things cheap:

* the covariate patterns of a child are merged from its parent's (see
  :mod:`copcwb.drivers._patterns`), so each fit runs on the distinct rows of its own model;
* each fit starts close to its maximum (see :mod:`copcwb.drivers._starts`): from the
  parent's estimates with the driver's part carried over to the others, corrected by what
  that approximation missed for the same driver one model up. Newton's method then needs
  two steps and a check.

A fit stops where the next Newton step would raise the log-likelihood by at most
``GAIN_TOL`` times its null value, so every R2 is within about ``GAIN_TOL`` of the exact
maximum-likelihood one.

The walk is cut into tasks, one per subtree below a child of the full model or below a
subset with at least SPLIT_SUBSETS subsets under it; each task merges its patterns from the
full model's and carries the few estimates its starts need. Tasks can run in any order and
in any process (see :mod:`copcwb.drivers._pool`) with the same numbers: the path to each
fit is fixed by the tree, not by who runs it or when.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from copcwb.drivers._design import Design
from copcwb.drivers._newton import fit_cumulative_logit, level_bounds, null_loglik
from copcwb.drivers._patterns import Patterns, Radix, drop_drivers, full_patterns, pattern_keys
from copcwb.drivers._starts import corrected, second_moments, walk_order, without
from copcwb.errors import AnalysisError

#: each subset's log-likelihood is within GAIN_TOL * |null log-likelihood| of its maximum
#: (so each R2 within GAIN_TOL of the exact one); a Newton step predicted to gain at most
#: LAST_GAIN * |null log-likelihood| is the last (see fit_cumulative_logit)
GAIN_TOL = 1e-13
LAST_GAIN = 1e-7
#: the walk below a subset with at least SPLIT_SUBSETS subsets under it, or below a child of
#: the full model, is a task of its own
SPLIT_SUBSETS = 128


@dataclass(frozen=True, eq=False)
class SubsetModels:
    """What the fits of every subset share: the design, the design columns of each driver
    term in walk order (``term_cols``; ``order`` gives the term of the design at each walk
    position) and of the controls (``base_cols``, in every model), and the pattern numbers
    of the design's rows (``keys``, ``radix``; None: rows not merged). Masks inside the
    walk are over walk positions; :func:`subset_r2` returns them over the design's terms."""

    design: Design
    term_cols: list[list[int]]
    base_cols: list[int]
    keys: np.ndarray | None
    radix: Radix | None
    order: tuple[int, ...]

    @property
    def p(self) -> int:
        return len(self.term_cols)

    def columns(self, mask: int) -> list[int]:
        """Design columns of the model with the drivers of ``mask`` (bitmask over walk
        positions), then the controls."""
        drivers = [c for j in range(self.p) if mask >> j & 1 for c in self.term_cols[j]]
        return drivers + self.base_cols

    def by_term(self, r2: np.ndarray) -> np.ndarray:
        """``r2`` indexed by masks over walk positions, re-indexed by masks over the
        design's driver terms."""
        masks = np.arange(r2.size)
        walk_masks = np.zeros_like(masks)
        for position, term in enumerate(self.order):
            walk_masks |= ((masks >> term) & 1) << position
        return r2[walk_masks]


def subset_models(design: Design, term_cols: list[list[int]], base_cols: list[int]) -> SubsetModels:
    """Prepare the subset fits of ``design``: the walk order of the drivers (see
    :func:`copcwb.drivers._starts.walk_order`) and the numbers of its rows' patterns."""
    order = walk_order(design.X, design.y, design.w, term_cols)
    walk_cols = [term_cols[j] for j in order]
    numbered = pattern_keys(design.X, design.y, len(design.levels), walk_cols, base_cols)
    keys, radix = numbered if numbered is not None else (None, None)
    return SubsetModels(design, walk_cols, base_cols, keys, radix, tuple(order))


@dataclass(frozen=True, eq=False)
class WalkBase:
    """What every task of one walk shares: the models, the full model's patterns for the
    weights, their level totals, null log-likelihood and weighted second moments."""

    models: SubsetModels
    patterns: Patterns
    level_w: np.ndarray
    ll0: float
    moments: np.ndarray


def walk_base(models: SubsetModels, w: np.ndarray) -> WalkBase:
    """The base of a walk with frequency weights ``w`` (one per design row); AnalysisError
    when an outcome level has no weight."""
    design = models.design
    level_w = np.bincount(design.y, weights=w, minlength=len(design.levels))
    if np.any(level_w <= 0):
        raise AnalysisError("an outcome level has no weight in this sample")
    patterns = full_patterns(design.X, design.y, w, models.keys)
    moments = second_moments(patterns.X, patterns.w)
    return WalkBase(models, patterns, level_w, null_loglik(level_w), moments)


@dataclass(frozen=True, eq=False)
class Task:
    """The walk below ``mask`` (whose lowest missing driver is ``lowest_missing``), with the
    fitted ``estimates`` its starts need from outside it: its own, its tree parent's and
    those of its siblings of lower index (see :func:`_start`)."""

    mask: int
    lowest_missing: int
    estimates: dict[int, tuple[np.ndarray, np.ndarray]]


@dataclass(eq=False)
class _Walk:
    """State of one task: its base, the R2 of each subset fitted, the estimates (``coef``
    over all design columns, zero where a column is not in the model; ``theta``) that start
    the fits below them, and the tasks it leaves to be run."""

    base: WalkBase
    r2: dict[int, float] = field(default_factory=dict)
    estimates: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    spawned: list[Task] = field(default_factory=list)

    @property
    def models(self) -> SubsetModels:
        return self.base.models


def first_task(base: WalkBase) -> tuple[Task, float]:
    """Fit the full model (default start) and return the task of the walk below it, and the
    full model's R2."""
    full = (1 << base.models.p) - 1
    walk = _Walk(base)
    _fit(walk, full, base.patterns, None)
    return Task(full, base.models.p, walk.estimates), walk.r2[full]


def run_task(base: WalkBase, task: Task) -> tuple[dict[int, float], list[Task]]:
    """Fit every subset of ``task``'s walk that no task below it covers: ``(R2 by subset,
    tasks left)``. The walk's patterns are merged from the full model's, so the numbers do
    not depend on which process runs it, or when."""
    walk = _Walk(base, estimates=dict(task.estimates))
    models = base.models
    full = (1 << models.p) - 1
    missing = [j for j in range(models.p) if not task.mask >> j & 1]
    dropped = [c for j in missing for c in models.term_cols[j]]
    patterns = base.patterns
    if task.mask != full:
        patterns = drop_drivers(base.patterns, models.radix, missing, dropped)
    _descend(walk, task.mask, task.lowest_missing, patterns)
    return walk.r2, walk.spawned


def subset_r2(models: SubsetModels, w: np.ndarray) -> np.ndarray:
    """McFadden R2 of every subset (index = bitmask over the drivers) with frequency weights
    ``w`` (one per design row), in this process; every model also holds the controls. Entry
    0 is the controls-only model (0.0 without controls). AnalysisError when a model cannot
    be fitted or an outcome level has no weight."""
    base = walk_base(models, w)
    r2 = np.zeros(1 << models.p)
    task, r2[-1] = first_task(base)
    pending = [task]
    while pending:
        done, spawned = run_task(base, pending.pop())
        for mask, value in done.items():
            r2[mask] = value
        pending.extend(spawned)
    return models.by_term(r2)


def _descend(walk: _Walk, mask: int, lowest_missing: int, patterns: Patterns) -> None:
    """Fit the tree children of ``mask`` (each of its drivers below ``lowest_missing``, all
    of which it holds, left out in turn, lowest first), each followed by the walk down from
    it, or, below a child of the full model or with at least SPLIT_SUBSETS subsets below, by
    a task for that walk. A child's start needs its siblings of lower index (see
    :func:`_start`), so every walk below a child begins after them."""
    models = walk.models
    top = mask == (1 << models.p) - 1
    for j in range(lowest_missing):
        child = mask & ~(1 << j)
        if child == 0 and not models.base_cols:
            continue  # the thresholds-only model: R2 = 0
        below = drop_drivers(patterns, models.radix, [j], models.term_cols[j])
        _fit(walk, child, below, _start(walk, child, mask, lowest_missing, below.cols))
        if not child & ((1 << j) - 1):
            continue  # no drivers below j: a leaf
        if top or 1 << j >= SPLIT_SUBSETS:
            needed = [child, mask] + [mask & ~(1 << i) for i in range(j)]
            estimates = {m: walk.estimates[m] for m in needed}
            walk.spawned.append(Task(child, j, estimates))
        else:
            _descend(walk, child, j, below)


def _start(
    walk: _Walk, child: int, parent: int, lowest_missing: int, cols: tuple[int, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """Starting estimates of ``child`` = ``parent`` without one driver (see
    :mod:`copcwb.drivers._starts`), for its design columns ``cols`` in that order:
    approximated from the parent's fit, corrected by the approximation's error for the same
    driver one model up, when there is one: from the parent's parent to the parent's
    sibling without that driver, fitted before the parent."""
    models, moments = walk.models, walk.base.moments
    j = (parent ^ child).bit_length() - 1
    dropped = models.term_cols[j]
    start = without(moments, *walk.estimates[parent], models.columns(child), dropped)
    if lowest_missing < models.p:
        above = parent | 1 << lowest_missing
        sibling = child | 1 << lowest_missing
        approx_up = without(moments, *walk.estimates[above], models.columns(sibling), dropped)
        start = corrected(start, walk.estimates[sibling], approx_up)
    return start[0][list(cols)], start[1]


def _fit(
    walk: _Walk, mask: int, patterns: Patterns, start: tuple[np.ndarray, np.ndarray] | None
) -> None:
    """Fit the model of ``mask`` on its patterns (from ``start``, else or on failure from the
    default start); record its R2 and its estimates."""
    models, base = walk.models, walk.base
    bounds = level_bounds(patterns.y, len(base.level_w))
    tols = {"gain_tol": GAIN_TOL * abs(base.ll0), "last_gain": LAST_GAIN * abs(base.ll0)}
    args = (patterns.X, bounds, patterns.w, base.level_w)
    fit = fit_cumulative_logit(*args, start=start, **tols)
    if fit.failure and start is not None:
        fit = fit_cumulative_logit(*args, **tols)
    if fit.failure:
        raise subset_error(models, mask)
    walk.r2[mask] = 1.0 - fit.loglik / base.ll0
    coef = np.zeros(models.design.X.shape[1])
    coef[list(patterns.cols)] = fit.beta
    walk.estimates[mask] = (coef, fit.theta)


def subset_error(models: SubsetModels, mask: int) -> AnalysisError:
    """The error for a subset model that cannot be estimated, naming its drivers."""
    spec, p = models.design.spec, models.p
    names = [spec.terms[t].name for t in sorted(models.order[j] for j in range(p) if mask >> j & 1)]
    controls = [t.name for t in spec.terms[p:]]
    with_controls = f" with controls {controls}" if controls else ""
    return AnalysisError(
        f"the ordinal model on drivers {names}{with_controls} cannot be estimated (separation "
        "or a singular information matrix). Fix: drop or recode the offending driver or "
        "control; ordinal_logit on the same columns names it"
    )

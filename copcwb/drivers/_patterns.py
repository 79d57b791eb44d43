"""Repeated covariate patterns of a design, merged into frequency weights.

A row enters the cumulative logit likelihood only through its outcome level, its covariates
and its weight: the log-likelihood, the score and the information are sums over rows of the
weight times a term that depends on the level and the covariates alone. Rows that share the
level and the covariates can therefore be merged into one row carrying the sum of their
weights, and every one of those sums is unchanged (only the order of the additions differs).
Ratings on a 1-5 scale leave far fewer such patterns than responses as soon as a model holds
a few drivers.

Each row's pattern is one integer, a mixed-radix number: the outcome level is the leading
digit, then one digit per driver term (its value code), then one digit for all the controls
together. A model without some drivers has those digits zeroed, so the patterns of a smaller
model are found from those of a larger one by clearing a digit and merging equal numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: patterns are numbered in int64; a design whose digits need more room is not merged
_MAX_KEY = 1 << 62
#: a smaller model's rows are left unmerged when more than this share of them are distinct
KEEP_DISTINCT = 0.9


@dataclass(frozen=True, eq=False)
class Patterns:
    """The distinct (level, covariates) rows of one model, in ascending pattern order.

    ``X``: the model's design columns ``cols`` (Fortran order), one row per pattern; ``y``:
    the outcome level (ascending, as the leading digit); ``w``: the summed weights; ``key``:
    the pattern numbers, or None when the design could not be numbered (then the rows are
    the design's own, unmerged, sorted by level). Rows left unmerged by
    :func:`drop_drivers` keep their parent's order: ``ordered`` is False, their numbers are
    not ascending and may repeat.
    """

    X: np.ndarray
    cols: tuple[int, ...]
    y: np.ndarray
    w: np.ndarray
    key: np.ndarray | None
    ordered: bool = True

    def __len__(self) -> int:
        return int(self.y.size)


@dataclass(frozen=True)
class Radix:
    """Place value and number of codes of each driver's digit (``place[j]``, ``span[j]``)."""

    place: tuple[int, ...]
    span: tuple[int, ...]


def _codes(X: np.ndarray, cols: list[int]) -> tuple[np.ndarray, int]:
    """0-based codes of the distinct values of the design columns ``cols`` taken together,
    and their number. Integer-valued single columns of small range are coded as value - min
    (no sort); other columns by their distinct rows."""
    if not cols:
        return np.zeros(X.shape[0], dtype=np.int64), 1
    if len(cols) == 1:
        col = X[:, cols[0]]
        lo, hi = float(col.min()), float(col.max())
        if hi - lo <= 1 << 16 and np.array_equal(col, np.round(col)):
            return (col - lo).astype(np.int64), int(hi - lo) + 1
    _, inverse = np.unique(X[:, cols], axis=0, return_inverse=True)
    inverse = inverse.reshape(-1).astype(np.int64)
    return inverse, int(inverse.max()) + 1


def pattern_keys(
    X: np.ndarray, y: np.ndarray, n_levels: int, term_cols: list[list[int]], base_cols: list[int]
) -> tuple[np.ndarray, Radix] | None:
    """The pattern number of every row of the full model (every driver and the controls) and
    the radix of the drivers' digits; None when the numbers would not fit in int64."""
    digits = [_codes(X, cols) for cols in term_cols]
    base, base_span = _codes(X, base_cols)
    spans = [span for _, span in digits]
    room = n_levels * base_span
    for span in spans:
        room *= span
    if room >= _MAX_KEY:
        return None
    place = []
    value = base_span
    for span in reversed(spans):
        place.append(value)
        value *= span
    place.reverse()
    key = y.astype(np.int64) * value + base
    for (code, _), pv in zip(digits, place, strict=True):
        key += code * pv
    return key, Radix(tuple(place), tuple(spans))


def _order(key: np.ndarray, runs: bool) -> np.ndarray:
    """The stable ascending order of ``key``. Numbers made of long ascending runs (``runs``)
    are sorted by merging the runs; others, when row positions fit beside the numbers in
    int64, by sorting number x 2^bits + position (no ties, so the same stable order; a
    vectorised sort several times faster than merging short runs)."""
    bits = max(int(key.size).bit_length(), 1)
    if runs or not key.size or int(key.max()) >= 1 << (62 - bits):
        return np.argsort(key, kind="stable")
    tagged = np.sort((key << bits) | np.arange(key.size))
    return tagged & ((1 << bits) - 1)


def _merge(key: np.ndarray, w: np.ndarray, keep: float = 1.0, runs: bool = True) -> tuple | None:
    """Rows with equal ``key`` merged: ``(row showing each pattern, summed weights, its
    key)``, in ascending key order; None when more than ``keep`` of the rows are distinct
    patterns (merging would not pay for the copies). ``runs``: see :func:`_order`."""
    order = _order(key, runs)
    sorted_key = key[order]
    starts = np.empty(key.size, dtype=bool)
    starts[:1] = True
    np.not_equal(sorted_key[1:], sorted_key[:-1], out=starts[1:])
    first = np.flatnonzero(starts)
    if first.size > keep * key.size:
        return None
    group = np.cumsum(starts)
    group -= 1
    return order.take(first), np.bincount(group, w.take(order)), sorted_key.take(first)


def _take_rows(X: np.ndarray, rows: np.ndarray, positions: list[int]) -> np.ndarray:
    """The columns ``positions`` of ``X`` at ``rows`` (Fortran order)."""
    out = np.empty((rows.size, len(positions)), order="F")
    for i, c in enumerate(positions):
        np.take(X[:, c], rows, out=out[:, i], mode="clip")
    return out


def full_patterns(X: np.ndarray, y: np.ndarray, w: np.ndarray, keys: np.ndarray | None) -> Patterns:
    """The patterns of the full model (every design column), from :func:`pattern_keys` (None:
    the design's rows unmerged, which are sorted by ``y`` already)."""
    cols = tuple(range(X.shape[1]))
    if keys is None:
        return Patterns(np.asfortranarray(X), cols, y, w, None)
    rows, merged_w, merged_key = _merge(keys, w, runs=False)  # type: ignore[misc]
    return Patterns(_take_rows(X, rows, list(cols)), cols, y.take(rows), merged_w, merged_key)


def drop_drivers(
    parent: Patterns, radix: Radix | None, drivers: list[int], dropped: list[int]
) -> Patterns:
    """The patterns of the model without ``drivers`` (their design columns ``dropped``),
    merged from those of ``parent``."""
    kept = [i for i, c in enumerate(parent.cols) if c not in dropped]
    cols = tuple(parent.cols[i] for i in kept)
    if parent.key is None or radix is None:
        return Patterns(np.asfortranarray(parent.X[:, kept]), cols, parent.y, parent.w, None)
    key = parent.key
    for j in drivers:
        place, span = radix.place[j], radix.span[j]
        key = key - (key // place % span) * place
    merged = _merge(key, parent.w, KEEP_DISTINCT, runs=parent.ordered)
    if merged is None:  # almost all distinct: the parent's rows, numbered for this model
        X = np.asfortranarray(parent.X[:, kept])
        return Patterns(X, cols, parent.y, parent.w, key, ordered=False)
    rows, w, key = merged
    return Patterns(_take_rows(parent.X, rows, kept), cols, parent.y.take(rows), w, key)

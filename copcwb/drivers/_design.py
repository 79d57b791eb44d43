"""Design matrices for the ordinal model.

Outcome coding (ordered Categorical or integer ratings), dummy coding of categorical predictors
(reference = first level unless stated, dummies named like R: column name + level), listwise
deletion, frequency weights, the checks for constant and collinear predictors, the VIF table,
and the collapsing of repeated covariate patterns into weights.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from copcwb.errors import AnalysisError

#: collapse repeated rows only when the packed key space is at most this size (and at most
#: twice the number of rows), so that one counting pass (no sort) finds the patterns
_COLLAPSE_KEY_SPACE = 1 << 24
_CHUNK = 8192


@dataclass(frozen=True)
class Term:
    """One predictor as given by the user, and the design columns it becomes.

    ``kind`` is "numeric" (one column, the predictor itself) or "categorical" (one dummy per
    level except the reference ``levels[0]``, named ``f"{name}{level}"`` as R does).
    """

    name: str
    kind: str
    levels: tuple = ()
    columns: tuple[str, ...] = ()

    @property
    def reference(self) -> object | None:
        return self.levels[0] if self.kind == "categorical" else None


@dataclass(frozen=True)
class DesignSpec:
    """How to turn a DataFrame into design columns (kept on a fit to predict on new data)."""

    terms: tuple[Term, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c for t in self.terms for c in t.columns)

    @property
    def column_terms(self) -> tuple[str, ...]:
        """The predictor each design column belongs to."""
        return tuple(t.name for t in self.terms for _ in t.columns)

    def matrix(self, data: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Design matrix for ``data`` and a mask of usable rows.

        Rows with a missing predictor or a category not seen in the fit are not usable; their
        row of the matrix is NaN.
        """
        missing = [t.name for t in self.terms if t.name not in data.columns]
        if missing:
            raise ValueError(f"columns {missing} are not in the data; the model uses them")
        n = len(data)
        X = np.full((n, len(self.columns)), np.nan)
        ok = np.ones(n, dtype=bool)
        j = 0
        for term in self.terms:
            s = data[term.name]
            if term.kind == "numeric":
                v = _numeric_values(s, term.name)
                ok &= ~np.isnan(v)
                X[:, j] = v
                j += 1
                continue
            labels = s.astype(object).to_numpy()
            known = pd.Index(term.levels)
            codes = known.get_indexer(labels)
            ok &= codes >= 0
            for k in range(1, len(term.levels)):
                X[:, j] = (codes == k).astype(float)
                j += 1
        X[~ok] = np.nan
        return X, ok


@dataclass(frozen=True, eq=False)
class Design:
    """A design ready for fitting: rows sorted by outcome level, positive frequency weights.

    ``X`` (Fortran order) has one column per design column of ``spec``; ``y`` holds 0-based
    outcome codes into ``levels`` (observed levels only); ``n_rows`` counts the data rows used
    (before repeated patterns were merged); ``ranges`` is max - min of each column.
    """

    X: np.ndarray
    y: np.ndarray
    w: np.ndarray
    levels: tuple
    spec: DesignSpec
    n_dropped: int
    n_rows: int
    dropped_levels: tuple = ()
    ranges: np.ndarray | None = None

    @property
    def level_weights(self) -> np.ndarray:
        return np.bincount(self.y, weights=self.w, minlength=len(self.levels))


def as_names(predictors: str | Iterable[str]) -> list[str]:
    """A predictor list from a single name or an iterable of names."""
    if isinstance(predictors, str):
        return [predictors]
    names = list(predictors)
    for p in names:
        if not isinstance(p, str):
            raise ValueError(f"predictor names must be strings, got {p!r}")
    return names


def _numeric_values(s: pd.Series, name: str) -> np.ndarray:
    try:
        return s.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"column '{name}' is not numeric") from exc


def _is_categorical(s: pd.Series) -> bool:
    return isinstance(s.dtype, pd.CategoricalDtype) or not (
        is_numeric_dtype(s.dtype) or is_bool_dtype(s.dtype)
    )


def _outcome(s: pd.Series, name: str, rows: np.ndarray | None) -> tuple[np.ndarray, list]:
    """Integer codes (0-based, in level order) of the used rows, and all candidate levels."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        if not s.cat.ordered:
            raise ValueError(
                f"outcome '{name}' is an unordered Categorical; make it ordered, e.g. "
                f"df['{name}'] = pd.Categorical(df['{name}'], categories=[...], ordered=True)"
            )
        codes = _take(s.cat.codes.to_numpy(), rows).astype(np.int64)
        return codes, list(s.cat.categories)
    if is_bool_dtype(s.dtype) or not is_numeric_dtype(s.dtype):
        raise ValueError(
            f"outcome '{name}' must hold integer ratings or be an ordered pandas Categorical "
            f"(got dtype {s.dtype})"
        )
    v = _take(_numeric_values(s, name), rows)
    if v.size and not np.all(v == np.round(v)):
        raise ValueError(
            f"outcome '{name}' has non-integer values; give integer ratings or an ordered "
            "Categorical"
        )
    if v.size == 0:
        return v.astype(np.int64), []
    lo, hi = int(v.min()), int(v.max())
    if hi - lo <= 10_000:
        iv = (v - lo).astype(np.int64)
        present = np.flatnonzero(np.bincount(iv, minlength=hi - lo + 1))
        lookup = np.full(hi - lo + 1, -1, dtype=np.int64)
        lookup[present] = np.arange(present.size)
        return lookup[iv], [int(lo + k) for k in present]
    levels, codes = np.unique(v, return_inverse=True)
    return codes.astype(np.int64), [int(x) for x in levels]


def _check_columns(
    data: pd.DataFrame, outcome: str, predictors: Sequence[str], weights: str | None
) -> None:
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    if not isinstance(outcome, str):
        raise ValueError(f"outcome must be a column name, got {outcome!r}")
    wanted = [outcome, *predictors] + ([weights] if weights is not None else [])
    missing = [c for c in wanted if c not in data.columns]
    if missing:
        raise ValueError(f"columns {missing} are not in the data (columns: {list(data.columns)})")
    dup = sorted({p for p in predictors if list(predictors).count(p) > 1})
    if dup:
        raise ValueError(f"predictors {dup} are listed more than once")
    if outcome in predictors:
        raise ValueError(f"the outcome '{outcome}' cannot also be a predictor")
    if weights is not None and (weights == outcome or weights in predictors):
        raise ValueError(f"the weights column '{weights}' cannot be the outcome or a predictor")


def build_design(
    data: pd.DataFrame,
    outcome: str,
    predictors: Sequence[str],
    *,
    weights: str | None = None,
    reference: Mapping[str, Hashable] | None = None,
    collapse: bool = True,
) -> Design:
    """Build the (sorted, possibly collapsed) design; see :class:`Design`.

    Raises ValueError for bad arguments and AnalysisError when the outcome has fewer than three
    observed levels, a weight is negative, or a predictor is constant.
    """
    predictors = as_names(predictors)
    _check_columns(data, outcome, predictors, weights)
    reference = dict(reference or {})
    unknown = sorted(set(reference) - set(predictors))
    if unknown:
        raise ValueError(f"reference levels given for {unknown}, which are not predictors")
    rows, w, n_dropped = _used_rows(data, outcome, predictors, weights)
    codes, levels, dropped_levels = _outcome_levels(data[outcome], outcome, rows, w)
    # sort the rows by outcome level: each level becomes one contiguous block
    order = np.argsort(codes.astype(np.int16 if len(levels) < 32000 else np.int64), kind="stable")
    gather = order if rows is None else rows[order]
    y = codes[order]
    w = w[order]
    spec, X = _predictor_columns(data, predictors, gather, w, reference)
    ranges = _checked_ranges(X, spec)
    if collapse:
        collapsed = _collapse(X, y, w, len(levels))
        if collapsed is not None:
            X, y, w = collapsed
    n_rows = int(len(data) - n_dropped) if rows is None else int(rows.size)
    return Design(X, y, w, levels, spec, n_dropped, n_rows, dropped_levels, ranges)


def _used_rows(
    data: pd.DataFrame, outcome: str, predictors: Sequence[str], weights: str | None
) -> tuple[np.ndarray | None, np.ndarray, int]:
    """The rows used, as positions in ``data`` (None: all rows, in order), their weights
    (rows of weight 0 left out) and the number of rows with a missing value."""
    mask = data[outcome].notna().to_numpy().copy()
    for p in predictors:
        mask &= data[p].notna().to_numpy()
    if weights is not None:
        mask &= data[weights].notna().to_numpy()
    n_dropped = int(len(data) - mask.sum())
    rows = None if n_dropped == 0 else np.flatnonzero(mask)
    if weights is None:
        return rows, np.ones(len(data) - n_dropped), n_dropped
    w = _take(_numeric_values(data[weights], weights), rows)
    if np.any(~np.isfinite(w)) or np.any(w < 0):
        raise AnalysisError(
            f"weights column '{weights}' has negative or infinite values; frequency weights "
            "must be counts >= 0. Fix the column or leave weights=None"
        )
    if np.any(w == 0):
        pos = np.flatnonzero(w > 0)
        rows = pos if rows is None else rows[pos]
        w = w[pos]
    return rows, w, n_dropped


def _outcome_levels(
    s: pd.Series, name: str, rows: np.ndarray | None, w: np.ndarray
) -> tuple[np.ndarray, tuple, tuple]:
    """Outcome codes of the used rows over the observed levels only, the observed levels
    and the levels without responses; AnalysisError below three observed levels."""
    codes, all_levels = _outcome(s, name, rows)
    level_w = np.bincount(codes, weights=w, minlength=len(all_levels))
    observed = level_w > 0
    levels = tuple(lv for lv, ok in zip(all_levels, observed, strict=True) if ok)
    dropped_levels = tuple(lv for lv, ok in zip(all_levels, observed, strict=True) if not ok)
    if len(levels) < 3:
        raise AnalysisError(
            f"outcome '{name}' has {len(levels)} observed level(s) {list(levels)} among "
            f"{codes.size} usable rows; an ordinal model needs at least 3. Fix: collect "
            "responses spread over at least three levels, or use a binary logit for two levels"
        )
    if dropped_levels:
        codes = (np.cumsum(observed) - 1)[codes]
    return codes, levels, dropped_levels


def _predictor_columns(
    data: pd.DataFrame,
    predictors: Sequence[str],
    gather: np.ndarray,
    w: np.ndarray,
    reference: Mapping[str, Hashable],
) -> tuple[DesignSpec, np.ndarray]:
    """The design spec and matrix (Fortran order) of the rows ``gather``: numeric
    predictors as they are, categorical ones as dummies."""
    terms: list[Term] = []
    fills: list[tuple[Term, object, int | None]] = []
    for p in predictors:
        s = data[p]
        if _is_categorical(s):
            term, cat_codes = _categorical_term(s, p, gather, w, reference.get(p))
            terms.append(term)
            fills.extend((term, cat_codes, k) for k in range(1, len(term.levels)))
        else:
            if p in reference:
                raise ValueError(f"reference level given for numeric predictor '{p}'")
            term = Term(p, "numeric", (), (p,))
            terms.append(term)
            fills.append((term, s, None))
    X = np.empty((gather.size, len(fills)), order="F")
    for j, (term, src, k) in enumerate(fills):
        if k is None:
            np.take(_numeric_values(src, term.name), gather, out=X[:, j])
        else:
            np.equal(src, k, out=X[:, j], casting="unsafe")
    return DesignSpec(tuple(terms)), X


def _checked_ranges(X: np.ndarray, spec: DesignSpec) -> np.ndarray:
    """max - min of each design column; AnalysisError for an infinite or constant one."""
    with np.errstate(invalid="ignore"):
        ranges = (X.max(axis=0) - X.min(axis=0)) if X.shape[1] else np.zeros(0)
    infinite = [spec.columns[j] for j in np.flatnonzero(~np.isfinite(ranges))]
    if infinite:
        raise AnalysisError(
            f"predictors {infinite} hold infinite values. Fix: replace them by missing values "
            "(they are then dropped) or cap them"
        )
    constant = np.flatnonzero(ranges == 0)
    if constant.size:
        j = int(constant[0])
        name = spec.column_terms[j]
        term = next(t for t in spec.terms if t.name == name)
        what = (
            f"'{term.name}'"
            if term.kind == "numeric"
            else (f"'{spec.columns[j]}' (a level of '{term.name}')")
        )
        raise AnalysisError(
            f"predictor {what} is constant (value {X[0, j]:g} in all {X.shape[0]} usable rows); "
            f"it carries no information. Fix: drop '{term.name}' from the predictors"
        )
    return ranges


def _take(values: np.ndarray, rows: np.ndarray | None) -> np.ndarray:
    return values if rows is None else values[rows]


def _categorical_term(
    s: pd.Series,
    name: str,
    gather: np.ndarray,
    w: np.ndarray,
    ref: Hashable | None,
) -> tuple[Term, np.ndarray]:
    """The term of a categorical predictor and its level codes on the used (sorted) rows."""
    cat = s if isinstance(s.dtype, pd.CategoricalDtype) else s.astype("category")
    codes = cat.cat.codes.to_numpy()[gather].astype(np.int64)
    cats = list(cat.cat.categories)
    counts = np.bincount(codes, weights=w, minlength=len(cats))
    used = [k for k in range(len(cats)) if counts[k] > 0]
    if ref is not None:
        if ref not in cats:
            raise ValueError(f"reference level {ref!r} is not a level of '{name}' ({cats})")
        k_ref = cats.index(ref)
        if counts[k_ref] == 0:
            raise AnalysisError(
                f"reference level {ref!r} of '{name}' has no usable rows; choose another "
                "reference level"
            )
        used = [k_ref] + [k for k in used if k != k_ref]
    if len(used) < 2:
        only = cats[used[0]] if used else None
        raise AnalysisError(
            f"predictor '{name}' is constant: every usable row has level {only!r}. Fix: drop "
            f"'{name}' from the predictors"
        )
    levels = tuple(cats[k] for k in used)
    lookup = np.full(len(cats), -1, dtype=np.int64)
    lookup[used] = np.arange(len(used))
    term = Term(name, "categorical", levels, tuple(f"{name}{lv}" for lv in levels[1:]))
    return term, lookup[codes]


def _collapse(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, n_levels: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Merge rows with identical outcome and predictors into one row with summed weights.

    Only when every column holds small integers, so that a row's pattern packs into one
    integer key from a space small enough for a counting pass (no sort). Returns None
    otherwise, or when merging would not at least halve the number of rows. The merged rows
    come out sorted by outcome level (the level is the leading digit of the key).
    """
    n = y.size
    if n < 1000:
        return None
    limit = min(_COLLAPSE_KEY_SPACE, max(1 << 16, 2 * n))
    space = n_levels
    lows, spans = [], []
    for j in range(X.shape[1]):
        col = X[:, j]
        lo, hi = float(col.min()), float(col.max())
        span = int(hi - lo) + 1
        space *= span
        if space > limit or not np.array_equal(col, np.round(col)):
            return None
        lows.append(lo)
        spans.append(span)
    key = y.astype(np.int64)
    for j, (lo, span) in enumerate(zip(lows, spans, strict=True)):
        key = key * span + (X[:, j] - lo).astype(np.int64)
    counts = np.bincount(key, weights=w)
    present = np.flatnonzero(counts)
    if present.size * 2 > n:
        return None
    rem = present
    out = np.empty((present.size, X.shape[1]), order="F")
    for j in range(X.shape[1] - 1, -1, -1):
        rem, digit = np.divmod(rem, spans[j])
        out[:, j] = digit + lows[j]
    return out, rem.astype(np.int64), counts[present]


def column_checks(X: np.ndarray, w: np.ndarray, spec: DesignSpec) -> pd.DataFrame:
    """Raise AnalysisError for perfectly collinear design columns; return the VIF table.

    VIF_j = j-th diagonal element of the inverse of the (frequency-weighted) correlation matrix
    of the design columns. Returns a DataFrame indexed by design column (``term``) with columns
    ``predictor`` (the predictor it belongs to) and ``vif``. Constant columns are caught
    earlier, by :func:`build_design`.
    """
    names = spec.columns
    p = len(names)
    if p == 0:
        return pd.DataFrame({"predictor": [], "vif": []}, index=pd.Index([], name="term"))
    wsum = float(w.sum())
    mean = (w @ X) / wsum
    unit = bool(np.all(w == 1.0))
    cov = np.zeros((p, p))
    for s in range(0, X.shape[0], _CHUNK):
        xc = X[s : s + _CHUNK] - mean
        if not unit:
            xc *= np.sqrt(w[s : s + _CHUNK])[:, None]
        cov += xc.T @ xc
    sd = np.sqrt(np.diag(cov))
    corr = cov / np.outer(sd, sd)
    evals, evecs = np.linalg.eigh(corr)
    if evals[0] < 1e-10:
        v = np.abs(evecs[:, 0])
        involved = [names[j] for j in np.flatnonzero(v > 1e-3 * v.max())]
        raise AnalysisError(
            f"predictors {involved} are perfectly collinear (one is an exact linear combination "
            "of the others, VIF infinite), so their effects cannot be separated. Fix: drop one "
            f"of them (e.g. '{involved[-1]}') or combine them into one score"
        )
    vif = np.diag(np.linalg.inv(corr))
    return pd.DataFrame(
        {"predictor": list(spec.column_terms), "vif": vif}, index=pd.Index(names, name="term")
    )

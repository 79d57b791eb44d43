"""Brant (1990) test of the parallel-lines (proportional odds) assumption: :func:`brant_test`.

The K - 1 binary logits ``1(Y > k) ~ x`` (k = 1..K-1) are fitted separately; under
proportional odds their slopes are equal. The Wald statistic compares the slopes of the first
binary logit with those of each of the others, using the joint covariance of the separate
fits (Brant 1990, Biometrics 46:1171-1178)::

    Var(b_m)      = (X' W_m X)^-1,                    W_m  = diag(w pi_m (1 - pi_m))
    Cov(b_m, b_l) = (X' W_m X)^-1 X' W_ml X (X' W_l X)^-1,  W_ml = diag(w (pi_l - pi_m pi_l)),
                                                              m < l

(intercept rows and columns removed), ``pi_m`` being the fitted P(Y > m) of the m-th binary
logit. This is the computation of R's ``brant`` package (``brant(polr(...))``); frequency
weights enter every sum.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from copcwb.drivers._newton import fit_binary_logit
from copcwb.drivers.ordinal import OrdinalLogitResult
from copcwb.errors import AnalysisError


def _wald(b: np.ndarray, V: np.ndarray, D: np.ndarray) -> float:
    Db = D @ b
    return float(Db @ np.linalg.solve(D @ V @ D.T, Db))


def brant_test(result: OrdinalLogitResult, *, by_predictor: bool = False) -> pd.DataFrame:
    """Brant test of proportional odds for a fit from :func:`ordinal_logit`.

    Returns a DataFrame indexed by ``"omnibus"`` then each term (design column, e.g.
    ``tempwarm``; with ``by_predictor=True`` each predictor, its dummies tested jointly), with
    columns ``chi2``, ``df``, ``p_val``. A small p-value says that term's effect differs
    between the cut points (the parallel-lines assumption fails for it); df = (K - 2) per
    coefficient. ``.attrs["n_empty_cells"]`` counts outcome x categorical-predictor
    combinations with no respondents (many empty cells make the test unreliable, as R's
    ``brant`` warns).
    """
    design = result.design
    X, y, w = design.X, design.y, design.w
    n, P = X.shape
    J = len(design.levels)
    if P == 0:
        raise ValueError("the model has no predictors; there is nothing to test")
    if J < 3:
        raise ValueError("the Brant test needs an outcome with at least three levels")
    Xi = np.column_stack([np.ones(n), X])
    fits = []
    for m in range(J - 1):
        fit = fit_binary_logit(Xi, (y > m).astype(float), w)
        if not fit.converged or not np.all(np.isfinite(fit.cov)):
            raise AnalysisError(
                f"the Brant test cannot be computed: the binary logit of "
                f"'{result.outcome}' above {design.levels[m]!r} does not converge (separation "
                "at that cut point). Fix: merge sparse outcome levels or categories, or judge "
                "proportional odds with a likelihood-ratio test instead"
            )
        fits.append(fit)
    V = np.zeros(((J - 1) * P, (J - 1) * P))
    for m in range(J - 1):
        V[m * P : (m + 1) * P, m * P : (m + 1) * P] = fits[m].cov[1:, 1:]
    for m in range(J - 2):
        for l_ in range(m + 1, J - 1):
            pm, pl = fits[m].fitted, fits[l_].fitted
            cross = Xi.T @ (Xi * (w * (pl - pm * pl))[:, None])
            block = (fits[m].cov @ cross @ fits[l_].cov)[1:, 1:]
            V[m * P : (m + 1) * P, l_ * P : (l_ + 1) * P] = block
            V[l_ * P : (l_ + 1) * P, m * P : (m + 1) * P] = block.T
    b = np.concatenate([f.coef[1:] for f in fits])
    # D b stacks b_1 - b_m for m = 2..J-1
    D = np.zeros(((J - 2) * P, (J - 1) * P))
    for i in range(J - 2):
        D[i * P : (i + 1) * P, :P] = np.eye(P)
        D[i * P : (i + 1) * P, (i + 1) * P : (i + 2) * P] = -np.eye(P)

    names = ["omnibus"]
    chi2 = [_wald(b, V, D)]
    dfs = [(J - 2) * P]
    groups: list[tuple[str, list[int]]]
    if by_predictor:
        col_terms = design.spec.column_terms
        groups = [
            (t.name, [j for j in range(P) if col_terms[j] == t.name]) for t in design.spec.terms
        ]
    else:
        groups = [(c, [j]) for j, c in enumerate(design.spec.columns)]
    for name, cols in groups:
        s = sorted(k + m * P for k in cols for m in range(J - 1))
        rows = sorted(k + i * P for k in cols for i in range(J - 2))
        chi2.append(_wald(b[s], V[np.ix_(s, s)], D[np.ix_(rows, s)]))
        dfs.append((J - 2) * len(cols))
        names.append(name)
    chi2_arr = np.asarray(chi2)
    df_arr = np.asarray(dfs, dtype=np.int64)
    table = pd.DataFrame(
        {"chi2": chi2_arr, "df": df_arr, "p_val": special.chdtrc(df_arr, chi2_arr)},
        index=pd.Index(names, name="term"),
    )
    table.attrs["n_empty_cells"] = _empty_cells(result)
    return table


def _empty_cells(result: OrdinalLogitResult) -> int:
    """Outcome level x categorical-predictor-level combinations without respondents."""
    design = result.design
    cat_cols = [
        [j for j, t in enumerate(design.spec.column_terms) if t == term.name]
        for term in design.spec.terms
        if term.kind == "categorical"
    ]
    if not cat_cols:
        return 0
    # code each row by its level of each categorical predictor (0 = reference)
    key = design.y.astype(np.int64)
    space = len(design.levels)
    for cols in cat_cols:
        sub = design.X[:, cols]
        code = np.where(sub.any(axis=1), sub.argmax(axis=1) + 1, 0)
        key = key * (len(cols) + 1) + code
        space *= len(cols) + 1
    present = np.unique(key[design.w > 0]).size
    return int(space - present)


def parallel_lines_verdicts(table: pd.DataFrame, alpha: float = 0.05) -> pd.Series:
    """Whether each row of a :func:`brant_test` table ("omnibus", then each predictor)
    holds parallel lines: its p is at least ``alpha``. Index as the table's."""
    return (table["p_val"] >= alpha).rename("holds")


def parallel_lines_violations(table: pd.DataFrame, alpha: float = 0.05) -> list[str]:
    """The predictors (rows other than "omnibus") of a :func:`brant_test` table whose own
    test rejects parallel lines: p below ``alpha``."""
    holds = parallel_lines_verdicts(table, alpha).drop(index="omnibus")
    return [str(p) for p in holds.index[~holds]]


def parallel_lines_hold(table: pd.DataFrame, alpha: float = 0.05) -> bool:
    """Whether parallel lines hold for a :func:`brant_test` table: the omnibus p is at least
    ``alpha`` and no predictor's p is below it."""
    return bool(parallel_lines_verdicts(table, alpha).all())

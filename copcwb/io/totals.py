"""Total and subtotal rows: exports from reporting tools often end with a total row
(or hold subtotals per group) that must not be read as data."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from copcwb.errors import Problem
from copcwb.io.columns import InputKind
from copcwb.io.rows import rows_problem

TOTAL_WORDS = frozenset(
    {
        "total",
        "totals",
        "grand total",
        "subtotal",
        "sub-total",
        "sub total",
        "sum",
        "合計",
        "合计",
        "總計",
        "总计",
        "小計",
        "小计",
        "總和",
        "总和",
        "總數",
        "总数",
    }
)


def _labels(frame: pd.DataFrame, kind: InputKind) -> list[str]:
    return [
        c.name
        for c in kind.columns
        if c.name in frame and c.type not in ("int", "float", "flag") and c.required
    ]


def _total_words(values: pd.Series, variants: set[str]) -> pd.Series:
    """Cells of a label column that say Total, 合計, Subtotal... (the value alone decides)."""
    word = values.isin(variants)
    text = values[~word & _could_be_total(values)].dropna().astype(str)
    maybe = text.str.startswith(("T", "t", "G", "g", "S", "s"))
    if maybe.any():
        lowered = text[maybe].str.strip().str.rstrip(":").str.lower()
        more = lowered.isin(TOTAL_WORDS) | lowered.str.match(r"^(?:grand |sub-?)?totals?\b")
        word[more[more].index] = True
    return word


def _could_be_total(values: pd.Series) -> pd.Series:
    """A fast necessary condition for the English total words: the text starts with
    total, grand, sub or sum, in any case (a vectorised test; the exact one follows)."""
    try:
        text = pa.array(values.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # cells that are not text: test them all
        return pd.Series(True, index=values.index)
    start = pc.utf8_lower(pc.utf8_slice_codeunits(text, 0, 5))
    hit = pc.starts_with(start, "total")
    for prefix in ("grand", "sub", "sum"):
        hit = pc.or_(hit, pc.starts_with(start, prefix))
    return pd.Series(hit.fill_null(False).to_numpy(zero_copy_only=False), index=values.index)


def _variants() -> set[str]:
    return {v for w in TOTAL_WORDS for v in (w, w.title(), w.upper(), w.capitalize())}


def total_words(frame: pd.DataFrame, kind: InputKind) -> dict[str, pd.Series]:
    """Per label column of ``frame``, the cells that say Total, 合計, Subtotal..."""
    variants = _variants()
    return {name: _total_words(frame[name], variants) for name in _labels(frame, kind)}


def total_word_counts(
    frame: pd.DataFrame, words: Mapping[str, pd.Series]
) -> dict[str, dict[str, int]]:
    """Per label column, how often each total-like value (``words``: see
    :func:`total_words`) occurs in ``frame`` (for judging a file read in chunks by the
    counts over the whole file)."""
    out = {}
    for name, word in words.items():
        if word.any():
            out[name] = {str(k): int(v) for k, v in frame.loc[word, name].value_counts().items()}
    return out


def total_rows(
    frame: pd.DataFrame,
    kind: InputKind,
    file: str,
    *,
    counts: Mapping[str, Mapping[str, int]] | None = None,
    at_end: bool = True,
    words: Mapping[str, pd.Series] | None = None,
) -> tuple[list[Problem], pd.Index]:
    """Rows that hold totals rather than data.

    A label column says Total, Grand total, 合計, 總計, 小計, Sum ... (or starts with
    "Total ") and either the other labels of the row are empty or the value occurs only
    once in its column (a program really called "Total", with a row per month, is
    data); or the last rows have every label empty while numbers are present.

    ``counts`` (label column -> value -> occurrences) judges "only once" over a whole file
    of which ``frame`` is a part; ``at_end`` says whether ``frame`` ends the file;
    ``words`` (from :func:`total_words`) saves finding the total-like cells again.

    Returns the problems and the index of those rows (to leave out of further checks).
    """
    labels = _labels(frame, kind)
    numbers = [c.name for c in kind.columns if c.name in frame and c.type in ("int", "float")]
    if not labels or frame.empty:
        return [], frame.index[:0]
    problems = []
    found = pd.Series(False, index=frame.index)
    words = total_words(frame, kind) if words is None else words
    for name in labels:
        values = frame[name]
        word = words[name].copy()
        if word.any():
            others = [n for n in labels if n != name]
            empty_others = frame[others].isna().all(axis=1) if others else word
            seen = values.value_counts() if counts is None else pd.Series(counts.get(name, {}))
            occurrences = values[word].astype(str).map(seen)
            once = pd.Series(False, index=frame.index)
            once[occurrences.index] = occurrences == 1
            word &= empty_others | once
        if word.any():
            found |= word
            problems.append(
                rows_problem(
                    file,
                    name,
                    word,
                    "looks like a total or subtotal row, not data",
                    "delete total and subtotal rows from the export; the analysis adds up the "
                    "data itself",
                    frame.loc[word, name].drop_duplicates().head(3),
                )
            )
    if numbers and at_end:
        blank = frame[labels].isna().all(axis=1) & frame[numbers].notna().any(axis=1)
        tail = blank[::-1].cummin()[::-1] & blank  # the trailing run of such rows
        tail &= ~found
        if tail.any():
            found |= tail
            problems.append(
                rows_problem(
                    file,
                    ", ".join(labels),
                    tail,
                    "the last rows have numbers but no "
                    + ", ".join(labels)
                    + ": they look like a total row, not data",
                    "delete the total row from the export, or fill in its " + ", ".join(labels),
                    [
                        ", ".join(f"{n}={v}" for n, v in row.items() if v is not None)
                        for _, row in frame.loc[tail, numbers].head(2).iterrows()
                    ],
                )
            )
    return problems, frame.index[found.to_numpy()]

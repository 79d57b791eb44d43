"""Reports of many programs (or queues): when to list every one, which few to name.

Up to ``LIST_ALL`` programs a report names each of them, as it always has. With more,
summaries give counts and name the best and the worst ``N_NAMED``, and the detail of
each program moves to a section of its own further down, reached by a jump list.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from copcwb.views._shared import Translate

#: up to this many programs (or queues) a summary lists each of them
LIST_ALL = 12
#: with more, it names this many best and this many worst
N_NAMED = 3
#: a table has at most this many columns of programs; with more, programs are its rows
WIDE_COLUMNS = 6


def lists_all(n: int) -> bool:
    """True when ``n`` programs (or queues) are few enough to list each one."""
    return n <= LIST_ALL


def ranked(
    frame: pd.DataFrame,
    by: Sequence[str],
    *,
    higher_is_better: bool = True,
    name: str = "program",
) -> pd.DataFrame:
    """The rows of ``frame`` best first: by the columns ``by`` in turn (the first
    decides, the next break its ties), highest first when ``higher_is_better``, then
    by ``name`` alphabetically. Rows missing the first of ``by`` are left out (they
    cannot be ranked)."""
    rankable = frame[frame[by[0]].notna()]
    columns = [*by, name]
    ascending = [not higher_is_better] * len(by) + [True]
    return rankable.sort_values(columns, ascending=ascending, kind="stable").reset_index(drop=True)


def best_and_worst(
    frame: pd.DataFrame,
    by: Sequence[str],
    *,
    n: int = N_NAMED,
    higher_is_better: bool = True,
    name: str = "program",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``n`` best rows (best first) and the ``n`` worst (worst first) of
    :func:`ranked`; a row is never in both, so with fewer than ``2 n`` rows the worst
    are the ones left after the best."""
    order = ranked(frame, by, higher_is_better=higher_is_better, name=name)
    best = order.head(n)
    rest = order.iloc[len(best) :]
    worst = rest.tail(n).iloc[::-1].reset_index(drop=True)
    return best.reset_index(drop=True), worst


def shorten(items: Sequence[str], t: Translate, *, limit: int = LIST_ALL) -> list[str]:
    """``items`` as they are when there are at most ``limit``; else the first ``limit``
    and a last item "68 more" (to be joined into a sentence)."""
    items = [str(x) for x in items]
    if len(items) <= limit:
        return items
    return [*items[:limit], t("list.more", n=len(items) - limit)]

"""What every part of a comparison shares: the figures of a notebook in a run's
results.json, and a result that says when a run lacks them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from copcwb.followup.runs import ROLES


def figure(results: dict[str, Any], notebook: str, name: str) -> Any:
    """The key figure ``name`` of ``notebook`` in a run's results.json, or None when the
    run lacks the notebook, the notebook did not complete, or it recorded no such
    figure (or an empty one)."""
    run = (results.get("notebooks") or {}).get(notebook) or {}
    if run.get("status", "completed") != "completed":
        return None
    value = (run.get("figures") or {}).get(name)
    return value if value not in (None, {}, []) else None


def lacking(then: Any, now: Any) -> tuple[str, ...]:
    """The roles ("baseline", "follow_up") whose figure is None."""
    return tuple(role for role, value in zip(ROLES, (then, now), strict=True) if value is None)


@dataclass(frozen=True)
class Part:
    """One part of a comparison: ``table`` (its columns listed by each part) and
    ``missing``, the runs that lack its figures ("baseline", "follow_up"); a part with
    a missing run is not available and its table is empty."""

    table: pd.DataFrame
    missing: tuple[str, ...] = ()

    @property
    def available(self) -> bool:
        return not self.missing

    def summary(self) -> pd.DataFrame:
        """The table (tidy, one row per compared item)."""
        return self.table.copy()

    def __repr__(self) -> str:
        state = f"{len(self.table)} rows" if self.available else f"missing: {self.missing}"
        return f"{type(self).__name__}({state})"


def empty(columns: tuple[str, ...]) -> pd.DataFrame:
    """A table with ``columns`` and no rows."""
    return pd.DataFrame(columns=list(columns))

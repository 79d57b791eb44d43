"""Process or people for every critical-error type at once (see :mod:`copcwb.quality.agents`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from copcwb.quality.agents import AgentVariationResult, agent_variation
from copcwb.terms import ERROR_TYPES


@dataclass(frozen=True, eq=False)
class ProcessOrPeople:
    """Result of :func:`process_or_people`.

    by_type: error type -> :class:`AgentVariationResult`, in ERROR_TYPES order.
    monitoring: the monitoring types used; alpha: the level of the tests.
    """

    by_type: dict[str, AgentVariationResult]
    monitoring: tuple[str, ...]
    alpha: float

    def summary(self) -> pd.DataFrame:
        """Every type's table, one below the other (columns of AgentVariationResult.table)."""
        return pd.concat([r.table for r in self.by_type.values()], ignore_index=True)

    def agents(self) -> pd.DataFrame:
        """Every type's agents, with an error_type column first."""
        return pd.concat(
            [r.agents.assign(error_type=t) for t, r in self.by_type.items()], ignore_index=True
        )

    def coaching(self) -> pd.DataFrame:
        """The agents above the 99.8% limit of any type (error_type, by..., agent, ...)."""
        return pd.concat(
            [r.coaching().assign(error_type=t) for t, r in self.by_type.items()],
            ignore_index=True,
        )

    def codes(self) -> pd.DataFrame:
        """Every type's error codes by signature, with an error_type column."""
        return pd.concat(
            [r.codes.assign(error_type=t) for t, r in self.by_type.items()], ignore_index=True
        )


def process_or_people(
    qa: pd.DataFrame | None,
    *,
    by: Iterable[str] | str = ("program",),
    monitoring: Iterable[str] | str = ("process",),
    alpha: float = 0.05,
) -> ProcessOrPeople | None:
    """:func:`agent_variation` for each critical-error type; None without a QA export, or
    when it holds no monitoring of the chosen types."""
    if qa is None:
        return None
    chosen = (monitoring,) if isinstance(monitoring, str) else tuple(monitoring)
    if not qa["monitoring_type"].isin(chosen).any():
        return None
    results = {
        t: agent_variation(qa, error_type=t, by=by, monitoring=chosen, alpha=alpha)
        for t in ERROR_TYPES
    }
    first = next(iter(results.values()))
    return ProcessOrPeople(results, first.monitoring, alpha)

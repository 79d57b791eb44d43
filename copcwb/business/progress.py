"""How far the action plan has come: actions found, done, in progress and open, in
all and per class of action ("this month we found 100 problems, 60 are solved")."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from copcwb.baseline.readiness_rules import OVERALL
from copcwb.business.plan import ACTION_CLASSES, DONE, IN_PROGRESS, OPEN, STATUSES

#: the columns of ``ActionProgress.by_class`` and of its summary
PROGRESS_COLUMNS = ("action_class", "n_found", "n_done", "n_in_progress", "n_open", "share_done")


@dataclass(frozen=True)
class ActionProgress:
    """The state of an action plan.

    ``n_found`` actions in all, of which ``n_done``, ``n_in_progress`` and ``n_open``;
    ``by_class``: one row per action class (in ``ACTION_CLASSES`` order, every class
    listed, none found giving zeros): action_class, n_found, n_done, n_in_progress,
    n_open, share_done (n_done / n_found; NaN when none was found).
    """

    n_found: int
    n_done: int
    n_in_progress: int
    n_open: int
    by_class: pd.DataFrame

    @property
    def share_done(self) -> float:
        """The share of the actions found that are done (NaN when none was found)."""
        return self.n_done / self.n_found if self.n_found else float("nan")

    def summary(self) -> pd.DataFrame:
        """``by_class`` with a last row for the whole plan (action_class "ALL")."""
        total = {
            "action_class": OVERALL,
            "n_found": self.n_found,
            "n_done": self.n_done,
            "n_in_progress": self.n_in_progress,
            "n_open": self.n_open,
            "share_done": self.share_done,
        }
        return pd.concat([self.by_class, pd.DataFrame([total])], ignore_index=True)

    def __repr__(self) -> str:
        return (
            f"ActionProgress(found={self.n_found}, done={self.n_done}, "
            f"in_progress={self.n_in_progress}, open={self.n_open})"
        )


def action_progress(actions: pd.DataFrame) -> ActionProgress:
    """Count the actions of a plan (columns action_class and status, as ids: the frame
    of ``read_actions`` or the "actions" of a run's results.json) by status, in all
    and per class. ValueError names a status or class that is not an id."""
    for column, known in (("status", STATUSES), ("action_class", ACTION_CLASSES)):
        unknown = sorted(set(actions[column]) - set(known), key=str)
        if unknown:
            raise ValueError(f"unknown {column} in the action plan: {unknown}")
    counts = (
        pd.crosstab(actions["action_class"], actions["status"])
        .reindex(index=list(ACTION_CLASSES), columns=list(STATUSES), fill_value=0)
        .astype(int)
    )
    by_class = pd.DataFrame(
        {
            "action_class": list(ACTION_CLASSES),
            "n_found": counts.sum(axis=1).to_numpy(),
            "n_done": counts[DONE].to_numpy(),
            "n_in_progress": counts[IN_PROGRESS].to_numpy(),
            "n_open": counts[OPEN].to_numpy(),
        }
    )
    by_class["share_done"] = by_class["n_done"] / by_class["n_found"].where(by_class["n_found"] > 0)
    return ActionProgress(
        n_found=int(len(actions)),
        n_done=int(counts[DONE].sum()),
        n_in_progress=int(counts[IN_PROGRESS].sum()),
        n_open=int(counts[OPEN].sum()),
        by_class=by_class[list(PROGRESS_COLUMNS)],
    )

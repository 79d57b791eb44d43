"""The business side of an assessment: the action plan, its workbook and its progress.

``write_actions`` writes the plan to actions.xlsx, ``read_actions`` reads the workbook
back as the client returns it, ``action_progress`` counts what is found, in progress
and done, in all and per class of action.
"""

from copcwb.business.plan import ACTION_CLASSES, ACTION_COLUMNS, STATUSES
from copcwb.business.progress import ActionProgress, action_progress
from copcwb.business.workbook import read_actions, write_actions

__all__ = [
    "ACTION_CLASSES",
    "ACTION_COLUMNS",
    "STATUSES",
    "ActionProgress",
    "action_progress",
    "read_actions",
    "write_actions",
]

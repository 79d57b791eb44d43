"""The vocabulary of an action plan: its columns, action classes and statuses, and the
labels people see for them in each report language.

A plan's cells hold ids (``"process_change"``, ``"in_progress"``); a workbook or report
shows their labels (catalog keys ``action_class.<id>`` and ``action_status.<id>``).
The classes of action are those of ``copcwb.business_options.ACTION_CLASSES``.
A label typed back by a client, in any of the report languages, in any case and with
extra spaces, reads as its id again (``class_id``, ``status_id``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from copcwb.business_options import ACTION_CLASSES
from copcwb.i18n import LANGUAGES, text

#: the columns of an action, in order; the first nine are the public columns of
#: actions.xlsx
ACTION_COLUMNS: tuple[str, ...] = (
    "id",
    "finding",
    "action_class",
    "evidence",
    "value",
    "priority",
    "owner",
    "status",
    "due",
    "program",
    "kind",
    "value_basis",
    "placeholders",
    "accountable",
    "supportive",
    "consulted",
    "informed",
    "raised",
    "done_on",
    "comment",
)
#: the columns an action plan cannot do without
REQUIRED_COLUMNS: tuple[str, ...] = ("id", "finding", "action_class", "status")
#: the columns holding dates
DATE_COLUMNS: tuple[str, ...] = ("due", "raised", "done_on")

#: the states of an action, from found to solved
STATUSES: tuple[str, ...] = ("open", "in_progress", "done")
OPEN, IN_PROGRESS, DONE = STATUSES


def class_label(action_class: str, lang: str = "en") -> str:
    """The label of an action class in ``lang`` ("Process change")."""
    return text(f"action_class.{action_class}", lang)


def status_label(status: str, lang: str = "en") -> str:
    """The label of a status in ``lang`` ("in progress")."""
    return text(f"action_status.{status}", lang)


def _folded(value: object) -> str:
    """A typed value as compared with ids and labels: width-normalised (NFKC), spaces
    collapsed, case-folded; underscores and hyphens read as spaces."""
    folded = unicodedata.normalize("NFKC", str(value)).casefold()
    return re.sub(r"[\s_-]+", " ", folded).strip()


@cache
def _readings(prefix: str, ids: tuple[str, ...]) -> dict[str, str]:
    readings: dict[str, str] = {}
    for id_ in ids:
        for written in (id_, *(text(f"{prefix}.{id_}", lang) for lang in LANGUAGES)):
            known = readings.setdefault(_folded(written), id_)
            if known != id_:
                raise ValueError(f"'{written}' reads as both {known} and {id_}")
    return readings


def class_id(value: object) -> str | None:
    """The action class ``value`` names (its id or its label in any report language,
    any case, extra spaces), or None."""
    return _readings("action_class", ACTION_CLASSES).get(_folded(value))


def status_id(value: object) -> str | None:
    """The status ``value`` names (its id or its label in any report language, any
    case, extra spaces), or None."""
    return _readings("action_status", STATUSES).get(_folded(value))

"""Owners from a RASIC matrix: role -> {action class: R, A, S, I or C}."""

from __future__ import annotations

from collections.abc import Mapping

#: the letter of each role column of an action
ROLE_COLUMNS = {
    "R": "owner",
    "A": "accountable",
    "S": "supportive",
    "I": "informed",
    "C": "consulted",
}


def roles_for(action_class: str, rasic: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """The roles of ``action_class`` by column: owner (the Responsible roles), accountable,
    supportive, informed, consulted; several roles of one letter are joined with ", " in
    the matrix's order, none gives ""."""
    found: dict[str, list[str]] = {column: [] for column in ROLE_COLUMNS.values()}
    for role, row in rasic.items():
        letter = row.get(action_class)
        if letter in ROLE_COLUMNS:
            found[ROLE_COLUMNS[letter]].append(role)
    return {column: ", ".join(roles) for column, roles in found.items()}


def unowned_classes(rasic: Mapping[str, Mapping[str, str]], classes: list[str]) -> list[str]:
    """The action classes of ``classes`` that no role of the matrix is Responsible for."""
    return [c for c in classes if not roles_for(c, rasic)["owner"]]

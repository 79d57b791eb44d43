"""Looking up a figure of the engagement's economics for one program."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

#: where a figure came from
SOURCES = ("engagement", "kpis", "wfm", "contacts", "placeholder", "none")


def figure_for(value: float | Mapping[str, float] | None, program: str) -> float | None:
    """``value`` for ``program``: the number itself, the mapping's entry for the program
    (None when the mapping does not name it), or None."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        found = value.get(program)
        return None if found is None else float(found)
    return float(value)


def queues_of(program: str, queues: Mapping[str, list[str]], known: Iterable[str]) -> list[str]:
    """The WFM queues of ``program``: those the engagement maps to it, else a queue named
    like the program (case and spaces ignored), else none."""
    if program in queues:
        return list(queues[program])
    key = program.strip().casefold()
    return [q for q in known if str(q).strip().casefold() == key]

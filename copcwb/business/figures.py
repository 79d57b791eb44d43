"""Looking up a figure of the engagement's economics for one program."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from copcwb.terms import identifier

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


def wfm_queues_of(program: str, queues: Mapping[str, list[str]], wfm) -> list[str]:
    """:func:`queues_of` among the queues of the WFM export ``wfm`` (none without one)."""
    known = [] if wfm is None else list(dict.fromkeys(wfm["queue"]))
    return queues_of(program, queues, known)


def queues_of(program: str, queues: Mapping[str, list[str]], known: Iterable[str]) -> list[str]:
    """The WFM queues of ``program``: those the engagement maps to it, else the queues
    named after the program: its name (case and spaces ignored) or its name as an
    identifier, alone or followed by "_" and a channel ("Mobile Support" ->
    "mobile_support", "mobile_support_voice"); else none."""
    if program in queues:
        return list(queues[program])
    key, ident = program.strip().casefold(), identifier(program)
    return [
        q
        for q in known
        if str(q).strip().casefold() == key
        or identifier(q) == ident
        or identifier(q).startswith(ident + "_")
    ]

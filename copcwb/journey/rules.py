"""The rules that judge a journey checkpoint from the journeys file, as SQL.

Each rule gives, for every contact, the state of its checkpoint: NULL (not applicable:
the contact has no such step, or the row lacks the facts), 0 (passed), 1 (failed) or 2
(open: not judged yet, e.g. a case still open, a callback not yet due, a contact whose
repeat window runs past the end of the data). Parameters are in the rule's unit:

============================  ===================================================  ========
rule                          fails when                                           value
============================  ===================================================  ========
bot_unresolved                the bot session did not resolve the request          -
bot_dead_end                  ... and the customer came back within the window     hours
over_threshold, count_over    the column exceeds the value                         its unit
sum_over_threshold            the columns together exceed the value                its unit
callback_late                 made later than promised + value, or never made      minutes
callback_missing              a promised callback was never made (open until due)  minutes
case_sla                      closed - opened > sla hours (still open: open)       -
repeat                        the same customer contacted the program again        hours
flag_zero                     the 0/1 column is 0                                  -
resolved_repeat               recorded resolved, yet a repeat within the window    hours
============================  ===================================================  ========

A boundary value passes: a callback exactly 15 minutes late passes a 15-minute tolerance,
a case closed in exactly 4 hours meets a 4-hour SLA.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

#: states of a checkpoint for one contact
PASSED, FAILED, OPEN = 0, 1, 2
NUMERIC = ("ivr_seconds", "queue_seconds", "transfers", "sla_hours")
FLAGS = ("bot_used", "bot_resolved", "resolved_flag")
BOT = ("bot_used", "bot_resolved")
CALLBACK = ("callback_promised_at", "callback_made_at")
CASE = ("case_opened_at", "case_closed_at", "sla_hours")
REPEAT = ("customer_id", "start_time")
_US = {"hours": 3_600_000_000, "minutes": 60_000_000}


def q(name: str) -> str:
    """A column name quoted for SQL."""
    return '"' + name.replace('"', '""') + '"'


def us(column: str) -> str:
    """SQL of a timestamp column in microseconds."""
    return f"epoch_us({q(column)})"


def micros(value: float, unit: str) -> int:
    """``value`` hours or minutes in microseconds."""
    return int(round(float(value) * _US[unit]))


@dataclass(frozen=True)
class Sql:
    """What a rule's SQL refers to besides the checkpoint's own columns: the contact's
    next contact by the same customer in the same program (``next_start``), the end of
    the data (``data_end``) and the SQL of each case's SLA hours (``sla``)."""

    next_start: str = "next_start"
    data_end: str = "data_end"
    sla: str = q("sla_hours")

    def censored(self, hours: float) -> str:
        return f"({us('start_time')} + {micros(hours, 'hours')} > {us(self.data_end)})"

    def repeat(self, hours: float) -> str:
        window = micros(hours, "hours")
        nxt = q(self.next_start)
        return f"({nxt} IS NOT NULL AND {us(self.next_start)} - {us('start_time')} <= {window})"


@dataclass(frozen=True)
class Rule:
    """A rule: the columns it needs (``fixed``, or ``numeric`` / ``flag`` columns, at least
    ``least`` of them), the unit of its parameter (None: it has none) and its SQL."""

    name: str
    sql: Callable[[tuple[str, ...], float, Sql], str]
    fixed: tuple[str, ...] = ()
    numeric: bool = False
    flag: bool = False
    least: int = 1
    parameter: str | None = None

    @property
    def needs_text(self) -> str:
        if self.fixed:
            return " ".join(self.fixed)
        kind = "0/1 column" if self.flag else "numeric column"
        return f"{'at least ' + str(self.least) + ' ' if self.least > 1 else 'one '}{kind}"

    def accepts(self, needs: tuple[str, ...]) -> bool:
        """Whether ``needs`` are columns this rule can judge."""
        if self.fixed:
            return set(needs) == set(self.fixed)
        pool = FLAGS if self.flag else NUMERIC
        many = len(needs) >= self.least if self.least > 1 else len(needs) == 1
        return many and all(c in pool for c in needs)

    def usable(self, needs: tuple[str, ...], columns: Iterable[str]) -> bool:
        """Whether a journeys table with ``columns`` has what the rule needs."""
        return set(needs) <= set(columns)


def _no_bot_session() -> str:
    """SQL true where a contact had no bot session to judge (no outcome, or no bot used)."""
    return f"{q('bot_resolved')} IS NULL OR coalesce({q('bot_used')}, 1) = 0"


def _bot(needs, value, s: Sql) -> str:
    return (
        f"CASE WHEN {_no_bot_session()} THEN NULL "
        f"WHEN {q('bot_resolved')} = 0 THEN {FAILED} ELSE {PASSED} END"
    )


def _dead_end(needs, value, s: Sql) -> str:
    return (
        f"CASE WHEN {_no_bot_session()} THEN NULL "
        f"WHEN {q('bot_resolved')} = 1 THEN {PASSED} WHEN {s.censored(value)} THEN {OPEN} "
        f"WHEN {s.repeat(value)} THEN {FAILED} ELSE {PASSED} END"
    )


def _over(needs, value, s: Sql) -> str:
    missing = " OR ".join(f"{q(c)} IS NULL" for c in needs)
    total = " + ".join(q(c) for c in needs)
    limit = float(value)
    return f"CASE WHEN {missing} THEN NULL WHEN {total} > {limit!r} THEN {FAILED} ELSE {PASSED} END"


def _late(needs, value, s: Sql) -> str:
    promised, made = CALLBACK
    tolerance = micros(value, "minutes")
    return (
        f"CASE WHEN {q(promised)} IS NULL THEN NULL "
        f"WHEN {q(made)} IS NOT NULL THEN CASE WHEN {us(made)} - {us(promised)} <= {tolerance} "
        f"THEN {PASSED} ELSE {FAILED} END "
        f"WHEN {us(promised)} + {tolerance} > {us(s.data_end)} THEN {OPEN} ELSE {FAILED} END"
    )


def _missing(needs, value, s: Sql) -> str:
    promised, made = CALLBACK
    tolerance = micros(value if value == value else 0.0, "minutes")
    return (
        f"CASE WHEN {q(promised)} IS NULL THEN NULL WHEN {q(made)} IS NOT NULL THEN {PASSED} "
        f"WHEN {us(promised)} + {tolerance} > {us(s.data_end)} THEN {OPEN} ELSE {FAILED} END"
    )


def _sla(needs, value, s: Sql) -> str:
    opened, closed = CASE[:2]
    return (
        f"CASE WHEN {q(opened)} IS NULL OR ({s.sla}) IS NULL THEN NULL "
        f"WHEN {q(closed)} IS NULL THEN {OPEN} "
        f"WHEN {us(closed)} - {us(opened)} <= ({s.sla}) * {_US['hours']} THEN {PASSED} "
        f"ELSE {FAILED} END"
    )


def _repeat(needs, value, s: Sql) -> str:
    return (
        f"CASE WHEN {s.censored(value)} THEN {OPEN} WHEN {s.repeat(value)} THEN {FAILED} "
        f"ELSE {PASSED} END"
    )


def _zero(needs, value, s: Sql) -> str:
    (column,) = needs
    name = q(column)
    return f"CASE WHEN {name} IS NULL THEN NULL WHEN {name} = 0 THEN {FAILED} ELSE {PASSED} END"


def _resolved_repeat(needs, value, s: Sql) -> str:
    return (
        f"CASE WHEN {q('resolved_flag')} IS NULL OR {q('resolved_flag')} = 0 THEN NULL "
        f"WHEN {s.censored(value)} THEN {OPEN} WHEN {s.repeat(value)} THEN {FAILED} "
        f"ELSE {PASSED} END"
    )


RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        Rule("bot_unresolved", _bot, fixed=BOT),
        Rule("bot_dead_end", _dead_end, fixed=BOT, parameter="hours"),
        Rule("over_threshold", _over, numeric=True, parameter="unit"),
        Rule("sum_over_threshold", _over, numeric=True, least=2, parameter="unit"),
        Rule("count_over", _over, numeric=True, parameter="unit"),
        Rule("callback_late", _late, fixed=CALLBACK, parameter="minutes"),
        Rule("callback_missing", _missing, fixed=CALLBACK),
        Rule("case_sla", _sla, fixed=CASE),
        Rule("repeat", _repeat, fixed=REPEAT, parameter="hours"),
        Rule("flag_zero", _zero, flag=True),
        Rule("resolved_repeat", _resolved_repeat, fixed=("resolved_flag",), parameter="hours"),
    )
}


def needed_columns(rule: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """The columns a rule with fixed columns needs (``default`` for the others)."""
    found = RULES.get(rule)
    return found.fixed if found is not None and found.fixed else default


def state_sql(rule: str, needs: tuple[str, ...], value: float, context: Sql) -> str:
    """The SQL of a checkpoint's state (NULL, PASSED, FAILED or OPEN) for each contact."""
    return RULES[rule].sql(needs, value, context)

"""The large demo's contact log: drawn a day at a time and written in chunks, so memory
stays bounded whatever the number of contacts; the survey's respondents are sampled from
it on the way.

Each day gets its planned number of contacts (day-of-week weights): the repeats that fall
on it, then new issues of customers drawn from a pool, each with its chain of repeats in
the same program (``contacts.follow_ups``). The file is in order of start time and has
exactly the number of contacts asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from copcwb.synth import contacts
from copcwb.synth._chunks import ChunkWriter, labels, numbered
from copcwb.synth._large_spec import CHANNEL_CODES, PROGRAMS, Design
from copcwb.synth._spec import CHANNELS

CUSTOMERS_PER_CONTACT = 1.5  # size of the customer pool
CUSTOMER_BASE = 10_000_000  # customer ids "C" + 8 digits
CONTACT_BASE = 300_000_000  # contact ids "K" + 9 digits, in order of start time
REPEAT_SPREAD = 0.2  # log repeat rate per unit of program quality (better: fewer repeats)
MAX_REPEAT = 0.6  # highest base repeat probability of a program
WRITE_ROWS = 250_000
REPEAT_WINDOW_S = 7 * 86_400
_SHIFT = 26  # bits of the seconds in a (program, customer, second) sort key
ARCHETYPES = tuple(contacts.REASONS)
REASON_NAMES: tuple[str, ...] = tuple(r for a in ARCHETYPES for r, _ in contacts.REASONS[a])
COLUMNS = ["contact_id", "customer_id", "program", "channel", "start_time", "reason"]


def _cumulative(weights: np.ndarray) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return np.cumsum(w / w.sum(axis=-1, keepdims=True), axis=-1)


def _pick_rows(rng: np.random.Generator, cum: np.ndarray) -> np.ndarray:
    """One index per row of ``cum`` (cumulative probabilities), drawn by its row."""
    u = rng.random(len(cum))
    return np.minimum((u[:, None] >= cum).sum(axis=1), cum.shape[1] - 1)


@dataclass(frozen=True)
class LogModel:
    """Per-program arrays of the contact model (in PROGRAMS order)."""

    share: np.ndarray
    repeat_base: np.ndarray
    channel_cum: np.ndarray
    reason_cum: np.ndarray
    reason_code: np.ndarray
    pool: int

    @classmethod
    def build(cls, design: Design, n_contacts: int) -> LogModel:
        arch = [ARCHETYPES.index(a) for a in design.archetype]
        reasons = [contacts.REASONS[a] for a in ARCHETYPES]
        offsets = np.cumsum([0] + [len(r) for r in reasons])[:-1]
        return cls(
            share=design.share,
            repeat_base=np.minimum(
                MAX_REPEAT,
                np.array([contacts.REPEAT_BASE[a] for a in design.archetype])
                * np.exp(-REPEAT_SPREAD * design.quality),
            ),
            channel_cum=_cumulative(np.array([contacts.CHANNEL_MIX[a] for a in design.archetype])),
            reason_cum=_cumulative(np.array([[w for _, w in reasons[a]] for a in arch])),
            reason_code=np.array([offsets[a] + np.arange(len(reasons[a])) for a in arch]),
            pool=round(n_contacts * CUSTOMERS_PER_CONTACT),
        )

    def repeat_p(self, program: np.ndarray, channel: np.ndarray) -> np.ndarray:
        factor = np.array([contacts.REPEAT_CHANNEL_FACTOR[c] for c in CHANNELS])
        return self.repeat_base[program] * factor[channel]

    def redraw(
        self, rng: np.random.Generator, program: np.ndarray, change: np.ndarray, reason: np.ndarray
    ) -> None:
        picked = _pick_rows(rng, self.reason_cum[program[change]])
        reason[change] = self.reason_code[program[change], picked]

    def episodes(self, rng: np.random.Generator, day: np.datetime64, n: int) -> contacts.Log:
        """First contacts about ``n`` new issues on ``day``."""
        program = rng.choice(len(self.share), size=n, p=self.share)
        channel = _pick_rows(rng, self.channel_cum[program])
        reason = self.reason_code[program, _pick_rows(rng, self.reason_cum[program])]
        customer = rng.integers(0, self.pool, n)
        seconds = contacts.seconds_of_day(rng, channel, CHANNEL_CODES)
        return customer, program, channel, reason, day + seconds.astype("timedelta64[s]")


def _concat(parts: list[contacts.Log]) -> contacts.Log:
    return tuple(np.concatenate(col) for col in zip(*parts, strict=True))  # type: ignore[return-value]


def _take(log: contacts.Log, keep: np.ndarray) -> contacts.Log:
    return tuple(col[keep] for col in log)  # type: ignore[return-value]


@dataclass(frozen=True)
class Respondents:
    """Survey respondents sampled from the log's voice contacts, in the log's order:
    ``contact`` (the number of the contact id), ``program`` code and ``repeat`` (1 when
    the same customer contacted the same program again within 7 days)."""

    contact: np.ndarray
    program: np.ndarray
    repeat: np.ndarray

    @classmethod
    def empty(cls, n: int) -> Respondents:
        return cls(*(np.zeros(n, np.int64) for _ in range(3)))


class _RepeatWatch:
    """Respondents whose 7 days are still open, matched against each day's contacts."""

    def __init__(self, pool: int, start: np.datetime64) -> None:
        self.pool, self.start = pool, start
        self.key = np.empty(0, np.int64)
        self.sec = np.empty(0, np.int64)
        self.slot = np.empty(0, np.int64)

    def _keys(self, log: contacts.Log) -> tuple[np.ndarray, np.ndarray]:
        customer, program, _, _, t = log
        sec = (t - self.start).astype("timedelta64[s]").astype(np.int64)
        return program.astype(np.int64) * self.pool + customer, sec

    def add(self, log: contacts.Log, slots: np.ndarray) -> None:
        key, sec = self._keys(log)
        self.key, self.sec = np.r_[self.key, key], np.r_[self.sec, sec]
        self.slot = np.r_[self.slot, slots]

    def match(self, day: contacts.Log, flags: np.ndarray, day_end_s: int) -> None:
        """Set ``flags[slot]`` of respondents with a later contact in ``day``; forget
        those answered or whose window closed."""
        key, sec = self._keys(day)
        comb = np.sort((key << _SHIFT) + sec)
        want = (self.key << _SHIFT) + self.sec + 1
        pos = np.minimum(np.searchsorted(comb, want), max(len(comb) - 1, 0))
        found = comb[pos] if len(comb) else np.full(len(want), -1)
        hit = (
            (found >= want)
            & ((found >> _SHIFT) == self.key)
            & ((found & ((1 << _SHIFT) - 1)) - self.sec <= REPEAT_WINDOW_S)
        )
        flags[self.slot[hit]] = 1
        keep = ~hit & (self.sec + REPEAT_WINDOW_S >= day_end_s)
        self.key, self.sec, self.slot = self.key[keep], self.sec[keep], self.slot[keep]


@dataclass
class _Plan:
    """What the day loop needs: the model, the period, the planned totals."""

    model: LogModel
    start: np.datetime64
    end: np.datetime64
    days: np.ndarray  # datetime64[s] midnights
    cum_target: np.ndarray  # contacts planned up to and including each day
    survey: np.ndarray  # respondents planned on each day

    @classmethod
    def build(
        cls,
        rng: np.random.Generator,
        model: LogModel,
        start: pd.Timestamp,
        end: pd.Timestamp,
        n: int,
        n_survey: int,
    ) -> _Plan:
        days = pd.date_range(start, pd.Timestamp(end) - pd.Timedelta(days=1), freq="D")
        w = np.array([contacts.DAY_WEIGHTS[d] for d in days.day_of_week])
        cum_target = np.cumsum(rng.multinomial(n, w / w.sum()))
        judged = np.arange(len(days)) < len(days) - 8  # whole 7 days inside the log
        survey = np.zeros(len(days), np.int64)
        survey[judged] = rng.multinomial(n_survey, w[judged] / w[judged].sum())
        midnights = days.to_numpy().astype("datetime64[s]")
        return cls(model, midnights[0], np.datetime64(pd.Timestamp(end), "s"), midnights,
                   cum_target, survey)  # fmt: skip


def _day(
    rng: np.random.Generator, plan: _Plan, d: int, pending: contacts.Log, written: int
) -> tuple[contacts.Log, contacts.Log]:
    """The contacts of day ``d`` in order (time, customer) and the repeats still to come."""
    m = plan.model
    day_end = plan.days[d] + np.timedelta64(1, "D")
    arriving = pending[4] < day_end
    n_new = max(0, int(plan.cum_target[d]) - written - int(arriving.sum()))
    first = m.episodes(rng, plan.days[d], n_new)
    chains = contacts.follow_ups(
        rng, first, plan.end, repeat_p=m.repeat_p, redraw=m.redraw, codes=(0, 1, 2)
    )
    fresh = _concat(chains)
    later = _concat([_take(pending, ~arriving), _take(fresh, fresh[4] >= day_end)])
    rows = _concat([_take(pending, arriving), _take(fresh, fresh[4] < day_end)])
    if d == len(plan.days) - 1 and written + len(rows[0]) > plan.cum_target[d]:
        keep = np.sort(rng.choice(len(rows[0]), int(plan.cum_target[d]) - written, replace=False))
        rows = _take(rows, keep)
    rows = _take(rows, np.lexsort((rows[0], rows[4])))
    return rows, _take(later, later[4] < plan.end)


def _respond(
    rng: np.random.Generator, plan: _Plan, d: int, rows: contacts.Log, filled: int, out: Respondents
) -> tuple[np.ndarray, int]:
    """Sample day ``d``'s respondents among its voice contacts into ``out`` from slot
    ``filled``; return their row positions and the new count."""
    live = np.flatnonzero(rows[2] == CHANNEL_CODES["voice"])
    due = int(plan.survey[: d + 1].sum()) - filled
    k = min(due, len(live))
    picked = np.sort(rng.choice(live, size=k, replace=False)) if k else live[:0]
    out.program[filled : filled + k] = rows[1][picked]
    return picked, filled + k


def _chunk(rows: contacts.Log, first_number: int, pool: int) -> dict[str, pa.Array]:
    customer, program, channel, reason, t = rows
    width = len(str(CUSTOMER_BASE + pool))
    return {
        "contact_id": numbered("K", first_number + np.arange(len(t)), 9),
        "customer_id": numbered("C", CUSTOMER_BASE + customer, width),
        "program": labels(PROGRAMS, program),
        "channel": labels(CHANNELS, channel),
        "start_time": pa.array(t.astype("datetime64[s]"), pa.timestamp("s")),
        "reason": labels(REASON_NAMES, reason),
    }


def write_contacts(
    path: Path,
    rng: np.random.Generator,
    design: Design,
    *,
    start: pd.Timestamp,
    end: pd.Timestamp,
    n_contacts: int,
    n_survey: int,
) -> Respondents:
    """Write the contact log (columns contact_id, customer_id, program, channel,
    start_time, reason; ``n_contacts`` rows from ``start`` up to ``end``, in order of
    start time) to ``path``; return ``n_survey`` respondents sampled from it (voice
    contacts whose 7 days lie inside the log)."""
    model = LogModel.build(design, n_contacts)
    plan = _Plan.build(rng, model, start, end, n_contacts, n_survey)
    out = Respondents.empty(n_survey)
    watch = _RepeatWatch(model.pool, plan.start)
    pending = _take(model.episodes(rng, plan.days[0], 0), np.zeros(0, bool))
    written, filled, buffer = 0, 0, []
    with ChunkWriter(path, "contacts", COLUMNS) as writer:
        for d in range(len(plan.days)):
            rows, pending = _day(rng, plan, d, pending, written)
            missing = rng.random(len(rows[0])) < contacts.MISSING_REASON_SHARE
            rows[3][missing] = -1
            picked, now = _respond(rng, plan, d, rows, filled, out)
            out.contact[filled:now] = CONTACT_BASE + written + picked + 1
            watch.add(_take(rows, picked), np.arange(filled, now))
            day_end_s = (d + 1) * 86_400
            watch.match(rows, out.repeat, day_end_s)
            filled = now
            buffer.append((rows, written))
            written += len(rows[0])
            if written - buffer[0][1] >= WRITE_ROWS or d == len(plan.days) - 1:
                merged = _concat([b[0] for b in buffer])
                writer.write(_chunk(merged, CONTACT_BASE + buffer[0][1] + 1, model.pool))
                buffer = []
    if filled < n_survey:
        raise ValueError(f"too few voice contacts for {n_survey:,} survey responses")
    return out

"""Contact log of the last three months, with planted repeat contacts."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from copcwb.synth._rng import Calendar
from copcwb.synth._spec import BILLING, CHANNELS, PROGRAMS, SALES, SUPPORT

N_EPISODES = 14_000  # first contacts about a new issue; repeats come on top
CUSTOMER_POOL = 120_000
CONTACT_ID_BASE = 30_000_000  # contact ids are "K" + 8 digits, in order of start time
MISSING_REASON_SHARE = 0.015

PROGRAM_SHARES = {BILLING: 0.45, SUPPORT: 0.35, SALES: 0.20}
CHANNEL_MIX = {  # voice, chat, email
    BILLING: (0.55, 0.25, 0.20),
    SUPPORT: (0.60, 0.30, 0.10),
    SALES: (0.75, 0.15, 0.10),
}
REASONS = {
    BILLING: (
        ("billing question", 0.40),
        ("payment arrangement", 0.20),
        ("bill dispute", 0.20),
        ("refund request", 0.10),
        ("address change", 0.10),
    ),
    SUPPORT: (
        ("outage", 0.25),
        ("slow internet", 0.25),
        ("device setup", 0.20),
        ("no signal", 0.15),
        ("router reset", 0.15),
    ),
    SALES: (
        ("cancel request", 0.35),
        ("plan change", 0.30),
        ("contract renewal", 0.15),
        ("price complaint", 0.15),
        ("upgrade offer", 0.05),
    ),
}
# probability that a contact is followed by another one about the same issue
REPEAT_BASE = {BILLING: 0.24, SUPPORT: 0.32, SALES: 0.44}
REPEAT_CHANNEL_FACTOR = {"voice": 0.85, "chat": 1.35, "email": 1.10}
# gap to the repeat: (share, low hours, high hours)
REPEAT_GAPS = ((0.45, 1.0, 48.0), (0.35, 48.0, 168.0), (0.20, 192.0, 480.0))
SAME_CHANNEL = 0.65
SAME_REASON = 0.85

DAY_WEIGHTS = (1.25, 1.10, 1.05, 1.00, 0.95, 0.70, 0.55)  # Monday .. Sunday
# arrivals per hour of the day 00..23 (voice and chat are open 08:00-22:00)
_CLOSED = (0.0,) * 8
HOUR_WEIGHTS = {
    "voice": (*_CLOSED, 0.5, 1.0, 1.3, 1.2, 0.9, 1.0, 1.2, 1.1, 1.0, 0.9, 0.7, 0.6, 0.5, 0.4, 0, 0),
    "chat": (*_CLOSED, 0.3, 0.6, 0.8, 0.9, 1.1, 1.0, 0.9, 0.9, 0.9, 0.9, 1.0, 1.2, 1.3, 1.1, 0, 0),
    "email": tuple(0.15 if h < 7 else 1.0 if h < 18 else 0.6 for h in range(24)),
}


def _pick(
    rng: np.random.Generator, labels: Sequence[str], weights: Sequence[float], size: int
) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return np.asarray(labels, dtype=object)[rng.choice(len(w), size=size, p=w / w.sum())]


def _open_hours(
    rng: np.random.Generator, t: np.ndarray, channel: np.ndarray, email: object = "email"
) -> np.ndarray:
    """Move voice and chat contacts (every channel but ``email``) outside 08:00-22:00 to
    the next opening."""
    day = t.astype("datetime64[D]")
    hour = (t - day) // np.timedelta64(1, "h")
    live = channel != email
    opening = rng.uniform(0, 90 * 60, len(t)).astype("timedelta64[s]")
    early = live & (hour < 8)
    late = live & (hour >= 22)
    t = t.copy()
    t[early] = day[early] + np.timedelta64(8, "h") + opening[early]
    t[late] = day[late] + np.timedelta64(32, "h") + opening[late]
    return t


def seconds_of_day(
    rng: np.random.Generator, channel: np.ndarray, codes: dict[str, object]
) -> np.ndarray:
    """Seconds after midnight of each contact, following HOUR_WEIGHTS of its channel;
    ``codes`` maps each channel name to the value that stands for it in ``channel``."""
    seconds = np.empty(len(channel))
    for name, code in codes.items():
        sel = channel == code
        hw = np.asarray(HOUR_WEIGHTS[name]) / np.sum(HOUR_WEIGHTS[name])
        h = rng.choice(24, size=int(sel.sum()), p=hw)
        seconds[sel] = h * 3600 + rng.uniform(0, 3600, int(sel.sum()))
    return seconds


#: one batch of contacts: customer, program, channel, reason, start time (datetime64[s])
Log = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def follow_ups(
    rng: np.random.Generator,
    first: Log,
    end: np.datetime64,
    *,
    repeat_p: Callable[[np.ndarray, np.ndarray], np.ndarray],
    redraw: Callable[[np.random.Generator, np.ndarray, np.ndarray, np.ndarray], None],
    codes: tuple[object, object, object] = ("voice", "chat", "email"),
) -> list[Log]:
    """``first`` and up to six rounds of repeat contacts about the same issues.

    A contact before ``end`` is followed by a repeat with probability ``repeat_p(program,
    channel)``, after a gap drawn from REPEAT_GAPS, in the same channel (SAME_CHANNEL) or
    else voice (chat for a voice contact), about the same reason (SAME_REASON) or else a
    reason ``redraw(rng, program, change, reason)`` writes where ``change`` is set.
    ``codes``: the values standing for voice, chat and email.
    """
    voice, chat, email = codes
    parts = [first]
    cur = first
    shares = np.array([g[0] for g in REPEAT_GAPS])
    for _ in range(6):
        c_cust, c_prog, c_chan, c_reason, c_t = cur
        rep = (rng.random(len(c_t)) < repeat_p(c_prog, c_chan)) & (c_t < end)
        m = int(rep.sum())
        if m == 0:
            break
        k = rng.choice(len(shares), size=m, p=shares)
        lo = np.array([g[1] for g in REPEAT_GAPS])[k]
        hi = np.array([g[2] for g in REPEAT_GAPS])[k]
        gap = (rng.uniform(lo, hi) * 3600).astype("timedelta64[s]")
        same_ch = rng.random(m) < SAME_CHANNEL
        new_chan = np.where(same_ch, c_chan[rep], np.where(c_chan[rep] == voice, chat, voice))
        new_chan = new_chan.astype(c_chan.dtype)
        new_prog = c_prog[rep]
        new_reason = c_reason[rep].copy()
        change = rng.random(m) >= SAME_REASON
        redraw(rng, new_prog, change, new_reason)
        new_t = _open_hours(rng, c_t[rep] + gap, new_chan, email)
        cur = (c_cust[rep], new_prog, new_chan, new_reason, new_t)
        parts.append(cur)
    return parts


def _repeat_p(program: np.ndarray, channel: np.ndarray) -> np.ndarray:
    return np.array([REPEAT_BASE[p] for p in program]) * np.array(
        [REPEAT_CHANNEL_FACTOR[c] for c in channel]
    )


def _redraw(
    rng: np.random.Generator, program: np.ndarray, change: np.ndarray, reason: np.ndarray
) -> None:
    for p in PROGRAMS:
        sel = change & (program == p)
        labels, weights = zip(*REASONS[p], strict=True)
        reason[sel] = _pick(rng, labels, weights, int(sel.sum()))


def generate(rng: np.random.Generator, cal: Calendar) -> pd.DataFrame:
    """Contact log with columns contact_id, customer_id, program, channel, start_time
    ("YYYY-MM-DD HH:MM:SS", local time), reason (missing for a few)."""
    start, end = cal.contacts_start, cal.period_end
    customers = np.sort(rng.choice(9_000_000, size=CUSTOMER_POOL, replace=False) + 1_000_000)
    n = N_EPISODES

    program = _pick(rng, PROGRAMS, [PROGRAM_SHARES[p] for p in PROGRAMS], n)
    channel = np.empty(n, dtype=object)
    reason = np.empty(n, dtype=object)
    for p in PROGRAMS:
        sel = program == p
        channel[sel] = _pick(rng, CHANNELS, CHANNEL_MIX[p], int(sel.sum()))
        labels, weights = zip(*REASONS[p], strict=True)
        reason[sel] = _pick(rng, labels, weights, int(sel.sum()))
    customer = rng.integers(0, CUSTOMER_POOL, n)

    days = pd.date_range(start, end - pd.Timedelta(days=1), freq="D")
    dw = np.array([DAY_WEIGHTS[d] for d in days.day_of_week])
    day = days.to_numpy()[rng.choice(len(days), size=n, p=dw / dw.sum())]
    seconds = seconds_of_day(rng, channel, {ch: ch for ch in CHANNELS})
    t = day + seconds.astype("timedelta64[s]")

    first = (customer, program, channel, reason, t)
    parts = follow_ups(rng, first, np.datetime64(end), repeat_p=_repeat_p, redraw=_redraw)

    cust, prog, chan, reas, when = (np.concatenate(col) for col in zip(*parts, strict=True))
    keep = when < np.datetime64(end)
    out = pd.DataFrame(
        {
            "customer_id": [f"C{customers[i]:07d}" for i in cust[keep]],
            "program": prog[keep],
            "channel": chan[keep],
            "start_time": pd.to_datetime(when[keep]).floor("s"),
            "reason": reas[keep],
        }
    )
    missing = rng.random(len(out)) < MISSING_REASON_SHARE
    out["reason"] = out["reason"].where(~missing, None)
    out = out.sort_values(["start_time", "customer_id"], kind="stable").reset_index(drop=True)
    out.insert(0, "contact_id", [f"K{CONTACT_ID_BASE + i + 1:08d}" for i in range(len(out))])
    out["start_time"] = out["start_time"].dt.strftime("%Y-%m-%d %H:%M:%S")
    return out[["contact_id", "customer_id", "program", "channel", "start_time", "reason"]]


def repeat_within(contacts: pd.DataFrame, days: float = 7.0) -> pd.Series:
    """1 when the same customer contacts again within ``days`` after a contact, else 0."""
    t = pd.to_datetime(contacts["start_time"])
    frame = pd.DataFrame({"c": contacts["customer_id"].to_numpy(), "t": t.to_numpy()})
    order = frame.sort_values(["c", "t"], kind="stable").index
    s = frame.loc[order]
    nxt = s["t"].shift(-1).where(s["c"].shift(-1) == s["c"])
    rep = ((nxt - s["t"]) <= pd.Timedelta(days=days)).astype(np.int64)
    return rep.reindex(contacts.index)

"""Half-hourly WFM forecast and actuals of the large demo's busiest queues, a queue at a
time (``wfm.queue_intervals``).

The queues are the voice and chat lines of the programs with the most contacts. Their
volumes are the client's whole traffic (CLIENT_DAILY_CONTACTS a day, shared as the
contact log shares its contacts), whatever the size of the contact-log extract, so
queues are as busy at 50,000 contacts as at 20 million. Some forecasts are
biased (a quarter of the queues, 5-8% either way), some under-forecast Monday mornings,
some run a longer actual AHT than forecast; a network outage on one Wednesday surges
every Mobile Support queue; a third of the Billing-type voice queues are sized for 95%
in 20 s (over-investment).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from copcwb.io.columns import KINDS
from copcwb.synth import wfm
from copcwb.synth._chunks import ChunkWriter
from copcwb.synth._large_spec import PROGRAMS, Design, slug
from copcwb.synth._rng import Calendar
from copcwb.synth._spec import BILLING, CHANNELS, SALES, SUPPORT
from copcwb.synth.contacts import CHANNEL_MIX

CLIENT_DAILY_CONTACTS = 150_000.0
AHT = {(BILLING, "voice"): 360.0, (SUPPORT, "voice"): 540.0, (SALES, "voice"): 600.0}
CHAT_AHT = 480.0
OUTAGE_LINE = "Mobile Support"
OUTAGE = (1.6, 10.0, 16.0)  # factor, from hour, to hour
#: the WFM input's columns, in the order the input's definition lists them
COLUMNS = [c.name for c in KINDS["wfm"].columns]


def plans(
    rng: np.random.Generator, design: Design, n_queues: int, outage_day: int
) -> list[wfm.QueuePlan]:
    """The plans of the ``n_queues`` busiest voice and chat queues, sorted by name.

    Traits are drawn for every candidate queue (each program's voice and chat) in a fixed
    order, so a queue's traits do not depend on how many queues are kept."""
    candidates = []
    for p, program in enumerate(PROGRAMS):
        arch = design.archetype[p]
        for c, channel in enumerate(CHANNELS[:2]):
            u = rng.random(6)
            volume = CLIENT_DAILY_CONTACTS * design.share[p] * CHANNEL_MIX[arch][c]
            goal = (0.80, 60.0) if channel == "chat" else (0.80, 20.0)
            if arch == BILLING and channel == "voice" and u[5] < 1 / 3:
                goal = (0.95, 20.0)
            plan = wfm.QueuePlan(
                queue=f"{slug(program)}_{channel}",
                channel=channel,
                daily_volume=round(volume, 1),
                noise=round(0.04 + 0.08 * u[0], 3),
                aht_s=AHT.get((arch, channel), CHAT_AHT) * float(np.exp(rng.normal(0.0, 0.1))),
                shrinkage=round(0.28 + 0.06 * u[1], 3),
                goal=goal,
                bias=float(rng.choice([0.92, 0.95, 1.05, 1.08])) if u[2] < 0.25 else 1.0,
                monday=(0.85, 12.0) if u[3] < 0.12 else None,
                surge=(outage_day, *OUTAGE) if program.endswith(OUTAGE_LINE) else None,
                aht_bias=round(1.03 + 0.05 * rng.random(), 3) if u[4] < 0.15 else 1.0,
            )
            candidates.append((volume, plan))
    busiest = sorted(range(len(candidates)), key=lambda i: -candidates[i][0])[:n_queues]
    return sorted((candidates[i][1] for i in busiest), key=lambda plan: plan.queue)


def write_wfm(
    path: Path,
    rng: np.random.Generator,
    design: Design,
    cal: Calendar,
    *,
    n_queues: int,
) -> int:
    """Write the intervals of ``n_queues`` queues over the calendar's WFM weeks (columns
    as ``wfm.generate`` returns them, sorted by queue and time) to ``path``; return the
    number of rows."""
    clock = wfm.Clock.build(cal.wfm_start, cal.wfm_end)
    outage_day = (cal.weeks // 2) * 7 + 2  # a Wednesday half-way through
    with ChunkWriter(path, "wfm", COLUMNS) as writer:
        for plan in plans(rng, design, n_queues, outage_day):
            frame = wfm.queue_intervals(rng, plan, clock)
            writer.write({c: frame[c].to_numpy() for c in COLUMNS})
    return writer.rows

"""QA monitoring records of the large demo, drawn and written a month at a time.

Each program's records follow its planned critical-error accuracy (``large_kpis``), its
agents differ in error propensity as in the demo, and monitoring is process,
individual or targeted as in the demo (``qa.monitored``). Programs get records in
proportion to their contact volume (and every program a few).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from copcwb.synth import qa
from copcwb.synth._chunks import ChunkWriter, labels, numbered
from copcwb.synth._large_spec import PROGRAMS, Design
from copcwb.synth._rng import Calendar
from copcwb.synth._spec import CRITICAL_ERRORS, QA_ACCURACY_METRIC
from copcwb.synth.large_kpis import true_accuracy

COLUMNS = [
    "transaction_id",
    "program",
    "date",
    "monitoring_type",
    "agent_id",
    *CRITICAL_ERRORS,
    "error_code",
]
MIN_PER_PROGRAM = 5  # records of each program over the engagement, at the least
_NAME_RANK = np.argsort(np.argsort(np.array(PROGRAMS)))  # position of each program by name


def _agents(rng: np.random.Generator, design: Design) -> tuple[np.ndarray, list[np.ndarray]]:
    """The first agent number of each program and its agents' error propensities."""
    first = np.r_[0, np.cumsum(design.agents)[:-1]] + 1
    propensity = []
    for count in design.agents:
        p = np.exp(rng.normal(0.0, qa.AGENT_SPREAD, count))
        propensity.append(p / p.mean())
    return first, propensity


def _counts(rng: np.random.Generator, design: Design, n: int, months: int) -> np.ndarray:
    """Records per month and program (months x programs), ``n`` in all: at least
    MIN_PER_PROGRAM per program (fewer when ``n`` is too small), the rest by contact
    volume, each program's spread evenly over the months at random."""
    base = min(MIN_PER_PROGRAM, n // len(PROGRAMS))
    totals = base + rng.multinomial(n - base * len(PROGRAMS), design.share)
    even = np.full(months, 1.0 / months)
    return np.stack([rng.multinomial(t, even) for t in totals], axis=1)


def _month(
    rng: np.random.Generator,
    design: Design,
    counts: np.ndarray,
    days: np.ndarray,
    errors: dict[str, np.ndarray],
    agents: tuple[np.ndarray, list[np.ndarray]],
) -> dict[str, np.ndarray]:
    """One month's records of every program, in order of date, program name and agent."""
    first, propensity = agents
    parts = []
    for p, n in enumerate(counts):
        batch = qa.monitored(rng, int(n), days, propensity[p], {ce: errors[ce][p] for ce in errors})
        batch["agent"] = batch["agent"] + first[p]
        batch["program"] = np.full(int(n), p)
        parts.append(batch)
    cols = {k: np.concatenate([b[k] for b in parts]) for k in parts[0]}
    order = np.lexsort((cols["agent"], _NAME_RANK[cols["program"]], cols["date"]))
    return {k: v[order] for k, v in cols.items()}


def write_qa(
    path: Path,
    rng: np.random.Generator,
    design: Design,
    plans: dict[str, np.ndarray],
    cal: Calendar,
    n_records: int,
) -> int:
    """Write ``n_records`` QA records (columns as ``qa.generate`` returns them, a month at
    a time, in order of date) to ``path``; return the number written."""
    months = cal.month_list
    accuracy = {
        ce: true_accuracy(plans, QA_ACCURACY_METRIC[ce], len(months)) for ce in CRITICAL_ERRORS
    }
    agents = _agents(rng, design)
    counts = _counts(rng, design, n_records, len(months))
    written = 0
    with ChunkWriter(path, "qa", COLUMNS) as writer:
        for mi, month in enumerate(months):
            errors = {ce: 1.0 - accuracy[ce][:, mi] for ce in CRITICAL_ERRORS}
            cols = _month(rng, design, counts[mi], qa.weekdays(month), errors, agents)
            n = len(cols["date"])
            code = cols["code"].astype(object)
            writer.write(
                {
                    "transaction_id": numbered("QA", written + 1 + np.arange(n), 7),
                    "program": labels(PROGRAMS, cols["program"]),
                    "date": cols["date"].astype("datetime64[D]").astype(str),
                    "monitoring_type": cols["type"].astype(str),
                    "agent_id": numbered("A", cols["agent"], 6),
                    **{ce: cols[ce] for ce in CRITICAL_ERRORS},
                    "error_code": np.where(code == "", None, code),
                }
            )
            written += n
    return written

"""Post-call survey responses drawn from a true proportional-odds model."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from copcwb.synth import contacts as contacts_mod
from copcwb.synth._rng import Calendar
from copcwb.synth._spec import (
    BILLING,
    CRITICAL_ERRORS,
    DRIVERS,
    IVR_THRESHOLD_S,
    PROGRAMS,
    SALES,
    SUPPORT,
    SURVEY_BETA,
    SURVEY_COLUMNS,
    SURVEY_LINKED_SHARE,
    SURVEY_RESPONSES,
    SURVEY_THETA,
)

PROGRAM_SHARES = {BILLING: 0.45, SUPPORT: 0.35, SALES: 0.20}
PROGRAM_SHIFT = {BILLING: 0.15, SUPPORT: 0.0, SALES: -0.35}  # latent satisfaction
RATING_MEAN = {  # on the 1..5 scale, before rounding and clipping
    "reliability": 3.55,
    "responsiveness": 3.85,
    "assurance": 4.00,
    "empathy": 4.10,
    "tangibles": 4.20,
}
RATING_LOADING = 0.7  # correlation of each rating's latent with the common factor
WAIT_MEAN = {BILLING: 12.0, SUPPORT: 45.0, SALES: 75.0}
TRANSFER_P = {  # P(0), P(1), P(2), P(3)
    BILLING: (0.78, 0.16, 0.05, 0.01),
    SUPPORT: (0.62, 0.25, 0.10, 0.03),
    SALES: (0.72, 0.20, 0.06, 0.02),
}
CE_RATE = {
    "customer_ce": {BILLING: 0.06, SUPPORT: 0.08, SALES: 0.10},
    "business_ce": {BILLING: 0.04, SUPPORT: 0.05, SALES: 0.06},
    "compliance_ce": {BILLING: 0.02, SUPPORT: 0.025, SALES: 0.035},
}
UNLINKED_REPEAT_RATE = 0.25
EARLIER_CONTACTS = 7_000  # contact ids issued in the month before the contact-log extract
DEMO_SCALE = (1, 5)  # the scale SURVEY_BETA and SURVEY_THETA are written for


def to_demo_units(ratings: np.ndarray, scale: tuple[int, int]) -> np.ndarray:
    """Ratings on ``scale`` expressed on the 1..5 scale the true model is written for."""
    lo, hi = scale
    return 1.0 + (np.asarray(ratings, float) - lo) * 4.0 / (hi - lo)


def on_scale(values: np.ndarray, scale: tuple[int, int]) -> np.ndarray:
    """Continuous ratings on the 1..5 scale, stretched onto ``scale`` and rounded to its
    whole points (lowest and highest points clipped)."""
    lo, hi = scale
    stretched = lo + (np.asarray(values, float) - 1.0) * (hi - lo) / 4.0
    return np.clip(np.round(stretched), lo, hi).astype(np.int64)


def thresholds(scale: tuple[int, int]) -> np.ndarray:
    """The cut points theta of the latent satisfaction for ``scale``.

    The four demo cut points sit between the points of the 1..5 scale, at positions
    0.125, 0.375, 0.625 and 0.875 of its range; a scale lo..hi has its cut points at
    (j - 0.5) / (hi - lo), j = 1..hi-lo, interpolated linearly between the demo ones and
    extrapolated with the slope of the nearest pair. 1..5 gives SURVEY_THETA itself.
    """
    lo, hi = scale
    theta = np.asarray(SURVEY_THETA)
    nodes = (np.arange(1, len(theta) + 1) - 0.5) / len(theta)
    at = (np.arange(1, hi - lo + 1) - 0.5) / (hi - lo)
    low = theta[0] + (at - nodes[0]) * (theta[1] - theta[0]) / (nodes[1] - nodes[0])
    high = theta[-1] + (at - nodes[-1]) * (theta[-1] - theta[-2]) / (nodes[-1] - nodes[-2])
    return np.where(at < nodes[0], low, np.where(at > nodes[-1], high, np.interp(at, nodes, theta)))


def linear_predictor(frame: pd.DataFrame, scale: tuple[int, int] = DEMO_SCALE) -> np.ndarray:
    """x'beta of the true model for a frame with the survey columns (ratings on ``scale``)."""
    eta = np.zeros(len(frame))
    for name, beta in SURVEY_BETA:
        if beta == 0.0:
            continue
        if name == "ivr_over_120s":
            x = np.maximum(0.0, frame["ivr_seconds"].to_numpy(float) - IVR_THRESHOLD_S)
        elif name in DRIVERS:
            x = to_demo_units(frame[name].to_numpy(float), scale)
        else:
            x = frame[name].to_numpy(float)
        eta += beta * x
    return eta


def _respondents(
    rng: np.random.Generator,
    cal: Calendar,
    contacts: pd.DataFrame,
    n: int,
    programs: Sequence[str],
) -> dict[str, np.ndarray]:
    """program, contact_id and repeat_contact_7d of ``n`` respondents: a share linked to
    voice contacts of the log, the rest to earlier contacts outside it."""
    n_link = int(round(n * SURVEY_LINKED_SHARE))
    n_free = n - n_link
    repeat = contacts_mod.repeat_within(contacts, 7.0).to_numpy()
    t = pd.to_datetime(contacts["start_time"])
    eligible = np.flatnonzero(
        (contacts["channel"] == "voice").to_numpy()
        & (t < cal.period_end - pd.Timedelta(days=7)).to_numpy()
    )
    if len(eligible) < n_link:
        raise ValueError("too few voice contacts to link survey responses to")
    linked = np.sort(rng.choice(eligible, size=n_link, replace=False))
    base = contacts_mod.CONTACT_ID_BASE - EARLIER_CONTACTS
    earlier = np.sort(rng.choice(EARLIER_CONTACTS, size=n_free, replace=False)) + base + 1

    kept = [p for p in PROGRAMS if p in programs]
    prog_w = np.array([PROGRAM_SHARES[p] for p in kept])
    free_program = np.asarray(kept, dtype=object)[
        rng.choice(len(kept), size=n_free, p=prog_w / prog_w.sum())
    ]
    return {
        "program": np.concatenate(
            [free_program, contacts["program"].to_numpy(dtype=object)[linked]]
        ),
        "contact_id": np.concatenate(
            [
                np.array([f"K{i:08d}" for i in earlier], dtype=object),
                contacts["contact_id"].to_numpy(dtype=object)[linked],
            ]
        ),
        "repeat_contact_7d": np.concatenate(
            [(rng.random(n_free) < UNLINKED_REPEAT_RATE).astype(np.int64), repeat[linked]]
        ).astype(np.int64),
    }


def draw_facts(rng: np.random.Generator, program: np.ndarray) -> dict[str, np.ndarray]:
    """ivr_seconds, wait_seconds, transfers and the critical-error flags of each response."""
    n = len(program)

    def by_program(values: dict[str, float]) -> np.ndarray:
        return np.array([values[p] for p in program])

    ivr = np.clip(np.round(rng.gamma(2.0, 50.0, n)), 0, 400)
    wait = np.clip(np.round(rng.exponential(by_program(WAIT_MEAN))), 0, 900)
    transfers = np.zeros(n, dtype=np.int64)
    for p in PROGRAMS:
        sel = program == p
        transfers[sel] = rng.choice(4, size=int(sel.sum()), p=TRANSFER_P[p])
    flags = {ce: (rng.random(n) < by_program(CE_RATE[ce])).astype(np.int64) for ce in CE_RATE}
    return {
        "ivr_seconds": ivr.astype(float),
        "wait_seconds": wait.astype(float),
        "transfers": transfers,
        **flags,
    }


def draw_ratings(
    rng: np.random.Generator, shift: np.ndarray, facts: dict[str, np.ndarray], scale: tuple
) -> dict[str, np.ndarray]:
    """Correlated driver ratings on ``scale`` from one latent satisfaction factor, whose
    mean for each respondent is ``shift`` (its program's, PROGRAM_SHIFT in the demo)."""
    n = len(shift)
    q = rng.normal(shift, 1.0)
    unique = np.sqrt(1.0 - RATING_LOADING**2)
    ratings = {}
    for d in DRIVERS:
        z = RATING_LOADING * q + unique * rng.normal(0.0, 1.0, n)
        if d == "reliability":
            z = z - 0.6 * facts["customer_ce"]
        if d == "responsiveness":
            z = z - 0.006 * facts["wait_seconds"]
        ratings[d] = on_scale(RATING_MEAN[d] + 0.95 * z, scale)
    return ratings


def draw_overall(
    rng: np.random.Generator, frame: pd.DataFrame, scale: tuple[int, int] = DEMO_SCALE
) -> np.ndarray:
    """overall from the true model: Y* = x'beta + logistic noise, Y = lo + #{k: theta_k <
    Y*}, for a frame with the survey columns (ratings on ``scale``)."""
    latent = linear_predictor(frame, scale) + rng.logistic(0.0, 1.0, len(frame))
    overall = scale[0] + (latent[:, None] > thresholds(scale)[None, :]).sum(axis=1)
    return overall.astype(np.int64)


def generate(
    rng: np.random.Generator,
    cal: Calendar,
    contacts: pd.DataFrame,
    *,
    responses: int = SURVEY_RESPONSES,
    programs: Sequence[str] = PROGRAMS,
    scale: tuple[int, int] = DEMO_SCALE,
) -> pd.DataFrame:
    """Survey responses with columns response_id, program, contact_id, overall, the five
    driver ratings, ivr_seconds, wait_seconds, transfers, repeat_contact_7d, customer_ce,
    business_ce, compliance_ce.

    ``responses`` rows; respondents of ``programs`` only (``contacts`` should hold only
    those programs too); overall and the ratings on ``scale`` (the true model acts on the
    ratings expressed on 1..5, see :func:`to_demo_units`, with the cut points of
    :func:`thresholds`).
    """
    who = _respondents(rng, cal, contacts, responses, programs)
    facts = draw_facts(rng, who["program"])
    shift = np.array([PROGRAM_SHIFT[p] for p in who["program"]])
    ratings = draw_ratings(rng, shift, facts, scale)
    flags = {ce: facts[ce] for ce in CRITICAL_ERRORS}
    out = pd.DataFrame(
        {
            "program": who["program"],
            "contact_id": who["contact_id"],
            **ratings,
            "ivr_seconds": facts["ivr_seconds"],
            "wait_seconds": facts["wait_seconds"],
            "transfers": facts["transfers"],
            "repeat_contact_7d": who["repeat_contact_7d"],
            **flags,
        }
    )
    out.insert(2, "overall", draw_overall(rng, out, scale))
    out.insert(0, "response_id", [f"R{i + 1:06d}" for i in range(responses)])
    return out[list(SURVEY_COLUMNS)]

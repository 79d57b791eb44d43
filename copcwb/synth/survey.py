"""Post-call survey responses drawn from a true proportional-odds model."""

from __future__ import annotations

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
    SURVEY_LINKED_SHARE,
    SURVEY_RESPONSES,
    SURVEY_THETA,
)

PROGRAM_SHARES = {BILLING: 0.45, SUPPORT: 0.35, SALES: 0.20}
PROGRAM_SHIFT = {BILLING: 0.15, SUPPORT: 0.0, SALES: -0.35}  # latent satisfaction
RATING_MEAN = {  # before rounding and clipping to 1..5
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


def linear_predictor(frame: pd.DataFrame) -> np.ndarray:
    """x'beta of the true model for a frame with the survey columns."""
    eta = np.zeros(len(frame))
    for name, beta in SURVEY_BETA:
        if beta == 0.0:
            continue
        if name == "ivr_over_120s":
            x = np.maximum(0.0, frame["ivr_seconds"].to_numpy(float) - IVR_THRESHOLD_S)
        else:
            x = frame[name].to_numpy(float)
        eta += beta * x
    return eta


def generate(rng: np.random.Generator, cal: Calendar, contacts: pd.DataFrame) -> pd.DataFrame:
    """Survey responses with columns response_id, program, contact_id, overall (1..5), the five
    driver ratings (1..5), ivr_seconds, wait_seconds, transfers, repeat_contact_7d,
    customer_ce, business_ce, compliance_ce."""
    n = SURVEY_RESPONSES
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

    prog_labels = np.asarray(PROGRAMS, dtype=object)
    prog_w = np.array([PROGRAM_SHARES[p] for p in PROGRAMS])
    program = np.concatenate(
        [
            prog_labels[rng.choice(len(PROGRAMS), size=n_free, p=prog_w)],
            contacts["program"].to_numpy(dtype=object)[linked],
        ]
    )
    contact_id = np.concatenate(
        [
            np.array([f"K{i:08d}" for i in earlier], dtype=object),
            contacts["contact_id"].to_numpy(dtype=object)[linked],
        ]
    )
    repeat_7d = np.concatenate(
        [(rng.random(n_free) < UNLINKED_REPEAT_RATE).astype(np.int64), repeat[linked]]
    ).astype(np.int64)

    def by_program(values: dict[str, float]) -> np.ndarray:
        return np.array([values[p] for p in program])

    # operational facts and critical errors
    ivr = np.clip(np.round(rng.gamma(2.0, 50.0, n)), 0, 400)
    wait = np.clip(np.round(rng.exponential(by_program(WAIT_MEAN))), 0, 900)
    transfers = np.empty(n, dtype=np.int64)
    for p in PROGRAMS:
        sel = program == p
        transfers[sel] = rng.choice(4, size=int(sel.sum()), p=TRANSFER_P[p])
    flags = {ce: (rng.random(n) < by_program(CE_RATE[ce])).astype(np.int64) for ce in CE_RATE}

    # correlated driver ratings from one latent satisfaction factor
    q = rng.normal(by_program(PROGRAM_SHIFT), 1.0)
    unique = np.sqrt(1.0 - RATING_LOADING**2)
    ratings = {}
    for d in DRIVERS:
        z = RATING_LOADING * q + unique * rng.normal(0.0, 1.0, n)
        if d == "reliability":
            z = z - 0.6 * flags["customer_ce"]
        if d == "responsiveness":
            z = z - 0.006 * wait
        ratings[d] = np.clip(np.round(RATING_MEAN[d] + 0.95 * z), 1, 5).astype(np.int64)

    out = pd.DataFrame(
        {
            "program": program,
            "contact_id": contact_id,
            **ratings,
            "ivr_seconds": ivr.astype(float),
            "wait_seconds": wait.astype(float),
            "transfers": transfers,
            "repeat_contact_7d": repeat_7d,
            **flags,
        }
    )
    # overall from the true model: Y* = x'beta + logistic noise, Y = 1 + #{k: theta_k < Y*}
    latent = linear_predictor(out) + rng.logistic(0.0, 1.0, n)
    overall = 1 + (latent[:, None] > np.asarray(SURVEY_THETA)[None, :]).sum(axis=1)
    out.insert(2, "overall", overall.astype(np.int64))
    out.insert(0, "response_id", [f"R{i + 1:06d}" for i in range(n)])
    cols = [
        "response_id",
        "program",
        "contact_id",
        "overall",
        *DRIVERS,
        "ivr_seconds",
        "wait_seconds",
        "transfers",
        "repeat_contact_7d",
        *CRITICAL_ERRORS,
    ]
    return out[cols]

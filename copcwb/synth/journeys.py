"""Service journeys of the demo: one row per contact of the log, with planted effects.

The journey facts of a surveyed contact agree with its survey response: its IVR seconds,
queue wait and transfers are the response's (so the true model's IVR hinge at 120 s and
transfer effect act through them). The facts the survey does not hold are drawn given the
response's rating by Bayes' rule, as a model with their effect would have them (see
:func:`draw_given_rating`), so the ratings reflect broken callback promises and bot dead
ends though the survey file is the demo's own. Planted: Technical Support breaks its
callback promises far more often than the other programs; a bot session that did not
resolve the request is mostly followed by a repeat contact (a dead end) and lowers the
rating; long IVR times hurt beyond 120 s.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from copcwb.synth import contacts as contacts_mod
from copcwb.synth import survey as survey_mod
from copcwb.synth._rng import Calendar
from copcwb.synth._spec import BILLING, SALES, SUPPORT

COLUMNS = (
    "contact_id",
    "customer_id",
    "program",
    "channel",
    "start_time",
    "bot_used",
    "bot_resolved",
    "ivr_seconds",
    "queue_seconds",
    "transfers",
    "callback_promised_at",
    "callback_made_at",
    "case_opened_at",
    "case_closed_at",
    "sla_hours",
    "resolved_flag",
)
BOT_USE = {"voice": 0.30, "chat": 0.80, "email": 0.0}
#: P(the bot did not resolve the request) when the customer came back within 7 days, or not
BOT_UNRESOLVED = {True: 0.60, False: 0.15}
BOT_BETA = -1.2  # effect of an unresolved bot session on the latent satisfaction
CALLBACK_PROMISE = {BILLING: 0.10, SUPPORT: 0.25, SALES: 0.10}
CALLBACK_BROKEN = {BILLING: 0.06, SUPPORT: 0.45, SALES: 0.08}  # the planted program: Support
CALLBACK_BETA = -2.5  # effect of a broken callback promise on the latent satisfaction
NEVER_MADE = 0.35  # share of broken promises never kept at all
CASE_OPENED = {BILLING: 0.10, SUPPORT: 0.25, SALES: 0.06}
URGENT = 0.30  # share of cases with the 4-hour SLA (the others: 24 hours)
SLA_MET = 0.88
#: P(the agent did not record the request as resolved) with a repeat within 7 days, or not
NOT_RESOLVED = {True: 0.20, False: 0.07}
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def draw_given_rating(
    rng: np.random.Generator,
    prior: np.ndarray,
    beta: float,
    eta: np.ndarray,
    overall: np.ndarray,
    scale: tuple[int, int] = survey_mod.DEMO_SCALE,
) -> np.ndarray:
    """A 0/1 fact of each respondent drawn given its rating: P(b = 1 | Y, eta) =
    p L(Y; eta + beta) / (p L(Y; eta + beta) + (1 - p) L(Y; eta)), where p is the prior
    chance, L(Y; e) = F(theta_Y - e) - F(theta_{Y-1} - e) the chance of the rating under
    the true model with linear predictor e (F logistic) and beta the fact's effect."""
    theta = np.concatenate([[-np.inf], survey_mod.thresholds(scale), [np.inf]])
    level = np.asarray(overall, dtype=np.int64) - scale[0]

    def chance(e: np.ndarray) -> np.ndarray:
        return special.expit(theta[level + 1] - e) - special.expit(theta[level] - e)

    with_it, without = prior * chance(eta + beta), (1 - prior) * chance(eta)
    return rng.random(len(eta)) < with_it / (with_it + without)


def _times(values: pd.Series) -> pd.Series:
    """Timestamps as local-time text, "" when missing."""
    return values.dt.strftime(TIME_FORMAT).fillna("")


def _linked(contacts: pd.DataFrame, survey: pd.DataFrame, scale: tuple[int, int]) -> pd.DataFrame:
    """For each contact, its survey response's facts and true linear predictor (NaN when
    not surveyed): ivr_seconds, wait_seconds, transfers, overall, eta."""
    answered = survey[survey["contact_id"].isin(contacts["contact_id"])]
    facts = answered[["contact_id", "ivr_seconds", "wait_seconds", "transfers", "overall"]]
    facts = facts.assign(eta=survey_mod.linear_predictor(answered, scale))
    return contacts[["contact_id"]].merge(facts, on="contact_id", how="left")


def _bot(rng, contacts, linked, repeat, scale) -> tuple[pd.Series, pd.Series]:
    channel = contacts["channel"].to_numpy()
    used = rng.random(len(channel)) < np.array([BOT_USE[c] for c in channel])
    prior = np.where(repeat, BOT_UNRESOLVED[True], BOT_UNRESOLVED[False])
    unresolved = rng.random(len(channel)) < prior
    rated = linked["overall"].notna().to_numpy() & used
    unresolved[rated] = draw_given_rating(
        rng, prior[rated], BOT_BETA, linked["eta"].to_numpy()[rated],
        linked["overall"].to_numpy()[rated], scale,
    )  # fmt: skip
    resolved = pd.Series(np.where(unresolved, 0, 1), dtype="Int64").where(used)
    return pd.Series(used.astype(np.int64)), resolved


def _waits(rng, contacts, linked) -> dict[str, pd.Series]:
    facts = survey_mod.draw_facts(rng, contacts["program"].to_numpy())
    live = (contacts["channel"] != "email").to_numpy()
    voice = (contacts["channel"] == "voice").to_numpy()
    rated = linked["overall"].notna().to_numpy()
    ivr = np.where(rated, linked["ivr_seconds"], facts["ivr_seconds"])
    wait = np.where(rated, linked["wait_seconds"], facts["wait_seconds"])
    transfers = np.where(rated, linked["transfers"], facts["transfers"])
    return {
        "ivr_seconds": pd.Series(ivr).where(voice),
        "queue_seconds": pd.Series(wait).where(live),
        "transfers": pd.Series(transfers.astype(np.int64), dtype="Int64").where(live),
    }


def _callbacks(rng, contacts, linked, start, scale) -> dict[str, pd.Series]:
    program = contacts["program"].to_numpy()
    live = (contacts["channel"] != "email").to_numpy()
    promised = live & (rng.random(len(program)) < np.array([CALLBACK_PROMISE[p] for p in program]))
    prior = np.array([CALLBACK_BROKEN[p] for p in program])
    broken = rng.random(len(program)) < prior
    rated = linked["overall"].notna().to_numpy() & promised
    broken[rated] = draw_given_rating(
        rng, prior[rated], CALLBACK_BETA, linked["eta"].to_numpy()[rated],
        linked["overall"].to_numpy()[rated], scale,
    )  # fmt: skip
    at = start + pd.to_timedelta(rng.integers(6, 49, len(program)) * 5, unit="min")
    never = broken & (rng.random(len(program)) < NEVER_MADE)
    late = np.where(
        broken, rng.integers(16, 181, len(program)), rng.integers(-10, 15, len(program))
    )
    made = at + pd.to_timedelta(late, unit="min")
    return {
        "callback_promised_at": _times(at.where(promised)),
        "callback_made_at": _times(made.where(promised & ~never)),
    }


def _cases(rng, contacts, start, end) -> dict[str, pd.Series]:
    program = contacts["program"].to_numpy()
    n = len(program)
    opened = rng.random(n) < np.array([CASE_OPENED[p] for p in program])
    sla = np.where(rng.random(n) < URGENT, 4.0, 24.0)
    met = rng.random(n) < SLA_MET
    share = np.where(met, rng.uniform(0.2, 1.0, n), rng.uniform(1.02, 2.5, n))
    at = start + pd.to_timedelta(rng.integers(1, 21, n), unit="min")
    closed = at + pd.to_timedelta(np.round(share * sla * 60), unit="min")
    still_open = closed >= end
    return {
        "case_opened_at": _times(at.where(opened)),
        "case_closed_at": _times(closed.where(opened & ~still_open)),
        "sla_hours": pd.Series(sla).where(opened),
    }


def generate(
    rng: np.random.Generator,
    cal: Calendar,
    contacts: pd.DataFrame,
    survey: pd.DataFrame,
    scale: tuple[int, int] = survey_mod.DEMO_SCALE,
) -> pd.DataFrame:
    """One journey per contact of ``contacts`` (in its order), columns :data:`COLUMNS`
    (times as local-time text, "" when missing); ``survey``: the demo survey (every
    column, ratings on ``scale``), whose responses fix the facts of the contacts they
    rate."""
    start = pd.to_datetime(contacts["start_time"]).reset_index(drop=True)
    contacts = contacts.reset_index(drop=True)
    linked = _linked(contacts, survey, scale)
    repeat = contacts_mod.repeat_within(contacts, 7.0).to_numpy() == 1
    bot_used, bot_resolved = _bot(rng, contacts, linked, repeat, scale)
    waits = _waits(rng, contacts, linked)
    callbacks = _callbacks(rng, contacts, linked, start, scale)
    cases = _cases(rng, contacts, start, cal.period_end)
    not_resolved = rng.random(len(contacts)) < np.where(
        repeat, NOT_RESOLVED[True], NOT_RESOLVED[False]
    )
    out = pd.DataFrame(
        {
            **{c: contacts[c] for c in COLUMNS[:5]},
            "bot_used": bot_used,
            "bot_resolved": bot_resolved,
            **waits,
            **callbacks,
            **cases,
            "resolved_flag": pd.Series(np.where(not_resolved, 0, 1)),
        }
    )
    return out[list(COLUMNS)]

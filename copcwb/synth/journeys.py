"""Service journeys of the demo: one row per contact of the log, with planted effects.

The journey facts of a surveyed contact agree with its survey response: its IVR seconds,
queue wait and transfers are the response's (so the true model's IVR hinge at 120 s and
transfer effect act through them). The facts the survey does not hold are drawn given the
response's rating by Bayes' rule, as a model with their effect would have them (see
:func:`draw_given_rating`), so the ratings reflect broken callback promises and bot dead
ends though the survey file is the demo's own. Planted: Technical Support breaks its
callback promises far more often than the other programs; a bot session that did not
resolve the request is mostly followed by a repeat contact (a dead end) and lowers the
rating; long IVR times hurt beyond 120 s. :func:`draw` holds the model (for the demo and,
chunk by chunk, for the large demo); :func:`generate` the demo's table.
"""

from __future__ import annotations

from dataclasses import dataclass

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
#: the columns :func:`draw` gives: 0/1 flags, numbers (NaN when none) and times (NaT)
FLAGS = ("bot_used", "bot_resolved", "transfers", "resolved_flag")
TIMES = ("callback_promised_at", "callback_made_at", "case_opened_at", "case_closed_at")
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
_MINUTE = np.timedelta64(60, "s")


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


@dataclass(frozen=True)
class Rated:
    """The survey facts of each contact, NaN where it was not surveyed: ivr, wait,
    transfers, overall (the rating) and eta (the true model's linear predictor), on the
    survey's ``scale``."""

    ivr: np.ndarray
    wait: np.ndarray
    transfers: np.ndarray
    overall: np.ndarray
    eta: np.ndarray
    scale: tuple[int, int] = survey_mod.DEMO_SCALE

    @property
    def mask(self) -> np.ndarray:
        return ~np.isnan(self.overall)

    def given_rating(self, rng, fact: np.ndarray, prior: np.ndarray, beta: float, among) -> None:
        """Redraw ``fact`` (in place) for the rated contacts ``among`` selects, given
        their ratings (:func:`draw_given_rating`)."""
        rated = self.mask & among
        fact[rated] = draw_given_rating(
            rng, prior[rated], beta, self.eta[rated], self.overall[rated], self.scale
        )


def _by(values: np.ndarray, table: dict[str, float]) -> np.ndarray:
    """``table``'s number for each value."""
    return pd.Series(values, dtype=object).map(table).to_numpy(dtype=float)


def _bot(rng, channel, repeat, rated: Rated) -> dict[str, np.ndarray]:
    used = rng.random(len(channel)) < _by(channel, BOT_USE)
    prior = np.where(repeat, BOT_UNRESOLVED[True], BOT_UNRESOLVED[False])
    unresolved = rng.random(len(channel)) < prior
    rated.given_rating(rng, unresolved, prior, BOT_BETA, used)
    resolved = np.where(used, np.where(unresolved, 0.0, 1.0), np.nan)
    return {"bot_used": used.astype(float), "bot_resolved": resolved}


def _waits(rng, archetype, channel, rated: Rated) -> dict[str, np.ndarray]:
    facts = survey_mod.draw_facts(rng, archetype)
    live, voice, known = channel != "email", channel == "voice", rated.mask
    ivr = np.where(known, rated.ivr, facts["ivr_seconds"])
    wait = np.where(known, rated.wait, facts["wait_seconds"])
    transfers = np.where(known, rated.transfers, facts["transfers"].astype(float))
    return {
        "ivr_seconds": np.where(voice, ivr, np.nan),
        "queue_seconds": np.where(live, wait, np.nan),
        "transfers": np.where(live, transfers, np.nan),
    }


def _callbacks(rng, archetype, channel, start, rated: Rated) -> dict[str, np.ndarray]:
    n = len(archetype)
    promised = (channel != "email") & (rng.random(n) < _by(archetype, CALLBACK_PROMISE))
    prior = _by(archetype, CALLBACK_BROKEN)
    broken = rng.random(n) < prior
    rated.given_rating(rng, broken, prior, CALLBACK_BETA, promised)
    at = start + rng.integers(6, 49, n) * 5 * _MINUTE
    never = broken & (rng.random(n) < NEVER_MADE)
    late = np.where(broken, rng.integers(16, 181, n), rng.integers(-10, 15, n))
    nat = np.datetime64("NaT", "s")
    return {
        "callback_promised_at": np.where(promised, at, nat),
        "callback_made_at": np.where(promised & ~never, at + late * _MINUTE, nat),
    }


def _cases(rng, archetype, start, end: np.datetime64) -> dict[str, np.ndarray]:
    n = len(archetype)
    opened = rng.random(n) < _by(archetype, CASE_OPENED)
    sla = np.where(rng.random(n) < URGENT, 4.0, 24.0)
    met = rng.random(n) < SLA_MET
    share = np.where(met, rng.uniform(0.2, 1.0, n), rng.uniform(1.02, 2.5, n))
    at = start + rng.integers(1, 21, n) * _MINUTE
    closed = at + np.round(share * sla * 60).astype(np.int64) * _MINUTE
    nat = np.datetime64("NaT", "s")
    return {
        "case_opened_at": np.where(opened, at, nat),
        "case_closed_at": np.where(opened & (closed < end), closed, nat),
        "sla_hours": np.where(opened, sla, np.nan),
    }


def draw(
    rng: np.random.Generator,
    archetype: np.ndarray,
    channel: np.ndarray,
    start: np.ndarray,
    repeat: np.ndarray,
    rated: Rated,
    end: np.datetime64,
) -> dict[str, np.ndarray]:
    """The journey facts of contacts of programs following ``archetype`` (the demo
    program whose rates each follows), in ``channel``, starting at ``start``
    (datetime64[s]), ``repeat`` when followed by a repeat within 7 days; the surveyed ones
    as ``rated`` says; cases still open at ``end`` have no closing time. Columns of
    COLUMNS[5:]: flags and numbers as floats (NaN when none), times as datetime64[s]."""
    archetype, channel = np.asarray(archetype, dtype=object), np.asarray(channel, dtype=object)
    start = np.asarray(start, dtype="datetime64[s]")
    out = _bot(rng, channel, repeat, rated)
    out |= _waits(rng, archetype, channel, rated)
    out |= _callbacks(rng, archetype, channel, start, rated)
    out |= _cases(rng, archetype, start, np.datetime64(end, "s"))
    not_resolved = rng.random(len(channel)) < np.where(
        repeat, NOT_RESOLVED[True], NOT_RESOLVED[False]
    )
    out["resolved_flag"] = np.where(not_resolved, 0.0, 1.0)
    return {c: out[c] for c in COLUMNS[5:]}


def _rated(contacts: pd.DataFrame, survey: pd.DataFrame, scale: tuple[int, int]) -> Rated:
    answered = survey[survey["contact_id"].isin(contacts["contact_id"])]
    facts = answered[["contact_id", "ivr_seconds", "wait_seconds", "transfers", "overall"]]
    facts = facts.assign(eta=survey_mod.linear_predictor(answered, scale))
    rows = contacts[["contact_id"]].merge(facts, on="contact_id", how="left")
    return Rated(
        *(rows[c].to_numpy(dtype=float) for c in ("ivr_seconds", "wait_seconds", "transfers")),
        rows["overall"].to_numpy(dtype=float),
        rows["eta"].to_numpy(dtype=float),
        scale,
    )


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
    contacts = contacts.reset_index(drop=True)
    start = pd.to_datetime(contacts["start_time"]).to_numpy(dtype="datetime64[s]")
    repeat = contacts_mod.repeat_within(contacts, 7.0).to_numpy() == 1
    facts = draw(
        rng, contacts["program"].to_numpy(), contacts["channel"].to_numpy(), start, repeat,
        _rated(contacts, survey, scale), cal.period_end.to_datetime64(),
    )  # fmt: skip
    out = contacts[list(COLUMNS[:5])].copy()
    for column, values in facts.items():
        if column in FLAGS:
            out[column] = pd.array(np.where(np.isnan(values), 0, values), dtype="Int64")
            out.loc[np.isnan(values), column] = pd.NA
        elif column in TIMES:
            out[column] = pd.Series(values).dt.strftime(TIME_FORMAT).fillna("")
        else:
            out[column] = values
    return out[list(COLUMNS)]

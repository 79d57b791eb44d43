"""The review list: the contacts most at risk of a bottom-box rating that no survey has
rated, for human QA, each named by a pseudonym and shown with the checkpoints it failed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from copcwb.attempt import Unavailable, available
from copcwb.engine import connect
from copcwb.errors import AnalysisError
from copcwb.journey.pseudonyms import ReviewKey, contact_pseudonym, review_key
from copcwb.journey.rules import FAILED, q
from copcwb.journey.score import ContactScore
from copcwb.journey.states import Source, contact_states, state_column
from copcwb.journey.surveyed import FACTS

REVIEW_COLUMNS = ("rank", "contact", "program", "channel", "day", "risk", "failed", "n_failed")


@dataclass(frozen=True, eq=False)
class ReviewList:
    """Result of :func:`review_list`.

    ``table``: rank (1 = highest risk), contact (the pseudonym), program, channel, day
    (the contact's date), risk (chance of a bottom-box rating), failed (the ids of the
    checkpoints it failed, in catalog order), n_failed, then the journey facts the
    journeys have (ivr_seconds, queue_seconds, transfers); no contact or customer id.
    ``key_source``: where the pseudonym key came from (see
    ``copcwb.journey.pseudonyms``); ``n_unsurveyed``: scored contacts without a survey
    response; ``size``: the length asked for.
    """

    table: pd.DataFrame
    key_source: str
    n_unsurveyed: int
    size: int

    def summary(self) -> pd.DataFrame:
        return self.table.copy()


def _top_sql(risk: str, answers: str, columns: list[str], n: int) -> str:
    listed = ", ".join(q(c) for c in columns)
    return f"""
        WITH scored AS (
            SELECT {listed}, {risk} AS risk FROM {{states}} s
            ANTI JOIN {answers} a USING (contact_id)
        )
        SELECT *, count(risk) OVER () AS n_unsurveyed FROM scored
        WHERE risk IS NOT NULL ORDER BY risk DESC, contact_id LIMIT {int(n)}
    """


def review_list(
    journeys: Source,
    score: ContactScore | Unavailable,
    catalog: pd.DataFrame,
    *,
    survey: pd.DataFrame | None = None,
    contacts: Source | None = None,
    sla_hours: Mapping[str, float] | None = None,
    n: int = 50,
    key: ReviewKey | None = None,
) -> ReviewList:
    """The ``n`` contacts of ``journeys`` with the highest risk under ``score`` that no
    response of ``survey`` rated (ties by contact id), named by pseudonyms (``key``: by
    default :func:`copcwb.journey.pseudonyms.review_key` of the journeys). Raises
    AnalysisError with the reason when ``score`` is not available."""
    if not available(score):
        raise AnalysisError(score.reason)
    key = key or review_key(journeys)
    rated = pd.DataFrame({"contact_id": pd.Series(dtype=object)})
    if survey is not None and "contact_id" in survey.columns:
        rated = survey.loc[survey["contact_id"].notna(), ["contact_id"]].astype(str)
    con = connect()
    with contact_states(journeys, catalog, contacts=contacts, sla_hours=sla_hours) as states:
        judged = list(states.checkpoints["checkpoint"])
        columns = [state_column(c) for c in judged]
        have = set(states.query("SELECT * FROM {states} LIMIT 0", "reading the journeys").columns)
        facts = [f for f in FACTS if f in have]
        base = ["contact_id", "program", "channel", "start_time"]
        answers = f"copcwb_rated_{states.view.rsplit('_', 1)[-1]}"
        con.register(answers, rated)
        try:
            top = states.query(
                _top_sql(score.sql, answers, [*base, *facts, *columns], n),
                "ranking the contacts by risk",
            )
        finally:
            con.unregister(answers)
    codes = top[columns].fillna(-1).to_numpy()
    failed = [tuple(c for c, v in zip(judged, row, strict=True) if v == FAILED) for row in codes]
    table = pd.DataFrame(
        {
            "rank": range(1, len(top) + 1),
            "contact": [contact_pseudonym(c, key) for c in top["contact_id"]],
            "program": top["program"].astype(str),
            "channel": top["channel"].astype(str),
            "day": pd.to_datetime(top["start_time"]).dt.date,
            "risk": top["risk"].astype(float),
            "failed": failed,
            "n_failed": [len(f) for f in failed],
        }
    )
    for f in facts:
        table[f] = top[f].to_numpy()
    n_unsurveyed = int(top["n_unsurveyed"].iloc[0]) if len(top) else 0
    return ReviewList(table, key.source, n_unsurveyed, n)

"""The surveyed contacts with their journey: the survey joined to the journeys by
contact_id, each checkpoint as a failure flag, ready for the ordinal models of
``copcwb.drivers`` (effects, thresholds, what-if)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from copcwb.drivers.columns import SurveyColumns
from copcwb.engine import connect
from copcwb.journey.rules import FAILED, q
from copcwb.journey.states import Source, contact_states, state_column

#: journey facts whose effect on satisfaction is traced for a threshold
FACTS = ("ivr_seconds", "queue_seconds", "transfers")
SUFFIX = "_failed"


def flag_name(checkpoint: str) -> str:
    """The failure flag column of ``checkpoint`` (1 = failed; 0 = passed, not applicable
    or not judged yet)."""
    return f"{checkpoint}{SUFFIX}"


def checkpoint_of(flag: str) -> str:
    """The checkpoint id of a failure flag column."""
    return flag.removesuffix(SUFFIX)


@dataclass(frozen=True, eq=False)
class SurveyedJourneys:
    """The survey responses linked to a journey.

    ``data``: one row per linked response: overall, program, the journey facts of
    :data:`FACTS` the journeys have, and one failure flag per judged checkpoint
    (``<checkpoint>_failed``: 1 failed, else 0); no contact or customer id. ``flags``: the
    flags for the models (those that vary and do not repeat another flag), in catalog
    order; ``left_out``: flag -> why it is not modelled; ``facts``: the survey columns of
    the threshold step (the journey facts as operational facts); ``controls``: ("program",)
    when the linked responses cover several programs; ``n_survey``, ``n_linked``:
    responses, and responses whose contact is in the journeys; ``reason``: why no
    response is linked ("" when some are): then ``data`` has no rows and ``flags`` is
    empty, and the steps that model the linked responses say they cannot be done."""

    data: pd.DataFrame
    flags: tuple[str, ...]
    facts: SurveyColumns
    controls: tuple[str, ...]
    n_survey: int
    n_linked: int
    left_out: Mapping[str, str] = field(default_factory=dict)
    reason: str = ""

    @property
    def checkpoints(self) -> tuple[str, ...]:
        return tuple(checkpoint_of(f) for f in self.flags)

    def summary(self) -> pd.DataFrame:
        """flag, checkpoint, n_failed (linked responses whose contact failed it), modelled,
        reason (why it is left out)."""
        names = [c for c in self.data.columns if c.endswith(SUFFIX)]
        return pd.DataFrame(
            {
                "flag": names,
                "checkpoint": [checkpoint_of(c) for c in names],
                "n_failed": [int(self.data[c].sum()) for c in names],
                "modelled": [c in self.flags for c in names],
                "reason": [self.left_out.get(c, "") for c in names],
            }
        )


def _modelled(data: pd.DataFrame, names: list[str]) -> tuple[list[str], dict[str, str]]:
    kept, left_out, seen = [], {}, {}
    for name in names:
        values = data[name]
        if values.nunique() < 2:
            every = bool(len(values)) and bool(values.iloc[0] == 1)
            left_out[name] = "every" if every else "none"
            continue
        signature = values.to_numpy().tobytes()
        if signature in seen:
            left_out[name] = f"same:{checkpoint_of(seen[signature])}"
            continue
        seen[signature] = name
        kept.append(name)
    return kept, left_out


def _unlinked(survey: pd.DataFrame | None, reason: str) -> SurveyedJourneys:
    return SurveyedJourneys(
        data=pd.DataFrame(
            {"overall": pd.Series(dtype="int64"), "program": pd.Series(dtype=object)}
        ),
        flags=(),
        facts=SurveyColumns(drivers=()),
        controls=(),
        n_survey=0 if survey is None else len(survey),
        n_linked=0,
        reason=reason,
    )


NO_SURVEY = (
    "the engagement has no survey, so the effect of the checkpoints on satisfaction cannot "
    "be estimated. Fix: add the survey (inputs: survey:) with the contact_id of each response"
)


def _linked_rows(
    journeys: Source,
    answers: pd.DataFrame,
    catalog: pd.DataFrame,
    contacts: Source | None,
    sla_hours: Mapping[str, float] | None,
) -> tuple[pd.DataFrame, list[str]]:
    """The linked responses (overall, program, facts, failure flags), in survey order,
    and the checkpoints judged."""
    con = connect()
    with contact_states(journeys, catalog, contacts=contacts, sla_hours=sla_hours) as states:
        judged = list(states.checkpoints["checkpoint"])
        have = set(states.query("SELECT * FROM {states} LIMIT 0", "reading the journeys").columns)
        facts = [f for f in FACTS if f in have]
        flags = [
            f"CASE WHEN s.{q(state_column(c))} = {FAILED} THEN 1 ELSE 0 END::INTEGER "
            f"AS {q(flag_name(c))}"
            for c in judged
        ]
        listed = ", ".join(["a.overall", "s.program", *(f"s.{q(f)}" for f in facts), *flags])
        view = f"copcwb_answers_{states.view.rsplit('_', 1)[-1]}"
        con.register(view, answers)
        try:
            data = states.query(
                f"SELECT {listed} FROM {view} a JOIN {{states}} s USING (contact_id) "
                "ORDER BY a._order",
                "joining the survey to the journeys",
            )
        finally:
            con.unregister(view)
    return data, judged


def surveyed(
    journeys: Source,
    survey: pd.DataFrame | None,
    catalog: pd.DataFrame,
    *,
    contacts: Source | None = None,
    sla_hours: Mapping[str, float] | None = None,
) -> SurveyedJourneys:
    """The survey responses joined to their contact's journey by contact_id (the contact's
    program is the journey's), each checkpoint of ``catalog`` the journeys can judge as a
    failure flag; see :class:`SurveyedJourneys`. Without a survey, a contact_id in it, or
    a response naming a contact of the journeys, nothing is linked and ``reason`` says
    why."""
    if survey is None:
        return _unlinked(survey, NO_SURVEY)
    if "contact_id" not in survey.columns or survey["contact_id"].isna().all():
        return _unlinked(
            survey,
            "the survey has no contact_id, so no response can be joined to its journey. Fix: "
            "export the survey with the id of the surveyed contact (column contact_id)",
        )
    answers = survey.loc[
        survey["contact_id"].notna() & survey["overall"].notna(), ["contact_id", "overall"]
    ]
    answers = answers.assign(
        contact_id=answers["contact_id"].astype(str), _order=range(len(answers))
    )
    data, judged = _linked_rows(journeys, answers, catalog, contacts, sla_hours)
    if data.empty:
        return _unlinked(
            survey,
            "no survey response names a contact of the journeys file, so the effect of the "
            "checkpoints on satisfaction cannot be estimated. Fix: check that the survey's "
            "contact_id holds the same ids as the journeys file",
        )
    data["overall"] = data["overall"].astype("int64")
    kept, left_out = _modelled(data, [flag_name(c) for c in judged])
    continuous = [f for f in FACTS if f in data and data[f].dropna().nunique() > 2]
    return SurveyedJourneys(
        data=data,
        flags=tuple(kept),
        facts=SurveyColumns(drivers=(), operational=tuple(continuous)),
        controls=("program",) if data["program"].nunique() > 1 else (),
        n_survey=len(survey),
        n_linked=len(data),
        left_out=left_out,
    )

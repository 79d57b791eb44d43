"""The state of every checkpoint for every contact, computed in the engine.

One query over the journeys (a DataFrame, or a validated ``LogTable`` that is never loaded
whole) gives each contact the state of each checkpoint its columns can judge (see
``copcwb.journey.rules``). A contact's next contact, which the repeat rules need, is found
with one window over the journeys sorted by program, customer and start time, or over the
journeys and the contact log together when the log is given (a repeat may reach the
centre in a channel the journeys file does not cover).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb
import pandas as pd

from copcwb.engine import LogTable, as_relation, connect, engine_error
from copcwb.engine.tables import ROW
from copcwb.io.columns import JOURNEYS
from copcwb.journey.catalog import computed
from copcwb.journey.rules import Sql, q, state_sql

BASE = ("contact_id", "customer_id", "program", "channel", "start_time")
_TIMES = tuple(c.name for c in JOURNEYS.columns if c.type == "datetime")
Source = pd.DataFrame | LogTable


def state_column(checkpoint: str) -> str:
    """The column of the states view holding ``checkpoint``'s state."""
    return f"state_{checkpoint}"


def columns_of(data: Source) -> list[str]:
    return list(data.columns)


def _frame_ready(data: Source, columns: list[str]) -> Source:
    """A frame with its time columns as timestamps (a LogTable as it is)."""
    if isinstance(data, LogTable):
        return data
    fixed = {
        c: pd.to_datetime(data[c])
        for c in columns
        if c in _TIMES and not pd.api.types.is_datetime64_any_dtype(data[c])
    }
    return data.assign(**fixed) if fixed else data


@dataclass(frozen=True)
class States:
    """The states view of one query: ``view`` (its name in the engine), ``checkpoints``
    (the catalog rows it judges; each is a column of the view named by its id)."""

    view: str
    checkpoints: pd.DataFrame

    def query(self, sql: str, what: str) -> pd.DataFrame:
        """``sql`` (which names the view as ``{states}``) run in the engine, as a frame."""
        try:
            return connect().sql(sql.replace("{states}", self.view)).df()
        except duckdb.Error as exc:
            raise engine_error(exc, what) from None


def _sla(columns: set[str], table: Mapping[str, float] | None) -> str:
    parts = []
    if "sla_hours" in columns:
        parts.append(q("sla_hours"))
    if table and "case_priority" in columns:
        cases = " ".join(
            f"WHEN '{str(k).replace(chr(39), chr(39) * 2)}' THEN {float(v)!r}"
            for k, v in table.items()
        )
        parts.append(f"CASE {q('case_priority')} {cases} END")
    return f"coalesce({', '.join(parts)})" if len(parts) > 1 else (parts[0] if parts else "NULL")


def _pool_sql(j: str, c: str | None) -> str:
    if c is None:
        return f"SELECT {ROW}, program, customer_id, start_time FROM {j}"
    return (
        f"SELECT {ROW}, program, customer_id, start_time FROM {j} UNION ALL "
        f"SELECT NULL::BIGINT, c.program, c.customer_id, c.start_time FROM {c} c "
        f"ANTI JOIN {j} USING (contact_id)"
    )


def _states_sql(j: str, c: str | None, checkpoints: pd.DataFrame, context: Sql) -> str:
    states = [
        f"{state_sql(r.rule, r.needs, r.value, context)}::TINYINT "
        f"AS {q(state_column(r.checkpoint))}"
        for r in checkpoints.itertuples(index=False)
    ]
    listed = (",\n       " + ",\n       ".join(states)) if states else ""
    return f"""
        WITH pool AS ({_pool_sql(j, c)}),
        nexts AS (
            SELECT {ROW}, lead(start_time) OVER (
                PARTITION BY program, customer_id ORDER BY start_time, {ROW} NULLS LAST
            ) AS next_start FROM pool
        ),
        ends AS (SELECT max(start_time) AS data_end FROM pool)
        SELECT j.*, n.next_start, e.data_end{listed}
        FROM {j} j JOIN nexts n ON j.{ROW} = n.{ROW} CROSS JOIN ends e
    """


@contextmanager
def contact_states(
    journeys: Source,
    catalog: pd.DataFrame,
    *,
    contacts: Source | None = None,
    sla_hours: Mapping[str, float] | None = None,
    keep: Sequence[str] = (),
) -> Iterator[States]:
    """A view of the journeys with one column per checkpoint of ``catalog`` that their
    columns can judge (``state_<checkpoint>``, see :func:`state_column`: NULL, 0 passed,
    1 failed, 2 open), besides contact_id,
    customer_id, program, channel, start_time, the columns the checkpoints need,
    ``keep``, ``next_start`` and ``data_end``. ``contacts``: the contact log, whose
    contacts count as repeats too; ``sla_hours``: priority -> SLA hours for journeys with
    case_priority. The view lives while the context is open."""
    have = set(columns_of(journeys))
    if sla_hours:
        have = have | ({"sla_hours"} if "case_priority" in have else set())
    judged = computed(catalog, sorted(have))
    needed = set(BASE) | {c for n in judged["needs"] for c in n} | set(keep)
    needed |= {"case_priority"} & set(columns_of(journeys)) if sla_hours else set()
    columns = [c for c in columns_of(journeys) if c in needed]
    con = connect()
    tag = uuid.uuid4().hex[:12]
    names = {
        "j": f"copcwb_journeys_{tag}",
        "c": f"copcwb_contacts_{tag}",
        "s": f"copcwb_states_{tag}",
    }
    relations = [as_relation(_frame_ready(journeys, columns), columns)]
    relations[0].create_view(names["j"])
    if contacts is not None:
        relations.append(as_relation(_frame_ready(contacts, list(BASE)), list(BASE)))
        relations[1].create_view(names["c"])
    context = Sql(sla=_sla(set(columns_of(journeys)), sla_hours))
    sql = _states_sql(names["j"], names["c"] if contacts is not None else None, judged, context)
    try:
        con.execute(f"CREATE TEMP VIEW {names['s']} AS {sql}")
        yield States(view=names["s"], checkpoints=judged)
    except duckdb.Error as exc:
        raise engine_error(exc, "judging the journey checkpoints") from None
    finally:
        for name in names.values():
            con.execute(f"DROP VIEW IF EXISTS {name}")

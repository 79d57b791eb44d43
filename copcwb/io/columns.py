"""What each input file must hold: one definition per column, shared by the
validators, the empty templates of ``copcwb new`` and the data-team README.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from copcwb.catalog import CATEGORIES, DIRECTIONS, UNITS
from copcwb.terms import CHECKPOINT_RULES, DIMENSIONS, STAGES, TOUCHPOINTS

ColumnType = Literal["str", "int", "float", "flag", "date", "datetime", "month", "instant"]


@dataclass(frozen=True)
class ColumnDef:
    """One column of an input kind.

    ``type``: str, int, float, flag (0/1), date (a calendar day), datetime (local
    time of day), month (YYYY-MM), instant (a timestamp with a UTC offset, or local
    time in the engagement's declared time zone).
    """

    name: str
    type: ColumnType
    meaning: str
    example: str
    required: bool = True
    nullable: bool = False
    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple[str, ...] = ()


@dataclass(frozen=True)
class InputKind:
    """An input kind: its columns, its key and what one row stands for."""

    name: str
    title: str
    row_is: str
    columns: tuple[ColumnDef, ...]
    key: tuple[str, ...] = ()
    extra_columns: str = ""

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> ColumnDef | None:
        return next((c for c in self.columns if c.name == name), None)


KPIS = InputKind(
    name="kpis",
    title="Monthly KPIs",
    row_is="one metric of one program in one month",
    key=("program", "metric", "month"),
    columns=(
        ColumnDef("program", "str", "program (line of business) name", "Consumer Billing"),
        ColumnDef("metric", "str", "metric id of the metric catalog", "service_level"),
        ColumnDef("month", "month", "calendar month as YYYY-MM", "2026-09"),
        ColumnDef("value", "float", "the metric's value in its catalog unit", "0.82"),
    ),
)

METRIC_CATALOG = InputKind(
    name="metric_catalog",
    title="Metric catalog",
    row_is="one metric",
    key=("metric",),
    columns=(
        ColumnDef("metric", "str", "metric id used in the KPI file", "service_level"),
        ColumnDef("label", "str", "name shown in reports", "Service level (80/20)"),
        ColumnDef("category", "str", "performance category", "service", allowed=CATEGORIES),
        ColumnDef(
            "unit",
            "str",
            "unit of the value: " + ", ".join(UNITS) + " (also written %, s, sec, min, $, "
            "NT$, USD, pts, ...; a % target above 1 is in percent points)",
            "share",
        ),
        ColumnDef("direction", "str", "which way is better", "higher", allowed=DIRECTIONS),
        ColumnDef("target", "float", "target value (blank if none)", "0.80", nullable=True),
        ColumnDef(
            "benchmark",
            "float",
            "high-performance benchmark (blank if none)",
            "0.85",
            required=False,
            nullable=True,
        ),
        ColumnDef(
            "target_source",
            "str",
            "where the target comes from",
            "client",
            required=False,
            nullable=True,
        ),
        ColumnDef(
            "description",
            "str",
            "what the metric measures",
            "calls answered in 20 s",
            required=False,
            nullable=True,
        ),
        ColumnDef(
            "stage",
            "str",
            "maturity stage the metric evidences (blank: the built-in stage of a built-in "
            "metric; another metric left blank counts towards no stage)",
            "refined",
            required=False,
            nullable=True,
            allowed=STAGES,
        ),
    ),
)

QA = InputKind(
    name="qa",
    title="Quality monitoring records",
    row_is="one monitored transaction",
    key=("transaction_id",),
    columns=(
        ColumnDef("transaction_id", "str", "id of the monitored transaction", "T000123"),
        ColumnDef("program", "str", "program name as in the KPI file", "Consumer Billing"),
        ColumnDef("date", "date", "day the transaction took place (YYYY-MM-DD)", "2026-09-14"),
        ColumnDef(
            "monitoring_type",
            "str",
            "why it was monitored",
            "process",
            allowed=("process", "individual", "targeted"),
        ),
        ColumnDef("agent_id", "str", "agent id (pseudonymous)", "A0042"),
        ColumnDef(
            "customer_ce",
            "flag",
            "1 if a customer-critical error occurred",
            "0",
            minimum=0,
            maximum=1,
        ),
        ColumnDef(
            "business_ce",
            "flag",
            "1 if a business-critical error occurred",
            "0",
            minimum=0,
            maximum=1,
        ),
        ColumnDef(
            "compliance_ce",
            "flag",
            "1 if a compliance-critical error occurred",
            "0",
            minimum=0,
            maximum=1,
        ),
        ColumnDef(
            "error_code",
            "str",
            "code of the error found (blank if none)",
            "CE-WRONG-INFO",
            required=False,
            nullable=True,
        ),
    ),
)

CONTACTS = InputKind(
    name="contacts",
    title="Contact log",
    row_is="one customer contact",
    key=("contact_id",),
    columns=(
        ColumnDef("contact_id", "str", "id of the contact", "K00001234"),
        ColumnDef("customer_id", "str", "id of the customer (never shown in reports)", "C1234567"),
        ColumnDef("program", "str", "program name as in the KPI file", "Technical Support"),
        ColumnDef("channel", "str", "voice, chat, email, ...", "voice"),
        ColumnDef(
            "start_time",
            "datetime",
            "local start time (YYYY-MM-DD HH:MM:SS)",
            "2026-09-14 10:32:05",
        ),
        ColumnDef(
            "reason",
            "str",
            "contact reason (blank if unknown)",
            "billing question",
            required=False,
            nullable=True,
        ),
    ),
)

SURVEY = InputKind(
    name="survey",
    title="Customer satisfaction survey",
    row_is="one survey response",
    key=("response_id",),
    columns=(
        ColumnDef("response_id", "str", "id of the response", "R000001"),
        ColumnDef("program", "str", "program name as in the KPI file", "Retention Sales"),
        ColumnDef("overall", "int", "overall satisfaction on the survey's scale", "4"),
        ColumnDef(
            "contact_id",
            "str",
            "id of the surveyed contact (blank if unknown)",
            "K00001234",
            required=False,
            nullable=True,
        ),
    ),
    extra_columns=(
        "one column per driver rating (for example reliability, responsiveness, empathy), on "
        "the survey's scale; optional operational columns such as ivr_seconds, wait_seconds, "
        "transfers, repeat_contact_7d (0/1) and critical-error flags customer_ce, business_ce, "
        "compliance_ce (0/1)"
    ),
)

WFM = InputKind(
    name="wfm",
    title="Workforce forecast and actuals",
    row_is="one interval of one queue",
    key=("queue", "interval_start"),
    columns=(
        ColumnDef("queue", "str", "queue (or skill) name", "billing_voice"),
        ColumnDef(
            "interval_start",
            "instant",
            "interval start with UTC offset, or local time in the declared time zone",
            "2026-09-07T08:30:00+08:00",
        ),
        ColumnDef(
            "interval_minutes",
            "int",
            "interval length in minutes (15, 30 or 60)",
            "30",
            minimum=1,
            maximum=1440,
        ),
        ColumnDef("forecast_volume", "float", "forecast contacts offered", "42.5", minimum=0),
        ColumnDef("actual_volume", "float", "actual contacts offered", "40", minimum=0),
        ColumnDef(
            "forecast_aht_s", "float", "forecast average handle time, seconds", "320", minimum=0
        ),
        ColumnDef(
            "actual_aht_s",
            "float",
            "actual average handle time, seconds (blank if no calls)",
            "335",
            minimum=0,
            nullable=True,
        ),
        ColumnDef(
            "scheduled_agents",
            "float",
            "agents scheduled in the interval",
            "12",
            required=False,
            nullable=True,
            minimum=0,
        ),
        ColumnDef(
            "forecast_shrinkage",
            "float",
            "forecast shrinkage share (0..1)",
            "0.30",
            required=False,
            nullable=True,
            minimum=0,
            maximum=1,
        ),
        ColumnDef(
            "actual_shrinkage",
            "float",
            "actual shrinkage share (0..1)",
            "0.33",
            required=False,
            nullable=True,
            minimum=0,
            maximum=1,
        ),
    ),
)


def _flag(name: str, meaning: str) -> ColumnDef:
    return ColumnDef(name, "flag", meaning, "0", minimum=0, maximum=1)


CALIBRATION = InputKind(
    name="calibration",
    title="Evaluator calibration sample",
    row_is="transaction scored by one evaluator",
    key=("transaction_id", "evaluator_id"),
    columns=(
        ColumnDef(
            "transaction_id",
            "str",
            "id of the transaction scored (the same id on the row of every evaluator who "
            "scored it; each transaction needs at least two evaluators)",
            "T000123",
        ),
        ColumnDef("evaluator_id", "str", "id of the evaluator (QA analyst) who scored it", "E01"),
        _flag("customer_ce", "1 if the evaluator found a customer-critical error"),
        _flag("business_ce", "1 if the evaluator found a business-critical error"),
        _flag("compliance_ce", "1 if the evaluator found a compliance-critical error"),
        ColumnDef(
            "error_code",
            "str",
            "code of the error the evaluator found (blank if none)",
            "CE-WRONG-INFO",
            required=False,
            nullable=True,
        ),
    ),
)


def _optional(name: str, type_: ColumnType, meaning: str, example: str, **kw) -> ColumnDef:
    return ColumnDef(name, type_, meaning, example, required=False, nullable=True, **kw)


JOURNEYS = InputKind(
    name="journeys",
    title="Service journeys",
    row_is="one customer contact with the facts of its journey",
    key=("contact_id",),
    columns=(
        *CONTACTS.columns[:5],
        _optional("bot_used", "flag", "1 if the contact began in a bot or self-service "
                  "session", "1", minimum=0, maximum=1),
        _optional("bot_resolved", "flag", "1 if that session resolved the request, 0 if "
                  "not (blank without a session)", "0", minimum=0, maximum=1),
        _optional("ivr_seconds", "float", "seconds in the IVR", "95", minimum=0),
        _optional("queue_seconds", "float", "seconds waiting in queue for an agent", "42",
                  minimum=0),
        _optional("transfers", "int", "transfers to another agent or team", "1", minimum=0),
        _optional("callback_promised_at", "datetime", "local time a callback was promised "
                  "for (blank if none)", "2026-09-14 15:00:00"),
        _optional("callback_made_at", "datetime", "local time the callback was made (blank "
                  "if not made)", "2026-09-14 15:07:00"),
        _optional("case_opened_at", "datetime", "local time a case was opened (blank if "
                  "none)", "2026-09-14 10:40:00"),
        _optional("case_closed_at", "datetime", "local time the case was closed (blank "
                  "while open)", "2026-09-14 13:55:00"),
        _optional("sla_hours", "float", "hours the case may take under its SLA", "4",
                  minimum=0),
        _optional("case_priority", "str", "the case's priority, for an SLA table in the "
                  "engagement (notebooks: journey_quality: sla_hours)", "urgent"),
        _optional("resolved_flag", "flag", "1 if the agent recorded the request as "
                  "resolved", "1", minimum=0, maximum=1),
    ),
)  # fmt: skip

JOURNEY_CHECKPOINTS = InputKind(
    name="journey_checkpoints",
    title="Journey checkpoint catalog",
    row_is="one quality checkpoint of the service journey",
    key=("checkpoint",),
    columns=(
        ColumnDef("checkpoint", "str", "checkpoint id", "callback_on_time"),
        ColumnDef("touchpoint", "str", "touchpoint of the journey", "callback",
                  allowed=TOUCHPOINTS),
        ColumnDef("dimension", "str", "service-quality dimension", "reliability",
                  allowed=DIMENSIONS),
        ColumnDef("rule", "str", "how it is computed from the journeys file (human_qa: by "
                  "an evaluator)", "callback_late", allowed=CHECKPOINT_RULES),
        _optional("needs", "str", "the journeys columns it needs, separated by spaces",
                  "callback_promised_at callback_made_at"),
        _optional("parameter", "str", "name of its parameter", "tolerance_min"),
        _optional("value", "float", "value of its parameter", "15"),
        _optional("placeholder", "flag", "1 if the value is a placeholder, not the "
                  "client's", "1", minimum=0, maximum=1),
        _optional("label_en", "str", "label in English", "Callback made on time"),
        _optional("label_zh_hant", "str", "label in Traditional Chinese", "準時回電"),
        _optional("label_zh_hans", "str", "label in Simplified Chinese", "准时回电"),
        _optional("description", "str", "what it checks", "made no later than the tolerance"),
    ),
)  # fmt: skip

KINDS: dict[str, InputKind] = {
    k.name: k
    for k in (
        KPIS, METRIC_CATALOG, QA, CONTACTS, SURVEY, WFM, CALIBRATION, JOURNEYS,
        JOURNEY_CHECKPOINTS,
    )
}  # fmt: skip

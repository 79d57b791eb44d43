"""The vocabulary of a COPC-style assessment that several modules share."""

from __future__ import annotations

#: the three kinds of critical error, in reporting order
ERROR_TYPES: tuple[str, ...] = ("customer", "business", "compliance")
#: the QA input's 0/1 column of each kind of critical error
ERROR_FLAG_COLUMNS: dict[str, str] = {kind: f"{kind}_ce" for kind in ERROR_TYPES}

#: the touchpoints of a customer's service journey, in the order the customer meets them
TOUCHPOINTS: tuple[str, ...] = (
    "self_service",
    "ivr",
    "queue",
    "agent",
    "transfer",
    "callback",
    "resolution",
    "survey",
)
#: the five service-quality dimensions (SERVQUAL)
DIMENSIONS: tuple[str, ...] = ("reliability", "responsiveness", "assurance", "empathy", "tangibles")
#: how a journey checkpoint is judged: a rule computed from the journeys file, or by a
#: human evaluator (``human_qa``)
CHECKPOINT_RULES: tuple[str, ...] = (
    "bot_unresolved",
    "bot_dead_end",
    "over_threshold",
    "sum_over_threshold",
    "count_over",
    "callback_late",
    "callback_missing",
    "case_sla",
    "repeat",
    "flag_zero",
    "resolved_repeat",
    "human_qa",
)


def identifier(text: str) -> str:
    """``text`` as a lowercase identifier: "Vendor A Kaohsiung Billing" ->
    "vendor_a_kaohsiung_billing" (how WFM queues are commonly named after programs)."""
    import re

    return re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_")

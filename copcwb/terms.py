"""The vocabulary of a COPC-style assessment that several modules share."""

from __future__ import annotations

from collections.abc import Mapping

#: the three kinds of critical error, in reporting order
ERROR_TYPES: tuple[str, ...] = ("customer", "business", "compliance")
#: the QA input's 0/1 column of each kind of critical error
ERROR_FLAG_COLUMNS: dict[str, str] = {kind: f"{kind}_ce" for kind in ERROR_TYPES}
#: the bands of agreement beyond chance (kappa) of Landis & Koch (1977), each with the lowest
#: kappa it takes as they print it (two decimals: 0.41-0.60 is moderate); below the first,
#: agreement is "poor". Placeholders: an engagement may set its own bounds.
AGREEMENT_BANDS: dict[str, float] = {
    "slight": 0.0,
    "fair": 0.21,
    "moderate": 0.41,
    "substantial": 0.61,
    "almost_perfect": 0.81,
}
#: the band of a kappa below every bound of AGREEMENT_BANDS
POOR_AGREEMENT = "poor"
#: the kappa evaluators must reach before QA results are trusted (placeholder)
KAPPA_REQUIRED = 0.6


def checked_bands(bands: Mapping[str, float]) -> dict[str, float]:
    """``bands`` (band -> lowest kappa) in the order of AGREEMENT_BANDS, checked: every band
    given, bounds rising within -1..1; ValueError otherwise."""
    missing = [b for b in AGREEMENT_BANDS if b not in bands]
    unknown = [str(b) for b in bands if b not in AGREEMENT_BANDS]
    if missing or unknown:
        raise ValueError(
            "give the lowest kappa of each band "
            + ", ".join(AGREEMENT_BANDS)
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; unknown: {', '.join(unknown)}" if unknown else "")
        )
    bounds = [float(bands[b]) for b in AGREEMENT_BANDS]
    rising = all(lo < hi for lo, hi in zip(bounds, bounds[1:], strict=False))
    if not rising or bounds[0] < -1 or bounds[-1] > 1:
        raise ValueError(
            "band bounds must rise from " + " to ".join(AGREEMENT_BANDS) + " within -1..1"
        )
    return dict(zip(AGREEMENT_BANDS, bounds, strict=True))


#: the maturity stages of a contact centre, lowest first (a 2005 Taiwanese contact-centre
#: blueprint): operational (basic KPIs), refined (KPI-driven, root causes, resolution,
#: satisfaction, cost), strategic (customer feedback drives the business, best practice,
#: employee satisfaction), visionary (the centre creates value: loyalty, profit, revenue)
STAGES: tuple[str, ...] = ("operational", "refined", "strategic", "visionary")
#: the share of a stage's metrics that must be managed for the stage to count as reached
#: (placeholder: a convention, not a published figure)
MATURITY_THRESHOLD = 0.5

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

"""Options of each notebook, as written under ``notebooks:`` in engagement.yaml.

Each model forbids unknown keys, so a misspelt option is an error, not a silent
default. The defaults marked *placeholder* are conventions, not COPC figures.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from copcwb.terms import (
    AGREEMENT_BANDS,
    ERROR_TYPES,
    KAPPA_REQUIRED,
    MATURITY_THRESHOLD,
    checked_bands,
)

ErrorType = Literal[ERROR_TYPES]  # type: ignore[valid-type]
AgreementBand = Literal[tuple(AGREEMENT_BANDS)]  # type: ignore[valid-type]


class NotebookOptionsBase(BaseModel):
    """Options of one notebook: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def given(self) -> dict:
        """Only the options the user set, as plain JSON (defaults stay defaults)."""
        return self.model_dump(mode="json", include=set(self.model_fields_set))


class BaselineOptions(NotebookOptionsBase):
    """Options of the baseline assessment."""

    trend_months: int = Field(6, ge=3, le=36, description="months in the trend run (placeholder 6)")
    alpha: float = Field(0.05, gt=0, lt=0.5, description="significance level of the trend test")
    level_share: float = Field(0.65, ge=0, le=1, description="share meeting target (placeholder)")
    level_or_trend_share: float = Field(
        0.75, ge=0, le=1, description="share meeting target or improving (placeholder)"
    )
    categories: list[str] = Field(
        default_factory=lambda: ["service", "quality", "cost", "revenue", "satisfaction"],
        description="categories counted for readiness",
    )
    maturity_threshold: float = Field(
        MATURITY_THRESHOLD,
        gt=0,
        le=1,
        description="share of a maturity stage's metrics that must be managed (measured, "
        "with a target, meeting it or improving) for the stage to be reached (placeholder)",
    )
    qa_confidence: float = Field(0.95, gt=0.5, lt=1, description="confidence of accuracy intervals")
    qa_margin: float = Field(0.05, gt=0, lt=0.5, description="sampling margin for sample adequacy")
    accuracy_targets: dict[ErrorType, float] = Field(
        default_factory=dict,
        description="critical-error accuracy target per type chosen for the engagement; a "
        "type not named takes the catalog's <type>_ce_accuracy target (placeholders in the "
        "built-in catalog)",
    )
    resolution_windows: list[str] = Field(
        default_factory=lambda: ["48h", "7D"], description="repeat-contact windows"
    )
    resolution_same_reason: bool = Field(False, description="a repeat must share the reason")
    spend_gap: float = Field(0.10, gt=0, description="relative gap that flags spend / over-invest")
    people_monitoring: list[Literal["process", "individual"]] = Field(
        default_factory=lambda: ["process"],
        description="monitoring counted for process or people; add individual where each "
        "agent's individual sample is random",
    )
    show_agent_ids: bool = Field(
        False, description="show agents' own ids in the reports (default: pseudonyms)"
    )
    kappa_required: float = Field(
        KAPPA_REQUIRED,
        ge=0,
        le=1,
        description="evaluator agreement (kappa) a critical-error type needs in the calibration "
        "sample before its QA results are trusted (placeholder)",
    )
    kappa_bands: dict[AgreementBand, float] = Field(
        default_factory=lambda: dict(AGREEMENT_BANDS),
        description="lowest kappa of each agreement band (placeholders: Landis & Koch 1977); "
        "below the first, agreement is poor",
    )
    show_evaluator_ids: bool = Field(
        False, description="show evaluators' own ids in the reports (default: pseudonyms)"
    )

    @field_validator("kappa_bands")
    @classmethod
    def _bands_in_order(cls, value: dict[str, float]) -> dict[str, float]:
        return checked_bands(value)


class DriversOptions(NotebookOptionsBase):
    """Options of the CSAT driver analysis."""

    scale: tuple[int, int] = Field((1, 5), description="lowest and highest rating of the survey")
    drivers: list[str] | None = Field(
        None, description="driver rating columns; default: every rating column not named elsewhere"
    )
    operational: list[str] = Field(
        default_factory=lambda: ["ivr_seconds", "wait_seconds", "transfers", "repeat_contact_7d"],
        description="operational columns used when present",
    )
    critical_errors: list[str] = Field(
        default_factory=lambda: ["customer_ce", "business_ce", "compliance_ce"],
        description="critical-error flag columns used when present",
    )
    controls: list[str] = Field(
        default_factory=list,
        description="covariates (e.g. program, channel; text allowed) kept in every model of "
        "the importance decomposition",
    )
    expectations: dict[str, str] = Field(
        default_factory=dict,
        description="perception rating column -> the expectation rating column of the same "
        "service-quality dimension (e.g. reliability: exp_reliability), for the gap "
        "perception - expectation; the expectation columns are no drivers",
    )
    alpha: float = Field(0.05, gt=0, lt=0.5)
    min_segment_responses: int = Field(200, ge=30)
    bootstrap: int = Field(0, ge=0, le=5000, description="bootstrap resamples for importance")
    seed: int = Field(2026, description="seed of every random draw")

    @field_validator("expectations", mode="before")
    @classmethod
    def _pairs(cls, value: object) -> dict[str, str]:
        return checked_pairs(value)

    @property
    def confidence(self) -> float:
        """The confidence level of every interval: 1 - alpha."""
        return 1.0 - self.alpha


#: survey columns that cannot be a perception or an expectation rating
NOT_RATINGS = ("overall", "program", "response_id", "contact_id", "customer_id")


def checked_pairs(pairs: object) -> dict[str, str]:
    """``pairs`` (perception column -> expectation column) when it is a mapping of column
    names, each pair two different rating columns, no expectation column serving two
    dimensions or also a perception column; else ValueError saying which and how to
    write it."""
    example = "write it as {reliability: exp_reliability, responsiveness: exp_responsiveness}"
    if pairs is None:
        return {}
    if not isinstance(pairs, dict):
        raise ValueError(f"map each perception column to its expectation column; {example}")
    for perception, expectation in pairs.items():
        if not isinstance(perception, str) or not isinstance(expectation, str):
            raise ValueError(f"'{perception}: {expectation}' names no two columns; {example}")
        if not perception.strip() or not expectation.strip():
            raise ValueError(f"a perception and an expectation column must be named; {example}")
        if perception == expectation:
            raise ValueError(f"'{perception}' is paired with itself; {example}")
        for name in (perception, expectation):
            if name in NOT_RATINGS:
                raise ValueError(f"'{name}' is not a rating of a service-quality dimension")
    expectations = list(pairs.values())
    twice = sorted({e for e in expectations if expectations.count(e) > 1})
    if twice:
        raise ValueError(f"{', '.join(twice)} is the expectation of two dimensions")
    both = sorted(set(expectations) & set(pairs))
    if both:
        raise ValueError(f"{', '.join(both)} is both a perception and an expectation column")
    return pairs


class ForecastOptions(NotebookOptionsBase):
    """Options of the workforce forecast accuracy analysis."""

    tolerances: list[float] = Field(default_factory=lambda: [0.05, 0.10, 0.15])
    tolerance: float = Field(0.10, gt=0, lt=1, description="headline tolerance")
    denominator: Literal["actual", "forecast"] = "actual"
    min_actual: float = Field(0.0, ge=0, description="periods below this actual are excluded")
    naive_lag_days: int = Field(7, ge=1, le=28)
    interval_hit_target: float = Field(0.80, ge=0, le=1, description="practitioner target")
    day_hit_target: float = Field(0.90, ge=0, le=1, description="practitioner target")
    sl_target: float = Field(0.80, gt=0, lt=1, description="service-level target share")
    sl_threshold_s: float = Field(20.0, gt=0, description="service-level answer threshold")

    @property
    def hit_targets(self) -> dict[str, float]:
        """The hit-rate targets by level: {"interval": ..., "day": ...}."""
        return {"interval": self.interval_hit_target, "day": self.day_hit_target}


class JourneyOptions(NotebookOptionsBase):
    """Options of the journey quality analysis."""

    checkpoint_values: dict[str, float] = Field(
        default_factory=dict,
        description="checkpoint id -> the value of its parameter chosen for the engagement "
        "(e.g. callback_on_time: 10 minutes); the others keep the catalog's (placeholders in "
        "the built-in catalog)",
    )
    sla_hours: dict[str, float] = Field(
        default_factory=dict,
        description="case priority -> SLA hours, for a journeys file with case_priority "
        "instead of sla_hours (e.g. {urgent: 4, normal: 24})",
    )
    by: list[str] = Field(default_factory=lambda: ["program"], description="groups of the rates")
    bottom_box: int = Field(
        2, ge=1, le=5, description="lowest ratings counted as a bottom-box rating (placeholder 2)"
    )
    at_risk_ratio: float = Field(
        2.0,
        gt=1,
        description="a contact is at risk when its predicted bottom-box chance is at least "
        "this many times the surveyed bottom-box share (placeholder)",
    )
    review_size: int = Field(50, ge=1, le=1000, description="contacts on the review list")
    folds: int = Field(5, ge=2, le=20, description="folds of the cross-validated calibration")
    alpha: float = Field(0.05, gt=0, lt=0.5)
    seed: int = Field(2026, description="seed of the calibration folds")

    @property
    def confidence(self) -> float:
        """The confidence level of every interval: 1 - alpha."""
        return 1.0 - self.alpha

"""The economics and owners of an engagement, as written under ``business:`` in engagement.yaml.

Every figure may be one number for all programs or a mapping program -> number. A figure
the engagement leaves out is taken from the client's data where the data hold it (cost per
contact, AHT and shrinkage from the KPIs or the WFM export); the rest fall back to the
*placeholders* below, which the reports mark as such. A value of satisfaction (per point,
per promoter, per retained customer) has no placeholder: without it the CSAT fix stays in
points.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: the action classes of the plan, in the order the reports list them
ACTION_CLASSES = ("loss_control", "process_change", "system_change", "training", "coaching")
#: the finding kinds an action comes from
FINDING_KINDS = (
    "gap",
    "deteriorating",
    "critical_error",
    "fix_first_driver",
    "threshold",
    "forecast_bias",
    "over_investment",
    "resolution",
    "agent_outliers",
    "calibration",
    "checkpoint",
    "expectation_missed",
    "over_served",
)
RASIC_LETTERS = ("R", "A", "S", "I", "C")

#: placeholders used when neither the engagement nor the data give a figure
PLACEHOLDERS = {
    "loaded_cost_per_fte": 45000.0,  # currency units per FTE per year
    "paid_hours_per_fte": 1800.0,  # paid hours per FTE per year
    "open_hours_per_year": 4380.0,  # 12 hours a day, every day
    "shrinkage": 0.30,
}

ActionClass = Literal[ACTION_CLASSES]  # type: ignore[valid-type]
FindingKind = Literal[FINDING_KINDS]  # type: ignore[valid-type]
Figure = float | dict[str, float]


def _positive(value: Figure | None, name: str, upper: float | None = None) -> Figure | None:
    values = value.values() if isinstance(value, dict) else [] if value is None else [value]
    for v in values:
        if not v > 0 or (upper is not None and not v < upper):
            bound = f"between 0 and {upper}" if upper is not None else "above 0"
            raise ValueError(f"{name} must be {bound}, got {v!r}")
    return value


class CsatValue(BaseModel):
    """What one unit of satisfaction is worth to the client, per year (none by default)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    per_point: float | None = Field(
        None, gt=0, description="value of one point (1 percentage point) of top-box share"
    )
    per_promoter: float | None = Field(None, gt=0, description="value of one more promoter")
    per_retained_customer: float | None = Field(
        None, gt=0, description="value of one customer kept (needs customers_per_point)"
    )
    customers_per_point: float | None = Field(
        None, gt=0, description="customers kept per point of top-box share"
    )
    promoters_per_point: float | None = Field(
        None, gt=0, description="promoters gained per point of top-box share"
    )

    @model_validator(mode="after")
    def _pairs(self) -> CsatValue:
        if self.per_retained_customer is not None and self.customers_per_point is None:
            raise ValueError("per_retained_customer needs customers_per_point")
        if self.per_promoter is not None and self.promoters_per_point is None:
            raise ValueError("per_promoter needs promoters_per_point")
        return self


class BusinessSettings(BaseModel):
    """The ``business:`` section of an engagement (every key optional)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    currency: str = Field("", max_length=12, description="e.g. USD, TWD; shown with amounts")
    annual_volume: Figure | None = Field(
        None, description="contacts per year; default: from the contact log or WFM, annualised"
    )
    cost_per_contact: Figure | None = Field(
        None, description="default: the KPI cost_per_contact of the latest month"
    )
    loaded_cost_per_fte: Figure | None = Field(
        None, description="fully loaded cost of one FTE per year (placeholder 45,000)"
    )
    paid_hours_per_fte: float | None = Field(
        None, gt=0, le=8784, description="paid hours of one FTE per year (placeholder 1,800)"
    )
    open_hours_per_year: Figure | None = Field(
        None,
        description="hours the center is open per year, for Erlang C on average "
        "without WFM intervals (placeholder 4,380 = 12 h x 365)",
    )
    shrinkage: Figure | None = Field(
        None, description="default: WFM actual shrinkage, else the KPI shrinkage (placeholder 0.30)"
    )
    aht_s: Figure | None = Field(None, description="default: the KPI aht_s, else WFM actual AHT")
    queues: dict[str, list[str]] = Field(
        default_factory=dict,
        description="program -> its WFM queues (default: a queue named like the program)",
    )
    csat_value: CsatValue = Field(default_factory=CsatValue)
    bias_threshold: float = Field(
        0.03, gt=0, lt=1, description="daily forecast bias that makes an action (placeholder)"
    )
    rasic: dict[str, dict[ActionClass, Literal[RASIC_LETTERS]]] = Field(  # type: ignore[valid-type]
        default_factory=dict,
        description="role -> {action class: R, A, S, I or C}; the R role owns the action",
    )
    action_classes: dict[FindingKind, ActionClass] = Field(
        default_factory=dict, description="finding kind -> action class, to override defaults"
    )
    due_days: dict[Literal[1, 2, 3], int] = Field(
        default_factory=lambda: {1: 30, 2: 60, 3: 90},
        description="days from the run to an action's due date, by priority (placeholder)",
    )

    @field_validator("cost_per_contact", "loaded_cost_per_fte", "annual_volume")
    @classmethod
    def _positive_figure(cls, value: Figure | None, info) -> Figure | None:
        return _positive(value, info.field_name)

    @field_validator("open_hours_per_year")
    @classmethod
    def _hours(cls, value: Figure | None) -> Figure | None:
        return _positive(value, "open_hours_per_year", upper=8784.0001)

    @field_validator("shrinkage")
    @classmethod
    def _share(cls, value: Figure | None) -> Figure | None:
        return _positive(value, "shrinkage", upper=1.0)

    @field_validator("aht_s")
    @classmethod
    def _aht(cls, value: Figure | None) -> Figure | None:
        return _positive(value, "aht_s")

    @field_validator("rasic")
    @classmethod
    def _one_accountable(cls, value: dict) -> dict:
        for action_class in ACTION_CLASSES:
            accountable = [role for role, row in value.items() if row.get(action_class) == "A"]
            if len(accountable) > 1:
                raise ValueError(
                    f"action class '{action_class}' has {len(accountable)} accountable roles "
                    f"({', '.join(accountable)}); a RASIC matrix has one A per class"
                )
        return value

    def given(self, name: str) -> bool:
        """Whether the engagement wrote ``name``."""
        return name in self.model_fields_set

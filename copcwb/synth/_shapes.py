"""Shapes of synthetic engagements: which inputs, programs, columns and survey scale.

The demo is one shape; the others are engagements as clients send them, unlike the demo:
a survey of ratings only, a 0-10 survey with the client's own question names, KPIs only,
inputs without their optional columns. Every shape draws from the same seeded model, so
the planted effects of ``DEMO`` hold wherever the shape keeps the columns they live in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from copcwb.io.columns import KINDS
from copcwb.synth import expectations
from copcwb.synth._rng import ALL_TABLES
from copcwb.synth._spec import (
    CRITICAL_ERRORS,
    DRIVERS,
    OPERATIONAL,
    PROGRAMS,
    SUPPORT,
    SURVEY_RESPONSES,
)
from copcwb.synth.journeys import COLUMNS as JOURNEY_COLUMNS

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_SURVEY_COLUMNS = (
    "response_id",
    "program",
    "contact_id",
    "overall",
    *OPERATIONAL,
    *CRITICAL_ERRORS,
)


def optional_columns(kind: str) -> tuple[str, ...]:
    """The columns of input ``kind`` that its definition (``copcwb.io.columns``) marks
    optional, e.g. qa: error_code; contacts: reason; survey: contact_id."""
    return tuple(c.name for c in KINDS[kind].columns if not c.required)


@dataclass(frozen=True)
class SurveyShape:
    """How the survey looks.

    ``responses``: number of rows (100 to the demo's 4,000; three quarters link to voice
    contacts of the log, so a single small program may have too few). ``scale``: (lowest,
    highest) point of overall and of every rating, whole numbers 2 to 10 points apart.
    ``drivers``: the names of the rating columns, standing in order for the demo's driver
    roles (reliability, responsiveness, assurance, empathy, tangibles, with their true
    effects); fewer names leave the other roles out of the file (they still move overall,
    as unasked questions do). ``declared``: the driver names the engagement declares under
    ``notebooks: csat_drivers: drivers:`` (the other rating columns are then no drivers);
    None declares every name when they are not the demo's, and none (the drivers are
    inferred) when they are. ``expectations``: the survey also asks the expectation of
    each driver (columns ``exp_<name>``, declared under ``csat_drivers: expectations:``).
    """

    responses: int = SURVEY_RESPONSES
    scale: tuple[int, int] = (1, 5)
    drivers: tuple[str, ...] = DRIVERS
    declared: tuple[str, ...] | None = None
    expectations: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.responses, bool) or not isinstance(self.responses, int):
            raise ValueError(f"responses must be an integer, got {self.responses!r}")
        if not 100 <= self.responses <= SURVEY_RESPONSES:
            raise ValueError(
                f"responses must be from 100 to {SURVEY_RESPONSES:,}, got {self.responses}"
            )
        lo, hi = self.scale
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (lo, hi)):
            raise ValueError(f"scale must be two whole numbers, got {self.scale!r}")
        if not 2 <= hi - lo <= 10:
            raise ValueError(f"scale must span 2 to 10 points, got {self.scale!r}")
        names = self.drivers
        if not 1 <= len(names) <= len(DRIVERS) or len(set(names)) != len(names):
            raise ValueError(f"give 1 to {len(DRIVERS)} distinct driver names, got {names!r}")
        bad = [n for n in names if not _NAME.match(str(n)) or n in _SURVEY_COLUMNS]
        if bad:
            raise ValueError(
                f"driver names must be lowercase ASCII identifiers other than the survey's "
                f"other columns: {', '.join(map(str, bad))}"
            )
        if self.declared is not None and (
            not self.declared or not set(self.declared) <= set(names)
        ):
            raise ValueError(f"declared must be some of the driver names {names!r}")

    @property
    def declared_drivers(self) -> tuple[str, ...]:
        """The driver names written under ``csat_drivers: drivers:`` (empty: none)."""
        if self.declared is not None:
            return self.declared
        return () if self.drivers == DRIVERS else self.drivers

    @property
    def expectation_pairs(self) -> dict[str, str]:
        """Perception column -> expectation column (empty without expectations)."""
        return expectations.pairs(self.drivers) if self.expectations else {}

    @property
    def renames(self) -> dict[str, str]:
        """Demo driver role -> the column name in this survey."""
        return dict(zip(DRIVERS, self.drivers, strict=False))


@dataclass(frozen=True)
class EngagementShape:
    """What a synthetic engagement holds.

    ``name``: short id (the engagement id is ``acme-<name>``); ``description``: the first
    line of its engagement.yaml; ``inputs``: the tables written (the notebooks whose inputs
    are all there are run; a calibration sample rescores transactions of the QA table, so
    it needs qa); ``programs``: the programs kept (rows of the others are left
    out of every table; WFM keeps the queues of those programs); ``omit``: columns left
    out, by table (leaving out a required column makes the input invalid); ``months`` of
    KPIs and QA (contacts cover the last three, the survey the last four); ``weeks`` of
    WFM; ``survey``: see :class:`SurveyShape` (the demo's asks expectations too);
    ``notebook_options``: options written under ``notebooks:`` (csat_drivers also gets
    the survey's scale, its declared drivers and expectation pairs).
    """

    name: str = "demo"
    description: str = "Demo engagement generated by `copcwb demo`"
    inputs: tuple[str, ...] = ALL_TABLES
    programs: tuple[str, ...] = PROGRAMS
    omit: dict[str, tuple[str, ...]] = field(default_factory=dict)
    months: int = 12
    weeks: int = 8
    survey: SurveyShape = SurveyShape(expectations=True)
    notebook_options: dict[str, dict[str, object]] = field(
        default_factory=lambda: {
            "baseline_assessment": {"trend_months": 6},
            "forecast_accuracy": {"tolerance": 0.10},
        }
    )
    prepared_by: str = "copcwb demo"

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"shape name must be a lowercase identifier, got {self.name!r}")
        unknown = [t for t in self.inputs if t not in ALL_TABLES]
        if not self.inputs or unknown or len(set(self.inputs)) != len(self.inputs):
            raise ValueError(f"inputs must be distinct tables of {', '.join(ALL_TABLES)}")
        if not self.programs or any(p not in PROGRAMS for p in self.programs):
            raise ValueError(f"programs must be some of {', '.join(PROGRAMS)}")
        if "calibration" in self.inputs and "qa" not in self.inputs:
            raise ValueError("a calibration sample rescores QA transactions: write qa too")
        stray = [t for t in self.omit if t not in self.inputs]
        if stray:
            raise ValueError(f"omit names tables the shape does not write: {', '.join(stray)}")

    @property
    def engagement_id(self) -> str:
        """``acme-<name>`` with hyphens, e.g. acme-demo, acme-kpi-only."""
        return "acme-" + self.name.replace("_", "-")


RATINGS_ONLY = EngagementShape(
    name="ratings_only",
    description="Survey of ratings only: no contact ids, operational facts or critical errors",
    inputs=("survey",),
    survey=SurveyShape(responses=400),
    omit={"survey": ("contact_id", *OPERATIONAL, *CRITICAL_ERRORS)},
    prepared_by="copcwb.synth",
)

#: the client's own question names, standing for the five demo driver roles in order; the
#: client_scale engagement declares the first four as drivers (app_usability, in the role
#: without effect, is a question the consultant leaves out)
CLIENT_DRIVERS: tuple[str, ...] = (
    "agent_knowledge",
    "ease_of_reaching",
    "confidence_in_answer",
    "agent_courtesy",
    "app_usability",
)

SHAPES: dict[str, EngagementShape] = {
    shape.name: shape
    for shape in (
        EngagementShape(),
        RATINGS_ONLY,
        EngagementShape(
            name="ratings_one_program",
            description="Survey of ratings only, of one program",
            inputs=RATINGS_ONLY.inputs,
            programs=(SUPPORT,),
            survey=RATINGS_ONLY.survey,
            omit=RATINGS_ONLY.omit,
            prepared_by="copcwb.synth",
        ),
        EngagementShape(
            name="client_scale",
            description="Survey on a 0-10 scale with the client's own question names",
            inputs=("survey",),
            survey=SurveyShape(
                responses=600, scale=(0, 10), drivers=CLIENT_DRIVERS, declared=CLIENT_DRIVERS[:4]
            ),
            prepared_by="copcwb.synth",
        ),
        EngagementShape(
            name="kpi_only",
            description="Monthly KPIs only",
            inputs=("kpis",),
            prepared_by="copcwb.synth",
        ),
        EngagementShape(
            name="no_optional_columns",
            description="Every input without its optional columns",
            omit={
                "qa": optional_columns("qa"),
                "contacts": optional_columns("contacts"),
                "survey": (*optional_columns("survey"), *OPERATIONAL),
                "wfm": optional_columns("wfm"),
                "calibration": optional_columns("calibration"),
                "journeys": tuple(c for c in optional_columns("journeys") if c in JOURNEY_COLUMNS),
            },
            months=9,
            weeks=4,
            survey=SurveyShape(responses=400),
            prepared_by="copcwb.synth",
        ),
    )
}

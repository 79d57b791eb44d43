"""The notebooks of the workbench, in one place: name, options model and inputs.

Everything that lists the notebooks (the engagement spec, the scaffold, the runner,
the report titles) reads this registry, so a notebook is added by adding one entry
here, its options model and its ``.ipynb``/``.py`` pair under ``notebooks/``.
"""

from __future__ import annotations

from dataclasses import dataclass

from copcwb.options import (
    BaselineOptions,
    DriversOptions,
    ForecastOptions,
    JourneyOptions,
    NotebookOptionsBase,
)


@dataclass(frozen=True)
class NotebookInfo:
    """One notebook: ``name`` (file stem and key under ``notebooks:``), ``options``
    (its options model), ``needs`` (inputs it cannot run without), ``uses`` (inputs it
    reads when the engagement has them), ``optional`` (a run whose engagement does not
    list its notebooks under ``run:`` skips it, saying why, when an input it needs is
    absent, instead of refusing the engagement). Its title is the catalog text
    ``notebook.<name>`` in the report's language."""

    name: str
    options: type[NotebookOptionsBase]
    needs: tuple[str, ...]
    uses: tuple[str, ...] = ()
    optional: bool = False

    @property
    def title_key(self) -> str:
        return f"notebook.{self.name}"

    @property
    def inputs(self) -> tuple[str, ...]:
        """Every input the notebook reads, needed ones first."""
        return (*self.needs, *(k for k in self.uses if k not in self.needs))


REGISTRY: dict[str, NotebookInfo] = {
    info.name: info
    for info in (
        NotebookInfo(
            "baseline_assessment",
            BaselineOptions,
            needs=("kpis",),
            uses=("metric_catalog", "qa", "contacts", "wfm", "calibration"),
        ),
        NotebookInfo("csat_drivers", DriversOptions, needs=("survey",)),
        NotebookInfo("forecast_accuracy", ForecastOptions, needs=("wfm",)),
        NotebookInfo(
            "journey_quality",
            JourneyOptions,
            needs=("journeys",),
            uses=("journey_checkpoints", "survey", "contacts"),
            optional=True,
        ),
    )
}

#: the notebook names, in the order a run executes them
NOTEBOOKS: tuple[str, ...] = tuple(REGISTRY)

#: the follow-up report, which ``copcwb compare`` runs on two published runs of an
#: engagement (``copcwb.followup``); no engagement runs it, so it is not in REGISTRY
FOLLOW_UP = "follow_up"
#: the notebooks no engagement runs
STANDALONE: tuple[str, ...] = (FOLLOW_UP,)
#: every notebook under notebooks/: the engagement's, then the standalone ones
ALL_NOTEBOOKS: tuple[str, ...] = (*NOTEBOOKS, *STANDALONE)


def notebook(name: str) -> NotebookInfo:
    """The registry entry of ``name``; KeyError names the known notebooks."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown notebook '{name}' (known: {', '.join(NOTEBOOKS)})") from None

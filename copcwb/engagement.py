"""The engagement spec: ``engagement.yaml`` loaded into a validated model.

Paths in the spec are relative to the yaml file; they are resolved and checked
to exist and to stay inside the engagement folder.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from copcwb.business_options import BusinessSettings
from copcwb.errors import Problem, SpecError
from copcwb.options import NotebookOptionsBase
from copcwb.registry import NOTEBOOKS, REGISTRY

INPUT_KINDS = (
    "kpis",
    "metric_catalog",
    "qa",
    "contacts",
    "survey",
    "wfm",
    "calibration",
    "journeys",
    "journey_checkpoints",
)
NotebookName = Literal[NOTEBOOKS]  # type: ignore[valid-type]
_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class InputSpec(_Spec):
    """Where one input file is and how to read it."""

    path: Path
    format: Literal["csv", "excel", "parquet"] | None = None
    encoding: str | None = Field(None, description="e.g. utf-8, utf-8-sig, utf-16, big5, gbk")
    delimiter: str | None = Field(None, description="',', ';' or tab; detected when omitted")
    decimal: str = Field(".", description="decimal mark, '.' or ','")
    sheet: str | int | None = Field(None, description="Excel sheet name or 0-based index")
    header_row: int = Field(1, ge=1, description="row number of the header (1 = first row)")
    columns: dict[str, str] = Field(
        default_factory=dict, description="our column name -> the header in the client's file"
    )
    date_format: str | None = Field(None, description="strftime format of dates, e.g. %d/%m/%Y")
    timezone: str | None = Field(None, description="time zone of local timestamps")

    @field_validator("path")
    @classmethod
    def _relative(cls, value: Path) -> Path:
        if value.is_absolute() or ".." in value.parts:
            raise ValueError(
                "input paths must be relative to engagement.yaml and stay inside its folder"
            )
        return value


class Period(_Spec):
    start: str
    end: str

    @field_validator("start", "end")
    @classmethod
    def _month(cls, value: str) -> str:
        value = str(value)
        if not _MONTH.match(value):
            raise ValueError(f"'{value}' is not a month as YYYY-MM")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.start > self.end:
            raise ValueError(f"period starts ({self.start}) after it ends ({self.end})")
        return self


class Inputs(_Spec):
    kpis: InputSpec | None = None
    metric_catalog: InputSpec | None = None
    qa: InputSpec | None = None
    contacts: InputSpec | None = None
    survey: InputSpec | None = None
    wfm: InputSpec | None = None
    calibration: InputSpec | None = None
    journeys: InputSpec | None = None
    journey_checkpoints: InputSpec | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: {"path": v} if isinstance(v, str) else v for k, v in data.items()}
        return data


class _NotebookSections(_Spec):
    @model_validator(mode="before")
    @classmethod
    def _empty_sections(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: {} if v is None else v for k, v in data.items()}
        return data


#: the ``notebooks:`` section: one options model per registered notebook
NotebookOptions = create_model(
    "NotebookOptions",
    __base__=_NotebookSections,
    **{
        name: (info.options, Field(default_factory=info.options)) for name, info in REGISTRY.items()
    },
)


class RunnerOptions(_Spec):
    timeout_s: int = Field(900, ge=10, description="longest any one cell may run, seconds")
    timeouts: dict[NotebookName, int] = Field(
        default_factory=dict, description="per-notebook cell timeout overrides, seconds"
    )
    memory_limit: str | None = Field(
        None,
        description="memory the engine may use per process (2GB, 800MB); beyond it queries "
        "spill to disk. Default: $COPCWB_MEMORY_LIMIT, else a quarter of the machine's "
        "memory, at most 2 GiB",
    )

    @field_validator("memory_limit")
    @classmethod
    def _size(cls, value: str | None) -> str | None:
        if value is not None:
            from copcwb.engine.connection import parse_size

            parse_size(value)
        return value


class Engagement(_Spec):
    """A validated engagement spec. ``folder`` is the folder of engagement.yaml."""

    client: str = Field(min_length=1, max_length=200)
    engagement: str
    period: Period
    language: Literal["en", "zh-Hant", "zh-Hans"] = "en"
    prepared_by: str = ""
    timezone: str = "UTC"
    run: list[NotebookName] = Field(default_factory=lambda: list(NOTEBOOKS))
    inputs: Inputs
    targets: dict[str, dict[str, float]] = Field(
        default_factory=dict, description="per-program target overrides: program -> metric -> value"
    )
    notebooks: NotebookOptions = Field(default_factory=NotebookOptions)
    business: BusinessSettings = Field(
        default_factory=BusinessSettings, description="economics and owners of the findings"
    )
    runner: RunnerOptions = Field(default_factory=RunnerOptions)
    folder: Path = Field(Path("."), exclude=True)
    spec_file: Path | None = Field(None, exclude=True)

    @field_validator("engagement")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(
                f"'{value}' is not a valid engagement id: use lowercase letters, digits and "
                "hyphens only (for example acme-2026q3)"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"unknown time zone '{value}' (use an IANA name such as Asia/Taipei)"
            ) from exc
        return value

    @model_validator(mode="after")
    def _inputs_for_notebooks(self) -> Engagement:
        skipped = self.skipped()
        missing = [
            f"{nb} needs input '{kind}'"
            for nb in self.run
            if nb not in skipped
            for kind in self.lacking(nb)
        ]
        if missing:
            raise ValueError(
                "; ".join(missing) + " (add it under inputs:, or leave the notebook out of run:)"
            )
        return self

    # -- convenience -------------------------------------------------------
    def lacking(self, notebook: str) -> list[str]:
        """The inputs ``notebook`` needs that the engagement does not give."""
        return [kind for kind in REGISTRY[notebook].needs if getattr(self.inputs, kind) is None]

    def skipped(self) -> dict[str, list[str]]:
        """The notebooks a run skips, each with the inputs it lacks: the optional ones
        (``NotebookInfo.optional``) whose needed inputs are absent, when ``run:`` is not
        written. A notebook named under ``run:`` is never skipped (it must have its inputs)."""
        if "run" in self.model_fields_set:
            return {}
        return {
            nb: lacking
            for nb in self.run
            if REGISTRY[nb].optional and (lacking := self.lacking(nb))
        }

    def input_path(self, kind: str) -> Path | None:
        spec = getattr(self.inputs, kind)
        return None if spec is None else (self.folder / spec.path).resolve()

    def input_specs(self) -> dict[str, InputSpec]:
        """The inputs given, as {kind: spec}, in the order of INPUT_KINDS."""
        return {k: s for k in INPUT_KINDS if (s := getattr(self.inputs, k)) is not None}

    @property
    def service_target(self) -> tuple[float, float]:
        """The service-level target share and its answer threshold in seconds (the
        forecast accuracy options ``sl_target`` and ``sl_threshold_s``): what agents are
        counted for wherever the workbench turns workload into agents."""
        forecast = self.options("forecast_accuracy")
        return float(forecast.sl_target), float(forecast.sl_threshold_s)

    def options(self, notebook: str) -> NotebookOptionsBase:
        """The options of ``notebook`` as written in the engagement (defaults filled in;
        ``.given()`` has only the ones written)."""
        return getattr(self.notebooks, notebook)


def _problems_from(error: ValidationError, file: str) -> list[Problem]:
    problems = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "(top level)"
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = f"unknown key '{where}'"
            fix = "remove it or check its spelling against the commented template (copcwb new)"
        elif item["type"] == "missing":
            message = f"required key '{where}' is missing"
            fix = "add it"
        else:
            message = f"{where}: {message}"
            fix = ""
        problems.append(Problem(file=file, problem=message, fix=fix))
    return problems


def load_engagement(path: str | Path, *, check_inputs: bool = True) -> Engagement:
    """Load and validate ``engagement.yaml``; raise SpecError listing every problem.

    Input paths are resolved next to the yaml and must exist; ``check_inputs=False``
    opens a spec whose inputs are elsewhere (a run's copy of the spec, beside the
    snapshot of its validated inputs).
    """
    import yaml

    path = Path(path)
    file = str(path)
    if not path.is_file():
        raise SpecError(
            Problem(
                file=file,
                problem="engagement file not found",
                fix="check the path, or create one with `copcwb new NAME`",
            )
        )
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SpecError(
            Problem(
                file=file,
                problem=f"not readable as YAML: {exc}",
                fix="save it as UTF-8 text in YAML syntax",
            )
        ) from None
    if not isinstance(raw, dict):
        raise SpecError(
            Problem(
                file=file,
                problem="the file does not hold a YAML mapping",
                fix="start from the template written by `copcwb new NAME`",
            )
        )
    for section in ("notebooks", "runner", "targets", "business"):
        if section in raw and raw[section] is None:
            del raw[section]
    for reserved in ("folder", "spec_file"):
        if reserved in raw:
            raise SpecError(
                Problem(file=file, problem=f"unknown key '{reserved}'", fix="remove it")
            )
    for key in ("period",):
        if isinstance(raw.get(key), dict):
            raw[key] = {k: str(v) for k, v in raw[key].items()}
    try:
        engagement = Engagement.model_validate(
            {**raw, "folder": path.resolve().parent, "spec_file": path.resolve()}
        )
    except ValidationError as exc:
        raise SpecError(_problems_from(exc, file)) from None
    missing = [
        Problem(
            file=file,
            problem=f"input '{kind}' not found at {spec.path}",
            fix="check the path; it is relative to the folder of engagement.yaml",
        )
        for kind, spec in engagement.input_specs().items()
        if check_inputs and not (engagement.folder / spec.path).is_file()
    ]
    if missing:
        raise SpecError(missing)
    return engagement

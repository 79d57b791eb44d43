"""Synthetic engagements of any shape: their tables, their engagement.yaml, their folder."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd

from copcwb.registry import NOTEBOOKS, REGISTRY
from copcwb.synth import calibration, contacts, expectations, journeys, kpis, qa, survey, wfm
from copcwb.synth._files import FILES, write_tables
from copcwb.synth._rng import EXPECTATIONS, JOURNEYS, STREAMS, Calendar, streams
from copcwb.synth._shapes import SHAPES, EngagementShape
from copcwb.synth._spec import (
    CLIENT,
    DEMO_ANNUAL_VOLUME,
    DRIVERS,
    PROGRAMS,
    QUEUES,
    TIMEZONE,
    demo_rasic,
)

__all__ = ["engagement_yaml", "generate_engagement", "resolve_shape", "write_engagement"]


def resolve_shape(shape: str | EngagementShape, **changes: object) -> EngagementShape:
    """The shape named ``shape`` in SHAPES (or ``shape`` itself), with ``changes`` applied
    (any field of EngagementShape, e.g. ``months=9``)."""
    if isinstance(shape, str):
        if shape not in SHAPES:
            raise ValueError(f"unknown shape '{shape}' (known: {', '.join(SHAPES)})")
        shape = SHAPES[shape]
    return dataclasses.replace(shape, **changes) if changes else shape


def runs(shape: EngagementShape) -> tuple[str, ...]:
    """The notebooks whose needed inputs the shape writes, in registry order."""
    return tuple(nb for nb in NOTEBOOKS if set(REGISTRY[nb].needs) <= set(shape.inputs))


def default_run(run: tuple[str, ...]) -> bool:
    """Whether an engagement without ``run:`` runs exactly ``run``: every notebook but the
    optional ones left out (which such an engagement skips for want of their inputs)."""
    return run == tuple(nb for nb in NOTEBOOKS if nb in run or not REGISTRY[nb].optional)


def _only_programs(name: str, frame: pd.DataFrame, programs: tuple[str, ...]) -> pd.DataFrame:
    if name == "wfm":
        keep = frame["queue"].isin([q for q, p, _ in QUEUES if p in programs])
    else:
        keep = frame["program"].isin(programs)
    return frame if keep.all() else frame.loc[keep].reset_index(drop=True)


def _shaped(name: str, frame: pd.DataFrame, shape: EngagementShape) -> pd.DataFrame:
    """The table ``name`` with the shape's driver names and without its omitted columns."""
    if name == "survey":
        renames = shape.survey.renames
        unnamed = [d for d in DRIVERS if d not in renames]
        unnamed += [expectations.expectation_column(d) for d in unnamed]
        renames |= {expectations.expectation_column(d): e for d, e in _exp_renames(shape)}
        frame = frame.drop(columns=[c for c in unnamed if c in frame]).rename(columns=renames)
    omit = shape.omit.get(name, ())
    missing = [c for c in omit if c not in frame.columns]
    if missing:
        raise ValueError(f"the {name} table has no column {', '.join(missing)} to omit")
    return frame.drop(columns=list(omit)) if omit else frame


def _exp_renames(shape: EngagementShape) -> list[tuple[str, str]]:
    """(demo driver role, the expectation column of its name in the shape's survey)."""
    declared = shape.survey.expectation_pairs
    return [(d, declared[n]) for d, n in shape.survey.renames.items() if n in declared]


def generate_engagement(
    shape: str | EngagementShape = "demo", seed: int = 2026, *, end_month: str = "2026-10"
) -> dict[str, pd.DataFrame]:
    """The input tables of an engagement of ``shape`` (only the tables it writes), keyed
    by table name, in the shape's order.

    Columns are those of the normalized inputs, with dates as text (see
    :func:`copcwb.synth.generate_demo`). Each table draws from its own random stream, so
    the demo shape gives exactly the demo's tables and a table is the same whichever
    other tables the shape writes.
    """
    shape = resolve_shape(shape)
    cal = Calendar.build(end_month, shape.months, shape.weeks)
    rng = streams(seed, STREAMS)
    wanted = set(shape.inputs)
    tables: dict[str, pd.DataFrame] = {}
    if wanted & {"contacts", "survey", JOURNEYS}:
        log = contacts.generate(rng["contacts"], cal)
        tables["contacts"] = _only_programs("contacts", log, shape.programs)
    if wanted & {"survey", JOURNEYS}:
        tables["survey"] = survey.generate(
            rng["survey"],
            cal,
            tables["contacts"],
            responses=shape.survey.responses,
            programs=shape.programs,
            scale=shape.survey.scale,
        )
    if JOURNEYS in wanted:
        tables[JOURNEYS] = journeys.generate(
            rng[JOURNEYS], cal, tables["contacts"], tables["survey"], shape.survey.scale
        )
    makers = {"kpis": kpis.generate, "qa": qa.generate, "wfm": wfm.generate}
    for name, make in makers.items():
        if name in wanted:
            tables[name] = _only_programs(name, make(rng[name], cal), shape.programs)
    if "calibration" in wanted:  # transactions of the QA file (the shape writes it too)
        tables["calibration"] = calibration.generate(rng["calibration"], tables["qa"])
    if "survey" in wanted and shape.survey.expectations:  # after the journeys drew on it
        tables["survey"] = expectations.with_expectations(
            rng[EXPECTATIONS], tables["survey"], shape.survey.scale
        )
    return {name: _shaped(name, tables[name], shape) for name in shape.inputs}


def _flow(value: object) -> str:
    """``value`` as a YAML flow scalar, list or mapping (floats with at least two decimals,
    strings quoted)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, float | np.floating):
        return f"{value:.2f}" if round(float(value), 2) == value else repr(float(value))
    return str(value)


def notebook_options(shape: EngagementShape) -> dict[str, dict[str, object]]:
    """What the engagement writes under ``notebooks:``, for the notebooks it runs."""
    out: dict[str, dict[str, object]] = {}
    for nb in runs(shape):
        options = dict(shape.notebook_options.get(nb, {}))
        if nb == "csat_drivers":
            declared = {"scale": list(shape.survey.scale)}
            if shape.survey.declared_drivers:
                declared["drivers"] = list(shape.survey.declared_drivers)
            if shape.survey.expectation_pairs:
                declared["expectations"] = shape.survey.expectation_pairs
            options = {**declared, **options}
        if options:
            out[nb] = options
    return out


def demo_business(
    programs: tuple[str, ...] = PROGRAMS,
    inputs: tuple[str, ...] = tuple(FILES),
    language: str = "en",
) -> dict[str, object]:
    """The demo client's economics and owners (``business:``): its currency, the contacts
    a year of each program (the client's figure; the demo log is a sample of three
    months) when the engagement has KPIs, the WFM queues of each program when it has a
    WFM export, and a RASIC matrix. Loaded cost, paid hours and open hours are left to
    the placeholders, which the reports mark."""
    out: dict[str, object] = {"currency": "USD"}
    if "kpis" in inputs:
        out["annual_volume"] = {p: DEMO_ANNUAL_VOLUME[p] for p in programs}
    if "wfm" in inputs:
        out["queues"] = {p: [q for q, owner, _ in QUEUES if owner == p] for p in programs}
    return out | {"rasic": demo_rasic(language)}


def _options_lines(notebook: str, values: dict[str, object]) -> list[str]:
    """A notebook's options: one flow mapping, or one line per option when an option is
    itself a mapping of several entries (then one line per entry)."""
    if not any(isinstance(v, dict) and len(v) > 1 for v in values.values()):
        return [f"  {notebook}: {_flow(values)}"]
    lines = [f"  {notebook}:"]
    for key, value in values.items():
        if isinstance(value, dict) and len(value) > 1:
            lines.append(f"    {key}:")
            lines += [f"      {k}: {_flow(v)}" for k, v in value.items()]
        else:
            lines.append(f"    {key}: {_flow(value)}")
    return lines


def spec_text(
    *,
    description: str,
    seed: int,
    engagement_id: str,
    period: tuple[str, str],
    language: str,
    prepared_by: str,
    inputs: tuple[str, ...],
    run: tuple[str, ...] = NOTEBOOKS,
    options: dict[str, dict[str, object]] | None = None,
    runner: dict[str, object] | None = None,
    business: dict[str, object] | None = None,
) -> str:
    """The text of a synthetic engagement's engagement.yaml, inputs under ``data/``;
    ``run:`` is written when a notebook other than an optional one does not run."""
    lines = [
        f"# {description} (synthetic data, seed {seed}).",
        f"client: {_flow(CLIENT)}",
        f"engagement: {engagement_id}",
        f'period: {{start: "{period[0]}", end: "{period[1]}"}}',
        f"language: {language}",
        f"prepared_by: {_flow(prepared_by)}",
        f"timezone: {TIMEZONE}",
    ]
    if not default_run(tuple(run)):
        lines.append(f"run: [{', '.join(run)}]")
    lines.append("inputs:")
    lines += [f"  {name}: data/{FILES[name]}" for name in FILES if name in inputs]
    if options:
        lines.append("notebooks:")
        lines += [line for nb, values in options.items() for line in _options_lines(nb, values)]
    if runner:
        lines.append(f"runner: {_flow(runner)}")
    if business:
        lines.append("business:")
        for key, value in business.items():
            if isinstance(value, dict) and len(value) > 1:  # one line per entry
                lines.append(f"  {key}:")
                lines += [f"    {k}: {_flow(v)}" for k, v in value.items()]
            else:
                lines.append(f"  {key}: {_flow(value)}")
    return "\n".join(lines) + "\n"


def engagement_yaml(
    shape: str | EngagementShape = "demo",
    *,
    seed: int = 2026,
    engagement_id: str | None = None,
    language: str = "en",
    end_month: str = "2026-10",
) -> str:
    """The engagement.yaml of an engagement of ``shape`` whose inputs are under ``data/``;
    ``run:`` is written when a notebook other than an optional one does not run."""
    shape = resolve_shape(shape)
    cal = Calendar.build(end_month, shape.months, shape.weeks)
    return spec_text(
        description=shape.description,
        seed=seed,
        engagement_id=engagement_id or shape.engagement_id,
        period=(str(cal.month_list[0]), end_month),
        language=language,
        prepared_by=shape.prepared_by,
        inputs=shape.inputs,
        run=runs(shape),
        options=notebook_options(shape),
        business=demo_business(shape.programs, shape.inputs, language),
    )


def write_engagement(
    folder: str | Path,
    shape: str | EngagementShape = "demo",
    *,
    seed: int = 2026,
    engagement_id: str | None = None,
    language: str = "en",
    end_month: str = "2026-10",
) -> Path:
    """Write ``folder/<engagement id>/`` (engagement.yaml and data/*.csv) for an engagement
    of ``shape``, overwriting files of the same names; return the yaml path.

    The engagement id is ``engagement_id``, by default the shape's (``acme-demo`` for the
    demo). The same arguments give the same files byte for byte.
    """
    shape = resolve_shape(shape)
    engagement_id = engagement_id or shape.engagement_id
    root = Path(folder) / engagement_id
    write_tables(root / "data", generate_engagement(shape, seed, end_month=end_month))
    spec = root / "engagement.yaml"
    text = engagement_yaml(
        shape, seed=seed, engagement_id=engagement_id, language=language, end_month=end_month
    )
    spec.write_bytes(text.encode("utf-8"))
    return spec

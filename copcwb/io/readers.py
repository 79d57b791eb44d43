"""The readers: one per input kind, each returning a validated DataFrame.

Each takes a path, or an ``InputSpec`` from the engagement (encoding, sheet,
header row, column mapping, ...), and raises ``InputError`` naming the file,
the columns, the rows and the fix. Every problem of a file is reported at once.
"""

from __future__ import annotations

import tempfile
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from copcwb.engagement import InputSpec
from copcwb.errors import InputError, Problem
from copcwb.evidence.hashing import sha256_file
from copcwb.io import checks, units
from copcwb.io.columns import KINDS, KPIS, METRIC_CATALOG, SURVEY, WFM, InputKind
from copcwb.io.memory import check_fits
from copcwb.io.snapshot import read_snapshot
from copcwb.io.streamed import STREAMED_KINDS, StreamedInput, validate_streamed, with_optional
from copcwb.io.tables import ReadInfo, file_format, load_table, peek_rows, read_options
from copcwb.io.validate import check_table, suggest_header_row

Source = str | Path | InputSpec


def _spec(source: Source) -> InputSpec:
    if isinstance(source, InputSpec):
        return source
    return InputSpec.model_construct(
        path=Path(source),
        format=None,
        encoding=None,
        delimiter=None,
        decimal=".",
        sheet=None,
        header_row=1,
        columns={},
        date_format=None,
        timezone=None,
    )


def _header_hint(path: Path, spec: InputSpec, kind: InputKind, file: str) -> list[Problem]:
    rows = peek_rows(
        path, format=spec.format, encoding=spec.encoding, delimiter=spec.delimiter, sheet=spec.sheet
    )
    found = suggest_header_row(rows, kind, spec.columns, spec.header_row)
    if found is None:
        return []
    number, headers = found
    return [
        Problem(
            file=file,
            rows=[number],
            n_rows=1,
            problem=f"the header seems to be on row {number}, not row {spec.header_row} "
            f"(row {number} holds " + ", ".join(headers[:6]) + ")",
            fix=f"declare header_row: {number} for this input in engagement.yaml",
        )
    ]


def read_input(
    source: Source,
    kind: InputKind,
    *,
    base: Path | None = None,
    timezone: str = "UTC",
    period: tuple[str, str] | None = None,
    scale: tuple[int, int] = (1, 5),
    chunked: bool | None = None,
    catalog: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, ReadInfo]:
    """Read and validate one input of ``kind``; return the frame and how it was read.

    ``period`` (start and end month, YYYY-MM) adds the check that every month, date or
    interval lies inside the engagement period; ``scale`` is the survey's rating scale.
    ``chunked``: validate in chunks (see ``copcwb.io.streamed``; the default for the
    row-level logs) or the whole file at once (the default for the others); both find
    the same problems. ``catalog`` (a validated metric catalog) puts KPI values in the
    catalog's units (``copcwb.io.units``).
    """
    spec = _spec(source)
    path = (base / spec.path) if base is not None else spec.path
    file = str(path)
    if kind.name in STREAMED_KINDS if chunked is None else chunked:
        with tempfile.TemporaryDirectory(prefix="copcwb-read-") as folder:
            target = Path(folder) / f"{kind.name}.parquet"
            stream_input(path, spec, kind, target, timezone=timezone, period=period)
            return read_snapshot(target)
    check_fits(path, file_format(path, spec.format))
    try:
        table = load_table(path, **read_options(spec))
    except InputError as exc:
        if any(p.problem.startswith("row ") and "fields" in p.problem for p in exc.problems):
            raise InputError(exc.problems + _header_hint(path, spec, kind, file)) from None
        raise
    frame, problems = check_table(
        table.frame,
        kind,
        file,
        mapping=spec.columns,
        decimal=spec.decimal,
        date_format=spec.date_format,
        timezone=spec.timezone or timezone,
    )
    problems = table.problems + problems
    if any(p.problem.startswith("required column") for p in problems):
        problems += _header_hint(path, spec, kind, file)
    if len(frame):
        frame, more = _kind_checks(
            frame, kind, file, problems, period, scale, spec.decimal, catalog
        )
        problems += more
    if problems:
        raise InputError(problems)
    return with_optional(frame.reset_index(drop=True), kind.name), table.info


def stream_input(
    path: Path,
    spec: InputSpec,
    kind: InputKind,
    target: Path,
    *,
    timezone: str = "UTC",
    period: tuple[str, str] | None = None,
) -> StreamedInput:
    """Validate a row-level log in chunks into the snapshot ``target`` (see
    ``copcwb.io.streamed``); raise InputError naming every problem (no snapshot then)."""
    file = str(path)
    try:
        streamed = validate_streamed(
            path, spec, kind, target, timezone=spec.timezone or timezone, period=period
        )
    except InputError as exc:
        if any(p.problem.startswith("row ") and "fields" in p.problem for p in exc.problems):
            raise InputError(exc.problems + _header_hint(path, spec, kind, file)) from None
        raise
    problems = streamed.problems
    if any(p.problem.startswith("required column") for p in problems):
        problems = problems + _header_hint(path, spec, kind, file)
    if problems:
        raise InputError(problems)
    return streamed


def _kind_checks(
    frame: pd.DataFrame,
    kind: InputKind,
    file: str,
    found: list[Problem],
    period: tuple[str, str] | None,
    scale: tuple[int, int],
    decimal: str,
    catalog: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Checks across columns (survey, interval gaps, period, units); the survey's extra
    columns come back as numbers, the catalog's numbers and the KPI values (with
    ``catalog``) in the catalog's units."""
    troubled = {p.column for p in found}
    problems: list[Problem] = []
    if kind is METRIC_CATALOG and not troubled & {"unit", "target", "benchmark"}:
        frame, more = units.catalog_units(frame, file)
        problems += more
    if kind is KPIS and catalog is not None and not troubled & {"metric", "value"}:
        frame, more = units.kpis_in_catalog_units(frame, catalog, file)
        problems += more
    if kind is SURVEY:
        frame, more = checks.parse_survey_columns(frame, file, scale=scale, decimal=decimal)
        problems += more
    if kind is WFM and not troubled & {"queue", "interval_start", "interval_minutes"}:
        problems += checks.interval_gaps(frame, file)
    if kind.name in checks.ROW_CHECKS:
        problems += checks.ROW_CHECKS[kind.name](frame, file, troubled)
    if period is not None and checks.PERIOD_COLUMNS.get(kind.name) not in troubled:
        problems += checks.period_problems(frame, kind.name, file, period)
    return frame, problems


def read_kpis(path: Source, *, catalog: pd.DataFrame | None = None) -> pd.DataFrame:
    """Monthly KPIs. Columns: program, metric, month (Period[M]), value (float).

    With ``catalog`` (as :func:`read_metric_catalog` returns it) the values are in the
    catalog's units: a metric whose unit is written ``min`` or ``%`` with a target in
    percent points has its values multiplied by 60 or divided by 100 like its target
    (``copcwb.io.units``)."""
    return read_input(path, KINDS["kpis"], catalog=catalog)[0]


def read_metric_catalog(path: Source | None = None) -> pd.DataFrame:
    """The metric catalog: the engagement's own, or the built-in one when ``path`` is None.

    Columns: metric, label, category, unit, direction, target, benchmark,
    target_source, description, stage (a blank or absent stage is the built-in stage of
    a built-in metric, else NaN: the metric is unstaged; see
    ``copcwb.catalog.with_stages``).
    """
    if path is None:
        from copcwb.catalog import default_catalog_path

        path = default_catalog_path()
    return _complete_catalog(read_input(path, KINDS["metric_catalog"])[0])


def _complete_catalog(frame: pd.DataFrame) -> pd.DataFrame:
    for column, default in (
        ("benchmark", float("nan")),
        ("target_source", "client"),
        ("description", ""),
    ):
        if column not in frame:
            frame[column] = default
    frame["target_source"] = frame["target_source"].fillna("client")
    from copcwb.catalog import with_stages

    return with_stages(frame)


def read_qa(path: Source) -> pd.DataFrame:
    """QA monitoring records. Columns: transaction_id, program, date, monitoring_type,
    agent_id, customer_ce, business_ce, compliance_ce (0/1), error_code (optional)."""
    return with_optional(read_input(path, KINDS["qa"])[0], "qa")


def read_calibration(path: Source) -> pd.DataFrame:
    """The evaluator calibration sample: the same transactions scored independently by
    several evaluators. Columns: transaction_id, evaluator_id, customer_ce, business_ce,
    compliance_ce (0/1), error_code (optional; missing when the evaluator found none).

    One row per transaction and evaluator (a repeated pair is an error). A transaction
    scored by one evaluator only is valid but cannot show agreement: ``data_warnings``
    names it and the agreement analysis leaves it out."""
    return with_optional(read_input(path, KINDS["calibration"])[0], "calibration")


def read_contacts(path: Source) -> pd.DataFrame:
    """Contact log. Columns: contact_id, customer_id, program, channel, start_time, reason."""
    return with_optional(read_input(path, KINDS["contacts"])[0], "contacts")


def read_survey(path: Source, *, scale: tuple[int, int] = (1, 5)) -> pd.DataFrame:
    """Survey responses. Columns: response_id, program, overall (int on ``scale``),
    contact_id (optional), then every other column as a number: driver ratings on
    ``scale``, operational facts, critical-error flags (a column without any number,
    such as free-text comments, is kept as text)."""
    return read_input(path, SURVEY, scale=scale)[0]


def read_wfm(path: Source, *, timezone: str = "UTC") -> pd.DataFrame:
    """WFM forecast and actuals per interval. Columns: queue, interval_start (tz-aware,
    in the input's declared zone or ``timezone``), interval_minutes, forecast_volume,
    actual_volume, forecast_aht_s, actual_aht_s, optional scheduled_agents,
    forecast_shrinkage, actual_shrinkage."""
    return read_input(path, WFM, timezone=timezone)[0]


def read_journeys(path: Source) -> pd.DataFrame:
    """Service journeys, one row per contact. Columns: contact_id, customer_id, program,
    channel, start_time (local time), and those of the optional columns the file has:
    bot_used, bot_resolved (0/1), ivr_seconds, queue_seconds (float), transfers (int),
    callback_promised_at, callback_made_at, case_opened_at, case_closed_at (local times),
    sla_hours (float), case_priority (str), resolved_flag (0/1). Optional columns the file
    lacks stay absent: the checkpoints that need them are reported as needing data."""
    return read_input(path, KINDS["journeys"])[0]


def read_journey_checkpoints(path: Source | None = None) -> pd.DataFrame:
    """The journey checkpoint catalog: the engagement's own, or the built-in one when
    ``path`` is None. Columns: checkpoint, touchpoint, dimension, rule, and of needs,
    parameter, value, placeholder, label_en, label_zh_hant, label_zh_hans, description
    those the file has (see ``copcwb.journey.checkpoint_catalog`` for the checked catalog)."""
    if path is None:
        from copcwb.paths import default_checkpoints_path

        path = default_checkpoints_path()
    return read_input(path, KINDS["journey_checkpoints"])[0]


def read_engagement_input(
    engagement, kind: str, *, catalog: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, ReadInfo]:
    """Read input ``kind`` of an engagement as its spec says; return frame and read info.

    Besides the file's own checks, every month, date or interval must lie inside the
    engagement's period. KPI values are put in the units of the engagement's metric
    catalog: ``catalog``, or the engagement's own catalog read here when it has one.
    """
    spec = getattr(engagement.inputs, kind)
    source = spec.model_copy(update={"path": engagement.folder / spec.path})
    period = (engagement.period.start, engagement.period.end)
    if kind == "kpis" and catalog is None and engagement.inputs.metric_catalog is not None:
        catalog = read_engagement_input(engagement, "metric_catalog")[0]
    frame, info = read_input(
        source,
        KINDS[kind],
        timezone=engagement.timezone,
        period=period,
        scale=tuple(engagement.notebooks.csat_drivers.scale),
        catalog=catalog if kind == "kpis" else None,
    )
    if kind == "metric_catalog":
        return _complete_catalog(frame), info
    return with_optional(frame, kind), info


@dataclass(frozen=True)
class InputCheck:
    """The outcome of checking every input of an engagement.

    ``facts``: {kind: {path, sha256, bytes, rows, columns, read}} for each input read
    (``path`` as written in the spec, relative to its folder; ``sha256`` and ``bytes``
    of the file as it was read), plus ``snapshot`` {path, sha256} when a snapshot was
    written; ``problems``: the errors (any one makes the engagement unusable);
    ``warnings``: things to know that do not invalidate the analysis (``Problem`` with
    severity "warning").
    """

    facts: dict[str, dict] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _fingerprinted(engagement, kind: str, read):
    """``read()`` between two hashes of input ``kind``'s file; its result and the file's
    fingerprint {path (as written in the spec), sha256, bytes}. Raises InputError when the
    file changed while it was read (what was validated is then unknown)."""
    spec = getattr(engagement.inputs, kind)
    path = engagement.folder / spec.path
    before = sha256_file(path)
    result = read()
    if sha256_file(path) != before:
        raise InputError(
            Problem(
                file=str(path),
                problem="the file changed while it was being read",
                fix="wait until the file is completely written or copied, then run again",
            )
        )
    fingerprint = {"path": spec.path.as_posix(), "sha256": before, "bytes": path.stat().st_size}
    return result, fingerprint


def read_fingerprinted(
    engagement, kind: str, *, catalog: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, ReadInfo, dict]:
    """``read_engagement_input`` (with ``catalog``) plus the fingerprint of the file that
    was read: {path (as written in the spec), sha256, bytes}.

    The file is hashed before and after it is read; raises InputError when the two
    differ (the file changed while it was read, so what was validated is unknown).
    """
    (frame, info), fingerprint = _fingerprinted(
        engagement, kind, lambda: read_engagement_input(engagement, kind, catalog=catalog)
    )
    return frame, info, fingerprint


def stream_engagement_input(engagement, kind: str, target: Path) -> tuple[StreamedInput, dict]:
    """Validate row-level input ``kind`` of ``engagement`` in chunks into the snapshot
    ``target``; the outcome and the file's fingerprint (see :func:`read_fingerprinted`)."""
    spec = getattr(engagement.inputs, kind)
    path = engagement.folder / spec.path
    period = (engagement.period.start, engagement.period.end)

    def read() -> StreamedInput:
        return stream_input(
            path, spec, KINDS[kind], target, timezone=engagement.timezone, period=period
        )

    return _fingerprinted(engagement, kind, read)


#: a catalog that sets no units (the KPI values stay as written)
_NO_CATALOG = pd.DataFrame({"metric": pd.Series(dtype=object)})


def _labels(catalog: pd.DataFrame | None) -> dict[str, str]:
    """Metric id -> label of the engagement's catalog, or of the built-in one."""
    if catalog is None:
        from copcwb.catalog import load_default_catalog

        catalog = load_default_catalog()
    return dict(zip(catalog["metric"], catalog["label"], strict=True))


#: the columns the data warnings of a row-level input read from its snapshot (all if absent)
WARNING_COLUMNS = {"contacts": ["start_time"], "journeys": ["start_time"]}


def _check_one(
    engagement,
    kind: str,
    snapshot_dir: Path | None,
    folder: Path,
    catalog: pd.DataFrame | None = None,
):
    """Read input ``kind`` once (KPI values in the units of ``catalog``): (frame for
    its warnings, read info, facts)."""
    from copcwb.io.snapshot import snapshot_file, write_snapshot

    target = snapshot_file(snapshot_dir if snapshot_dir is not None else folder, kind)
    if kind in STREAMED_KINDS:
        streamed, fingerprint = stream_engagement_input(engagement, kind, target)
        frame = read_snapshot(target, columns=WARNING_COLUMNS.get(kind))[0]
        info, rows, columns = streamed.info, streamed.rows, streamed.columns
    else:
        frame, info, fingerprint = read_fingerprinted(engagement, kind, catalog=catalog)
        rows, columns = len(frame), [str(c) for c in frame.columns]
        if snapshot_dir is not None:
            write_snapshot(frame, info, target, kind=kind)
    facts = {**fingerprint, "rows": int(rows), "columns": columns, "read": info.as_dict()}
    if snapshot_dir is not None:
        facts["snapshot"] = {
            "path": Path(snapshot_dir.name, target.name).as_posix(),
            "sha256": sha256_file(target),
        }
    return frame, info, facts


#: row-level logs of at least this many bytes in all are validated in worker processes,
#: beside the other inputs (below it, starting the workers costs more than it saves)
PARALLEL_BYTES = 50_000_000


def _check_kind(engagement, kind: str, snapshot_dir: Path | None, scratch: Path, catalog=None):
    """Validate input ``kind`` once (``catalog``: the engagement's validated catalog, whose
    units the KPIs are read in and whose labels name the metrics in their warnings).

    Returns (frame, facts, problems, warnings); frame and facts are None when it failed.
    """
    from copcwb.io.warnings import data_warnings

    units_of = catalog if catalog is not None else _NO_CATALOG
    try:
        frame, info, facts = _check_one(engagement, kind, snapshot_dir, scratch, units_of)
    except InputError as exc:
        return None, None, exc.problems, []
    named = option_problems(engagement, kind, frame)
    if named:
        return None, None, named, []
    labels = _labels(catalog) if kind == "kpis" else None
    return frame, facts, [], data_warnings(engagement, kind, frame, info=info, labels=labels)


def option_problems(engagement, kind: str, frame: pd.DataFrame) -> list[Problem]:
    """The columns the options of a notebook the engagement runs name in input ``kind``
    that it lacks or holds as text: the survey's expectation pairs (csat_drivers)."""
    if kind != "survey" or "csat_drivers" not in engagement.run:
        return []
    from copcwb.drivers.expectation import pair_problems

    pairs = engagement.notebooks.csat_drivers.expectations
    return pair_problems(frame, pairs, file=engagement.folder / engagement.inputs.survey.path)


def _check_log(engagement, kind: str, snapshot_dir: Path | None, scratch: Path):
    """:func:`_check_kind` of a row-level log in a worker process: (facts, problems,
    warnings)."""
    from copcwb.engine.connection import use_memory_limit

    use_memory_limit(engagement.runner.memory_limit)
    return _check_kind(engagement, kind, snapshot_dir, scratch)[1:]


def _log_workers(engagement, kinds: list[str]):
    """A pool of worker processes for the row-level logs when they are large and the
    machine has more than one core; None otherwise."""
    import os
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    logs = [k for k in kinds if k in STREAMED_KINDS]
    sizes = [(engagement.folder / getattr(engagement.inputs, k).path) for k in logs]
    total = sum(p.stat().st_size for p in sizes if p.is_file())
    cores = os.cpu_count() or 1
    if cores < 2 or total < PARALLEL_BYTES:
        return None
    return ProcessPoolExecutor(max_workers=min(cores, len(logs)), mp_context=get_context("spawn"))


def check_engagement_inputs(engagement, *, snapshot_dir: Path | None = None) -> InputCheck:
    """Read every input of ``engagement`` once; return the facts, every problem and warning.

    Facts per input: the file's fingerprint, rows, columns and how it was read (encoding,
    delimiter, sheet...). With ``snapshot_dir`` each valid input is also written there
    as ``<kind>.parquet`` (see ``copcwb.io.snapshot``), exactly as it was validated; the
    row-level logs are validated in chunks straight into it (``copcwb.io.streamed``), in
    worker processes beside the other inputs when they are large.
    """
    from copcwb.engine.connection import use_memory_limit

    use_memory_limit(engagement.runner.memory_limit)
    kinds = list(engagement.input_specs())
    facts: dict[str, dict] = {}
    found: dict[str, list[list[Problem]]] = {}  # kind -> [problems, warnings]
    catalog = None
    # the catalog first: its units are the KPI values' and its labels name the metrics
    # in the KPI warnings (a catalog that failed is reported once: without its units)
    order = sorted(kinds, key=lambda k: k != "metric_catalog")
    with (
        tempfile.TemporaryDirectory(prefix="copcwb-check-") as scratch,
        _log_workers(engagement, kinds) or nullcontext() as pool,
    ):
        pending = {}
        if pool is not None:
            pending = {
                k: pool.submit(_check_log, engagement, k, snapshot_dir, Path(scratch))
                for k in kinds
                if k in STREAMED_KINDS
            }
        for kind in (k for k in order if k not in pending):
            frame, facts[kind], *found[kind] = _check_kind(
                engagement, kind, snapshot_dir, Path(scratch), catalog
            )
            if kind == "metric_catalog" and frame is not None:
                catalog = frame
        for kind, future in pending.items():
            facts[kind], *found[kind] = future.result()
    problems = [p for k in order for p in found[k][0]]
    warnings = [w for k in order for w in found[k][1]]
    facts = {k: facts[k] for k in kinds if facts.get(k) is not None}
    return InputCheck(facts=facts, problems=problems, warnings=warnings)

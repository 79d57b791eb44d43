"""The built-in metric catalog and per-program target overrides.

The catalog ships as ``copcwb/data/metric_catalog.csv``: 33 metrics in six
categories (service, quality, cost, revenue, satisfaction, support), each with a
label, unit, direction (``higher`` or ``lower`` is better), a target and the maturity
stage it evidences (``copcwb.terms.STAGES``: operational, refined, strategic,
visionary; see :func:`with_stages`).

The built-in targets are illustrative targets, not COPC figures: every one has
``target_source == "placeholder"``. An engagement replaces them with the client's
goals, contract terms or benchmarks, either with its own catalog file or with
per-program overrides (``targets:`` in engagement.yaml) applied by
:func:`targets_for`, which marks each overridden target ``"engagement"``.

:func:`engagement_catalog` picks the catalog of an engagement: its own when it gives
one, else the built-in catalog with the labels in the report's language. The frame
it returns says which in ``attrs["catalog_source"]`` ("engagement" or "built-in").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from copcwb.i18n import text
from copcwb.paths import data_file
from copcwb.terms import STAGES

CATALOG_COLUMNS = (
    "metric",
    "label",
    "category",
    "unit",
    "direction",
    "target",
    "benchmark",
    "target_source",
    "description",
    "stage",
)
CATEGORIES = ("service", "quality", "cost", "revenue", "satisfaction", "support")
UNITS = ("share", "seconds", "currency", "score", "count", "ratio")
DIRECTIONS = ("higher", "lower")
REQUIRED_COLUMNS = ("metric", "category", "direction", "target")
OVERRIDE_SOURCE = "engagement"
PLACEHOLDER_SOURCE = "placeholder"
ALL_PROGRAMS = "*"
#: ``DataFrame.attrs`` key saying where a catalog came from
SOURCE_KEY = "catalog_source"
BUILT_IN = "built-in"

_STR_COLUMNS = ("metric", "label", "category", "unit", "direction", "target_source", "description")
_FLOAT_COLUMNS = ("target", "benchmark")


def default_catalog_path() -> Path:
    """Path of the built-in catalog CSV shipped with the package."""
    return data_file("metric_catalog.csv")


def load_default_catalog() -> pd.DataFrame:
    """The built-in metric catalog (illustrative targets, not COPC figures).

    Columns: metric, label, category, unit, direction (str); target, benchmark
    (float64, NaN when none); target_source (str, ``"placeholder"`` throughout);
    description (str); stage (str, one of ``copcwb.terms.STAGES``).
    """
    dtypes = {c: "str" for c in (*_STR_COLUMNS, "stage")}
    dtypes |= {c: "float64" for c in _FLOAT_COLUMNS}
    catalog = pd.read_csv(default_catalog_path(), dtype=dtypes, encoding="utf-8")
    catalog = catalog.loc[:, list(CATALOG_COLUMNS)]
    catalog.attrs[SOURCE_KEY] = BUILT_IN
    return catalog


def default_catalog(language: str = "en") -> pd.DataFrame:
    """The built-in metric catalog with its labels in ``language`` ("en", "zh-Hant",
    "zh-Hans"); the columns of :func:`load_default_catalog`."""
    catalog = load_default_catalog()
    catalog["label"] = [text(f"metric.{metric}", language) for metric in catalog["metric"]]
    return catalog


def engagement_catalog(given: pd.DataFrame | None, *, language: str = "en") -> pd.DataFrame:
    """The metric catalog of an engagement: ``given`` (its own, checked and with the
    optional columns filled, see :func:`normalize_catalog`) or, when it gives none, the
    built-in catalog with labels in ``language``. ``attrs["catalog_source"]`` is
    "engagement" or "built-in"."""
    if given is None:
        return default_catalog(language)
    catalog = normalize_catalog(given)
    catalog.attrs[SOURCE_KEY] = OVERRIDE_SOURCE
    return catalog


def normalize_catalog(catalog: pd.DataFrame) -> pd.DataFrame:
    """Check a catalog and fill its optional columns.

    Raises ValueError when a required column (metric, category, direction, target)
    is missing, a metric id repeats, a direction is not ``higher``/``lower`` or a stage
    is not one of ``copcwb.terms.STAGES``. Missing optional columns are added: label
    (= metric), unit (NA), benchmark (NaN), target_source (``"catalog"``), description
    (NA), stage (see :func:`with_stages`).
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in catalog.columns]
    if missing:
        raise ValueError(
            f"the metric catalog lacks column(s) {missing}; it needs {list(REQUIRED_COLUMNS)} "
            "(read it with copcwb.io.read_metric_catalog, or use the built-in catalog)"
        )
    out = catalog.copy()
    if "label" not in out.columns:
        out["label"] = out["metric"]
    out["label"] = out["label"].fillna(out["metric"])
    for column, fill in (("unit", None), ("target_source", "catalog"), ("description", None)):
        if column not in out.columns:
            out[column] = fill
    if "benchmark" not in out.columns:
        out["benchmark"] = float("nan")
    out["target_source"] = out["target_source"].fillna("catalog")
    for column in _FLOAT_COLUMNS:
        out[column] = pd.to_numeric(out[column], errors="raise").astype("float64")
    for column in _STR_COLUMNS:
        out[column] = out[column].astype("str")
    dup = out["metric"][out["metric"].duplicated()].unique().tolist()
    if dup:
        raise ValueError(f"the metric catalog lists metric(s) {dup} more than once; keep one row")
    bad = out.loc[~out["direction"].isin(DIRECTIONS), "metric"].tolist()
    if bad:
        raise ValueError(
            f"metric catalog direction must be 'higher' or 'lower'; metric(s) {bad} have "
            "another value or none"
        )
    out = with_stages(out)
    bad = out.loc[out["stage"].notna() & ~out["stage"].isin(STAGES), "metric"].tolist()
    if bad:
        raise ValueError(
            f"metric catalog stage must be one of {', '.join(STAGES)} (or blank); metric(s) "
            f"{bad} have another value"
        )
    return out.loc[:, list(CATALOG_COLUMNS)].reset_index(drop=True)


def builtin_stages() -> dict[str, str]:
    """Metric id -> maturity stage of every metric of the built-in catalog."""
    catalog = pd.read_csv(default_catalog_path(), usecols=["metric", "stage"], dtype="str")
    return dict(zip(catalog["metric"], catalog["stage"], strict=True))


def with_stages(catalog: pd.DataFrame) -> pd.DataFrame:
    """``catalog`` (a copy) with its ``stage`` column completed: a blank or absent stage
    becomes the built-in stage of a metric of the built-in catalog (matched by metric
    id), else stays missing (NaN: the metric is unstaged and the maturity stage leaves
    it out). Given stages are kept as written, trimmed and lowercased."""
    out = catalog.copy()
    given = out["stage"] if "stage" in out.columns else pd.Series(pd.NA, index=out.index)
    given = given.astype("str").str.strip().str.lower()
    given = given.where(given.notna() & (given != ""))
    builtin = out["metric"].astype("str").map(builtin_stages())
    out["stage"] = given.fillna(builtin).astype("str")
    return out


def targets_for(
    catalog: pd.DataFrame,
    overrides: Mapping[str, Mapping[str, float]] | None,
    *,
    programs: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Expand the catalog to one row per program x metric, applying target overrides.

    ``overrides`` maps program -> metric -> target (as ``targets:`` in
    engagement.yaml). The key ``"*"`` applies to every program; a program's own
    entry wins over ``"*"``, and both win over the catalog. Overridden rows get
    ``target_source == "engagement"``. A NaN override removes the target.

    ``programs``: the programs to expand to; default the programs named in
    ``overrides`` (other than ``"*"``).

    Returns the catalog columns with ``program`` first: program, metric, label,
    category, unit, direction, target, benchmark, target_source, description.
    Raises ValueError for an override naming a metric that is not in the catalog
    or a target that is not a number.
    """
    cat = normalize_catalog(catalog)
    overrides = dict(overrides or {})
    if programs is None:
        programs = [p for p in overrides if p != ALL_PROGRAMS]
    programs = list(dict.fromkeys(str(p) for p in programs))
    known = set(cat["metric"])
    rows: list[tuple[str, str, float]] = []
    for program, metrics in overrides.items():
        if not isinstance(metrics, Mapping):
            raise ValueError(
                f"targets for program '{program}' must map metric -> target, got {metrics!r}"
            )
        unknown = sorted(set(metrics) - known)
        if unknown:
            raise ValueError(
                f"target override for program '{program}' names metric(s) {unknown} that are "
                "not in the metric catalog; check the spelling against the catalog's metric ids"
            )
        for metric, value in metrics.items():
            try:
                target = float(value) if value is not None else math.nan
            except (TypeError, ValueError):
                raise ValueError(
                    f"target override {program}/{metric} must be a number, got {value!r}"
                ) from None
            rows.append((str(program), str(metric), target))

    base = pd.DataFrame({"program": pd.Series(programs, dtype="str")}).merge(cat, how="cross")
    over = pd.DataFrame(rows, columns=["program", "metric", "override"])
    over = over.astype({"program": "str", "metric": "str", "override": "float64"})
    wildcard = over[over["program"] == ALL_PROGRAMS].drop(columns="program")
    specific = over[over["program"] != ALL_PROGRAMS]
    out = base.merge(wildcard.rename(columns={"override": "_any"}), on="metric", how="left")
    out = out.merge(
        specific.rename(columns={"override": "_own"}), on=["program", "metric"], how="left"
    )
    has_any = out["metric"].isin(wildcard["metric"])
    keys = pd.MultiIndex.from_frame(out[["program", "metric"]])
    has_own = keys.isin(pd.MultiIndex.from_frame(specific[["program", "metric"]]))
    out.loc[has_any, "target"] = out.loc[has_any, "_any"]
    out.loc[has_own, "target"] = out.loc[has_own, "_own"]
    out.loc[has_any | has_own, "target_source"] = OVERRIDE_SOURCE
    return out.loc[:, ["program", *CATALOG_COLUMNS]].reset_index(drop=True)

"""The journey checkpoint catalog: the built-in one and an engagement's own.

The catalog ships as ``copcwb/data/journey_checkpoints.csv``: each checkpoint has an id,
its touchpoint and service-quality dimension, the rule that judges it (``human_qa``: an
evaluator judges it), the journeys columns it needs, one parameter with its value, and
labels in English, Traditional and Simplified Chinese. The built-in values (the callback
tolerance of 15 minutes, the IVR threshold of 120 s, the 7-day repeat window, ...) are
conventions, marked as placeholders. An engagement replaces the catalog with its own file
(input ``journey_checkpoints``, like the metric catalog) and sets the values it has chosen
under ``notebooks: journey_quality: checkpoint_values`` (like ``targets:``), which marks
them as the engagement's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from copcwb.errors import InputError, Problem
from copcwb.io.columns import JOURNEYS
from copcwb.journey.rules import RULES, needed_columns

#: the columns of a checked catalog, in order
CATALOG_COLUMNS = (
    "checkpoint",
    "label",
    "touchpoint",
    "dimension",
    "rule",
    "needs",
    "parameter",
    "value",
    "value_source",
    "description",
)
HUMAN_QA = "human_qa"
PLACEHOLDER, CATALOG, ENGAGEMENT = "placeholder", "catalog", "engagement"
SOURCE_KEY = "catalog_source"
BUILT_IN = "built-in"
_LABELS = {"en": "label_en", "zh-Hant": "label_zh_hant", "zh-Hans": "label_zh_hans"}


def _words(checkpoint: str) -> str:
    text = checkpoint.replace("_", " ")
    return text[:1].upper() + text[1:]


def _label(row: pd.Series, language: str) -> str:
    for column in (_LABELS.get(language, "label_en"), "label_en"):
        value = row.get(column)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return _words(str(row["checkpoint"]))


def _needs(row: pd.Series) -> tuple[str, ...]:
    given = row.get("needs")
    if isinstance(given, str) and given.strip():
        return tuple(given.split())
    return needed_columns(str(row["rule"]), ())


def _problems(catalog: pd.DataFrame, file: str) -> list[Problem]:
    """Rows whose rule, columns or parameter do not fit together."""
    known = {c.name for c in JOURNEYS.columns}
    problems = []
    for row in catalog.itertuples(index=False):
        needs, rule = row.needs, RULES.get(row.rule)
        what = None
        unknown = [c for c in needs if c not in known]
        if unknown:
            what = f"names columns the journeys file does not have: {', '.join(unknown)}"
        elif rule is not None and not rule.accepts(needs):
            what = f"rule {row.rule} needs {rule.needs_text}, not '{' '.join(needs)}'"
        elif rule is not None and rule.parameter and not math.isfinite(row.value):
            what = f"rule {row.rule} needs a value for its parameter ({rule.parameter})"
        if what:
            problems.append(
                Problem(
                    file=file,
                    column="checkpoint",
                    problem=f"checkpoint '{row.checkpoint}' {what}",
                    examples=[row.checkpoint],
                    fix="correct the row against the built-in catalog "
                    "(copcwb/data/journey_checkpoints.csv)",
                )
            )
    return problems


def _with_values(catalog: pd.DataFrame, values: Mapping[str, float], file: str) -> pd.DataFrame:
    unknown = sorted(set(values) - set(catalog["checkpoint"]))
    if unknown:
        raise InputError(
            Problem(
                file=file,
                problem="notebooks: journey_quality: checkpoint_values names checkpoints the "
                f"catalog does not have: {', '.join(unknown)}",
                fix="use the ids of the checkpoint catalog",
            )
        )
    out = catalog.copy()
    chosen = out["checkpoint"].isin(list(values))
    out.loc[chosen, "value"] = [float(values[c]) for c in out.loc[chosen, "checkpoint"]]
    out.loc[chosen, "value_source"] = ENGAGEMENT
    return out


def checkpoint_catalog(
    given: pd.DataFrame | None = None,
    *,
    values: Mapping[str, float] | None = None,
    language: str = "en",
    file: str = "journey_checkpoints",
) -> pd.DataFrame:
    """The checked checkpoint catalog: ``given`` (an engagement's, as
    :func:`copcwb.io.read_journey_checkpoints` returns it) or the built-in one, with the
    ``values`` an engagement chose (checkpoint id -> value of its parameter).

    Columns: checkpoint, label (in ``language``; English when the catalog has none in it,
    else the id in words), touchpoint, dimension, rule, needs (tuple of journeys columns),
    parameter ("" when none), value (float, NaN when none), value_source ("placeholder",
    "catalog" or "engagement"), description. ``attrs["catalog_source"]`` says "built-in"
    or "engagement". Raises InputError naming ``file`` and each checkpoint whose rule,
    columns and parameter do not fit together, or a value for an unknown checkpoint.
    """
    from copcwb.io.readers import read_journey_checkpoints

    source = BUILT_IN if given is None else ENGAGEMENT
    raw = read_journey_checkpoints() if given is None else given.reset_index(drop=True)
    placeholder = raw["placeholder"] if "placeholder" in raw else pd.Series(0, index=raw.index)
    value = raw["value"] if "value" in raw else pd.Series(math.nan, index=raw.index)
    parameter = raw["parameter"] if "parameter" in raw else pd.Series("", index=raw.index)
    description = raw["description"] if "description" in raw else pd.Series("", index=raw.index)
    catalog = pd.DataFrame(
        {
            "checkpoint": raw["checkpoint"].astype(str),
            "label": [_label(r, language) for _, r in raw.iterrows()],
            "touchpoint": raw["touchpoint"].astype(str),
            "dimension": raw["dimension"].astype(str),
            "rule": raw["rule"].astype(str),
            "needs": [_needs(r) for _, r in raw.iterrows()],
            "parameter": parameter.fillna("").astype(str),
            "value": pd.to_numeric(value, errors="coerce").astype(float),
            "value_source": [
                PLACEHOLDER if p == 1 else CATALOG for p in placeholder.fillna(0).astype(int)
            ],
            "description": description.fillna("").astype(str),
        }
    )
    problems = _problems(catalog, file)
    if problems:
        raise InputError(problems)
    catalog = _with_values(catalog, values or {}, file)
    catalog.attrs[SOURCE_KEY] = source
    return catalog.loc[:, list(CATALOG_COLUMNS)]


def computed(catalog: pd.DataFrame, columns: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """The checkpoints of ``catalog`` a journeys table with ``columns`` can judge."""
    have = set(columns)
    can = [
        r.rule != HUMAN_QA and RULES[r.rule].usable(r.needs, have)
        for r in catalog.itertuples(index=False)
    ]
    return catalog[can].reset_index(drop=True)

"""The "Data quality" section: warnings about the notebook's inputs that do not
invalidate the analysis (small samples, thin months, extreme values)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from copcwb import display
from copcwb.i18n import language_of
from copcwb.i18n.formats import clause_separator
from copcwb.io.readers import WARNING_COLUMNS
from copcwb.io.streamed import STREAMED_KINDS
from copcwb.io.warnings import DataWarning, find_warnings
from copcwb.session import Session

COLUMNS = ("input", "column", "what", "examples", "check")


def build_data_quality_table(
    warnings: Iterable[tuple[str, DataWarning]], t: Callable[..., str]
) -> pd.DataFrame:
    """One row per warning, phrased with the catalog function ``t``.

    ``warnings``: (input file name, warning) pairs. Columns: input, column, what,
    examples, check.
    """
    rows = []
    for name, warning in warnings:
        values = dict(warning.values)
        rows.append(
            {
                "input": name,
                "column": _column_label(warning.column, t),
                "what": t(f"data_quality.{warning.code}", **values),
                "examples": clause_separator(language_of(t)).join(warning.examples),
                "check": t(f"data_quality.{warning.code}.fix", **values),
            }
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _column_label(column: str | None, t: Callable[..., str]) -> str:
    """The catalog's plain-words name of an input column, or the column as written."""
    if not column:
        return ""
    try:
        return t(f"data_quality.column.{column}")
    except KeyError:
        return column


def build_data_quality_text(n_warnings: int, t: Callable[..., str]) -> list[str]:
    """The sentence above the table (or the only sentence when there is nothing to say)."""
    if n_warnings == 0:
        return [t("data_quality.none")]
    return [t("data_quality.intro", n=f"{n_warnings:,}")]


def metric_labels(session: Session) -> dict[str, str]:
    """Metric id -> label: the engagement's catalog, or the built-in catalog's metrics
    in the report's language."""
    if session.has("metric_catalog"):
        catalog = session.read("metric_catalog")
        return dict(zip(catalog["metric"], catalog["label"], strict=True))
    from copcwb.catalog import load_default_catalog

    return {m: session.t(f"metric.{m}") for m in load_default_catalog()["metric"]}


def show_data_quality(session: Session, kinds: list[str], *, level: int = 3) -> None:
    """Show the warnings of the inputs ``kinds`` the engagement has, as a table (a
    numbered section at ``level``, by default under the data profile)."""
    session.section(session.t("data_quality.section"), level=level, ref="data_quality")
    found: list[tuple[str, DataWarning]] = []
    for kind in kinds:
        if not session.has(kind):
            continue
        name = Path(getattr(session.engagement.inputs, kind).path).name
        if kind in STREAMED_KINDS:
            frame = session.log(kind).to_pandas(WARNING_COLUMNS.get(kind))
        else:
            frame = session.read(kind)
        info = session.read_info(kind)
        labels = metric_labels(session) if kind == "kpis" else None
        warnings = find_warnings(session.engagement, kind, frame, info=info, labels=labels)
        found += [(name, w) for w in warnings]
    display.sentences(build_data_quality_text(len(found), session.t))
    if not found:
        return
    display.table(
        build_data_quality_table(found, session.t),
        caption=session.t("data_quality.caption"),
        headers={c: session.t(f"data_quality.{c}") for c in COLUMNS},
    )

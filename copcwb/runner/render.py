"""Rendering an executed notebook to the client and evidence HTML reports.

Both use ``templates/copcwb`` (the stock lab template made self-contained, with
a cover block, contents and a provenance footer). The client version hides
every code input, the parameter cells and stderr; the evidence version keeps
the code. One exporter per variant per process.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

from copcwb.display import SECTION_KEY
from copcwb.i18n import chrome_labels
from copcwb.paths import templates_dir
from copcwb.results import MIME

VARIANTS = ("client", "evidence")
_PARAMETER_TAGS = ("parameters", "injected-parameters")
#: cells tagged so are shown first in both reports (after the help and parameter
#: cells), although the notebook runs them last: an executive summary can only be
#: written once every step has run, but a reader wants it first
SUMMARY_TAG = "summary"


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def summary_first(cells: list) -> list:
    """``cells`` with those tagged ``summary`` moved, in their order, to just after the
    leading help and parameter cells; every other cell keeps its place."""
    moved = [c for c in cells if SUMMARY_TAG in _tags(c)]
    rest = [c for c in cells if SUMMARY_TAG not in _tags(c)]
    lead = 0
    while lead < len(rest) and _tags(rest[lead]) & {*_PARAMETER_TAGS, "help"}:
        lead += 1
    return rest[:lead] + moved + rest[lead:]


@cache
def _exporter(variant: str):
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.extra_template_basedirs = [str(templates_dir())]
    config.HTMLExporter.template_name = "copcwb"
    config.HTMLExporter.embed_images = True
    config.HTMLExporter.anchor_link_text = ""
    if variant == "client":
        config.HTMLExporter.exclude_input = True
        config.HTMLExporter.exclude_input_prompt = True
        config.HTMLExporter.exclude_output_prompt = True
    return HTMLExporter(config=config)


def table_of_contents(nb) -> list[dict[str, Any]]:
    """Sections shown by ``copcwb.display.section``, in order: title, id, level."""
    toc = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            entry = output.get("metadata", {}).get(SECTION_KEY)
            if entry and entry.get("level", 2) in (2, 3):
                toc.append(dict(entry))
    return toc


def _prepare(nb, variant: str):
    """A copy of ``nb`` with what this variant must not show removed."""
    nb = copy.deepcopy(nb)
    cells = []
    for cell in summary_first(nb.cells):
        tags = _tags(cell)
        if variant == "client" and tags & {*_PARAMETER_TAGS, "help"}:
            continue
        if cell.get("cell_type") == "code":
            outputs = [o for o in cell.get("outputs", []) if MIME not in o.get("data", {})]
            if variant == "client":
                outputs = [
                    o
                    for o in outputs
                    if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
                ]
            cell["outputs"] = outputs
            if variant == "client" and not outputs:
                continue
        cells.append(cell)
    nb.cells = cells
    return nb


#: the report's own labels, catalog keys ``report.<name>``
REPORT_LABELS = ("contents", "evidence", "parameters", "inputs", "environment", "status")


def report_labels(lang: str, variant: str) -> dict[str, str]:
    """The labels the template shows around a report of ``variant`` in ``lang``: its
    headings (``REPORT_LABELS``) and its kind (client or evidence report)."""
    from copcwb.i18n import text

    labels = {k: text(f"report.{k}", lang) for k in REPORT_LABELS}
    return {**labels, "kind": text(f"report.kind_{variant}", lang)}


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


def render(nb, variant: str, context: dict[str, Any]) -> str:
    """HTML of ``nb`` in ``variant`` ("client" or "evidence"); ``context`` fills the
    template: language (sets ``<html lang>``, default "en"), labels, cover (title,
    facts), status, parameters, inputs, environment."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}")
    language = context.get("language", "en")
    prepared = _prepare(nb, variant)
    resources = {
        "copcwb": {
            **context,
            "language": language,
            "labels": {**chrome_labels(language), **context.get("labels", {})},
            "variant": variant,
            "toc": table_of_contents(prepared),
            "parameters_json": _json(context.get("parameters", {})),
            "options_json": _json(context.get("parameters", {}).get("options", {})),
        }
    }
    cover = context.get("cover") or {}
    client = next((value for _, value in cover.get("facts", [])), "")
    prepared.metadata["title"] = " – ".join(x for x in (cover.get("title"), client) if x)
    body, _ = _exporter(variant).from_notebook_node(prepared, resources=resources)
    return body

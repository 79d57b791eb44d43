"""The follow-up report rendered to its client and evidence versions: the cover names
both runs, the evidence lists the files compared with their SHA-256."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from copcwb.evidence.verify import MANIFEST
from copcwb.followup.runs import RESULTS, RunRecord
from copcwb.i18n import text
from copcwb.i18n.formats import period_label
from copcwb.registry import FOLLOW_UP

NOTEBOOK = FOLLOW_UP


def cover(runs: dict[str, RunRecord], date: str) -> dict[str, Any]:
    """The report's title and cover facts, in the follow-up run's language."""
    follow_up = runs["follow_up"]
    lang = follow_up.language
    facts = [
        (text("report.client", lang), str(follow_up.engagement.get("client", ""))),
        (text("report.engagement", lang), follow_up.engagement_id),
    ]
    for role, run in runs.items():
        period = period_label(run.period.get("start"), run.period.get("end"), lang)
        facts.append((text(f"follow_up.cover.{role}", lang), f"{run.run_id} ({period})"))
    facts.append((text("report.date", lang), date))
    return {"title": text("follow_up.title", lang), "facts": facts}


def input_rows(folder: Path, runs: dict[str, RunRecord], actions: str | None) -> list[dict]:
    """The evidence's table of inputs: each run's manifest and results (their copies in
    the comparison folder) and the returned action plan."""
    from copcwb.evidence.hashing import sha256_file

    lang = runs["follow_up"].language
    rows = []
    for role, run in runs.items():
        kind = text(f"follow_up.cover.{role}", lang)
        for name, digest in ((MANIFEST, run.manifest_sha256), (RESULTS, run.results_sha256)):
            rows.append(
                {
                    "kind": kind,
                    "path": f"compared/{role}/{name}",
                    "sha256": digest,
                    "rows": "",
                    "columns": [],
                    "read": run.run_id,
                }
            )
    if actions is not None:
        rows.append(
            {
                "kind": text("follow_up.input.actions", lang),
                "path": actions,
                "sha256": sha256_file(folder / actions),
                "rows": "",
                "columns": [],
                "read": "",
            }
        )
    return rows


def render_reports(
    folder: Path, nb: Any, runs: dict[str, RunRecord], params: dict[str, Any]
) -> None:
    """Write ``follow_up.html`` and ``evidence/follow_up.html`` into ``folder``."""
    from copcwb.evidence.environment import environment_rows
    from copcwb.runner.render import render, report_labels

    lang = runs["follow_up"].language
    context = {
        "language": lang,
        "cover": cover(runs, datetime.now(UTC).strftime("%Y-%m-%d")),
        "status": "completed",
        "parameters": params,
        "inputs": input_rows(folder, runs, params.get("actions_file")),
        "environment": environment_rows(),
    }
    (folder / "evidence").mkdir(exist_ok=True)
    for variant, target in (
        ("client", f"{NOTEBOOK}.html"),
        ("evidence", f"evidence/{NOTEBOOK}.html"),
    ):
        html = render(nb, variant, {**context, "labels": report_labels(lang, variant)})
        (folder / target).write_text(html, encoding="utf-8")

"""``copcwb compare``: the follow-up report of two runs of one engagement, published
as a folder of its own.

Both runs are verified first (every file against its manifest) and must be of the
same engagement; a returned action plan is read and validated too. Nothing is written
before all of that holds. The comparison is then built under a staging name in
``OUT/<engagement>/`` and renamed to ``compare-<baseline run>-<follow-up run>`` (with
``-2``, ``-3``, ... when that folder exists: nothing is ever overwritten) once every
file is written:

    follow_up.html, evidence/follow_up.html, executed/follow_up.ipynb
    comparison.json   the tables the report shows
    compared/baseline/, compared/follow_up/   each run's manifest.json and results.json
    inputs/actions.xlsx   the returned action plan (when given)
    manifest.json     the SHA-256 of every file, the runs compared (their ids and the
                      SHA-256 of their manifests) and the action plan's SHA-256

``copcwb verify`` checks such a folder as it checks a run.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from copcwb.errors import CopcwbError, RunError
from copcwb.evidence.hashing import sha256_file
from copcwb.evidence.signing import seal
from copcwb.evidence.verify import MANIFEST
from copcwb.followup.evidence import NOTEBOOK
from copcwb.followup.runs import RESULTS, ROLES, RunRecord, check_pair, verified_run
from copcwb.runner import publish
from copcwb.runner.executor import Executor

COMPARISON = "comparison.json"
COMPARED_DIR = "compared"
ACTIONS_COPY = "inputs/actions.xlsx"
TIMEOUT_S = 600


@dataclass(frozen=True)
class Comparison:
    """A published comparison: its ``folder``, ``comparison_id`` (the folder's name),
    the two runs compared and ``figures`` (what comparison.json holds)."""

    folder: Path
    comparison_id: str
    baseline: RunRecord
    follow_up: RunRecord
    figures: dict[str, Any]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _free_name(engagement_dir: Path, baseline: RunRecord, follow_up: RunRecord) -> str:
    base = f"compare-{baseline.run_id}-{follow_up.run_id}"
    name, n = base, 2
    while (engagement_dir / name).exists() or publish.staging_dir(engagement_dir, name).exists():
        name, n = f"{base}-{n}", n + 1
    return name


def _copy_inputs(staging: Path, runs: dict[str, RunRecord], actions: Path | None) -> None:
    for role, run in runs.items():
        target = staging / COMPARED_DIR / role
        target.mkdir(parents=True)
        for name in (MANIFEST, RESULTS):
            shutil.copy2(run.folder / name, target / name)
    if actions is not None:
        (staging / ACTIONS_COPY).parent.mkdir(parents=True)
        shutil.copy2(actions, staging / ACTIONS_COPY)


def parameters(comparison_id: str, actions: Path | None) -> dict[str, Any]:
    """The notebook's parameters: the copies of the runs and of the action plan,
    relative to the comparison folder the kernel works in."""
    return {
        "baseline_run": f"{COMPARED_DIR}/baseline",
        "follow_up_run": f"{COMPARED_DIR}/follow_up",
        "actions_file": ACTIONS_COPY if actions is not None else None,
        "comparison_id": comparison_id,
    }


def _execute(staging: Path, params: dict[str, Any], executor: Executor) -> tuple[Any, float]:
    """Execute the report into ``executed/``; the executed notebook and its seconds.
    RunError when it fails."""
    import nbformat

    from copcwb.paths import notebook_path
    from copcwb.runner.run import record_paths_relative

    output = staging / "executed" / f"{NOTEBOOK}.ipynb"
    output.parent.mkdir()
    execution = executor.execute(
        NOTEBOOK, notebook_path(NOTEBOOK), output, params, timeout_s=TIMEOUT_S, cwd=staging
    )
    if not execution.ok:
        detail = execution.failure.describe() if execution.failure else "no notebook written"
        failures = [execution.failure] if execution.failure else []
        raise RunError(f"the follow-up report failed: {detail}", failures)
    nb = nbformat.read(output, as_version=4)
    record_paths_relative(nb, NOTEBOOK, f"executed/{NOTEBOOK}.ipynb")  # no path of this machine
    nbformat.write(nb, output)
    return nb, round(execution.seconds, 3)


def compare_runs(
    baseline_run: str | Path,
    follow_up_run: str | Path,
    out_dir: str | Path,
    *,
    actions: str | Path | None = None,
    executor: Executor | None = None,
) -> Comparison:
    """Compare two runs of one engagement and publish the follow-up report under
    ``out_dir/<engagement>/compare-<baseline run>-<follow-up run>/``.

    InputError (nothing written) when a run does not verify, the runs are of
    different engagements, or the action plan ``actions`` (a returned actions.xlsx)
    cannot be read; RunError when the report's notebook fails.
    """
    from copcwb.business.returned import read_actions
    from copcwb.evidence.signing import signing_key
    from copcwb.runner.executor import PapermillExecutor

    runs = dict(zip(ROLES, (verified_run(baseline_run), verified_run(follow_up_run)), strict=True))
    check_pair(runs["baseline"], runs["follow_up"])
    actions = Path(actions) if actions is not None else None
    n_actions = len(read_actions(actions)) if actions is not None else None
    key = signing_key()
    executor = executor or PapermillExecutor()
    engagement_dir = Path(out_dir).resolve() / runs["follow_up"].engagement_id
    engagement_dir.mkdir(parents=True, exist_ok=True)
    name = _free_name(engagement_dir, runs["baseline"], runs["follow_up"])
    staging = publish.staging_dir(engagement_dir, name)
    started = _now()
    try:
        staging.mkdir()
        _copy_inputs(staging, runs, actions)
        params = parameters(name, actions)
        nb, seconds = _execute(staging, params, executor)
        figures = _write_outputs(staging, nb, runs, params)
        facts = {"started": started, "seconds": seconds, "n_actions": n_actions}
        _write_manifest(staging, name, runs, actions, params, facts, key)
        final = engagement_dir / name
        if final.exists():  # taken while this comparison was being built
            raise CopcwbError(f"{final} exists already; comparisons never overwrite each other")
        os.replace(staging, final)
    except BaseException:
        publish.discard(staging)
        raise
    return Comparison(final, name, runs["baseline"], runs["follow_up"], figures)


def _write_outputs(
    staging: Path, nb: Any, runs: dict[str, RunRecord], params: dict[str, Any]
) -> dict[str, Any]:
    """The client and evidence reports and comparison.json; return its figures."""
    from copcwb.followup.evidence import render_reports
    from copcwb.results import collect

    render_reports(staging, nb, runs, params)
    figures = collect(nb)
    (staging / COMPARISON).write_text(
        json.dumps(figures, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return figures


def _compared(run: RunRecord, role: str) -> dict[str, Any]:
    return {
        "run_id": run.run_id,
        "engagement": run.engagement_id,
        "period": run.period,
        "finished_at": run.finished_at,
        "manifest_sha256": run.manifest_sha256,
        "results_sha256": run.results_sha256,
        "copy": f"{COMPARED_DIR}/{role}",
    }


def _actions_entry(staging: Path, actions: Path, n_actions: int | None) -> dict[str, Any]:
    digest = sha256_file(staging / ACTIONS_COPY)
    return {
        "path": actions.name,
        "sha256": digest,
        "bytes": actions.stat().st_size,
        "rows": n_actions,
        "snapshot": {"path": ACTIONS_COPY, "sha256": digest},
    }


def _write_manifest(
    staging: Path,
    name: str,
    runs: dict[str, RunRecord],
    actions: Path | None,
    params: dict[str, Any],
    facts: dict[str, Any],
    key: bytes | None,
) -> None:
    from copcwb.evidence.environment import environment

    follow_up = runs["follow_up"]
    manifest: dict[str, Any] = {
        "schema": 1,
        "kind": "comparison",
        "comparison_id": name,
        "status": "completed",
        "started_at": facts["started"],
        "finished_at": _now(),
        "engagement": {
            k: follow_up.engagement.get(k) for k in ("id", "client", "period", "language")
        },
        "compared": {role: _compared(run, role) for role, run in runs.items()},
        "inputs": (
            {"actions": _actions_entry(staging, actions, facts["n_actions"])}
            if actions is not None
            else {}
        ),
        "notebooks": {
            NOTEBOOK: {"status": "completed", "seconds": facts["seconds"], "parameters": params}
        },
        "environment": environment(),
    }
    seal(staging, manifest, key)

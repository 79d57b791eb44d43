"""The runs a follow-up compares: read from their folders, checked against their
manifests, and of the same engagement.

``verified_run`` checks every file of a published run (``copcwb.evidence.verify``)
before reading it; ``open_run`` reads a run's results.json and manifest.json (a run
folder, or the copies a comparison keeps of them) and checks that the results are the
ones the manifest fingerprints.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copcwb.errors import InputError, Problem
from copcwb.evidence.hashing import sha256_file
from copcwb.evidence.verify import MANIFEST

RESULTS = "results.json"
#: the two runs of a comparison, in order
ROLES: tuple[str, ...] = ("baseline", "follow_up")


@dataclass(frozen=True)
class RunRecord:
    """A published run as a comparison reads it: ``folder``, ``run_id``,
    ``engagement`` (manifest.json's: id, client, period {start, end}, language, ...),
    ``results`` (results.json), ``manifest`` (manifest.json) and the SHA-256 of both
    files."""

    folder: Path
    run_id: str
    engagement: dict[str, Any]
    results: dict[str, Any] = field(repr=False)
    manifest: dict[str, Any] = field(repr=False)
    manifest_sha256: str = ""
    results_sha256: str = ""

    @property
    def engagement_id(self) -> str:
        return str(self.engagement.get("id", ""))

    @property
    def language(self) -> str:
        return str(self.engagement.get("language", "en"))

    @property
    def period(self) -> dict[str, str]:
        return dict(self.engagement.get("period") or {})

    @property
    def finished_at(self) -> str:
        return str(self.manifest.get("finished_at", ""))


def _read_json(path: Path, folder: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            Problem(
                file=str(folder),
                problem=f"{path.name} is missing: not a copcwb run folder",
                fix="give the folder of a run (reports/<engagement>/<run-id>/)",
            )
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            Problem(
                file=str(path),
                problem=f"unreadable ({exc})",
                fix="give the folder of an intact run",
            )
        ) from None
    if not isinstance(value, dict):
        raise InputError(Problem(file=str(path), problem="not a JSON object"))
    return value


def open_run(folder: str | Path) -> RunRecord:
    """The run in ``folder`` (its manifest.json and results.json); InputError when
    either is missing or unreadable, or when results.json is not the file the manifest
    fingerprints."""
    folder = Path(folder)
    manifest_path, results_path = folder / MANIFEST, folder / RESULTS
    manifest = _read_json(manifest_path, folder)
    results = _read_json(results_path, folder)
    digest = sha256_file(results_path)
    if manifest.get("files", {}).get(RESULTS) != digest:
        raise InputError(
            Problem(
                file=str(results_path),
                problem="results.json is not the file the run's manifest fingerprints",
                fix="compare intact runs only (check them with copcwb verify)",
            )
        )
    return RunRecord(
        folder=folder,
        run_id=str(manifest.get("run_id", folder.name)),
        engagement=dict(manifest.get("engagement") or {}),
        results=results,
        manifest=manifest,
        manifest_sha256=sha256_file(manifest_path),
        results_sha256=digest,
    )


def verified_run(folder: str | Path) -> RunRecord:
    """The run in ``folder`` once every file of it matches its manifest; InputError
    naming the folder and each problem otherwise (a changed, missing or added file, a
    bad signature)."""
    from copcwb.evidence import verify

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(
            Problem(
                file=str(folder),
                problem="no such run folder",
                fix="give the folder of a run (reports/<engagement>/<run-id>/)",
            )
        )
    checked = verify(folder)
    if not checked.ok:
        raise InputError(
            [
                Problem(
                    file=str(folder),
                    problem=f"the run does not verify: {problem}",
                    fix="compare intact runs only: restore the run folder or run the "
                    "engagement again",
                )
                for problem in checked.problems
            ]
        )
    return open_run(folder)


def check_pair(baseline: RunRecord, follow_up: RunRecord) -> None:
    """InputError unless the two runs are of the same engagement (a follow-up compares
    the same client) and the follow-up covers no earlier period than the baseline."""
    if baseline.engagement_id != follow_up.engagement_id:
        raise InputError(
            Problem(
                file=str(follow_up.folder),
                problem=f"the runs are of different engagements: the baseline is of "
                f"'{baseline.engagement_id}', the follow-up of '{follow_up.engagement_id}'",
                fix="a follow-up compares two runs of the same engagement: give a run "
                f"of '{baseline.engagement_id}'",
            )
        )
    then, now = baseline.period.get("end", ""), follow_up.period.get("end", "")
    if then and now and now < then:
        raise InputError(
            Problem(
                file=str(follow_up.folder),
                problem=f"the follow-up run ends in {now}, before the baseline run ({then})",
                fix="give the baseline run first, then the follow-up run",
            )
        )

"""Checking that a published run folder is intact.

A comparison folder (``copcwb compare``) has a manifest of the same shape (its
``files``, its signature, ``inputs`` holding the returned action plan and its copy), so
it is checked the same way."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from copcwb.evidence.hashing import hash_tree, sha256_file

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class VerifyResult:
    """``ok`` is True only when every file matches; ``problems`` lists each one that
    is missing, added or changed (and inputs that changed, when asked)."""

    run_dir: Path
    ok: bool
    problems: list[str] = field(default_factory=list)
    n_files: int = 0


def verify(
    run_dir: str | Path, *, inputs: bool = False, engagement: str | Path | None = None
) -> VerifyResult:
    """Recompute every hash of ``run_dir`` against its manifest.

    With ``inputs=True`` the run's snapshot of its inputs (``inputs/``) is checked
    against the fingerprints the manifest records for each input and the spec; with
    ``engagement`` (the engagement.yaml, or its folder) the original files are checked
    too (the manifest names them relative to that folder).
    """
    run_dir = Path(run_dir)
    manifest_path = run_dir / MANIFEST
    if not manifest_path.is_file():
        return VerifyResult(run_dir, False, [f"{MANIFEST} is missing: not a copcwb run folder"])
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        expected: dict[str, str] = manifest["files"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        return VerifyResult(run_dir, False, [f"{MANIFEST} is unreadable: {exc}"])
    actual = hash_tree(run_dir, exclude=frozenset({MANIFEST}))
    problems = [f"missing: {p}" for p in sorted(set(expected) - set(actual))]
    problems += [f"added: {p}" for p in sorted(set(actual) - set(expected))]
    problems += [
        f"changed: {p}" for p in sorted(set(expected) & set(actual)) if expected[p] != actual[p]
    ]
    problems += signature_problems(manifest)
    if inputs or engagement is not None:
        problems += _check_snapshots(manifest, run_dir)
    if engagement is not None:
        folder = Path(engagement)
        problems += _check_originals(manifest, folder.parent if folder.is_file() else folder)
    return VerifyResult(run_dir, not problems, problems, len(expected))


def signature_problems(manifest: dict) -> list[str]:
    from copcwb.evidence.signing import check, signing_key

    try:
        key = signing_key()
    except Exception as exc:  # an unreadable key file is reported, not raised
        return [str(exc)]
    return check(manifest, key)


def _entries(manifest: dict) -> list[dict]:
    """The fingerprinted files of the manifest: the spec, then every input."""
    spec = manifest.get("engagement", {})
    entries = []
    if spec.get("spec_file"):
        entries.append(
            {
                "path": spec["spec_file"],
                "sha256": spec.get("spec_sha256"),
                "snapshot": spec.get("snapshot"),
            }
        )
    return entries + list(manifest.get("inputs", {}).values())


def _check_snapshots(manifest: dict, run_dir: Path) -> list[str]:
    """Each snapshot file in the run folder against the hash recorded for its input."""
    problems = []
    for entry in _entries(manifest):
        snapshot = entry.get("snapshot")
        if not snapshot:
            problems.append(f"no snapshot recorded for input {entry['path']}")
            continue
        path = run_dir / snapshot["path"]
        if not path.is_file():
            problems.append(f"snapshot missing: {snapshot['path']}")
        elif sha256_file(path) != snapshot["sha256"]:
            problems.append(f"snapshot changed: {snapshot['path']}")
    return problems


def _check_originals(manifest: dict, folder: Path) -> list[str]:
    """Each original file (the spec and every input, relative to ``folder``) against
    its fingerprint."""
    problems = []
    for entry in _entries(manifest):
        path = folder / entry["path"]
        if not path.is_file():
            problems.append(f"input missing: {entry['path']}")
        elif sha256_file(path) != entry["sha256"]:
            problems.append(f"input changed: {entry['path']}")
    return problems

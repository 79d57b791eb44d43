"""SHA-256 fingerprints of files and folders."""

from __future__ import annotations

import hashlib
from pathlib import Path

_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def hash_tree(folder: Path, *, exclude: frozenset[str] = frozenset()) -> dict[str, str]:
    """{relative posix path: sha256} of every file under ``folder``, sorted, minus ``exclude``."""
    hashes = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
        rel = path.relative_to(folder).as_posix()
        if rel not in exclude:
            hashes[rel] = sha256_file(path) if path.is_file() else "symlink"
    return hashes

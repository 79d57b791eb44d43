"""Optional HMAC-SHA256 signing of run manifests.

The key comes from the environment, never from the engagement file:
``COPCWB_SIGNING_KEY`` (the key itself) or ``COPCWB_SIGNING_KEY_FILE`` (a file
holding it). With a key configured, every manifest is signed and ``verify``
insists on a valid signature, so a tampered report cannot be re-hashed into
looking intact. The signature covers the canonical JSON of the whole manifest
except the ``signature`` entry itself.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path

from copcwb.errors import InputError, Problem

KEY_ENV = "COPCWB_SIGNING_KEY"
KEY_FILE_ENV = "COPCWB_SIGNING_KEY_FILE"
ALGORITHM = "HMAC-SHA256"


def signing_key() -> bytes | None:
    """The configured key, or None. A key file that cannot be read is an error."""
    value = os.environ.get(KEY_ENV)
    if value:
        return value.encode("utf-8")
    path = os.environ.get(KEY_FILE_ENV)
    if path:
        try:
            key = Path(path).read_bytes().strip()
        except OSError as exc:
            raise InputError(
                Problem(
                    file=path,
                    problem=f"signing key file unreadable: {exc}",
                    fix=f"fix {KEY_FILE_ENV} or unset it",
                )
            ) from None
        if not key:
            raise InputError(
                Problem(
                    file=path,
                    problem="signing key file is empty",
                    fix="write a long random key into it",
                )
            ) from None
        return key
    return None


def key_id(key: bytes) -> str:
    """A short public fingerprint of the key (not the key): which key signed."""
    return hashlib.sha256(b"copcwb-key-id:" + key).hexdigest()[:16]


def _canonical(manifest: dict) -> bytes:
    body = {k: v for k, v in manifest.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sign(manifest: dict, key: bytes) -> dict:
    """``manifest`` with a ``signature`` entry added."""
    value = hmac.new(key, _canonical(manifest), hashlib.sha256).hexdigest()
    return {
        **manifest,
        "signature": {"algorithm": ALGORITHM, "key_id": key_id(key), "value": value},
    }


def check(manifest: dict, key: bytes | None) -> list[str]:
    """Problems with the manifest's signature (empty when it is valid, or when no key is
    configured and the manifest is unsigned)."""
    signature = manifest.get("signature")
    if key is None:
        return (
            [
                "manifest is signed but no key is configured to check it "
                f"(set {KEY_ENV} or {KEY_FILE_ENV})"
            ]
            if signature
            else []
        )
    if not signature:
        return ["manifest is not signed although a signing key is configured"]
    if signature.get("key_id") != key_id(key):
        return ["manifest was signed with another key"]
    expected = hmac.new(key, _canonical(manifest), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, str(signature.get("value", ""))):
        return ["signature does not match: the manifest was changed after signing"]
    return []


def seal(folder: Path, manifest: dict, key: bytes | None) -> Path:
    """Write ``folder/manifest.json``: ``manifest`` with the SHA-256 of every other file of
    the folder under ``files``, signed when a ``key`` is set."""
    from copcwb.evidence.hashing import hash_tree

    name = "manifest.json"
    manifest = {**manifest, "files": hash_tree(folder, exclude=frozenset({name}))}
    if key is not None:
        manifest = sign(manifest, key)
    path = folder / name
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path

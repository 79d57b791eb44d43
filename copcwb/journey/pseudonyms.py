"""Pseudonyms of contact ids: a keyed hash (HMAC-SHA256), never the raw id.

The key, in order: ``COPCWB_PSEUDONYM_KEY``; else a key derived from the run-signing key
(``COPCWB_SIGNING_KEY``, see ``copcwb.evidence.signing``), so that sharing it does not
reveal the signing key; else a key derived from the journeys data themselves (a digest
no report shows), so that two runs on the same data give the same pseudonyms and whoever
holds the data can find a contact again with :func:`pseudonym`. A reader of the report
who lacks the key (or the data) cannot recover an id from its pseudonym.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

KEY_ENV = "COPCWB_PSEUDONYM_KEY"
PREFIX = "P-"
LENGTH = 12  # hex digits shown: 48 bits
_DERIVE = b"copcwb pseudonyms v1"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class PseudonymKey:
    """A pseudonym key and where it came from: "configured" (COPCWB_PSEUDONYM_KEY),
    "signing" (derived from the signing key) or "data" (derived from the data)."""

    secret: bytes
    source: str

    def __repr__(self) -> str:  # never show the key itself
        return f"PseudonymKey(source={self.source!r})"


def _file_digest(path: Path) -> bytes:
    digest = hashlib.sha256(_DERIVE)
    with Path(path).open("rb") as handle:
        while block := handle.read(_CHUNK):
            digest.update(block)
    return digest.digest()


def _values_digest(values: Iterable[object]) -> bytes:
    digest = hashlib.sha256(_DERIVE)
    for value in sorted(str(v) for v in values):
        digest.update(value.encode("utf-8") + b"\0")
    return digest.digest()


def pseudonym_key(data=None) -> PseudonymKey:
    """The key of the pseudonyms (see the module). ``data``: the journeys (a ``LogTable``,
    whose file is digested, or a DataFrame, whose contact ids are), for the key derived
    from the data when no key is configured."""
    from copcwb.engine import LogTable
    from copcwb.evidence.signing import signing_key

    configured = os.environ.get(KEY_ENV)
    if configured:
        return PseudonymKey(configured.encode("utf-8"), "configured")
    signing = signing_key()
    if signing is not None:
        return PseudonymKey(hmac.new(signing, _DERIVE, hashlib.sha256).digest(), "signing")
    if data is None:
        raise ValueError(f"no pseudonym key: set {KEY_ENV}, or give the data to derive one from")
    if isinstance(data, LogTable):
        return PseudonymKey(_file_digest(data.path), "data")
    return PseudonymKey(_values_digest(data["contact_id"]), "data")


def pseudonym(value: object, key: PseudonymKey) -> str:
    """The pseudonym of one id: "P-" and the first 12 hex digits of HMAC-SHA256(key, id)."""
    mac = hmac.new(key.secret, str(value).encode("utf-8"), hashlib.sha256).hexdigest()
    return PREFIX + mac[:LENGTH]

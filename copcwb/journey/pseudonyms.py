"""The key of the review list's contact pseudonyms (keyed hashes, see ``copcwb.pseudonyms``).

The key is the workbench's pseudonym key when one is set (``COPCWB_PSEUDONYM_KEY``, else
the signing key). Without one, it is derived from the journeys data themselves (a digest
of the validated file that no report shows): two runs on the same data give the same
pseudonyms, whoever holds the data can find a contact again (:func:`contact_pseudonym`
of each id with :func:`review_key`), and a reader of the report cannot. Contacts are many,
so their pseudonyms are longer than people's: 12 hex digits.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from copcwb.pseudonyms import pseudonym, pseudonym_key

PREFIX = "P-"
DIGITS = 12
_DERIVE = b"copcwb contact pseudonyms v1\0"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class ReviewKey:
    """A pseudonym key and where it came from: "configured" (the workbench's pseudonym or
    signing key) or "data" (derived from the journeys data)."""

    secret: bytes
    source: str

    def __repr__(self) -> str:  # never show the key itself
        return f"ReviewKey(source={self.source!r})"


def _file_digest(path: Path) -> bytes:
    digest = hashlib.sha256(_DERIVE)
    with Path(path).open("rb") as handle:
        while block := handle.read(_CHUNK):
            digest.update(block)
    return digest.digest()


def _ids_digest(ids) -> bytes:
    digest = hashlib.sha256(_DERIVE)
    for value in sorted(str(v) for v in ids):
        digest.update(value.encode("utf-8") + b"\0")
    return digest.digest()


def review_key(journeys) -> ReviewKey:
    """The key of the contact pseudonyms of ``journeys`` (a ``LogTable``, whose file is
    digested when no key is set, or a DataFrame, whose contact ids are)."""
    from copcwb.engine import LogTable

    configured = pseudonym_key()
    if configured is not None:
        return ReviewKey(configured, "configured")
    if isinstance(journeys, LogTable):
        return ReviewKey(_file_digest(journeys.path), "data")
    return ReviewKey(_ids_digest(journeys["contact_id"]), "data")


def contact_pseudonym(contact_id: object, key: ReviewKey) -> str:
    """The pseudonym of one contact: "P-" and 12 hex digits of HMAC-SHA256(key, id)."""
    return pseudonym(contact_id, key.secret, PREFIX, DIGITS)

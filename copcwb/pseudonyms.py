"""Pseudonyms for people and customers in reports: a keyed hash, never the raw id.

With a key (``COPCWB_PSEUDONYM_KEY``, else the run's signing key) a pseudonym is the
first hex digits of HMAC-SHA256(key, id): the same id gets the same pseudonym in every run
and report made with that key, and only someone who holds the key can tell which id it
is (by computing it for a known id with :func:`pseudonym`). Without a key the ids are
numbered in the order given ("Agent 01", ...), which holds within one report only.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterable

KEY_ENV = "COPCWB_PSEUDONYM_KEY"
DIGITS = 6


def pseudonym_key() -> bytes | None:
    """The pseudonym key: ``COPCWB_PSEUDONYM_KEY``, else the signing key, else None."""
    from copcwb.evidence.signing import signing_key

    value = os.environ.get(KEY_ENV)
    return value.encode("utf-8") if value else signing_key()


def pseudonym(value: object, key: bytes, prefix: str = "", digits: int = DIGITS) -> str:
    """The keyed pseudonym of ``value``: ``prefix`` and the first ``digits`` (default 6)
    hex digits of its HMAC-SHA256."""
    digest = hmac.new(key, str(value).encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{prefix}{digest[:digits].upper()}"


def pseudonyms(values: Iterable[object], prefix: str, key: bytes | None = None) -> dict:
    """{value: pseudonym} for ``values``: keyed (see :func:`pseudonym`) when ``key`` is
    given, else numbered in the order given, "<prefix>01", "<prefix>02", ..."""
    unique = list(dict.fromkeys(values))
    if key is not None:
        return {v: pseudonym(v, key, prefix) for v in unique}
    width = max(2, len(str(len(unique))))
    return {v: f"{prefix}{i:0{width}d}" for i, v in enumerate(unique, 1)}

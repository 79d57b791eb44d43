"""Every string a report shows, one catalog per language (``<lang>.json``).

``text(key, lang, **values)`` formats the catalog entry with ``str.format``.
A key missing in the catalog of ``lang`` raises ``KeyError``: tests check every
language has every key.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "zh-Hant", "zh-Hans")


@cache
def catalog(lang: str) -> dict[str, str]:
    """The catalog of ``lang`` (English for unknown languages is an error)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}'; choose one of {', '.join(LANGUAGES)}")
    path = Path(__file__).with_name(f"{lang}.json")
    if not path.exists():
        return catalog("en")
    return json.loads(path.read_text(encoding="utf-8"))


def text(key: str, lang: str = "en", /, **values: object) -> str:
    """The string ``key`` in ``lang``, formatted with ``values``."""
    return catalog(lang)[key].format(**values)

"""Every string a report shows, one catalog per language.

A language's catalog is the union of the JSON files in its folder
(``en/common.json``, ``en/baseline.json``, ...), so each notebook's strings live
in a file of their own. ``text(key, lang, **values)`` formats an entry with
``str.format``; a key missing in ``lang`` raises ``KeyError`` (tests check that
every language has every key).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "zh-Hant", "zh-Hans")
_HERE = Path(__file__).parent


@cache
def catalog(lang: str) -> dict[str, str]:
    """The merged catalog of ``lang``; a key defined in two files is an error."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}'; choose one of {', '.join(LANGUAGES)}")
    folder = _HERE / lang
    if not folder.is_dir():
        folder = _HERE / "en"
    merged: dict[str, str] = {}
    for path in sorted(folder.glob("*.json")):
        entries = json.loads(path.read_text(encoding="utf-8"))
        clash = set(entries) & set(merged)
        if clash:
            raise ValueError(f"{path.name} redefines {', '.join(sorted(clash))}")
        merged.update(entries)
    return merged


def text(key: str, lang: str = "en", /, **values: object) -> str:
    """The string ``key`` in ``lang``, formatted with ``values``."""
    return catalog(lang)[key].format(**values)

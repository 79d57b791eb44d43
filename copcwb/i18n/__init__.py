"""Every string a report shows, one catalog per language.

A language's catalog is the union of the JSON files in its folder
(``en/common.json``, ``en/baseline.json``, ...), so each notebook's strings live
in a file of their own. Every language has a folder of its own with every key
(``tests/test_i18n.py`` checks keys and placeholders against each other); there is
no fallback to another language. ``text(key, lang, **values)`` formats an entry
with ``str.format``; a key missing in ``lang`` raises ``KeyError``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "zh-Hant", "zh-Hans")
_HERE = Path(__file__).parent


def check_language(lang: str) -> str:
    """``lang`` when it is a supported language, else ``ValueError``."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}'; choose one of {', '.join(LANGUAGES)}")
    return lang


@cache
def catalog(lang: str) -> dict[str, str]:
    """The merged catalog of ``lang``; a key defined in two files is an error."""
    folder = _HERE / check_language(lang)
    files = sorted(folder.glob("*.json"))
    if not files:
        raise FileNotFoundError(
            f"language '{lang}' has no catalog: add its JSON files under {folder}"
        )
    merged: dict[str, str] = {}
    for path in files:
        entries = json.loads(path.read_text(encoding="utf-8"))
        clash = set(entries) & set(merged)
        if clash:
            raise ValueError(f"{path.name} redefines {', '.join(sorted(clash))}")
        merged.update(entries)
    return merged


def text(key: str, lang: str = "en", /, **values: object) -> str:
    """The string ``key`` in ``lang``, formatted with ``values``."""
    return catalog(lang)[key].format(**values)


def language_of(t: Callable[..., str]) -> str:
    """The language a catalog function speaks: its own ``lang`` attribute, or that of
    the object it is bound to (``Session.t`` speaks the engagement's language);
    English for a plain function."""
    for owner in (t, getattr(t, "__self__", None)):
        lang = getattr(owner, "lang", None)
        if isinstance(lang, str) and lang in LANGUAGES:
            return lang
    return "en"


def chrome_labels(lang: str) -> dict[str, str]:
    """The report templates' own labels in ``lang`` (catalog keys ``chrome.<name>``), by
    name: status words ``status_<status>`` and the evidence table's column heads."""
    return {
        k.removeprefix("chrome."): v for k, v in catalog(lang).items() if k.startswith("chrome.")
    }

"""The COPC vocabulary Chinese reports must use, and a check of catalogs against it.

``copcwb/data/glossary.csv`` holds one row per term, as the seed documents of the
standard write it (Taiwanese practice for zh-Hant, mainland practice for zh-Hans):

- ``english``: the English term; ``english_pattern``: a regular expression (case
  insensitive) that finds it in an English entry, ``{placeholders}`` removed first;
- ``zh_hant`` / ``zh_hans``: the term, alternatives separated by `` / ``; an entry whose
  English uses the term must contain one of them;
- ``avoid_hant`` / ``avoid_hans``: near-synonyms the standard does not use;
  ``avoid_scope`` ``all`` forbids them in every entry, ``matched`` only in entries whose
  English uses the term (``客戶`` is right for the client, wrong for its customer);
- ``exempt``: catalog key prefixes where the English word has another sense (a
  journey's "customer-critical checkpoint" is no critical error);
- ``seeds``: where the seeds use the term.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from copcwb.paths import data_file

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_COLUMNS = {"zh-Hant": ("zh_hant", "avoid_hant"), "zh-Hans": ("zh_hans", "avoid_hans")}


@dataclass(frozen=True)
class Term:
    """One glossary row; ``terms`` and ``avoid`` are by language."""

    english: str
    pattern: re.Pattern[str]
    terms: Mapping[str, tuple[str, ...]]
    avoid: Mapping[str, tuple[str, ...]]
    avoid_everywhere: bool
    exempt: tuple[str, ...]

    def used_in(self, words: str) -> bool:
        """Whether English ``words`` (an entry without its placeholders, see
        :func:`words_of`) use this term."""
        return bool(self.pattern.search(words))


def words_of(english: str) -> str:
    """An English entry without its ``{placeholders}``, whose names are not words."""
    return _PLACEHOLDER.sub("", english)


def _alternatives(cell: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in cell.split(" / ") if t.strip())


@cache
def glossary() -> tuple[Term, ...]:
    """The glossary's rows, in file order."""
    with data_file("glossary.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        Term(
            english=row["english"],
            pattern=re.compile(row["english_pattern"], re.IGNORECASE | re.DOTALL),
            terms={lang: _alternatives(row[cols[0]]) for lang, cols in _COLUMNS.items()},
            avoid={lang: _alternatives(row[cols[1]]) for lang, cols in _COLUMNS.items()},
            avoid_everywhere=row["avoid_scope"] == "all",
            exempt=tuple(row["exempt"].split()),
        )
        for row in rows
    )


def glossary_problems(
    english: Mapping[str, str], chinese: Mapping[str, str], lang: str
) -> list[str]:
    """Every entry of ``chinese`` (catalog key -> text in ``lang``) that uses a term to
    avoid, or misses the glossary term its English entry (same key in ``english``)
    uses; one sentence per problem, naming the key."""
    if lang not in _COLUMNS:
        raise ValueError(f"the glossary has no column for '{lang}'; choose zh-Hant or zh-Hans")
    problems = []
    for key, text in chinese.items():
        words = words_of(english.get(key, ""))
        for term in glossary():
            matched = term.used_in(words) and not key.startswith(term.exempt)
            if term.avoid_everywhere or matched:
                problems += [
                    f"{key}: '{bad}' is not the standard's word; write "
                    f"{' or '.join(term.terms[lang])} ({term.english})"
                    for bad in term.avoid[lang]
                    if bad in text
                ]
            if matched and not any(t in text for t in term.terms[lang]):
                problems.append(
                    f"{key}: the English says '{term.english}' but the text has none of "
                    f"{' / '.join(term.terms[lang])}"
                )
    return problems

"""Formatting pieces every notebook's views share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from copcwb.i18n.formats import is_missing as missing  # noqa: F401 (used by the views)
from copcwb.i18n.formats import percent

Translate = Callable[..., str]


def share(value: object, digits: int = 1) -> str:
    """0.8527 -> "85.3%" ("–" when missing): the same in every report language."""
    return percent(value, digits=digits)


@dataclass(frozen=True)
class TableSpec:
    """A table ready for ``copcwb.display.table``."""

    frame: pd.DataFrame
    headers: dict[str, str] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)
    row_classes: list[str] = field(default_factory=list)
    #: column -> the raw value of each row, for columns shown as text ("61.7 s") that
    #: should sort as numbers
    sort_keys: dict[str, list] = field(default_factory=dict)

    def kwargs(self) -> dict:
        """Keyword arguments of ``display.table`` (besides the caption)."""
        return {
            "headers": self.headers,
            "formats": self.formats,
            "row_classes": self.row_classes or None,
            "sort_keys": self.sort_keys or None,
        }

"""Formatting pieces every notebook's views share."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

Translate = Callable[..., str]


def missing(value: object) -> bool:
    """True for None, NA and NaN."""
    if value is None or value is pd.NA:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def share(value: object, digits: int = 1) -> str:
    """0.8527 -> "85.3%" ("–" when missing)."""
    return "–" if missing(value) else f"{float(value):.{digits}%}"  # type: ignore[arg-type]


@dataclass(frozen=True)
class TableSpec:
    """A table ready for ``copcwb.display.table``."""

    frame: pd.DataFrame
    headers: dict[str, str] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)
    row_classes: list[str] = field(default_factory=list)

    def kwargs(self) -> dict:
        """Keyword arguments of ``display.table`` (besides the caption)."""
        return {
            "headers": self.headers,
            "formats": self.formats,
            "row_classes": self.row_classes or None,
        }

"""Numbers as the report writes them: values in their unit, gaps, shares, windows."""

from __future__ import annotations

import re

import pandas as pd

from copcwb.i18n import language_of
from copcwb.i18n.formats import list_separator, month_label
from copcwb.views._shared import Translate, missing, share  # noqa: F401 (used by the views)

TREND_ARROWS = {"improving": "↑", "deteriorating": "↓", "stable": "→", "insufficient": "·"}


def value_in_unit(value: object, unit: object, t: Translate) -> str:
    """A metric value in its unit: shares as percent, seconds with "s", currency with
    two decimals, scores with one, counts as whole numbers."""
    if missing(value):
        return "–"
    x = float(value)  # type: ignore[arg-type]
    unit = str(unit)
    if unit == "share":
        return f"{x:.1%}"
    if unit == "seconds":
        return t("baseline.unit.seconds", value=f"{x:,.1f}" if abs(x) < 100 else f"{x:,.0f}")
    if unit == "currency":
        return f"{x:,.2f}"
    if unit == "score":
        return f"{x:,.1f}"
    if unit == "count":
        return f"{x:,.0f}"
    if unit == "ratio":
        return f"{x:,.2f}"
    return f"{x:,.3g}" if abs(x) < 1000 else f"{x:,.0f}"


def gap_in_unit(gap: object, unit: object, t: Translate) -> str:
    """A gap with its sign (positive = better than target): shares in percentage
    points, other units as the value."""
    if missing(gap):
        return "–"
    x = float(gap)  # type: ignore[arg-type]
    unit = str(unit)
    if unit == "share":
        return t("baseline.unit.points", value=f"{100 * x:+.1f}")
    if unit == "seconds":
        return t("baseline.unit.seconds", value=f"{x:+,.1f}" if abs(x) < 100 else f"{x:+,.0f}")
    if unit in ("currency", "ratio"):
        return f"{x:+,.2f}"
    if unit == "count":
        return f"{x:+,.0f}"
    return f"{x:+,.1f}" if abs(x) < 1000 else f"{x:+,.0f}"


def gap_share(value: object) -> str:
    """gap_pct with its sign: -0.1496 -> "-15.0%"."""
    if missing(value):
        return "–"
    return f"{float(value):+.1%}"  # type: ignore[arg-type]


def trend_text(trend: str, t: Translate) -> str:
    """Arrow and word: "↓ deteriorating"."""
    arrow = TREND_ARROWS.get(str(trend), "")
    return f"{arrow} {t(f'baseline.trend.{trend}')}".strip()


_WINDOW = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$")
_UNITS = {
    "d": "days",
    "day": "days",
    "days": "days",
    "h": "hours",
    "hr": "hours",
    "hour": "hours",
    "hours": "hours",
    "min": "minutes",
    "m": "minutes",
    "t": "minutes",
    "minute": "minutes",
    "minutes": "minutes",
}


def window_parts(window: str) -> tuple[float, str]:
    """A repeat window as (amount, unit) in the unit it was written in:
    "48h" -> (48, "hours"), "7D" -> (7, "days"); other spellings are read by pandas."""
    match = _WINDOW.match(str(window))
    if match and match.group(2).lower() in _UNITS:
        return float(match.group(1)), _UNITS[match.group(2).lower()]
    delta = pd.Timedelta(window)
    hours = delta / pd.Timedelta(hours=1)
    if hours >= 24 and hours % 24 == 0:
        return hours / 24, "days"
    if hours == int(hours):
        return hours, "hours"
    return delta / pd.Timedelta(minutes=1), "minutes"


def window_label(window: str, t: Translate) -> str:
    """A repeat window in words: "48h" -> "48 hours", "7D" -> "7 days"."""
    amount, unit = window_parts(window)
    shown = f"{amount:g}"
    key = f"baseline.window.{unit}" if amount != 1 else f"baseline.window.{unit}_one"
    return t(key, n=shown)


def join(items: list[str], t: Translate) -> str:
    """Items as a list in words: "a, b and c" (Chinese: "a、b及c")."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    head = list_separator(language_of(t)).join(items[:-1])
    return t("baseline.join", head=head, last=items[-1])


def month(value: object, t: Translate) -> str:
    """A month in the language of ``t``: "2026-10" (Chinese: "2026年10月")."""
    return month_label(value, language_of(t))

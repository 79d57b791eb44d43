"""Numbers and labels as the forecast report writes them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from copcwb.forecast import ALL_QUEUES
from copcwb.i18n import language_of
from copcwb.i18n.formats import date_label, day_with_weekday, list_separator
from copcwb.views._shared import Translate, missing, share  # noqa: F401 (used by the views)


def signed_share(value: object, digits: int = 1) -> str:
    """-0.0163 -> "-1.6%", 0.0402 -> "+4.0%", -0.00001 -> "+0.0%" ("–" when missing)."""
    if missing(value):
        return "–"
    x = float(value)  # type: ignore[arg-type]
    return f"{0.0 if round(x, digits + 2) == 0 else x:+.{digits}%}"


def tolerance(value: float) -> str:
    """0.1 -> "10%", 0.025 -> "2.5%"."""
    return f"{round(value * 100, 6):g}%"


def points(value: float) -> str:
    """A difference of two shares in percentage points: 0.315 -> "31.5"."""
    return f"{value * 100:.1f}"


def hours(value: float) -> str:
    """FTE-hours: one decimal below 10, whole numbers above (as the staffing headline)."""
    return f"{value:,.1f}" if abs(value) < 10 else f"{value:,.0f}"


def count(value: float) -> str:
    """A number of calls or periods with thousands separators."""
    return f"{value:,.0f}"


def ratio(value: object) -> str:
    """MASE and other ratios with two decimals."""
    return "–" if missing(value) else f"{float(value):.2f}"  # type: ignore[arg-type]


def queue_label(queue: object, t: Translate) -> str:
    """A queue as shown; the pooled row reads "All queues"."""
    return t("forecast.all_queues") if queue == ALL_QUEUES else str(queue)


def join(items: Sequence[str], t: Translate) -> str:
    """ "a", "a and b", "a, b and c" (Chinese: "a、b及c")."""
    items = [str(x) for x in items]
    if len(items) <= 1:
        return "".join(items)
    head = list_separator(language_of(t)).join(items[:-1])
    return t("forecast.list_and", items=head, last=items[-1])


def direction(bias: float, t: Translate) -> str:
    """Direction of a bias: over-forecast above 0, under-forecast below, no bias when it
    rounds to 0.0% (the precision the report shows)."""
    if missing(bias) or round(float(bias), 3) == 0:
        return t("forecast.direction.none")
    return t("forecast.direction.over" if bias > 0 else "forecast.direction.under")


def weekday(number: int, t: Translate, *, short: bool = False) -> str:
    """0 -> "Monday" (or "Mon")."""
    return t(f"forecast.weekday{'_short' if short else ''}.{int(number)}")


def day(ts: pd.Timestamp, t: Translate) -> str:
    """A local day without its weekday: "2026-10-07" (Chinese: "2026年10月7日")."""
    return date_label(ts, language_of(t))


def local_time(ts: pd.Timestamp, t: Translate) -> str:
    """A local interval start: "Wed 2026-10-07 10:30" (Chinese: "2026年10月7日（週三）10:30")."""
    lang = language_of(t)
    short = weekday(ts.weekday(), t, short=True)
    return day_with_weekday(date_label(ts, lang), short, lang, f"{ts:%H:%M}")


def local_day(ts: pd.Timestamp, t: Translate) -> str:
    """A local day: "Wed 2026-10-07" (Chinese: "2026年10月7日（週三）")."""
    lang = language_of(t)
    return day_with_weekday(date_label(ts, lang), weekday(ts.weekday(), t, short=True), lang)


def sl_target(
    target_sl: float | Mapping[str, float], threshold_s: float | Mapping[str, float]
) -> dict[str, str]:
    """The service-level target as the catalog sentences write it: {"target": "80%",
    "threshold": "20"}; targets set per queue show their distinct values ("80%/90%")."""

    def values(value: float | Mapping[str, float], fmt) -> str:
        found = sorted(set(value.values())) if isinstance(value, Mapping) else [value]
        return "/".join(fmt(v) for v in found)

    return {
        "target": values(target_sl, lambda v: share(v, 0)),
        "threshold": values(threshold_s, lambda v: f"{v:g}"),
    }

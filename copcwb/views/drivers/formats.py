"""Numbers and names as the driver report writes them.

Predictors are shown by a label from the language catalog (``drivers.label.<column>``),
falling back to the column name in words; each has a *kind* (see
:mod:`copcwb.drivers.columns`) that decides how its effect is phrased: a rating (per
point), a 0/1 flag (with vs without), seconds (odds ratios shown per minute) or another
number (per unit). A :class:`Context` carries what every sentence and table shares.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from copcwb.drivers.columns import COUNT, FLAG, NUMBER, RATING, SECONDS  # noqa: F401
from copcwb.i18n import language_of
from copcwb.i18n.formats import list_separator
from copcwb.views._shared import Translate, missing, share  # noqa: F401 (used by the views)

if TYPE_CHECKING:
    from copcwb.drivers.columns import SurveyColumns
    from copcwb.session import Session

#: odds ratios of time facts are shown for this many seconds (one minute)
SECONDS_STEP = 60.0


@dataclass(frozen=True)
class Context:
    """What the sentences and tables of the driver report share: the catalog phrasing
    ``t``, the significance level ``alpha``, the rating ``scale`` and the ``kinds`` of the
    predictors (column -> kind)."""

    t: Translate
    alpha: float = 0.05
    scale: tuple[int, int] = (1, 5)
    kinds: Mapping[str, str] = field(default_factory=dict)

    @property
    def confidence(self) -> float:
        return 1.0 - self.alpha

    @property
    def conf(self) -> str:
        """The confidence level as shown: "95%"."""
        return share(self.confidence, 0)

    @property
    def alpha_text(self) -> str:
        return f"{self.alpha:g}"

    @property
    def top_level(self) -> int:
        return int(self.scale[1])

    @property
    def bottom_level(self) -> int:
        return int(self.scale[0])

    def kind(self, column: str) -> str:
        return self.kinds.get(column, NUMBER)


def context(s: Session, cols: SurveyColumns | None = None) -> Context:
    """The context of a session's report (its language and options) and survey columns."""
    kinds = dict(cols.kinds) if cols is not None else {}
    return Context(s.t, float(s.options.alpha), tuple(s.options.scale), kinds)


def points(value: object, digits: int = 1, *, sign: bool = True) -> str:
    """A change of a share in percentage points: 0.1362 -> "+13.6" ("–" when missing)."""
    if missing(value):
        return "–"
    x = 100.0 * float(value)  # type: ignore[arg-type]
    if round(x, digits) == 0:
        x = 0.0  # no "-0.0"
    return f"{x:+.{digits}f}" if sign else f"{x:.{digits}f}"


def signed(value: object, digits: int = 2) -> str:
    """A difference in rating points with its sign: "+0.59", "-0.69" ("–" when missing;
    no "-0.00")."""
    if missing(value):
        return "–"
    x = float(value)  # type: ignore[arg-type]
    return f"{0.0 if round(x, digits) == 0 else x:+.{digits}f}"


def p_value(value: object) -> str:
    """p-values as reported: "<0.001", else three decimals."""
    if missing(value):
        return "–"
    p = float(value)  # type: ignore[arg-type]
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def ratio(value: object) -> str:
    """An odds ratio: two decimals; three below 0.1 or when two would show 1.00."""
    if missing(value):
        return "–"
    x = float(value)  # type: ignore[arg-type]
    if x < 0.1:
        return f"{x:.3f}"
    if x != 1.0 and f"{x:.2f}" == "1.00":
        return f"{x:.3f}"
    return f"{x:.2f}"


def interval(low: object, high: object, fmt: Callable[[object], str], t: Translate) -> str:
    """An interval "low to high" with each end formatted by ``fmt``."""
    return t("drivers.interval", low=fmt(low), high=fmt(high))


def number(value: object, digits: int = 2) -> str:
    """A statistic with thousands separators and ``digits`` decimals."""
    if missing(value):
        return "–"
    return f"{float(value):,.{digits}f}"  # type: ignore[arg-type]


def nice(value: float, within: tuple[float, float] | None = None) -> float:
    """Two significant digits (185.3 -> 190, 1.52 -> 1.5), as thresholds are spoken; with
    ``within`` (an interval around ``value``), as many more digits as keep the spoken
    value inside it (125.4 within 123..130 -> 125, not 130)."""
    if not math.isfinite(value) or value == 0:
        return value
    digits = 1 - int(math.floor(math.log10(abs(value))))
    low, high = within if within is not None else (-math.inf, math.inf)
    low = low if math.isfinite(low) else -math.inf
    high = high if math.isfinite(high) else math.inf
    spoken = float(round(value, digits))
    while not low <= spoken <= high and digits < 6:
        digits += 1
        spoken = float(round(value, digits))
    return spoken


def label(column: str, t: Translate) -> str:
    """The name of a predictor in words: the catalog's label, else the column name with
    underscores as spaces and a capital first letter."""
    try:
        return t(f"drivers.label.{column}")
    except KeyError:
        words = str(column).replace("_", " ").strip()
        return words[:1].upper() + words[1:]


def noun(column: str, t: Translate) -> str:
    """How a critical error is named inside a sentence ("customer-critical errors")."""
    try:
        return t(f"drivers.noun.{column}")
    except KeyError:
        return label(column, t).lower()


def join(items: Iterable[str], t: Translate) -> str:
    """Items as a list in words: "a, b and c" (Chinese: "a、b及c")."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    head = list_separator(language_of(t)).join(items[:-1])
    return t("drivers.join", head=head, last=items[-1])


def display_step(kind: str) -> float:
    """The change an odds ratio is shown for: one minute for seconds, else one unit."""
    return SECONDS_STEP if kind == SECONDS else 1.0


def change_text(kind: str, t: Translate) -> str:
    """The change an odds ratio refers to, in words."""
    return t(f"drivers.change.{kind}")


def fact_value(value: float, kind: str, t: Translate) -> str:
    """A value of an operational fact: whole seconds with "s", else one decimal."""
    if missing(value):
        return "–"
    if kind == SECONDS:
        return t("drivers.unit.seconds", value=f"{value:,.0f}")
    return f"{value:,.1f}" if value != round(value) else f"{value:,.0f}"

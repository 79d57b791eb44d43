"""Names and numbers as the journey report writes them: checkpoints by their catalog
label, touchpoints and dimensions by the language catalog, rates as shares."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from copcwb.drivers.columns import COUNT, SECONDS, is_seconds
from copcwb.i18n import language_of
from copcwb.i18n.formats import clause_separator
from copcwb.views._shared import Translate, missing, share  # noqa: F401 (used by the views)
from copcwb.views.drivers.formats import Context as DriversContext
from copcwb.views.drivers.formats import interval, p_value, ratio  # noqa: F401

if TYPE_CHECKING:
    from copcwb.session import Session


def _words(name: str) -> str:
    text = str(name).replace("_", " ")
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Context:
    """What the journey report's sentences and tables share: the catalog phrasing ``t``,
    ``alpha`` and the checkpoint labels (id -> label in the report's language)."""

    t: Translate
    alpha: float = 0.05
    labels: Mapping[str, str] = field(default_factory=dict)
    scale: tuple[int, int] = (1, 5)

    @property
    def confidence(self) -> float:
        return 1.0 - self.alpha

    @property
    def conf(self) -> str:
        return share(self.confidence, 0)

    def checkpoint(self, checkpoint: str) -> str:
        """A checkpoint's label (its id in words when the catalog has none)."""
        return self.labels.get(checkpoint) or _words(checkpoint)

    def checkpoint_list(self, checkpoints: Iterable[str]) -> str:
        """Checkpoints' labels as one cell: "a; b" / "a；b"."""
        return clause_separator(language_of(self.t)).join(self.checkpoint(x) for x in checkpoints)

    def touchpoint(self, touchpoint: str) -> str:
        return self._term("touchpoint", touchpoint)

    def dimension(self, dimension: str) -> str:
        return self._term("dimension", dimension)

    def _term(self, kind: str, name: str) -> str:
        try:
            return self.t(f"journey.{kind}.{name}")
        except KeyError:
            return _words(name)

    def drivers(self, facts: tuple[str, ...] = ()) -> DriversContext:
        """The driver report's context, for the sections phrased as that report phrases
        them (the thresholds of the journey facts)."""
        kinds = {f: SECONDS if is_seconds(f) else COUNT for f in facts}
        return DriversContext(self.t, self.alpha, self.scale, kinds)


def context(s: Session, catalog: pd.DataFrame | None = None) -> Context:
    """The context of a session's report (its language and options) and catalog."""
    labels = (
        {} if catalog is None else dict(zip(catalog["checkpoint"], catalog["label"], strict=True))
    )
    scale = tuple(s.engagement.options("csat_drivers").scale)
    return Context(s.t, float(s.options.alpha), labels, scale)


def rate_ci(rate: float, low: float, high: float, t: Translate) -> str:
    """A failure rate with its interval: "30.1% (27.4% to 33.0%)"."""
    if missing(rate):
        return "–"
    return t("journey.rate_ci", rate=share(rate), ci=interval(low, high, share, t))

"""The notebook's entry point: ``start()`` opens the engagement and its options.

A notebook's parameters cell holds plain values (the engagement file, the
options, the run id); ``start`` validates them and gives the notebook a
``Session`` to read inputs through and to phrase text in the engagement's
language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from copcwb.engagement import Engagement, load_engagement
from copcwb.options import NOTEBOOK_OPTIONS


@dataclass
class Session:
    """One notebook's view of the engagement: options, inputs, language."""

    notebook: str
    engagement: Engagement
    options: Any
    run_id: str
    _frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def lang(self) -> str:
        return self.engagement.language

    def t(self, key: str, **values: object) -> str:
        """The catalog string ``key`` in the engagement's language."""
        from copcwb.i18n import text

        return text(key, self.lang, **values)

    def has(self, kind: str) -> bool:
        return getattr(self.engagement.inputs, kind) is not None

    def read(self, kind: str) -> pd.DataFrame:
        """The validated input ``kind`` (read once per session)."""
        from copcwb.io.readers import read_engagement_input

        if kind not in self._frames:
            self._frames[kind] = read_engagement_input(self.engagement, kind)[0]
        return self._frames[kind]

    def header(self) -> None:
        """Show the notebook's title (the cover block is added by the report template)."""
        from copcwb import display

        display.section(self.t(f"notebook.{self.notebook}"), level=1)


def start(
    notebook: str,
    engagement_file: str | Path,
    options: dict | None = None,
    run_id: str = "interactive",
) -> Session:
    """Open ``engagement_file`` for ``notebook``; ``options`` (when given) replace the
    engagement's options for this notebook and are validated the same way."""
    from copcwb.charts import configure_fonts

    engagement = load_engagement(engagement_file)
    configure_fonts(engagement.language)
    model = NOTEBOOK_OPTIONS[notebook]
    chosen = model.model_validate(options) if options else engagement.options(notebook)
    return Session(notebook=notebook, engagement=engagement, options=chosen, run_id=run_id)

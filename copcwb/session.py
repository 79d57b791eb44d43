"""The notebook's entry point: ``start()`` opens the engagement and its options.

A notebook's parameters cell holds plain values (the engagement file, the options
the user set, the run id and, in a run, the folder of the run's validated inputs);
``start`` validates them and gives the notebook a ``Session`` to read inputs through,
to phrase text in the engagement's language and to number the report's sections in
the order they are shown.

In JupyterLab ``Session.read`` reads and validates the client's files. In a run it
reads the snapshot the runner validated and fingerprinted (``copcwb.io.snapshot``), so
every notebook of the run analyses the same data, whatever happens to the files.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from copcwb.engagement import Engagement, load_engagement
from copcwb.registry import notebook as registered

if TYPE_CHECKING:
    from copcwb.engine import LogTable
    from copcwb.io.tables import ReadInfo


@dataclass
class SectionNumbers:
    """Numbers of the report's sections in showing order: level 2 is "1", "2", ...;
    level 3 is "2.1", "2.2", ... under the last level-2 section; deeper levels are not
    numbered. ``refs`` remembers the number shown under a reference name."""

    major: int = 0
    minor: int = 0
    refs: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def next(self, level: int) -> str:
        if level <= 2:
            self.major, self.minor = self.major + 1, 0
            return str(self.major)
        if level == 3:
            self.minor += 1
            return f"{max(self.major, 1)}.{self.minor}"
        return ""


class Speaking:
    """What a report's views need of their session: ``t`` phrases catalog strings in
    the session's ``lang``; ``section`` shows numbered headings (``_numbers``, a
    ``SectionNumbers``) and ``number_of`` recalls their numbers."""

    lang: str
    _numbers: SectionNumbers

    def t(self, key: str, **values: object) -> str:
        """The catalog string ``key`` in the session's language."""
        from copcwb.i18n import text

        return text(key, self.lang, **values)

    def section(self, title: str, *, level: int = 2, ref: str | None = None) -> str:
        """Show a numbered heading (numbers follow the showing order) and return its
        number; ``ref`` names it for :meth:`number_of`."""
        from copcwb import display

        number = self._numbers.next(level)
        if ref:
            self._numbers.refs[ref] = number
            self._numbers.titles[ref] = title
        display.section(title, level=level, number=number)
        return number

    def number_of(self, ref: str) -> str:
        """The number of the section shown earlier under ``ref`` ("" if none was)."""
        return self._numbers.refs.get(ref, "")


@dataclass
class Session(Speaking):
    """One notebook's view of the engagement: options, inputs, language, sections."""

    notebook: str
    engagement: Engagement
    options: Any
    run_id: str
    inputs_dir: Path | None = None
    _frames: dict[str, tuple[pd.DataFrame, ReadInfo]] = field(default_factory=dict, repr=False)
    _logs: dict[str, LogTable] = field(default_factory=dict, repr=False)
    _scratch: tempfile.TemporaryDirectory | None = field(default=None, repr=False)
    _numbers: SectionNumbers = field(default_factory=SectionNumbers, repr=False)

    @property
    def lang(self) -> str:
        return self.engagement.language

    def has(self, kind: str) -> bool:
        """Whether the engagement has input ``kind``."""
        return getattr(self.engagement.inputs, kind) is not None

    def read(self, kind: str) -> pd.DataFrame:
        """The validated input ``kind`` (read once per session): from the run's snapshot
        when the session has ``inputs_dir``, else read and validated from its file."""
        return self._read(kind)[0]

    def read_info(self, kind: str) -> ReadInfo:
        """How the file of input ``kind`` was read (format, encoding, header row, the
        empty rows skipped: what gives the original file's row numbers)."""
        from copcwb.io.streamed import STREAMED_KINDS

        if kind in STREAMED_KINDS and kind not in self._frames:
            return self.log(kind).info
        return self._read(kind)[1]

    def log(self, kind: str) -> LogTable:
        """The validated row-level input ``kind`` (contacts, qa, wfm, journeys) as a
        ``LogTable`` queried through the engine, never loaded whole: the run's snapshot, or
        in JupyterLab the client's file validated into a temporary snapshot."""
        from copcwb.engine import LogTable
        from copcwb.io.readers import stream_engagement_input
        from copcwb.io.snapshot import snapshot_file

        if kind not in self._logs:
            if self.inputs_dir is not None:
                path = snapshot_file(self.inputs_dir, kind)
            else:
                if self._scratch is None:
                    self._scratch = tempfile.TemporaryDirectory(prefix="copcwb-session-")
                path = snapshot_file(self._scratch.name, kind)
                stream_engagement_input(self.engagement, kind, path)
            self._logs[kind] = LogTable(path, kind)
        return self._logs[kind]

    def log_optional(self, kind: str) -> LogTable | None:
        """The row-level input ``kind`` as a ``LogTable``, or None when there is none."""
        return self.log(kind) if self.has(kind) else None

    def _read(self, kind: str) -> tuple[pd.DataFrame, ReadInfo]:
        from copcwb.io.readers import read_engagement_input
        from copcwb.io.snapshot import read_snapshot, snapshot_file
        from copcwb.io.streamed import STREAMED_KINDS

        if kind not in self._frames:
            if kind in STREAMED_KINDS:
                log = self.log(kind)
                self._frames[kind] = (log.to_pandas(), log.info)
            elif self.inputs_dir is not None:
                self._frames[kind] = read_snapshot(snapshot_file(self.inputs_dir, kind))
            else:
                self._frames[kind] = read_engagement_input(self.engagement, kind)
        return self._frames[kind]

    def read_optional(self, kind: str) -> pd.DataFrame | None:
        """The validated input ``kind``, or None when the engagement has none."""
        return self.read(kind) if self.has(kind) else None

    def where(self, ref: str) -> str:
        """Where the section shown under ``ref`` is: "<notebook>.html § <number> <title>"
        (just the report when no section was shown under ``ref``)."""
        report = f"{self.notebook}.html"
        if ref not in self._numbers.refs:
            return report
        return f"{report} § {self._numbers.refs[ref]} {self._numbers.titles[ref]}".rstrip()


def start(
    notebook: str,
    engagement_file: str | Path,
    options: dict | None = None,
    run_id: str = "interactive",
    inputs_dir: str | Path | None = None,
) -> Session:
    """Open ``engagement_file`` for ``notebook``.

    ``options`` are options set for this run of the notebook (in a run: the ones the
    engagement sets; in JupyterLab: the ones a consultant types); they are laid over
    the options the engagement sets and validated the same way, every option named in
    neither keeping its default. ``inputs_dir`` is the folder of a run's validated
    inputs (``inputs``, relative to the run folder the kernel works in); the engagement
    file is then the run's copy of the spec, beside them. None (in JupyterLab): the
    inputs are read and validated from the client's files.
    """
    from copcwb.charts import configure_fonts
    from copcwb.engine.connection import use_memory_limit

    if inputs_dir is None:
        engagement = load_engagement(engagement_file)
    else:
        inputs_dir = Path(inputs_dir).resolve()
        engagement = load_engagement(engagement_file, check_inputs=False)
        _check_snapshot(engagement, inputs_dir)
    configure_fonts(engagement.language)
    use_memory_limit(engagement.runner.memory_limit)
    model = registered(notebook).options
    chosen = model.model_validate({**engagement.options(notebook).given(), **(options or {})})
    return Session(
        notebook=notebook,
        engagement=engagement,
        options=chosen,
        run_id=run_id,
        inputs_dir=inputs_dir,
    )


def _check_snapshot(engagement: Engagement, inputs_dir: Path) -> None:
    """Raise InputError naming every input of the spec the snapshot lacks."""
    from copcwb.errors import InputError, Problem
    from copcwb.io.snapshot import snapshot_file

    missing = [
        Problem(
            file=str(snapshot_file(inputs_dir, kind)),
            problem=f"the run's snapshot of input '{kind}' is missing",
            fix="run the engagement again (copcwb run)",
        )
        for kind in engagement.input_specs()
        if not snapshot_file(inputs_dir, kind).is_file()
    ]
    if missing:
        raise InputError(missing)

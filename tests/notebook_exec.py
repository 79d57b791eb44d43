"""Executing a notebook's code cells in the test process, as papermill would, to see what
it shows and records."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace


def execute_notebook(
    monkeypatch, name: str, spec: Path, options: dict | None = None
) -> SimpleNamespace:
    """The code cells of ``notebooks/<name>.py`` executed here on ``spec`` (the parameters
    cell's values replaced, as papermill does): ``html`` (what it showed), ``figures``
    (what it recorded) and every name it computed."""
    import jupytext
    import matplotlib

    matplotlib.use("Agg")
    from copcwb import display, results
    from copcwb.paths import notebooks_dir

    shown: list[str] = []
    recorded: dict = {}
    monkeypatch.setattr(display, "_show", lambda markup, metadata=None: shown.append(markup))
    monkeypatch.setattr(results, "record", lambda name, value: recorded.__setitem__(name, value))
    nb = jupytext.read(notebooks_dir() / f"{name}.py")
    namespace: dict = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        exec(cell.source, namespace)
        if "parameters" in cell.metadata.get("tags", []):
            namespace |= {"engagement_file": str(spec), "options": options or {}}
    return SimpleNamespace(html="".join(shown), figures=recorded, **namespace)

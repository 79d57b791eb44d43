"""Every notebook has a jupytext percent-format ``.py`` twin holding the same cells,
so that reviews read diffs of code. Re-pair after editing either side with
``jupytext --sync notebooks/*.ipynb``."""

from __future__ import annotations

import jupytext
import nbformat
import pytest

from copcwb.paths import notebooks_dir
from copcwb.registry import ALL_NOTEBOOKS, NOTEBOOKS, STANDALONE


def _cells(nb) -> list[tuple[str, str, tuple[str, ...]]]:
    return [
        (c.cell_type, c.source.strip(), tuple(sorted(c.get("metadata", {}).get("tags", []))))
        for c in nb.cells
    ]


@pytest.mark.parametrize("name", ALL_NOTEBOOKS)
def test_notebook_and_script_hold_the_same_cells(name):
    ipynb = notebooks_dir() / f"{name}.ipynb"
    script = notebooks_dir() / f"{name}.py"
    assert script.is_file(), f"{script.name} is missing: run jupytext --sync {ipynb}"
    notebook = nbformat.read(ipynb, as_version=4)
    paired = jupytext.read(script)
    assert _cells(paired) == _cells(notebook), (
        f"{ipynb.name} and {script.name} differ: run jupytext --sync {ipynb}"
    )
    assert notebook.metadata.get("jupytext", {}).get("formats") == "ipynb,py:percent"


def test_every_registered_notebook_exists_and_nothing_else():
    found = {p.stem for p in notebooks_dir().glob("*.ipynb")}
    assert found == set(NOTEBOOKS) | set(STANDALONE)


def test_the_standalone_notebooks_are_no_engagement_notebooks():
    from copcwb.registry import REGISTRY

    assert not set(STANDALONE) & set(REGISTRY)

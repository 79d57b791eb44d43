"""The notebooks: committed clean, parameters cell first, logic-free, and runnable
top to bottom with their default parameters on the demo engagement (as in JupyterLab)."""

from __future__ import annotations

import ast
import shutil

import nbformat
import pytest

from copcwb.paths import notebooks_dir
from copcwb.registry import ALL_NOTEBOOKS, NOTEBOOKS
from copcwb.runner.executor import PapermillExecutor


@pytest.mark.parametrize("name", ALL_NOTEBOOKS)
def test_committed_without_outputs_and_with_a_parameters_cell(name):
    nb = nbformat.read(notebooks_dir() / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("name", ALL_NOTEBOOKS)
def test_notebooks_hold_no_logic(name):
    """Code cells only assign, import and call: no loops, functions, classes or conditions."""
    nb = nbformat.read(notebooks_dir() / f"{name}.ipynb", as_version=4)
    banned = (
        ast.For,
        ast.While,
        ast.FunctionDef,
        ast.ClassDef,
        ast.If,
        ast.With,
        ast.Try,
        ast.Lambda,
        ast.ListComp,
        ast.DictComp,
        ast.GeneratorExp,
    )
    for cell in nb.cells:
        if cell.cell_type == "code":
            for node in ast.walk(ast.parse(cell.source)):
                assert not isinstance(node, banned), f"{name}: {type(node).__name__} in a cell"


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_runs_top_to_bottom_with_default_parameters(name, tmp_path):
    from copcwb.demo import write_demo

    shutil.copytree(notebooks_dir(), tmp_path / "notebooks")
    write_demo(tmp_path / "demo")  # what `make lab` writes
    result = PapermillExecutor().execute(
        name,
        tmp_path / "notebooks" / f"{name}.ipynb",
        tmp_path / "out.ipynb",
        {},
        timeout_s=600,
        cwd=tmp_path / "notebooks",
    )
    assert result.ok, result.failure and result.failure.describe()
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert errors == []

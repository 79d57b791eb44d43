"""Packaging: environment.yml lists the same dependencies as pyproject.toml, the lock
pins them, the wheel's package list and data cover the package, and the notebooks
and templates are found in a checkout or where COPCWB_HOME says."""

import ast
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from copcwb import paths
from copcwb.errors import CopcwbError

ROOT = Path(__file__).resolve().parents[1]


def _split(requirement: str) -> list[tuple[str, str]]:
    match = re.match(r"^([A-Za-z0-9_.-]+)(\[[^\]]+\])?(.*)$", requirement.strip())
    name, extras, spec = match.group(1).lower(), match.group(2), match.group(3).strip()
    names = [name]
    if extras:  # dask[distributed] is two conda packages: dask and distributed
        names += [e.strip().lower() for e in extras.strip("[]").split(",")]
    return [(n, spec) for n in names]


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [
        r
        for req in project["dependencies"] + project["optional-dependencies"]["dev"]
        for r in _split(req)
    ]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    listed = [_split(d)[0] for d in env["dependencies"] if isinstance(d, str)]
    listed = [(n, s) for n, s in listed if n not in ("python", "pip")]
    assert sorted(listed) == sorted(wanted)


def test_python_version_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert project["requires-python"] == ">=3.11"
    assert "python>=3.11" in env["dependencies"]


def test_lock_pins_every_direct_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = {
        line.split("==")[0].lower().replace("_", "-")
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line
    }
    for req in project["dependencies"] + project["optional-dependencies"]["dev"]:
        for name, _ in _split(req):
            assert name.replace("_", "-") in pinned, f"{name} is not pinned in requirements.lock"


def test_every_package_folder_ships_in_the_wheel():
    """pyproject.toml lists the packages (it maps notebooks/ and templates/ into the
    package, which setuptools' discovery cannot do): a new subpackage must be added."""
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "copcwb").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert listed - found == {"copcwb.notebooks", "copcwb.templates"}


def test_notebooks_and_templates_are_package_data():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert setuptools["package-dir"] == {
        "copcwb.notebooks": "notebooks",
        "copcwb.templates": "templates",
    }
    data = setuptools["package-data"]
    assert sorted(data["copcwb.notebooks"]) == ["*.ipynb", "*.py"]  # with the jupytext twins
    shipped = {
        p for pattern in data["copcwb.templates"] for p in (ROOT / "templates").glob(pattern)
    }
    assert shipped == {p for p in (ROOT / "templates").rglob("*") if p.is_file()}


def test_the_package_needs_no_development_dependency_at_run_time():
    """pytest, hypothesis, ... are test dependencies: no module of copcwb imports them (an
    optional feature's imports, such as the pdf extra's, are in an extra of its own).
    statsmodels is a run-time dependency: the evaluator agreement uses its kappas."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    runtime = {
        n
        for req in project["dependencies"]
        + [r for extra, reqs in extras.items() if extra != "dev" for r in reqs]
        for n, _ in _split(req)
    }
    dev_only = {n for req in extras["dev"] for n, _ in _split(req)} - runtime
    assert {"pytest", "hypothesis"} <= dev_only
    assert "statsmodels" in {n for req in project["dependencies"] for n, _ in _split(req)}
    imported = set()
    for path in (ROOT / "copcwb").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {(a.name.split(".")[0], path.name) for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add((node.module.split(".")[0], path.name))
    assert [(m, f) for m, f in imported if m.lower() in dev_only] == []


def test_a_checkout_uses_its_own_notebooks_and_templates(monkeypatch):
    monkeypatch.delenv("COPCWB_HOME", raising=False)
    assert paths.project_root() == ROOT
    assert paths.notebooks_dir() == ROOT / "notebooks"
    assert paths.templates_dir() == ROOT / "templates"
    assert paths.notebook_path("csat_drivers") == ROOT / "notebooks" / "csat_drivers.ipynb"


def test_copcwb_home_points_elsewhere(monkeypatch, tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "templates").mkdir()
    monkeypatch.setenv("COPCWB_HOME", str(tmp_path))
    assert paths.notebooks_dir() == tmp_path / "notebooks"
    assert paths.templates_dir() == tmp_path / "templates"


def test_a_missing_folder_says_how_to_fix_it(monkeypatch, tmp_path):
    monkeypatch.setenv("COPCWB_HOME", str(tmp_path))
    with pytest.raises(CopcwbError, match="templates folder is missing.*COPCWB_HOME"):
        paths.templates_dir()


def test_every_data_file_of_the_package_ships():
    """A file of copcwb/ that is not Python ships only if a package-data pattern of a
    package holding it names it."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]
    folders = {ROOT.joinpath(*name.split(".")): patterns for name, patterns in data.items()}
    left_out = []
    for path in (ROOT / "copcwb").rglob("*"):
        if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
            continue
        named = [
            path.relative_to(folder).match(pattern)
            for folder, patterns in folders.items()
            if path.is_relative_to(folder)
            for pattern in patterns
        ]
        if not any(named):
            left_out.append(str(path.relative_to(ROOT)))
    assert left_out == [], "add package-data patterns for these in pyproject.toml"

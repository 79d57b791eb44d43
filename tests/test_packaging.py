"""The conda environment.yml lists the same dependencies as pyproject.toml."""

import re
import tomllib
from pathlib import Path

import yaml

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

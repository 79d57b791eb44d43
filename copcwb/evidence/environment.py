"""What an auditor needs to know about the software that produced a run."""

from __future__ import annotations

import platform
import subprocess
import sys
from functools import cache
from importlib import metadata

from copcwb._version import __version__
from copcwb.paths import project_root

PACKAGES = (
    "copcwb",
    "pandas",
    "numpy",
    "scipy",
    "statsmodels",
    "matplotlib",
    "seaborn",
    "pandera",
    "pydantic",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "jupyterlab",
    "openpyxl",
    "pyarrow",
)


def source_revision() -> str | None:
    """The git commit of the copcwb checkout (``+dirty`` when modified), or None (an
    installed wheel, or a folder that is not a git checkout)."""
    root = project_root()
    if root is None or not (root / ".git").exists():
        return None
    try:
        rev = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return rev + ("+dirty" if dirty else "") if rev else None


@cache
def environment() -> dict:
    """Python, operating system, copcwb version and source revision, package versions."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "copcwb": __version__,
        "source_revision": source_revision(),
        "packages": versions,
    }


def environment_rows() -> list[tuple[str, str]]:
    """The environment as the evidence report lists it: (name, version) rows of
    Python, the platform, copcwb and its source revision, then each package ("–" when
    unknown)."""
    env = environment()
    rows = [
        ("python", env["python"]),
        ("platform", env["platform"]),
        ("copcwb", env["copcwb"]),
        ("source revision", env["source_revision"] or "–"),
    ]
    return rows + [
        (name, version or "–") for name, version in env["packages"].items() if name != "copcwb"
    ]

"""Where the workbench's notebooks and templates live (next to the package in a
checkout; ``COPCWB_HOME`` points elsewhere)."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The folder holding ``notebooks/`` and ``templates/``."""
    home = os.environ.get("COPCWB_HOME")
    return Path(home) if home else Path(__file__).resolve().parent.parent


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def templates_dir() -> Path:
    return project_root() / "templates"


def notebook_path(name: str) -> Path:
    return notebooks_dir() / f"{name}.ipynb"

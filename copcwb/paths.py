"""Where the workbench's notebooks and report templates are.

They live at the top of a source checkout (``notebooks/``, ``templates/``), which an
editable install (``pip install -e .``) uses in place, and ship inside the wheel as
package data (``copcwb/notebooks``, ``copcwb/templates``: pyproject.toml maps the two
folders into the package). In that order of preference:

1. ``COPCWB_HOME``, a folder holding ``notebooks/`` and ``templates/``;
2. the checkout the package is imported from (the folder above ``copcwb/`` holding
   ``pyproject.toml`` and both folders), so that a checkout always runs its own
   notebooks, whatever copy of copcwb is installed elsewhere;
3. the installed package's data, found with ``importlib.resources``.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from copcwb.errors import CopcwbError

FOLDERS = ("notebooks", "templates")


def project_root() -> Path | None:
    """``COPCWB_HOME``, else the source checkout copcwb is imported from; None when
    copcwb is installed from a wheel."""
    home = os.environ.get("COPCWB_HOME")
    if home:
        return Path(home)
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file() and all((root / f).is_dir() for f in FOLDERS):
        return root
    return None


def _folder(name: str) -> Path:
    root = project_root()
    folder = root / name if root is not None else Path(str(resources.files("copcwb") / name))
    if not folder.is_dir():
        raise CopcwbError(
            f"copcwb's {name} folder is missing ({folder}): install copcwb from its wheel, "
            "or from a checkout with `pip install -e .`, or set COPCWB_HOME to a folder "
            f"holding {' and '.join(f + '/' for f in FOLDERS)}"
        )
    return folder


def notebooks_dir() -> Path:
    """The folder of the notebooks (``<name>.ipynb`` and its jupytext ``<name>.py``)."""
    return _folder("notebooks")


def templates_dir() -> Path:
    """The folder of the report templates (the nbconvert template ``copcwb/`` and the
    jinja pages of the run and batch indexes)."""
    return _folder("templates")


def notebook_path(name: str) -> Path:
    """The notebook file of notebook ``name``."""
    return notebooks_dir() / f"{name}.ipynb"


def data_file(name: str) -> Path:
    """Path of a data file shipped with the package (``copcwb/data/<name>``)."""
    return Path(__file__).resolve().parent / "data" / name


def default_checkpoints_path() -> Path:
    """Path of the built-in journey checkpoint catalog shipped with the package."""
    return data_file("journey_checkpoints.csv")

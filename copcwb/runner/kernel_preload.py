"""Imported once by the kernel fork server (``copcwb.runner.forked``): the kernel
itself and what the notebooks import, which every kernel would otherwise import on
its own. Only imports; nothing runs.

``NOTEBOOK_IMPORTS`` follows the notebooks' import cells (``from copcwb import
drivers, session``, ``from copcwb.views import common, data_quality``, ...); what
those modules import in turn (numpy, scipy, seaborn, ...) comes with them. A module
left out costs a kernel its own import, nothing more.

The inline backend is chosen as ipykernel chooses it, before matplotlib is imported,
but not imported here: importing it inside the kernel is what hooks it to the shell.
"""

import contextlib
import importlib
import json
import os
import subprocess
import sys

KERNEL_IMPORTS = ("ipykernel.ipkernel", "ipykernel.kernelapp")
NOTEBOOK_IMPORTS = (
    "pandas",
    "matplotlib.pyplot",
    "copcwb.session",
    "copcwb.attempt",
    "copcwb.results",
    "copcwb.baseline",
    "copcwb.drivers",
    "copcwb.forecast",
    "copcwb.quality",
    "copcwb.staffing",
    "copcwb.views.common",
    "copcwb.views.data_quality",
    "copcwb.views.baseline",
    "copcwb.views.drivers",
    "copcwb.views.forecast",
)


def _launcher_path() -> list[str]:
    """sys.path of ``python -m ipykernel_launcher`` once it has dropped its working
    folder, which is what a forked kernel must import from (not this server's path)."""
    probe = "import json, sys; print(json.dumps(sys.path[1:]))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    return json.loads(done.stdout) if done.returncode == 0 else [p for p in sys.path if p]


KERNEL_PATH = _launcher_path()

os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")

for _module in (*KERNEL_IMPORTS, *NOTEBOOK_IMPORTS):
    # a module missing in this version only costs its own import later
    with contextlib.suppress(ImportError):
        importlib.import_module(_module)

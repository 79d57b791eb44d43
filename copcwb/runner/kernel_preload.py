"""Imported once by the kernel fork server (``copcwb.runner.forked``): what every
notebook kernel would otherwise import on its own. Only imports; nothing runs.

The inline backend is chosen as ipykernel chooses it, before matplotlib is imported,
but not imported here: importing it inside the kernel is what hooks it to the shell.
"""

import json
import os
import subprocess
import sys


def _launcher_path() -> list[str]:
    """sys.path of ``python -m ipykernel_launcher`` once it has dropped its working
    folder, which is what a forked kernel must import from (not this server's path)."""
    probe = "import json, sys; print(json.dumps(sys.path[1:]))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    return json.loads(done.stdout) if done.returncode == 0 else [p for p in sys.path if p]


KERNEL_PATH = _launcher_path()

os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")

try:
    import ipykernel.ipkernel  # noqa: F401
    import ipykernel.kernelapp  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import scipy.stats  # noqa: F401
    import seaborn  # noqa: F401
    import statsmodels.api  # noqa: F401

    import copcwb.display  # noqa: F401
    import copcwb.session  # noqa: F401
    import copcwb.views.baseline  # noqa: F401
    import copcwb.views.common  # noqa: F401
    import copcwb.views.data_quality  # noqa: F401
    import copcwb.views.drivers  # noqa: F401
    import copcwb.views.forecast  # noqa: F401
except ImportError:  # a missing extra only costs the kernel its own import later
    pass

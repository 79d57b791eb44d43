"""Imported by the kernel fork server (``copcwb.runner.forked``) before the modules
it preloads (``forked.KERNEL_IMPORTS`` and ``forked.NOTEBOOK_IMPORTS``): the set-up
those imports need. Nothing else runs.

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
    probe = "import json, sys; print(json.dumps(sys.path))"
    # -P: no working folder on the path (what the launcher removes at its start)
    done = subprocess.run([sys.executable, "-P", "-c", probe], capture_output=True, text=True)
    return json.loads(done.stdout) if done.returncode == 0 else [p for p in sys.path if p]


KERNEL_PATH = _launcher_path()

os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")

"""Kernels forked from a preloaded server: a fresh kernel per notebook without paying
the imports again.

A new ipykernel process spends about 2–3 s of CPU importing ipykernel, pandas,
matplotlib and the copcwb modules the notebooks use before the notebook's first
line runs. Here the standard library's ``multiprocessing`` forkserver imports them
once (``NOTEBOOK_IMPORTS``) and every kernel is a fork of that server: a
new process with its own memory, nothing executed in it yet but those imports, so
it runs a notebook exactly as a newly started kernel would, in a fraction of the time.

``ForkedKernelProvisioner`` is a jupyter_client kernel provisioner, registered under
the ``jupyter_client.kernel_provisioners`` entry point as ``copcwb-forked-provisioner``
(pyproject.toml) and selected by the kernel spec of copcwb's runs
(``metadata.kernel_provisioner``, see ``kernel_provisioner``); the kernel manager,
nbclient and papermill are unchanged. Wherever a fork server cannot be used (not
Linux, a daemonic process such as a Dask worker, ``COPCWB_FORK_KERNELS=0``, copcwb
not installed so the entry point is missing) kernels are started as ordinary
processes by jupyter_client's own local provisioner.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from importlib.metadata import entry_points
from typing import Any

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.provisioning import LocalProvisioner

PRELOAD_MODULE = "copcwb.runner.kernel_preload"
#: what the fork server imports, after ``PRELOAD_MODULE``: the kernel, and what the
#: notebooks import, after their import cells (``from copcwb import drivers, session``,
#: ``from copcwb.views import common, data_quality``, ...) plus pandas and pyplot, which
#: the views use; what those modules import in turn (numpy, scipy, seaborn, ...) comes
#: with them. A module missing (the server skips it) costs a kernel its own import.
KERNEL_IMPORTS = ("ipykernel.ipkernel", "ipykernel.kernelapp")
NOTEBOOK_IMPORTS = (
    "pandas",
    "matplotlib.pyplot",
    "copcwb.session",
    "copcwb.attempt",
    "copcwb.results",
    "copcwb.baseline",
    "copcwb.business",
    "copcwb.drivers",
    "copcwb.forecast",
    "copcwb.journey",
    "copcwb.quality",
    "copcwb.staffing",
    "copcwb.views.common",
    "copcwb.views.data_quality",
    "copcwb.views.baseline",
    "copcwb.views.drivers",
    "copcwb.views.forecast",
    "copcwb.views.journey",
    "copcwb.views.business.show",
)
SWITCH = "COPCWB_FORK_KERNELS"
#: the entry point's group and name (pyproject.toml)
ENTRY_POINT_GROUP = "jupyter_client.kernel_provisioners"
PROVISIONER_NAME = "copcwb-forked-provisioner"
#: set for every kernel by its spec; must hold for the fork server too, since a fork
#: keeps the hash seed of the process it is forked from
KERNEL_ENV = {"PYTHONHASHSEED": "0"}


def available() -> bool:
    """Whether kernels can be forked in this process."""
    return (
        os.environ.get(SWITCH, "1") != "0"
        and sys.platform == "linux"
        and "forkserver" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


@cache
def registered() -> bool:
    """Whether the provisioner's entry point is installed (jupyter_client finds
    provisioners only through it); looked up once per process."""
    return bool(entry_points(group=ENTRY_POINT_GROUP, name=PROVISIONER_NAME))


def kernel_provisioner() -> dict[str, Any]:
    """The kernel spec's ``metadata.kernel_provisioner`` stanza: the forked provisioner
    where kernels can be forked, else nothing (jupyter_client's local provisioner)."""
    if available() and registered():
        return {"provisioner_name": PROVISIONER_NAME, "config": {}}
    return {}


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    """This process's environment with ``values`` set, as it was again on exit."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def _working_folder(path: str) -> Iterator[None]:
    """Work in ``path`` for the duration, then in the folder worked in before."""
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def start_server() -> Any:
    """Start this process's fork server (it preloads in the background) and return the
    multiprocessing context that forks from it; None where kernels cannot be forked.

    The server inherits this process's environment, with the kernels' fixed hash seed.
    """
    if not available():
        return None
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([PRELOAD_MODULE, *KERNEL_IMPORTS, *NOTEBOOK_IMPORTS])
    # The server is a ``python -c`` process, which puts its working folder first on its
    # path: started where another copy of copcwb lies (a second checkout), it would
    # preload that copy. It is started in the standard library's folder instead, which
    # is on the path anyway and holds no copcwb.
    with _environment(KERNEL_ENV), _working_folder(os.path.dirname(os.__file__)):
        forkserver.ensure_running()
    return context


def _exit_with(pid: int) -> None:
    """End this process as soon as process ``pid`` has ended, however it ended."""
    import select
    import threading

    try:
        handle: int | None = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):  # no pidfd: look every second
        handle = None

    def watch() -> None:
        if handle is not None:
            select.select([handle], [], [])
        else:
            while True:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="copcwb-runner-watch", daemon=True).start()


def _kernel_main(argv: list[str], env: dict[str, str], cwd: str | None, runner: int) -> None:
    """Body of a forked kernel: the set-up ``python -m ipykernel_launcher`` would have.

    A kernel process exits when the process that started it dies; a forked kernel's
    parent is the fork server, so it watches ``runner``, the process that asked for it.
    """
    import importlib.util

    from copcwb.runner.kernel_preload import KERNEL_PATH

    _exit_with(runner)
    os.setsid()  # its own process group, as jupyter_client gives a kernel process
    if cwd:
        os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    sys.path[:] = KERNEL_PATH
    launcher = importlib.util.find_spec("ipykernel_launcher")
    sys.argv = [launcher.origin if launcher else "ipykernel_launcher", *argv]
    from ipykernel.kernelapp import launch_new_instance

    launch_new_instance(argv=[*argv, f"--IPKernelApp.parent_handle={os.getppid()}"])


class ForkedProcess:
    """A forked kernel seen through the parts of ``subprocess.Popen`` jupyter_client uses."""

    stdin = stdout = stderr = None

    def __init__(self, process: Any) -> None:
        self._process = process
        self.pid: int = process.pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self._process.exitcode
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        self._process.join(timeout)
        return self.poll()

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _ipykernel_arguments(cmd: list[str]) -> list[str] | None:
    """The kernel's own arguments if ``cmd`` starts this interpreter's ipykernel."""
    if cmd[:3] == [sys.executable, "-m", "ipykernel_launcher"]:
        return cmd[3:]
    return None


class ForkedKernelProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, launching this environment's ipykernel by
    forking the preloaded server instead of starting a new interpreter (any other
    kernel command, or where forking is not possible, is launched as a process)."""

    forked = False

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        arguments = _ipykernel_arguments(cmd)
        context = start_server() if arguments is not None else None
        if context is None:
            return await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        cwd = kwargs.get("cwd")
        process = context.Process(
            target=_kernel_main,
            args=(arguments, env, None if cwd is None else str(cwd), os.getpid()),
        )
        process.start()
        self.process = ForkedProcess(process)
        self.pid, self.pgid = process.pid, self._own_group(process.pid)
        self.cwd = cwd
        self.forked = True
        return self.connection_info

    def _own_group(self, pid: int) -> int | None:
        """The kernel's process group once it has made its own (signals then reach the
        kernel and anything it started, never this process's group)."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                if os.getpgid(pid) == pid:
                    return pid
            except OSError:
                return None
            time.sleep(0.001)
        return None

"""Kernels forked from the preloaded server: selected through jupyter_client's
provisioner entry point, never outlive the process that asked for them, and are not
used where forking is not possible or switched off."""

from __future__ import annotations

import ast
import asyncio
import importlib.util
import os
import signal
import subprocess
import sys
import textwrap
import time

import nbformat
import psutil
import pytest
from jupyter_client.provisioning import LocalProvisioner
from jupyter_client.provisioning.factory import KernelProvisionerFactory

from copcwb.paths import notebooks_dir
from copcwb.registry import NOTEBOOKS
from copcwb.runner import forked
from copcwb.runner.executor import project_kernel_manager

NOT_INSTALLED = (
    "the copcwb-forked-provisioner entry point is not installed: reinstall copcwb "
    "(make setup, or pip install -e .) after changing pyproject.toml"
)

STARTER = textwrap.dedent(
    """
    import asyncio, sys, time
    from copcwb.runner.executor import project_kernel_manager

    if __name__ == "__main__":
        km = project_kernel_manager()()
        asyncio.run(km.start_kernel(cwd="."))
        print(km.provisioner.pid, int(getattr(km.provisioner, "forked", False)), flush=True)
        time.sleep(600)
    """
)


@pytest.mark.slow
def test_a_forked_kernel_does_not_outlive_a_killed_runner(tmp_path):
    script = tmp_path / "starter.py"
    script.write_text(STARTER)
    runner = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        pid, was_forked = map(int, runner.stdout.readline().split())
        assert was_forked == 1, NOT_INSTALLED if not forked.registered() else "not forked"
        kernel = psutil.Process(pid)
        assert kernel.is_running()
    finally:
        runner.send_signal(signal.SIGKILL)  # no clean-up code of the runner runs
        runner.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and kernel.is_running() and kernel.status() != "zombie":
        time.sleep(0.2)
    assert not kernel.is_running() or kernel.status() == "zombie"


@pytest.mark.slow
def test_a_forked_kernel_runs_as_a_newly_started_one_would(tmp_path):
    code = (
        "import os, sys; print(hash('copcwb'), os.environ['PYTHONHASHSEED'], os.getcwd(),"
        " 'copcwb.views.common' in sys.modules)"
    )
    # a new interpreter with the kernels' fixed hash seed: the hash a kernel must give
    fresh = subprocess.run(
        [sys.executable, "-c", "print(hash('copcwb'))"],
        env={**os.environ, "PYTHONHASHSEED": "0"},
        capture_output=True,
        text=True,
        check=True,
    )

    async def run() -> tuple[bool, list[str], str]:
        km = project_kernel_manager()()
        await km.start_kernel(cwd=str(tmp_path))
        printed: list[str] = []
        try:
            kc = km.client()
            kc.start_channels()
            await kc.wait_for_ready(timeout=60)
            await kc.execute_interactive(
                code,
                timeout=60,
                output_hook=lambda msg: printed.append(msg["content"].get("text", "")),
            )
            kc.stop_channels()
        finally:
            await km.shutdown_kernel(now=True)
            await km.cleanup_resources()
        was_forked = getattr(km.provisioner, "forked", False)
        return was_forked, "".join(printed).split(), os.path.dirname(km.ip)

    was_forked, printed, sockets = asyncio.run(run())
    assert was_forked, NOT_INSTALLED if not forked.registered() else "not forked"
    # the same hash seed and folder as a new kernel, with the notebooks' imports done
    assert printed == [fresh.stdout.strip(), "0", str(tmp_path), "True"]
    assert not os.path.exists(sockets)


def _notebook_imports() -> set[str]:
    """The modules the notebooks' code cells import (``from copcwb import drivers``
    imports the module copcwb.drivers)."""
    modules = set()
    for name in NOTEBOOKS:
        nb = nbformat.read(notebooks_dir() / f"{name}.ipynb", as_version=4)
        for cell in (c for c in nb.cells if c.cell_type == "code"):
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Import):
                    modules |= {a.name for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module:
                    package = importlib.util.find_spec(node.module).submodule_search_locations
                    for alias in node.names:
                        sub = f"{node.module}.{alias.name}"
                        is_module = package is not None and importlib.util.find_spec(sub)
                        modules.add(sub if is_module else node.module)
    return modules


def test_the_fork_server_preloads_what_the_notebooks_import():
    preloaded = set(forked.NOTEBOOK_IMPORTS)
    assert _notebook_imports() - preloaded == set()
    for module in preloaded:
        assert importlib.util.find_spec(module), f"{module} does not exist"


def test_jupyter_client_finds_the_provisioner_through_its_entry_point():
    factory = KernelProvisionerFactory.instance()
    entries = factory.get_provisioner_entries()
    assert entries.get("copcwb-forked-provisioner") == (
        "copcwb.runner.forked:ForkedKernelProvisioner"
    ), NOT_INSTALLED
    spec = project_kernel_manager()().kernel_spec
    assert spec.metadata["kernel_provisioner"]["provisioner_name"] == "copcwb-forked-provisioner"
    provisioner = factory.create_provisioner_instance("k-1", spec, parent=None)
    assert type(provisioner) is forked.ForkedKernelProvisioner


def test_switched_off_by_environment(monkeypatch):
    monkeypatch.setenv("COPCWB_FORK_KERNELS", "0")
    assert not forked.available()
    assert not forked.start_server()
    # the kernel spec then leaves the choice to jupyter_client: its local provisioner
    spec = project_kernel_manager()().kernel_spec
    assert spec.metadata["kernel_provisioner"] == {}
    provisioner = KernelProvisionerFactory.instance().create_provisioner_instance(
        "k-2", spec, parent=None
    )
    assert type(provisioner) is LocalProvisioner


def test_only_this_interpreters_ipykernel_is_forked():
    assert forked._ipykernel_arguments(
        [sys.executable, "-m", "ipykernel_launcher", "-f", "c.json"]
    ) == ["-f", "c.json"]
    assert forked._ipykernel_arguments(["/other/python", "-m", "ipykernel_launcher"]) is None


@pytest.mark.slow
def test_a_copcwb_folder_in_the_working_folder_is_not_what_kernels_import(tmp_path):
    """A runner started where another copy of the package lies (a second checkout)
    forks kernels that import this installation, not that folder."""
    decoy = tmp_path / "copcwb"
    (decoy / "runner").mkdir(parents=True)
    (decoy / "__init__.py").write_text("")  # an empty package shadows the real one
    (decoy / "runner" / "__init__.py").write_text("")
    (tmp_path / "scripts").mkdir()
    script = tmp_path / "scripts" / "run.py"  # the script's own folder holds no copcwb
    script.write_text(
        textwrap.dedent(
            """
            import nbformat, pathlib, sys
            from copcwb.runner.executor import PapermillExecutor
            here = pathlib.Path.cwd()
            nb = nbformat.v4.new_notebook()
            nb.cells = [nbformat.v4.new_code_cell("import copcwb; print(copcwb.__file__)")]
            nbformat.write(nb, here / "probe.ipynb")
            if __name__ == "__main__":
                result = PapermillExecutor().execute(
                    "probe", here / "probe.ipynb", here / "out.ipynb", {}, timeout_s=120, cwd=here
                )
                out = nbformat.read(here / "out.ipynb", as_version=4)
                print(result.ok, out.cells[0].outputs[0]["text"].strip())
            """
        )
    )
    import copcwb

    done = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    ok, imported = done.stdout.strip().splitlines()[-1].split(" ", 1)
    assert ok == "True"
    assert imported == copcwb.__file__

"""Kernels forked from the preloaded server: never outlive the process that asked for
them, and are not used where forking is not possible or switched off."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

import psutil
import pytest

from copcwb.runner import forked

STARTER = textwrap.dedent(
    """
    import asyncio, sys, time
    from copcwb.runner.executor import project_kernel_manager

    if __name__ == "__main__":
        km = project_kernel_manager()()
        asyncio.run(km.start_kernel(cwd="."))
        print(km.provisioner.pid, int(km.provisioner.forked), flush=True)
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
        assert was_forked == 1
        kernel = psutil.Process(pid)
        assert kernel.is_running()
    finally:
        runner.send_signal(signal.SIGKILL)  # no clean-up code of the runner runs
        runner.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and kernel.is_running() and kernel.status() != "zombie":
        time.sleep(0.2)
    assert not kernel.is_running() or kernel.status() == "zombie"


def test_switched_off_by_environment(monkeypatch):
    monkeypatch.setenv("COPCWB_FORK_KERNELS", "0")
    assert not forked.available()
    assert not forked.start_server()


def test_only_this_interpreters_ipykernel_is_forked():
    assert forked._ipykernel_arguments(
        [sys.executable, "-m", "ipykernel_launcher", "-f", "c.json"]
    ) == ["-f", "c.json"]
    assert forked._ipykernel_arguments(["/other/python", "-m", "ipykernel_launcher"]) is None

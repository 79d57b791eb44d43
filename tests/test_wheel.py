"""The built wheel is the whole workbench: installed into a fresh virtual environment,
with no checkout in sight and no COPCWB_HOME, ``copcwb demo`` runs every notebook and
renders every report, and ``copcwb verify`` accepts the run.

To keep time and network low, the fresh environment gets the wheel alone
(``--no-deps``) and sees this environment's site-packages, never the checkout, through
a ``.pth`` file (and its ``share/jupyter`` through ``JUPYTER_PATH``). The wheel is
built offline with this environment's setuptools (a dev
dependency) from a copy of the sources, so nothing of the checkout's own build folders
can slip in.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from copcwb.registry import NOTEBOOKS

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
#: not part of the sources: environments, caches, build output, generated reports
LEFT_OUT = {
    ".git",
    ".venv",
    ".hypothesis",
    "build",
    "dist",
    "demo",
    "reports",
    "tests",
    "benchmarks",
}


def _sources(target: Path) -> Path:
    def ignore(folder: str, names: list[str]) -> set[str]:
        top = LEFT_OUT if Path(folder) == ROOT else set()
        return {
            n
            for n in names
            if n in top or n == "__pycache__" or n.endswith((".egg-info", "_cache", ".pyc"))
        }

    shutil.copytree(ROOT, target, ignore=ignore)
    return target


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, (
        f"{cmd[:3]} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    )
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    setuptools = metadata.version("setuptools")
    assert tuple(int(x) for x in setuptools.split(".")[:2]) >= (70, 1), (
        f"setuptools {setuptools} cannot build the wheel offline: run make setup "
        "(setuptools>=70.1 is a dev dependency)"
    )
    tmp = tmp_path_factory.mktemp("wheel")
    src = _sources(tmp / "src")
    _run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
        + ["--disable-pip-version-check", "-w", str(tmp / "dist"), str(src)],
        cwd=tmp,
        env=os.environ.copy(),
    )
    (built,) = (tmp / "dist").glob("copcwb-*.whl")
    return built


def test_the_wheel_holds_the_notebooks_templates_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in NOTEBOOKS:
        assert f"copcwb/notebooks/{name}.ipynb" in names
        if (ROOT / "notebooks" / f"{name}.py").exists():
            assert f"copcwb/notebooks/{name}.py" in names  # the jupytext twin, as data
    for page in ("run_index.html.j2", "batch_index.html.j2", "copcwb/index.html.j2"):
        assert f"copcwb/templates/{page}" in names
    assert "copcwb/templates/copcwb/conf.json" in names
    assert "copcwb/data/metric_catalog.csv" in names
    assert "copcwb/i18n/en/common.json" in names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[jupyter_client.kernel_provisioners]" in text


def test_demo_and_verify_from_the_wheel_in_a_fresh_environment(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # the dependencies: this environment's site-packages (its .pth files, such as an
    # editable install's finder, are not processed from there), never the checkout
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (site / "copcwb-test-dependencies.pth").write_text("\n".join(ours) + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COPCWB_HOME")}
    # and the data files those packages install under the environment's share/jupyter
    # (nbconvert's base templates), which a fresh environment finds under its own prefix
    jupyter_path = [str(Path(sys.prefix) / "share" / "jupyter"), env.get("JUPYTER_PATH", "")]
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in jupyter_path if p)
    _run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"]
        + ["--disable-pip-version-check", str(wheel)],
        cwd=tmp_path,
        env=env,
    )
    elsewhere = tmp_path / "elsewhere"  # a working folder outside the checkout
    elsewhere.mkdir()
    probe = (
        "import json, copcwb, importlib.metadata as m, copcwb.paths as p;"
        "eps = m.entry_points(group='jupyter_client.kernel_provisioners',"
        " name='copcwb-forked-provisioner');"
        "print(json.dumps([copcwb.__file__, str(m.distribution('copcwb').locate_file('')),"
        " str(p.notebooks_dir()), str(p.templates_dir()),"
        " *[str(ep.dist.locate_file('')) for ep in eps]]))"
    )
    located = json.loads(_run([str(python), "-c", probe], cwd=elsewhere, env=env).stdout)
    assert len(located) == 5, "the provisioner's entry point is missing"
    assert all(Path(x).resolve().is_relative_to(venv.resolve()) for x in located), located

    copcwb = str(venv / "bin" / "copcwb")
    _run([copcwb, "demo", "--out", str(tmp_path / "d")], cwd=elsewhere, env=env)
    run_dir = tmp_path / "d" / "reports" / "acme-demo" / "latest"
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "completed"
    assert (run_dir / "index.html").is_file()
    for name in NOTEBOOKS:
        assert manifest["notebooks"][name]["status"] == "completed"
        assert (run_dir / f"{name}.html").is_file()
        assert (run_dir / "evidence" / f"{name}.html").is_file()
    assert manifest["environment"]["source_revision"] is None  # not a checkout
    _run([copcwb, "verify", str(run_dir)], cwd=elsewhere, env=env)

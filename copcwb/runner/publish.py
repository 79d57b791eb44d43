"""Publishing a run folder atomically: build under a hidden staging name, then rename.

A folder named like a run id exists only when the run is complete; an
interrupted run leaves at most a ``.staging-*`` folder, which is removed.
"""

from __future__ import annotations

import os
import secrets
import shutil
from datetime import UTC, datetime
from pathlib import Path

LATEST = "latest"


def new_run_id(now: datetime | None = None) -> str:
    """A sortable, unique run id: UTC time plus a random suffix, e.g. 20261123T113000Z-3fa2c1."""
    now = now or datetime.now(UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def staging_dir(engagement_dir: Path, run_id: str) -> Path:
    return engagement_dir / f".staging-{run_id}"


def publish(staging: Path, final: Path) -> Path:
    """Rename the finished staging folder to its run folder and point ``latest`` at it."""
    if final.exists():
        raise FileExistsError(f"run folder {final} exists already; runs never overwrite each other")
    os.replace(staging, final)
    point_latest(final)
    return final


def point_latest(run_dir: Path) -> None:
    """Atomically make ``<engagement>/latest`` a relative symlink to ``run_dir``."""
    link = run_dir.parent / LATEST
    tmp = run_dir.parent / f".{LATEST}-{secrets.token_hex(4)}"
    os.symlink(run_dir.name, tmp)
    os.replace(tmp, link)


def discard(staging: Path) -> None:
    """Remove an unfinished staging folder."""
    shutil.rmtree(staging, ignore_errors=True)

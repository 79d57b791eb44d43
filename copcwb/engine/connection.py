"""One DuckDB connection per process, with a memory limit and a folder to spill to."""

from __future__ import annotations

import os
import re
import tempfile
from functools import cache

import duckdb

from copcwb.errors import CopcwbError

#: environment variable that sets the engine's memory limit ("2GB", "800MB")
MEMORY_ENV = "COPCWB_MEMORY_LIMIT"
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(kb|mb|gb|tb|kib|mib|gib|tib)?\s*$", re.IGNORECASE)
_FACTORS = {"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "kib": 2**10, "mib": 2**20}
_FACTORS |= {"gib": 2**30, "tib": 2**40, None: 1}
DEFAULT_SHARE = 0.25
DEFAULT_CAP = 2 * 2**30


def parse_size(text: str) -> int:
    """Bytes of a size written as "2GB", "800MB", "1.5GiB" or a plain number of bytes."""
    found = _SIZE.match(str(text))
    if not found:
        raise CopcwbError(
            f"memory limit '{text}' is not a size: write it as 2GB, 800MB or 1.5GiB "
            f"(in engagement.yaml runner: memory_limit: or in {MEMORY_ENV})"
        )
    number, unit = found.groups()
    return int(float(number) * _FACTORS[unit.lower() if unit else None])


def physical_memory() -> int:
    """Bytes of memory of this machine."""
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def memory_limit(setting: str | None = None) -> int:
    """The engine's memory limit in bytes: ``setting``, else $COPCWB_MEMORY_LIMIT, else a
    quarter of the machine's memory, at most 2 GiB (queries that need more spill to disk)."""
    chosen = setting or os.environ.get(MEMORY_ENV)
    if chosen:
        return parse_size(chosen)
    return int(min(DEFAULT_CAP, DEFAULT_SHARE * physical_memory()))


@cache
def connect(limit: int | None = None) -> duckdb.DuckDBPyConnection:
    """The process's engine connection (in memory), limited to ``limit`` bytes (default
    :func:`memory_limit`), spilling to a temporary folder and using every core."""
    con = duckdb.connect(":memory:")
    spill = tempfile.mkdtemp(prefix="copcwb-engine-")
    con.execute(f"SET memory_limit = '{int(limit or memory_limit())}B'")
    con.execute(f"SET temp_directory = '{spill}'")
    con.execute(f"SET threads = {os.cpu_count() or 1}")
    con.execute("SET preserve_insertion_order = true")
    return con


def use_memory_limit(setting: str | None) -> None:
    """Make ``setting`` (an engagement's runner: memory_limit:) this process's limit: for
    the connection to come, and for the open one when there is one."""
    if not setting:
        return
    os.environ[MEMORY_ENV] = setting
    if connect.cache_info().currsize:
        connect().execute(f"SET memory_limit = '{parse_size(setting)}B'")


def engine_error(exc: duckdb.Error, what: str) -> CopcwbError:
    """A user's error for an engine failure while doing ``what``: out of memory says which
    setting to raise; anything else names the engine's message."""
    if isinstance(exc, duckdb.OutOfMemoryException):
        return CopcwbError(
            f"{what} needs more memory than the engine's limit "
            f"({memory_limit() / 2**30:.1f} GiB) and the free disk space to spill to allow. "
            f"Fix: raise the limit (runner: memory_limit: 4GB in engagement.yaml, or "
            f"{MEMORY_ENV}=4GB), free disk space in {tempfile.gettempdir()}, or split the "
            "input by period or program into several engagements"
        )
    return CopcwbError(f"{what} failed in the engine: {str(exc).splitlines()[0]}")

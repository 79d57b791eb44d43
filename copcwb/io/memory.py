"""Will a file read whole fit in memory? A clear error before reading, not an OOM kill.

The row-level logs are validated in chunks (``copcwb.io.streamed``) and never need this;
the inputs read whole (KPIs, the catalog, the survey, Excel sheets) hold every cell as
Python text for validation, which takes several times the file's size.
"""

from __future__ import annotations

from pathlib import Path

import psutil

from copcwb.errors import InputError, Problem

#: memory needed to validate a file read whole, as a multiple of its size on disk
#: (measured: a 333 MB CSV of 5 million contacts peaked at 3.8 GB read whole)
EXPANSION = {"csv": 12, "parquet": 25, "excel": 40}
#: the share of the free memory one input may take
USABLE_SHARE = 0.8


def _gb(n: float) -> str:
    return f"{n / 1e9:.1f} GB"


def check_fits(path: Path, fmt: str, *, available: int | None = None) -> None:
    """Raise InputError when reading ``path`` (format ``fmt``) whole would need more than
    ``USABLE_SHARE`` of the free memory (``available`` bytes; default: the machine's)."""
    if not path.is_file():
        return
    size = path.stat().st_size
    need = size * EXPANSION.get(fmt, 12)
    free = psutil.virtual_memory().available if available is None else available
    if need <= USABLE_SHARE * free:
        return
    raise InputError(
        Problem(
            file=str(path),
            problem=f"the file is {_gb(size)}: validating it whole needs about {_gb(need)}, "
            f"and this machine has {_gb(free)} free",
            fix="split it by period or by program into several files and engagements, "
            "save it as CSV or Parquet if it is an Excel sheet, or run on a machine with "
            "more memory",
        )
    )

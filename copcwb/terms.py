"""The vocabulary of a COPC-style assessment that several modules share."""

from __future__ import annotations

#: the three kinds of critical error, in reporting order
ERROR_TYPES: tuple[str, ...] = ("customer", "business", "compliance")
#: the QA input's 0/1 column of each kind of critical error
ERROR_FLAG_COLUMNS: dict[str, str] = {kind: f"{kind}_ce" for kind in ERROR_TYPES}


def identifier(text: str) -> str:
    """``text`` as a lowercase identifier: "Vendor A Kaohsiung Billing" ->
    "vendor_a_kaohsiung_billing" (how WFM queues are commonly named after programs)."""
    import re

    return re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_")

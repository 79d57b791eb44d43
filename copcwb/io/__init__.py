"""Readers of the client's input files, each returning a validated DataFrame.

Every reader raises ``copcwb.InputError`` naming file, column, rows and the fix.
"""

from copcwb.io.readers import (
    read_contacts,
    read_input,
    read_kpis,
    read_metric_catalog,
    read_qa,
    read_survey,
    read_wfm,
)

__all__ = [
    "read_contacts",
    "read_input",
    "read_kpis",
    "read_metric_catalog",
    "read_qa",
    "read_survey",
    "read_wfm",
]

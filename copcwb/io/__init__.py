"""Readers of the client's input files, each returning a validated DataFrame.

Every reader raises ``copcwb.InputError`` naming file, column, rows and the fix;
``data_warnings`` lists what a consultant should know about a valid input.
"""

from copcwb.io.readers import (
    InputCheck,
    check_engagement_inputs,
    read_calibration,
    read_contacts,
    read_engagement_input,
    read_input,
    read_journey_checkpoints,
    read_journeys,
    read_kpis,
    read_metric_catalog,
    read_qa,
    read_survey,
    read_wfm,
)
from copcwb.io.warnings import data_warnings

__all__ = [
    "InputCheck",
    "check_engagement_inputs",
    "data_warnings",
    "read_calibration",
    "read_contacts",
    "read_engagement_input",
    "read_input",
    "read_journey_checkpoints",
    "read_journeys",
    "read_kpis",
    "read_metric_catalog",
    "read_qa",
    "read_survey",
    "read_wfm",
]

"""Quality: critical-error accuracy, sampling, error Pareto and contact resolution.

Critical-error accuracy comes from process monitoring by default; individual and
targeted monitoring are reported as separate rows (``monitoring_type``), never
pooled into the process figure.
"""

from copcwb.quality.critical_errors import critical_error_accuracy
from copcwb.quality.intervals import achieved_margin, sample_size, wilson_interval
from copcwb.quality.pareto import error_pareto
from copcwb.quality.plots import plot_accuracy, plot_resolution
from copcwb.quality.resolution import contact_resolution, flag_repeats
from copcwb.quality.sampling import sample_adequacy

__all__ = [
    "achieved_margin",
    "contact_resolution",
    "critical_error_accuracy",
    "error_pareto",
    "flag_repeats",
    "plot_accuracy",
    "plot_resolution",
    "sample_adequacy",
    "sample_size",
    "wilson_interval",
]
